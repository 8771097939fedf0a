"""Walking a list across vendors: every record once, stable order, failing vendors skipped."""

from __future__ import annotations

from vendorgraph.api.pagination import Position, walk
from vendorgraph.domain import Page
from vendorgraph.errors import Code, GatewayError

DATA = {"a": [f"a{i}" for i in range(7)], "b": [], "c": [f"c{i}" for i in range(5)]}


async def fetch(vendor: str, offset: int, limit: int) -> Page[str]:
    records = DATA[vendor]
    return Page(records[offset : offset + limit], len(records), offset + limit < len(records))


async def walk_all(size: int) -> list[str]:
    seen: list[str] = []
    after: Position | None = None
    while True:
        page = await walk(list(DATA), fetch, size, after, on_error=_fail)
        seen.extend(record for record, _ in page.items)
        if not page.has_next:
            return seen
        after = page.items[-1][1] if page.items else after


def _fail(vendor: str, error: GatewayError) -> None:
    raise AssertionError(f"{vendor} failed: {error}")


async def test_every_page_size_yields_every_record_once_in_vendor_order() -> None:
    expected = DATA["a"] + DATA["c"]
    for size in (1, 2, 3, 5, 7, 12, 100):
        assert await walk_all(size) == expected, size


async def test_a_failing_vendor_is_reported_and_skipped() -> None:
    failed: list[str] = []

    async def flaky(vendor: str, offset: int, limit: int) -> Page[str]:
        if vendor == "a":
            raise GatewayError(Code.UPSTREAM_UNAVAILABLE, "down", vendor="a")
        return await fetch(vendor, offset, limit)

    page = await walk(list(DATA), flaky, 10, None, on_error=lambda v, _: failed.append(v))
    assert [record for record, _ in page.items] == DATA["c"]
    assert failed == ["a"]


async def test_totals_are_noted_per_vendor() -> None:
    totals: dict[str, int | None] = {}
    await walk(list(DATA), fetch, 100, None, on_error=_fail, totals=totals)
    assert totals == {"a": 7, "b": 0, "c": 5}
