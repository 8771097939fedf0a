"""Stock writes: a delta at E-Commerce, an absolute level at TechParts, and nothing stale after."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from tests.e2e.mutations_support import (
    ADDRESS,
    CREATE_ORDER,
    UPDATE_CUSTOMER,
    Vendors,
    ask,
    assert_unsupported,
    create_customer,
    data_of,
    ecommerce_available,
    ecommerce_product,
    gid,
    private_pair,
    refusal,
    stored,
    techparts_product,
    techparts_stock,
    totals,
)
from tests.support.processes import Gateway

ADJUST = """mutation($id: ID!, $delta: Int!, $reason: String, $location: String) {
  adjustInventory(productId: $id, delta: $delta, reason: $reason, location: $location) {
  inventory { vendorProductId available locations { location available } }
  userErrors { field message code } } }"""
SET = """mutation($vendor: Vendor!, $sku: String!, $quantity: Int!, $reason: String) {
  setInventory(vendor: $vendor, sku: $sku, quantity: $quantity, reason: $reason) {
  inventory { vendorProductId sku available } userErrors { field message code } } }"""
REPORT = {"X-Vendorgraph-Upstream-Report": "1"}


def _locations(where: Mapping[str, str], product: str) -> dict[str, int]:
    raw = stored("ecommerce", where, f"/inventory/{product}")
    return {row["warehouse_id"]: row["available"] for row in raw["locations"]}


def test_adjust_inventory_at_ecommerce_moves_stock_at_the_location(
    gw: Gateway, vendors: Vendors
) -> None:
    where = vendors["ecommerce"]
    product = ecommerce_product(where)
    before = _locations(where, product)
    variables = {"id": gid("Product", "ecommerce", product), "delta": 7, "reason": "restock"}
    body = ask(gw, ADJUST, {**variables, "location": "wh_003"})
    stock = data_of(body, "adjustInventory")["inventory"]
    assert stock["available"] == sum(before.values()) + 7
    assert _locations(where, product) == {**before, "wh_003": before.get("wh_003", 0) + 7}
    first = min(before)
    data_of(ask(gw, ADJUST, {**variables, "delta": -3, "reason": "sold"}), "adjustInventory")
    assert _locations(where, product)[first] == before[first] - 3 + (7 if first == "wh_003" else 0)
    assert ecommerce_available(where, product) == sum(before.values()) + 4


def test_set_inventory_at_techparts_sets_the_absolute_level(gw: Gateway, vendors: Vendors) -> None:
    part = techparts_product(vendors["techparts"], stock=12)
    body = ask(
        gw, SET, {"vendor": "TECHPARTS", "sku": part.sku, "quantity": 123, "reason": "count"}
    )
    stock = data_of(body, "setInventory")["inventory"]
    assert stock == {"vendorProductId": part.id, "sku": part.sku, "available": 123}
    assert techparts_stock(vendors["techparts"], part.id) == 123
    data_of(ask(gw, SET, {"vendor": "TECHPARTS", "sku": part.sku, "quantity": 0}), "setInventory")
    assert techparts_stock(vendors["techparts"], part.id) == 0


UNSUPPORTED_CASES = [
    (ADJUST, {"id": gid("Product", "techparts", "PROD-1"), "delta": 1}, "techparts"),
    (ADJUST, {"id": gid("Product", "techcorp", "prod_1"), "delta": 1}, "techcorp"),
    (SET, {"vendor": "ECOMMERCE", "sku": "ELEC-0001", "quantity": 1}, "ecommerce"),
    (SET, {"vendor": "TECHCORP", "sku": "HUB-0001-660", "quantity": 1}, "techcorp"),
    (SET, {"vendor": "TALKINGSHOPS", "sku": "X", "quantity": 1}, "talkingshops"),
]


@pytest.mark.parametrize(("document", "variables", "vendor"), UNSUPPORTED_CASES)
def test_stock_writes_a_vendor_lacks_are_unsupported_without_calling_it(
    gw: Gateway, vendors: Vendors, document: str, variables: dict[str, Any], vendor: str
) -> None:
    before = totals(vendors)
    assert_unsupported(ask(gw, document, variables), vendor)
    assert totals(vendors) == before


EC_PRODUCT = gid("Product", "ecommerce", "prod_any")
REJECTED = [
    (SET, {"vendor": "TECHPARTS", "sku": "S", "quantity": 10000}, [("quantity", "OUT_OF_RANGE")]),
    (SET, {"vendor": "TECHPARTS", "sku": "S", "quantity": -1}, [("quantity", "OUT_OF_RANGE")]),
    (
        SET,
        {"vendor": "TECHPARTS", "sku": "S", "quantity": 1, "reason": "r" * 201},
        [("reason", "TOO_LONG")],
    ),
    (ADJUST, {"id": EC_PRODUCT, "delta": 0}, [("delta", "INVALID")]),
    (ADJUST, {"id": EC_PRODUCT, "delta": 1, "reason": "r" * 256}, [("reason", "TOO_LONG")]),
    (ADJUST, {"id": EC_PRODUCT, "delta": 1, "location": "w" * 256}, [("location", "TOO_LONG")]),
    (ADJUST, {"id": "%%%", "delta": 1}, [("productId", "BAD_USER_INPUT")]),
    (
        ADJUST,
        {"id": gid("Customer", "ecommerce", "c"), "delta": 1},
        [("productId", "BAD_USER_INPUT")],
    ),
]


@pytest.mark.parametrize(("document", "variables", "expected"), REJECTED)
def test_a_rejected_stock_write_names_the_argument_and_calls_no_vendor(
    gw: Gateway,
    vendors: Vendors,
    document: str,
    variables: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    before = totals(vendors)
    field = "setInventory" if document is SET else "adjustInventory"
    assert refusal(ask(gw, document, variables), field) == expected
    assert totals(vendors) == before


def test_vendor_refusals_of_stock_writes_are_user_errors_and_change_nothing(
    gw: Gateway, vendors: Vendors
) -> None:
    where = vendors["ecommerce"]
    product = ecommerce_product(where)
    before = _locations(where, product)
    variables = {"id": gid("Product", "ecommerce", product), "location": min(before)}
    too_much = ask(gw, ADJUST, {**variables, "delta": -(before[min(before)] + 1)})
    assert refusal(too_much, "adjustInventory") == [("delta", "INSUFFICIENT_STOCK")]
    nowhere = ask(gw, ADJUST, {**variables, "delta": 1, "location": "wh_mars"})
    assert refusal(nowhere, "adjustInventory") == [("location", "INVALID")]
    assert _locations(where, product) == before
    missing = ask(gw, ADJUST, {"id": gid("Product", "ecommerce", "prod_none"), "delta": 1})
    assert refusal(missing, "adjustInventory") == [("productId", "NOT_FOUND")]
    unknown_sku = ask(gw, SET, {"vendor": "TECHPARTS", "sku": "GPU-NONE", "quantity": 1})
    assert refusal(unknown_sku, "setInventory") == [("sku", "NOT_FOUND")]


def test_an_unknown_vendor_is_a_request_error_before_execution(
    gw: Gateway, vendors: Vendors
) -> None:
    before = totals(vendors)
    body = ask(gw, SET, {"vendor": "ACME", "sku": "S", "quantity": 1})
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert totals(vendors) == before


TWICE_SET = """mutation($sku: String!) {
  a: setInventory(vendor: TECHPARTS, sku: $sku, quantity: 10) {
    inventory { product { inventory { available } } } }
  b: setInventory(vendor: TECHPARTS, sku: $sku, quantity: 20) {
    inventory { product { inventory { available } } } } }"""
SET_THEN_ORDER = """mutation($sku: String!, $order: CreateOrderInput!) {
  a: setInventory(vendor: TECHPARTS, sku: $sku, quantity: 30) {
    inventory { product { inventory { available } } } }
  b: createOrder(input: $order) {
    order { items { inventory { available } product { inventory { available } } } } } }"""
TWICE_ADJUST = """mutation($id: ID!) {
  a: adjustInventory(productId: $id, delta: 1) { inventory { product { inventory { available } } } }
  b: adjustInventory(productId: $id, delta: 1) { inventory { product { inventory { available } } } }
}"""


def test_one_operation_sees_stock_its_own_earlier_writes_changed(
    gw: Gateway, vendors: Vendors
) -> None:
    part = techparts_product(vendors["techparts"])
    body = ask(gw, TWICE_SET, {"sku": part.sku})
    assert "errors" not in body, body
    seen = [body["data"][k]["inventory"]["product"]["inventory"]["available"] for k in "ab"]
    assert seen == [10, 20]

    order = {
        "vendor": "TECHPARTS",
        "customerVendorId": "CUST-100001",
        "shippingAddress": ADDRESS,
        "items": [{"productId": gid("Product", "techparts", part.id), "quantity": 4}],
    }
    body = ask(gw, SET_THEN_ORDER, {"sku": part.sku, "order": order})
    assert "errors" not in body, body
    [item] = body["data"]["b"]["order"]["items"]
    assert (item["inventory"]["available"], item["product"]["inventory"]["available"]) == (26, 26)

    product = ecommerce_product(vendors["ecommerce"])
    start = ecommerce_available(vendors["ecommerce"], product)
    body = ask(gw, TWICE_ADJUST, {"id": gid("Product", "ecommerce", product)})
    seen = [body["data"][k]["inventory"]["product"]["inventory"]["available"] for k in "ab"]
    assert seen == [start + 1, start + 2]


@pytest.fixture(scope="module")
def caching() -> Iterator[tuple[dict[str, Any], Gateway]]:
    """Sandboxes of our own that all send ETag and max-age=300, and a gateway that caches."""
    with private_pair("--caching") as (found, [gateway]):
        yield found, gateway


PRODUCT_STOCK = "query($id: ID!) { product(id: $id) { inventory { available } } }"
CUSTOMER_NAME = "query($id: ID!) { customer(id: $id) { firstName } }"


def _read_twice(gw: Gateway, query: str, variables: dict[str, Any], vendor: str) -> Any:
    """Read, then read again from the gateway's cache; the cached data."""
    first = ask(gw, query, variables, REPORT)
    second = ask(gw, query, variables, REPORT)
    assert second["extensions"]["upstream"][vendor]["cacheHits"] >= 1
    assert second["data"] == first["data"]
    return second["data"]


