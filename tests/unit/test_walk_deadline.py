"""A list across vendors shares the request deadline: a vendor that hangs leaves the next time."""

from __future__ import annotations

import asyncio

from vendorgraph.api.pagination import walk
from vendorgraph.domain import Page
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.resilience import deadline_scope, remaining


async def test_a_vendor_with_others_behind_it_gets_half_the_time_left() -> None:
    seen: dict[str, float] = {}

    async def fetch(vendor: str, offset: int, limit: int) -> Page[str]:
        left = remaining()
        assert left is not None
        seen[vendor] = left
        return Page([], 0, False)

    with deadline_scope(10.0):
        await walk(["a", "b", "c"], fetch, 5, None, on_error=lambda *_: None)

    assert seen["a"] <= 5.0
    assert seen["b"] <= 5.0  # a answered at once: b gets half of (almost) all ten seconds
    assert seen["c"] > 5.0  # the last vendor has all that is left


async def test_a_hung_first_vendor_leaves_the_second_time_to_answer() -> None:
    failed: list[tuple[str, Code]] = []

    async def fetch(vendor: str, offset: int, limit: int) -> Page[str]:
        if vendor == "hung":
            left = remaining()
            assert left is not None
            await asyncio.sleep(left)  # what the transport does: wait out its deadline
            raise GatewayError(Code.UPSTREAM_TIMEOUT, "hung", vendor=vendor)
        assert (remaining() or 0.0) > 0.0
        return Page(["b1", "b2"], 2, False)

    with deadline_scope(0.2):
        page = await walk(
            ["hung", "fine"], fetch, 5, None, on_error=lambda v, e: failed.append((v, e.code))
        )

    assert [record for record, _ in page.items] == ["b1", "b2"]
    assert failed == [("hung", Code.UPSTREAM_TIMEOUT)]


async def test_outside_any_deadline_nothing_is_bounded() -> None:
    seen: list[float | None] = []

    async def fetch(vendor: str, offset: int, limit: int) -> Page[str]:
        seen.append(remaining())
        return Page([], 0, False)

    await walk(["a", "b"], fetch, 5, None, on_error=lambda *_: None)

    assert seen == [None, None]
