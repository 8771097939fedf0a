"""Plans which page/limit requests cover an offset/limit window of an E-Commerce list."""

from __future__ import annotations

from dataclasses import dataclass

MAX_PAGE_SIZE = 200  # the documented maximum `limit`


@dataclass(frozen=True, slots=True)
class PagePlan:
    """The (page, limit) requests to send, and how many leading records to drop."""

    pages: tuple[tuple[int, int], ...]
    skip: int


def page_plan(offset: int, limit: int) -> PagePlan:
    """One page whose size puts the whole window on it when one exists, else two pages."""
    for size in range(limit, MAX_PAGE_SIZE + 1):
        page_index = offset // size
        if (offset + limit - 1) // size == page_index:
            return PagePlan(((page_index + 1, size),), offset - page_index * size)
    first = offset // limit
    return PagePlan(((first + 1, limit), (first + 2, limit)), offset - first * limit)
