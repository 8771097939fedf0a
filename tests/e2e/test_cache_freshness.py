"""TechCorp's ETag and Cache-Control honoured through a running gateway: hits, 304s, one flight."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.e2e.cache_support import (
    REPORT,
    Admin,
    cache_metrics,
    concurrently,
    customer,
    first_ids,
    metric,
    upstream,
)
from tests.support.processes import Gateway, gateway, sandboxes
from vendorgraph.adapters.techcorp.seed import generate

KNOBS = ("--rate-limit", "1000000")


@pytest.fixture(scope="module")
def techcorp() -> Iterator[dict[str, str]]:
    """A TechCorp sandbox (it sends `ETag` and `Cache-Control: max-age=300, must-revalidate`)."""
    with sandboxes(*KNOBS, vendor="techcorp") as found:
        yield found["techcorp"]


@pytest.fixture(scope="module")
def techcorp_gw(techcorp: dict[str, str]) -> Iterator[Gateway]:
    """A gateway in front of it alone, with the default in-memory cache."""
    env = {"VENDORGRAPH_TECHCORP_URL": techcorp["url"], "VENDORGRAPH_TECHCORP_KEY": techcorp["key"]}
    with gateway(env) as running:
        yield running


@pytest.fixture(scope="module")
def customer_ids(techcorp: dict[str, str]) -> list[str]:
    """TechCorp customer ids, read straight from the sandbox; each test takes its own."""
    return first_ids("techcorp", "customers", techcorp, 5)


def test_a_repeat_inside_max_age_makes_no_vendor_call(
    techcorp_gw: Gateway, techcorp: dict[str, str], customer_ids: list[str]
) -> None:
    admin = Admin(techcorp["admin"])
    admin.reset()
    first = customer(techcorp_gw, "techcorp", customer_ids[0])
    after_first = admin.stats().total
    second = customer(techcorp_gw, "techcorp", customer_ids[0])
    assert second["data"] == first["data"]
    assert first["data"]["customer"]["vendorId"] == customer_ids[0]
    assert after_first == 1
    assert admin.stats().total == 1, "the repeat reached the vendor"
    assert (upstream(first, "techcorp").calls, upstream(first, "techcorp").hits) == (1, 0)
    assert (upstream(second, "techcorp").calls, upstream(second, "techcorp").hits) == (0, 1)


@pytest.fixture(scope="module")
def short_lived() -> Iterator[tuple[Gateway, Admin, list[str]]]:
    """A gateway on a TechCorp sandbox started with `--max-age 1`, its admin, customer ids."""
    with sandboxes(*KNOBS, "--max-age", "1", vendor="techcorp") as found:
        where = found["techcorp"]
        env = {"VENDORGRAPH_TECHCORP_URL": where["url"], "VENDORGRAPH_TECHCORP_KEY": where["key"]}
        ids = first_ids("techcorp", "customers", where, 6)
        with gateway(env) as running:
            yield running, Admin(where["admin"]), ids


def three_customers(ids: list[str]) -> str:
    """One query reading three customers (three vendor GETs when nothing is cached)."""
    aliases = [
        f'c{n}: customer(vendor: TECHCORP, vendorId: "{vid}") {{ vendorId email }}'
        for n, vid in enumerate(ids)
    ]
    return "{ " + " ".join(aliases) + " }"


def let_max_age_pass() -> None:
    """Sleep past max-age=1 (the vendor's Date header has whole-second precision)."""
    time.sleep(1.3)


def test_after_max_age_only_conditional_requests_answered_304_are_made(
    short_lived: tuple[Gateway, Admin, list[str]],
) -> None:
    gw, admin, ids = short_lived
    query = three_customers(ids[:3])
    filled = gw.query(query)
    let_max_age_pass()
    admin.reset()
    revalidated = gw.query(query, headers=REPORT)
    stats = admin.stats()
    assert "errors" not in revalidated
    assert revalidated["data"] == filled["data"]
    assert [c["vendorId"] for c in revalidated["data"].values()] == ids[:3]
    assert stats.total == 3
    assert stats.not_modified == stats.total, stats.statuses
    assert upstream(revalidated, "techcorp").calls == 3


def test_concurrent_revalidations_of_one_entry_share_one_conditional_request(
    short_lived: tuple[Gateway, Admin, list[str]],
) -> None:
    gw, admin, ids = short_lived
    query = three_customers(ids[3:6])
    filled = gw.query(query)
    let_max_age_pass()
    admin.configure(latency_ms=400)  # keeps each revalidation in flight while the others arrive
    admin.reset()
    try:
        answers = concurrently(gw, query, {}, clients=10)
    finally:
        admin.configure(latency_ms=0)
    stats = admin.stats()
    assert all(a["data"] == filled["data"] for a in answers)
    assert (stats.total, stats.not_modified) == (3, 3), stats.statuses


def test_concurrent_identical_queries_share_one_vendor_call(
    techcorp_gw: Gateway, techcorp: dict[str, str], customer_ids: list[str]
) -> None:
    admin = Admin(techcorp["admin"])
    admin.configure(latency_ms=300)  # keeps the first call in flight while the others arrive
    admin.reset()
    try:
        query = "query($v: String) { customer(vendor: TECHCORP, vendorId: $v) { vendorId email } }"
        answers = concurrently(techcorp_gw, query, {"v": customer_ids[1]}, clients=20)
    finally:
        admin.configure(latency_ms=0)
    assert admin.stats().total == 1
    assert all("errors" not in a for a in answers)
    assert {a["data"]["customer"]["vendorId"] for a in answers} == {customer_ids[1]}
    assert sum(upstream(a, "techcorp").calls for a in answers) == 1
    assert sum(upstream(a, "techcorp").hits for a in answers) == 19


def test_metrics_count_the_hit_and_the_bytes_held_for_the_vendor(
    techcorp_gw: Gateway, customer_ids: list[str]
) -> None:
    hits_before = metric(techcorp_gw, "vendorgraph_upstream_cache_hits_total", "techcorp")
    misses_before = metric(techcorp_gw, "vendorgraph_upstream_cache_misses_total", "techcorp")
    customer(techcorp_gw, "techcorp", customer_ids[2])
    customer(techcorp_gw, "techcorp", customer_ids[2])
    assert (
        metric(techcorp_gw, "vendorgraph_upstream_cache_hits_total", "techcorp") == hits_before + 1
    )
    assert (
        metric(techcorp_gw, "vendorgraph_upstream_cache_misses_total", "techcorp")
        == misses_before + 1
    )
    assert metric(techcorp_gw, "vendorgraph_upstream_cache_bytes", "techcorp") > 0
    events = ("hits", "misses", "revalidations", "not_modified", "stale_served", "evictions")
    exported = cache_metrics(techcorp_gw, "techcorp")
    assert {f"vendorgraph_upstream_cache_{e}_total" for e in events} <= set(exported)


def test_a_bulk_stock_lookup_by_post_drops_nothing_cached(
    techcorp_gw: Gateway, techcorp: dict[str, str]
) -> None:
    one, two, three = (item.product_id for item in generate(seed=42).catalogue[:3])
    single = "query($p: String) { product(vendor: TECHCORP, vendorId: $p) { vendorId } }"
    pair = (
        "query($a: String, $b: String) { a: product(vendor: TECHCORP, vendorId: $a) { vendorId }"
        " b: product(vendor: TECHCORP, vendorId: $b) { vendorId } }"
    )
    admin = Admin(techcorp["admin"])
    techcorp_gw.query(single, {"p": one})
    admin.reset()
    bulk = techcorp_gw.query(pair, {"a": two, "b": three}, REPORT)
    again = techcorp_gw.query(single, {"p": one}, REPORT)
    assert upstream(bulk, "techcorp").routes == {"POST /inventory/bulk": 1}
    assert again["data"]["product"]["vendorId"] == one
    assert upstream(again, "techcorp").hits == 1, "the bulk read dropped the cached stock"
    assert admin.stats().requests == {"POST /v3/inventory/bulk": 1}
