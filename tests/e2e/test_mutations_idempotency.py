"""createOrder with an idempotency key makes one order however often it is sent; 5xx on writes."""

from __future__ import annotations

import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.e2e.mutations_support import (
    CREATE_ORDER,
    STOCKED,
    Vendors,
    ask,
    configure,
    data_of,
    decode_id,
    ecommerce_orders,
    order_input,
    private_pair,
    refusal,
    route_count,
    stats,
    stored,
    techparts_stock,
    token,
    totals,
    vendor_ids,
)
from tests.support.processes import Gateway

ORDERS = {
    "techcorp": "POST /v3/orders",
    "ecommerce": "POST /v2/orders",
    "techparts": "POST /v1/orders",
}
WRITERS = list(ORDERS)
RETRIED_STATUSES = ("503",)


def _create(gw: Gateway, variables: dict[str, Any], key: str | None) -> dict[str, Any]:
    return ask(gw, CREATE_ORDER, {"input": variables, "key": key})


def _order_id(body: dict[str, Any]) -> str:
    order_id: str = data_of(body, "createOrder")["order"]["id"]
    return order_id


def _assert_one_order(vendors: Vendors, vendor: str, variables: dict[str, Any], order: str) -> None:
    """The vendor holds exactly one order of this input, read through its own API (TechCorp
    lists no orders: the one answered must exist there)."""
    where = vendors[vendor]
    customer, product = vendor_ids(variables)
    if vendor == "ecommerce":
        assert len(ecommerce_orders(where, customer)) == 1
    elif vendor == "techparts":
        assert techparts_stock(where, product) == STOCKED - variables["items"][0]["quantity"]
    else:
        assert stored(vendor, where, f"/orders/{decode_id(order)}")["status"] == "pending"


@pytest.mark.parametrize("vendor", WRITERS)
def test_a_retried_key_returns_the_first_order_and_makes_no_second(
    gw: Gateway, vendors: Vendors, vendor: str
) -> None:
    variables = order_input(gw, vendors, vendor, quantity=2)
    key = f"retry-{token()}"
    posts = route_count(vendors[vendor], ORDERS[vendor])
    first = _order_id(_create(gw, variables, key))
    assert [_order_id(_create(gw, variables, key)) for _ in range(3)] == [first] * 3
    assert route_count(vendors[vendor], ORDERS[vendor]) == posts + 1
    _assert_one_order(vendors, vendor, variables, first)


@pytest.mark.parametrize("vendor", WRITERS)
def test_five_concurrent_calls_with_one_key_make_one_order(
    gw: Gateway, vendors: Vendors, vendor: str
) -> None:
    variables = order_input(gw, vendors, vendor, quantity=1)
    key = f"burst-{token()}"
    posts = route_count(vendors[vendor], ORDERS[vendor])
    with ThreadPoolExecutor(5) as pool:
        bodies = list(pool.map(lambda _: _create(gw, variables, key), range(5)))
    ids = {_order_id(body) for body in bodies}
    assert len(ids) == 1
    assert route_count(vendors[vendor], ORDERS[vendor]) == posts + 1
    _assert_one_order(vendors, vendor, variables, ids.pop())


@pytest.mark.parametrize("vendor", WRITERS)
def test_one_key_with_a_different_input_is_a_conflict_and_calls_no_vendor(
    gw: Gateway, vendors: Vendors, vendor: str
) -> None:
    variables = order_input(gw, vendors, vendor, quantity=1)
    key = f"conflict-{token()}"
    first = _order_id(_create(gw, variables, key))
    changed = {**variables, "items": [{**variables["items"][0], "quantity": 2}]}
    before = totals(vendors)
    assert refusal(_create(gw, changed, key), "createOrder") == [("idempotencyKey", "CONFLICT")]
    assert totals(vendors) == before
    _assert_one_order(vendors, vendor, variables, first)


@pytest.mark.parametrize(("key", "code"), [("  ", "INVALID"), ("k" * 256, "TOO_LONG")])
def test_a_blank_or_over_long_key_is_refused_before_any_vendor_call(
    gw: Gateway, vendors: Vendors, key: str, code: str
) -> None:
    variables = order_input(gw, vendors, "techcorp")
    before = totals(vendors)
    assert refusal(_create(gw, variables, key), "createOrder") == [("idempotencyKey", code)]
    assert totals(vendors) == before