def test_cached_stock_is_read_fresh_after_each_kind_of_write(
    caching: tuple[dict[str, Any], Gateway],
) -> None:
    found, gw = caching
    part = techparts_product(found["techparts"], stock=40)
    tp = {"id": gid("Product", "techparts", part.id)}
    assert _read_twice(gw, PRODUCT_STOCK, tp, "TECHPARTS") == {
        "product": {"inventory": {"available": 40}}
    }
    data_of(ask(gw, SET, {"vendor": "TECHPARTS", "sku": part.sku, "quantity": 41}), "setInventory")
    assert ask(gw, PRODUCT_STOCK, tp)["data"]["product"]["inventory"]["available"] == 41

    product = ecommerce_product(found["ecommerce"])
    ec = {"id": gid("Product", "ecommerce", product)}
    start = _read_twice(gw, PRODUCT_STOCK, ec, "ECOMMERCE")["product"]["inventory"]["available"]
    data_of(ask(gw, ADJUST, {**ec, "delta": 2}), "adjustInventory")
    assert ask(gw, PRODUCT_STOCK, ec)["data"]["product"]["inventory"]["available"] == start + 2
    customer = create_customer(gw, "ecommerce")
    order = {"customerId": customer["id"], "items": [{"productId": ec["id"], "quantity": 5}]}
    data_of(ask(gw, CREATE_ORDER, {"input": order}), "createOrder")
    assert ask(gw, PRODUCT_STOCK, ec)["data"]["product"]["inventory"]["available"] == start - 3


def test_a_cached_talkingshops_customer_is_read_fresh_after_an_update(
    caching: tuple[dict[str, Any], Gateway],
) -> None:
    gw = caching[1]
    customer = create_customer(gw, "talkingshops", firstName="Old", lastName="Name")
    variables = {"id": customer["id"]}
    assert _read_twice(gw, CUSTOMER_NAME, variables, "TALKINGSHOPS") == {
        "customer": {"firstName": "Old"}
    }
    renamed = {"id": customer["id"], "input": {"firstName": "New"}}
    data_of(ask(gw, UPDATE_CUSTOMER, renamed), "updateCustomer")
    assert ask(gw, CUSTOMER_NAME, variables)["data"] == {"customer": {"firstName": "New"}}
