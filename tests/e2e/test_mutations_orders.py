"""Order writes via the gateway: created, cancelled and re-statused at the vendor, or refused."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.mutations_support import (
    ADDRESS,
    CREATE_ORDER,
    TECHCORP_PRODUCTS,
    TECHPARTS,
    Vendors,
    ask,
    assert_unsupported,
    create_customer,
    data_of,
    ecommerce_available,
    ecommerce_orders,
    ecommerce_product,
    gid,
    order_input,
    refusal,
    stored,
    techparts_product,
    techparts_stock,
    token,
    totals,
    vendor_ids,
)
from tests.support.processes import Gateway

CANCEL = """mutation($id: ID!, $reason: String) { cancelOrder(id: $id, reason: $reason) {
  order { id status vendorStatus } userErrors { field message code } } }"""
RESTATUS = """mutation($id: ID!, $status: OrderStatus!, $note: String) {
  updateOrderStatus(id: $id, status: $status, note: $note) {
  order { id status vendorStatus } userErrors { field message code } } }"""


def _place(gw: Gateway, variables: dict[str, Any]) -> dict[str, Any]:
    order: dict[str, Any] = data_of(ask(gw, CREATE_ORDER, {"input": variables}), "createOrder")[
        "order"
    ]
    return order


def test_create_order_at_techcorp_is_stored_with_its_lines(gw: Gateway, vendors: Vendors) -> None:
    variables = order_input(gw, vendors, "techcorp", quantity=3)
    order = _place(gw, variables)
    assert (order["status"], order["vendorStatus"]) == ("PENDING", "pending")
    assert [(i["vendorProductId"], i["quantity"]) for i in order["items"]] == [
        (vendor_ids(variables)[1], 3)
    ]
    view = stored("techcorp", vendors["techcorp"], f"/orders/{order['vendorId']}")
    assert view["status"] == "pending"


def test_create_order_at_ecommerce_is_stored_and_reserves_stock(
    gw: Gateway, vendors: Vendors
) -> None:
    where = vendors["ecommerce"]
    variables = order_input(gw, vendors, "ecommerce", quantity=4)
    customer, product = vendor_ids(variables)
    before = ecommerce_available(where, product)
    order = _place(gw, variables)
    [placed] = ecommerce_orders(where, customer)
    assert placed["id"] == order["vendorId"]
    assert [(i["product_id"], i["quantity"]) for i in placed["items"]] == [(product, 4)]
    assert ecommerce_available(where, product) == before - 4


def test_create_order_at_techparts_takes_its_stock(gw: Gateway, vendors: Vendors) -> None:
    variables = order_input(gw, vendors, "techparts", quantity=2)
    product = vendor_ids(variables)[1]
    before = techparts_stock(vendors["techparts"], product)
    order = _place(gw, variables)
    assert order["vendorId"].startswith("ORD-")
    assert order["total"]["currency"] == "USD"
    assert techparts_stock(vendors["techparts"], product) == before - 2


def test_cancel_order_at_ecommerce_cancels_it_and_gives_its_stock_back(
    gw: Gateway, vendors: Vendors
) -> None:
    where = vendors["ecommerce"]
    variables = order_input(gw, vendors, "ecommerce", quantity=5)
    customer, product = vendor_ids(variables)
    before = ecommerce_available(where, product)
    order = _place(gw, variables)
    body = ask(gw, CANCEL, {"id": order["id"], "reason": "customer_request"})
    assert data_of(body, "cancelOrder")["order"]["status"] == "CANCELLED"
    [kept] = ecommerce_orders(where, customer)
    assert (kept["status"], kept["cancel_reason"]) == ("cancelled", "customer_request")
    assert ecommerce_available(where, product) == before
    again = ask(gw, CANCEL, {"id": order["id"]})
    assert refusal(again, "cancelOrder") == [("status", "INVALID_STATE")]


def test_update_order_status_at_ecommerce_moves_it_along_its_workflow(
    gw: Gateway, vendors: Vendors
) -> None:
    variables = order_input(gw, vendors, "ecommerce")
    customer = vendor_ids(variables)[0]
    order = _place(gw, variables)
    moved = ask(gw, RESTATUS, {"id": order["id"], "status": "PROCESSING", "note": "paid"})
    assert data_of(moved, "updateOrderStatus")["order"]["vendorStatus"] == "processing"
    [kept] = ecommerce_orders(vendors["ecommerce"], customer)
    assert (kept["status"], kept["note"]) == ("processing", "paid")
    shipped = ask(gw, RESTATUS, {"id": order["id"], "status": "SHIPPED"})
    assert data_of(shipped, "updateOrderStatus")["order"]["status"] == "SHIPPED"
    back = ask(gw, RESTATUS, {"id": order["id"], "status": "PENDING"})
    assert refusal(back, "updateOrderStatus") == [("status", "INVALID_STATE")]
    assert refusal(ask(gw, CANCEL, {"id": order["id"]}), "cancelOrder") == [
        ("status", "INVALID_STATE")
    ]
    assert ecommerce_orders(vendors["ecommerce"], customer)[0]["status"] == "shipped"


def test_a_status_the_vendor_has_no_word_for_is_refused_without_a_call(
    gw: Gateway, vendors: Vendors
) -> None:
    order_id = gid("Order", "ecommerce", "ord_any")
    before = totals(vendors)
    body = ask(gw, RESTATUS, {"id": order_id, "status": "REFUNDED"})
    assert refusal(body, "updateOrderStatus") == [("status", "BAD_USER_INPUT")]
    assert totals(vendors) == before


def test_an_unknown_status_is_a_request_error_not_a_user_error(
    gw: Gateway, vendors: Vendors
) -> None:
    """Enum arguments are checked by GraphQL itself, before any resolver could name a field."""
    before = totals(vendors)
    body = ask(gw, RESTATUS, {"id": gid("Order", "ecommerce", "ord_any"), "status": "LOST"})
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert totals(vendors) == before


TS_CUSTOMER = gid("Customer", "talkingshops", "a" * 24)
UNSUPPORTED_CASES = [
    (
        CREATE_ORDER,
        {"input": {"customerId": TS_CUSTOMER, "items": [{"productId": "x", "quantity": 1}]}},
        "talkingshops",
    ),
    (CANCEL, {"id": gid("Order", "techcorp", "order_1")}, "techcorp"),
    (CANCEL, {"id": gid("Order", "techparts", "ORD-1")}, "techparts"),
    (RESTATUS, {"id": gid("Order", "techcorp", "order_1"), "status": "SHIPPED"}, "techcorp"),
    (RESTATUS, {"id": gid("Order", "techparts", "ORD-1"), "status": "SHIPPED"}, "techparts"),
]


@pytest.mark.parametrize(("document", "variables", "vendor"), UNSUPPORTED_CASES)
def test_order_writes_a_vendor_lacks_are_unsupported_without_calling_it(
    gw: Gateway, vendors: Vendors, document: str, variables: dict[str, Any], vendor: str
) -> None:
    before = totals(vendors)
    assert_unsupported(ask(gw, document, variables), vendor)
    assert totals(vendors) == before


TC_CUSTOMER = gid("Customer", "techcorp", "cust_x")
TC_PRODUCT = gid("Product", "techcorp", TECHCORP_PRODUCTS[0])
EC_CUSTOMER = gid("Customer", "ecommerce", "cust_x")
EC_PRODUCT = gid("Product", "ecommerce", "prod_x")
TP_PRODUCT = gid("Product", "techparts", TECHPARTS[0].id)
TP = {"vendor": "TECHPARTS", "customerVendorId": "CUST-1", "shippingAddress": ADDRESS}


def _lines(product: str, *quantities: int, price: dict[str, Any] | None = None) -> Any:
    extra = {"unitPrice": price} if price else {}
    return [{"productId": product, "quantity": q, **extra} for q in quantities]


REJECTED_ORDERS = [
    ({**TP, "items": _lines(TP_PRODUCT, *[1] * 51)}, [("items", "OUT_OF_RANGE")]),
    ({**TP, "items": _lines(TP_PRODUCT, 1, 1000)}, [("items[1].quantity", "OUT_OF_RANGE")]),
    (
        {**TP, "shippingAddress": None, "items": _lines(TP_PRODUCT, 1)},
        [("shippingAddress", "REQUIRED")],
    ),
    (
        {"customerId": TC_CUSTOMER, "items": _lines(TC_PRODUCT, 0)},
        [("items[0].quantity", "INVALID")],
    ),
    (
        {"customerId": EC_CUSTOMER, "items": _lines(EC_PRODUCT, -2)},
        [("items[0].quantity", "INVALID")],
    ),
    ({"customerId": EC_CUSTOMER, "items": []}, [("items", "INVALID")]),
    (
        {
            "customerId": TC_CUSTOMER,
            "items": _lines(TC_PRODUCT, 1, price={"amount": "5", "currency": "usd1"}),
        },
        [("items[0].unitPrice.currency", "INVALID")],
    ),
    (
        {
            "customerId": TC_CUSTOMER,
            "items": _lines(TC_PRODUCT, 1, price={"amount": "5", "currency": "EUR"}),
        },
        [("items[0].unitPrice", "INVALID")],
    ),
    (
        {
            "customerId": EC_CUSTOMER,
            "items": _lines(EC_PRODUCT, 1, price={"amount": "5", "currency": "GBP"}),
        },
        [("items[0].unitPrice", "INVALID")],
    ),
    (
        {"customerId": EC_CUSTOMER, "items": _lines(EC_PRODUCT, 1, price={"amount": "-1"})},
        [("items[0].unitPrice", "INVALID")],
    ),
    (
        {"customerId": TC_CUSTOMER, "items": _lines(EC_PRODUCT, 1)},
        [("items[0].productId", "INVALID")],
    ),
    (
        {"customerId": TC_CUSTOMER, "items": _lines("%%%", 1)},
        [("items[0].productId", "BAD_USER_INPUT")],
    ),
    ({"customerId": "%%%", "items": _lines(TC_PRODUCT, 1)}, [("customerId", "BAD_USER_INPUT")]),
    ({"items": _lines(TC_PRODUCT, 1)}, [("customerId", "REQUIRED")]),
    (
        {"customerId": EC_CUSTOMER, "notes": "n" * 256, "items": _lines(EC_PRODUCT, 1)},
        [("notes", "TOO_LONG")],
    ),
]


@pytest.mark.parametrize(("variables", "expected"), REJECTED_ORDERS)
def test_a_rejected_order_names_each_field_and_calls_no_vendor(
    gw: Gateway, vendors: Vendors, variables: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    before = totals(vendors)
    body = ask(gw, CREATE_ORDER, {"input": variables, "key": "rejected-" + token()})
    assert refusal(body, "createOrder") == expected
    assert totals(vendors) == before


def test_ecommerce_validation_errors_arrive_on_the_unified_field_names(
    gw: Gateway, vendors: Vendors
) -> None:
    variables = order_input(gw, vendors, "ecommerce")
    variables.update(paymentMethod="p" * 60, shippingMethod="teleport")
    body = ask(gw, CREATE_ORDER, {"input": variables})
    assert refusal(body, "createOrder") == [
        ("paymentMethod", "INVALID"),
        ("shippingMethod", "INVALID"),
    ]
    assert ecommerce_orders(vendors["ecommerce"], vendor_ids(variables)[0]) == []


def test_techparts_short_stock_is_insufficient_stock_on_the_line(
    gw: Gateway, vendors: Vendors
) -> None:
    where = vendors["techparts"]
    plenty, short = techparts_product(where, stock=40), techparts_product(where, stock=3)
    items = [
        {"productId": gid("Product", "techparts", plenty.id), "quantity": 2},
        {"productId": gid("Product", "techparts", short.id), "quantity": 5},
    ]
    body = ask(gw, CREATE_ORDER, {"input": {**TP, "items": items}})
    assert refusal(body, "createOrder") == [("items[1].quantity", "INSUFFICIENT_STOCK")]
    assert (techparts_stock(where, plenty.id), techparts_stock(where, short.id)) == (40, 3)


def test_ecommerce_short_stock_is_insufficient_stock_on_the_line(
    gw: Gateway, vendors: Vendors
) -> None:
    where = vendors["ecommerce"]
    variables = order_input(gw, vendors, "ecommerce")
    customer, product = vendor_ids(variables)
    available = ecommerce_available(where, product)
    variables["items"][0]["quantity"] = available + 1
    body = ask(gw, CREATE_ORDER, {"input": variables})
    assert refusal(body, "createOrder") == [("items[0].quantity", "INSUFFICIENT_STOCK")]
    assert ecommerce_orders(where, customer) == []
    assert ecommerce_available(where, product) == available


def test_unknown_customers_products_and_orders_are_not_found(gw: Gateway) -> None:
    tc_customer = create_customer(gw, "techcorp")["id"]
    tp_line = _lines(gid("Product", "techparts", "PROD-0000-NONE-001"), 1)
    cases = [
        ({"customerId": TC_CUSTOMER, "items": _lines(TC_PRODUCT, 1)}, "customerId"),
        (
            {"customerId": tc_customer, "items": _lines(gid("Product", "techcorp", "prod_x"), 1)},
            "items[0].productId",
        ),
        ({"customerId": EC_CUSTOMER, "items": _lines(EC_PRODUCT, 1)}, "customerId"),
        ({**TP, "items": tp_line}, "items[0].productId"),
    ]
    for variables, field in cases:
        errors = refusal(ask(gw, CREATE_ORDER, {"input": variables}), "createOrder")
        assert (field, "NOT_FOUND") in errors, (variables, errors)
    nowhere = gid("Order", "ecommerce", "ord_nowhere")
    assert refusal(ask(gw, CANCEL, {"id": nowhere}), "cancelOrder") == [("id", "NOT_FOUND")]
    body = ask(gw, RESTATUS, {"id": nowhere, "status": "SHIPPED"})
    assert refusal(body, "updateOrderStatus") == [("id", "NOT_FOUND")]


ONE_OPERATION = """mutation($customer: ID!, $product: ID!, $rename: CustomerFields!) {
  before: createOrder(input: {customerId: $customer, items: [{productId: $product, quantity: 1}]}) {
    order { customer { firstName } } }
  rename: updateCustomer(id: $customer, input: $rename) { customer { firstName } }
  after: createOrder(input: {customerId: $customer, items: [{productId: $product, quantity: 2}]}) {
    order { customer { firstName } } } }"""


@pytest.mark.parametrize("vendor", ["techcorp", "ecommerce"])
def test_one_operation_reads_a_customer_as_changed_by_its_own_earlier_write(
    gw: Gateway, vendors: Vendors, vendor: str
) -> None:
    customer = create_customer(gw, vendor, firstName="Original")
    product = TECHCORP_PRODUCTS[-1] if vendor == "techcorp" else ecommerce_product(vendors[vendor])
    new_name = "Renamed-" + token()
    variables = {
        "customer": customer["id"],
        "product": gid("Product", vendor, product),
        "rename": {"firstName": new_name},
    }
    body = ask(gw, ONE_OPERATION, variables)
    assert "errors" not in body, body
    assert body["data"]["before"]["order"]["customer"]["firstName"] == "Original"
    assert body["data"]["rename"]["customer"]["firstName"] == new_name
    assert body["data"]["after"]["order"]["customer"]["firstName"] == new_name
