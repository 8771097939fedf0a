"""Cross-vendor pagination: one stable order over several vendors, with opaque cursors."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from vendorgraph.domain import Page
from vendorgraph.errors import GatewayError, bad_input
from vendorgraph.upstream.resilience import deadline_scope, remaining

T = TypeVar("T")
MAX_FIRST = 100
DEFAULT_FIRST = 20
_PREFIX = "vg1:"


@dataclass(frozen=True, slots=True)
class Position:
    """Where a walk stands: a vendor and how many of its records come before."""

    vendor: str
    offset: int

    def cursor(self) -> str:
        """The opaque cursor for this position."""
        # The JSON of [vendor, offset] spelled out: json.dumps of a list is 4 times slower, per edge
        raw = f"{_PREFIX}[{json.dumps(self.vendor)},{self.offset}]"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, vendors: Sequence[str], argument: str = "after") -> Position:
    """The position a cursor names, or BAD_USER_INPUT when it is not one of ours for this list."""
    try:
        raw = base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode("ascii")).decode()
        vendor, offset = (
            json.loads(raw.removeprefix(_PREFIX)) if raw.startswith(_PREFIX) else ("", -1)
        )
    except (binascii.Error, UnicodeError, ValueError, TypeError):
        raise bad_input(argument, f"{argument} is not a valid cursor") from None
    if vendor not in vendors or not isinstance(offset, int) or offset < 0:
        raise bad_input(argument, f"{argument} is not a valid cursor for this list")
    return Position(vendor, offset)


def check_first(first: int | None, argument: str = "first") -> int:
    """The page size, or BAD_USER_INPUT when it is negative or over the maximum."""
    size = DEFAULT_FIRST if first is None else first
    if size < 0 or size > MAX_FIRST:
        raise bad_input(argument, f"{argument} must be between 0 and {MAX_FIRST}")
    return size


@dataclass
class Slice(Generic[T]):
    """The records of one connection page, each with the position just after it."""

    items: list[tuple[T, Position]]
    has_next: bool
    has_previous: bool


Fetch = Callable[[str, int, int], Awaitable[Page[T]]]
OnError = Callable[[str, GatewayError], None]


async def walk(
    vendors: Sequence[str],
    fetch: Fetch[T],
    first: int,
    after: Position | None,
    on_error: OnError,
    totals: dict[str, int | None] | None = None,
) -> Slice[T]:
    """Take `first` records from the vendors in order, starting after `after`.

    A vendor that fails is reported through `on_error` and skipped, so the others still answer.
    Each vendor's total, when a page states it, is noted in `totals`.
    """
    index = vendors.index(after.vendor) if after else 0
    offset = after.offset if after else 0
    items: list[tuple[T, Position]] = []
    while len(items) < first and index < len(vendors):
        name, need = vendors[index], first - len(items)
        try:
            with _turn(others_wait=index < len(vendors) - 1):
                page = await fetch(name, offset, need)
        except GatewayError as error:
            on_error(name, error)
            index, offset = index + 1, 0
            continue
        if totals is not None:
            totals[name] = page.total
        taken = page.items[:need]
        items.extend((record, Position(name, offset + i + 1)) for i, record in enumerate(taken))
        more_here = (page.has_more or len(page.items) > need) and bool(taken)
        if more_here:
            offset += len(taken)
        else:
            index, offset = index + 1, 0
    if items and index < len(vendors) and offset == 0:
        record, _ = items[-1]
        items[-1] = (record, Position(vendors[index], 0))
    return Slice(items, has_next=index < len(vendors), has_previous=after is not None)


@contextmanager
def _turn(*, others_wait: bool) -> Iterator[None]:
    """A vendor with others waiting behind it in the walk may spend half the request's time left,
    so one hung vendor cannot leave the rest of the page no time to answer."""
    left = remaining()
    if left is None or not others_wait:
        yield
        return
    with deadline_scope(left / 2):
        yield
