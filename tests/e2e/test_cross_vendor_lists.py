"""Lists spanning vendors: every record exactly once, in a stable order, across every page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.direct import ids_of
from tests.support.processes import Gateway

WALKS = {
    "customers": ("techcorp", "ecommerce", "talkingshops"),
    "products": ("ecommerce",),
    "orders": ("ecommerce",),
}


def walk(gw: Gateway, field: str, size: int) -> list[tuple[str, str]]:
    query = (
        f"query($n: Int, $after: String) {{ {field}(first: $n, after: $after) {{"
        " pageInfo { hasNextPage endCursor } edges { cursor node { vendor vendorId } } } }"
    )
    seen: list[tuple[str, str]] = []
    after = None
    for _ in range(1000):
        body = gw.query(query, {"n": size, "after": after})
        assert "errors" not in body, body["errors"]
        page: dict[str, Any] = body["data"][field]
        seen.extend((e["node"]["vendor"].lower(), e["node"]["vendorId"]) for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("pagination never ended")


@pytest.mark.parametrize("field", sorted(WALKS))
def test_walking_every_page_finds_each_record_once_in_vendor_order(
    gw: Gateway, vendors: dict[str, dict[str, str]], field: str
) -> None:
    expected = [
        (vendor, vendor_id)
        for vendor in WALKS[field]
        for vendor_id in ids_of(vendor, field, vendors[vendor])
    ]
    seen = walk(gw, field, 100)
    assert len(seen) == len(set(seen)), "a record appeared twice"
    assert seen == expected


def test_page_size_does_not_change_the_order(gw: Gateway) -> None:
    assert walk(gw, "products", 37) == walk(gw, "products", 100)


def test_total_count_adds_up_the_vendors(gw: Gateway, vendors: dict[str, dict[str, str]]) -> None:
    body = gw.query("{ customers(first: 1) { totalCount } }")
    expected = sum(len(ids_of(v, "customers", vendors[v])) for v in WALKS["customers"])
    assert body["data"]["customers"]["totalCount"] == expected