@pytest.fixture(scope="module")
def faulty() -> Iterator[tuple[dict[str, Any], list[Gateway]]]:
    """Our own sandboxes (faults would break other tests) and two gateway replicas on them."""
    with private_pair(replicas=2) as pair:
        yield pair


@pytest.fixture
def healthy(faulty: tuple[dict[str, Any], list[Gateway]]) -> Iterator[Vendors]:
    """The faulty pair's sandboxes, fault-free again after each test."""
    yield faulty[0]
    for where in faulty[0].values():
        configure(where, fault_rate=0.0)


@pytest.mark.parametrize(
    ("vendor", "fault", "code"),
    [
        ("ecommerce", "503", "UPSTREAM_UNAVAILABLE"),
        ("techparts", "500", "UPSTREAM_ERROR"),
        ("techcorp", "503", "UPSTREAM_UNAVAILABLE"),
    ],
)
def test_a_5xx_on_a_write_without_a_key_is_reported_and_sent_once(
    faulty: tuple[dict[str, Any], list[Gateway]],
    healthy: Vendors,
    vendor: str,
    fault: str,
    code: str,
) -> None:
    gw = faulty[1][0]
    variables = order_input(gw, healthy, vendor)
    posts = route_count(healthy[vendor], ORDERS[vendor])
    configure(healthy[vendor], fault_rate=1.0, fault_kinds=[fault])
    body = _create(gw, variables, None)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == code
    assert error["extensions"]["vendor"] == vendor.upper()
    assert error["extensions"]["upstreamStatus"] == int(fault)
    assert route_count(healthy[vendor], ORDERS[vendor]) == posts + 1


@pytest.mark.parametrize("vendor", ["ecommerce", "techparts"])
def test_a_gateway_key_survives_a_5xx_and_the_retry_makes_one_order(
    faulty: tuple[dict[str, Any], list[Gateway]], healthy: Vendors, vendor: str
) -> None:
    gw = faulty[1][0]
    variables = order_input(gw, healthy, vendor, quantity=3)
    key = f"after-5xx-{token()}"
    posts = route_count(healthy[vendor], ORDERS[vendor])
    configure(healthy[vendor], fault_rate=1.0, fault_kinds=["503"])
    failed = _create(gw, variables, key)
    assert failed["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert route_count(healthy[vendor], ORDERS[vendor]) == posts + 1
    configure(healthy[vendor], fault_rate=0.0)
    first = _order_id(_create(gw, variables, key))
    assert _order_id(_create(gw, variables, key)) == first
    assert route_count(healthy[vendor], ORDERS[vendor]) == posts + 2
    _assert_one_order(healthy, vendor, variables, first)


def _seed_failing_first_only(rate: float) -> int:
    """A sandbox seed whose fault draws fail the first request and pass the second."""
    for seed in range(10_000):
        draws = random.Random(seed)
        if draws.random() < rate:
            draws.choice(RETRIED_STATUSES)
            if draws.random() >= rate:
                return seed
    raise AssertionError("no seed found")


def test_techcorp_gets_its_key_so_the_gateway_retries_a_5xx_into_one_order(
    faulty: tuple[dict[str, Any], list[Gateway]], healthy: Vendors
) -> None:
    gw = faulty[1][0]
    where = healthy["techcorp"]
    variables = order_input(gw, healthy, "techcorp")
    before = stats(where)
    rate = 0.5
    configure(where, fault_rate=rate, fault_kinds=list(RETRIED_STATUSES))
    configure(where, seed=_seed_failing_first_only(rate))
    first = _order_id(_create(gw, variables, f"tc-retry-{token()}"))
    configure(where, fault_rate=0.0)
    after = stats(where)
    route = ORDERS["techcorp"]
    assert after["requests"][route] == before["requests"].get(route, 0) + 2
    assert after["statuses"]["503"] == before["statuses"].get("503", 0) + 1
    _assert_one_order(healthy, "techcorp", variables, first)


def test_techcorp_deduplicates_one_key_across_gateway_replicas(
    faulty: tuple[dict[str, Any], list[Gateway]], healthy: Vendors
) -> None:
    one, two = faulty[1]
    variables = order_input(one, healthy, "techcorp")
    key = f"replicas-{token()}"
    first = _order_id(_create(one, variables, key))
    assert _order_id(_create(two, variables, key)) == first
    assert _order_id(_create(two, variables, f"other-{token()}")) != first
    changed = {**variables, "items": [{**variables["items"][0], "quantity": 9}]}
    assert refusal(_create(two, changed, key), "createOrder") == [("idempotencyKey", "CONFLICT")]
