"""The E-Commerce adapter's writes change the sandbox's state; vendor rejections become codes."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from tests.contract.ecommerce_support import adapter, http, read, sandbox, stocked
from vendorgraph.adapters.ecommerce.adapter import DIALECT, EcommerceAdapter
from vendorgraph.domain import (
    Address,
    CustomerInput,
    Money,
    OrderInput,
    OrderLineInput,
    OrderStatus,
)
from vendorgraph.errors import Code, FieldIssue, GatewayError

__all__ = ["adapter", "http", "sandbox"]


async def test_create_and_update_customer_change_the_stored_record(
    adapter: EcommerceAdapter, http: httpx.AsyncClient
) -> None:
    created = await adapter.create_customer(
        CustomerInput(
            email="adapter.create@example.com",
            first_name="Ada",
            last_name="Lovelace",
            phone="+1-555-0100",
            tags=("vip",),
        )
    )
    stored = await read(http, f"/customers/{created.vendor_id}")
    assert (stored["email"], stored["first_name"], stored["tags"]) == (
        "adapter.create@example.com",
        "Ada",
        ["vip"],
    )
    updated = await adapter.update_customer(created.vendor_id, CustomerInput(last_name="King"))
    stored = await read(http, f"/customers/{created.vendor_id}")
    assert stored["last_name"] == updated.last_name == "King"
    assert stored["first_name"] == updated.first_name == "Ada"  # PUT is partial


async def test_address_writes_change_the_stored_addresses(
    adapter: EcommerceAdapter, http: httpx.AsyncClient
) -> None:
    customer = await adapter.create_customer(CustomerInput(email="adapter.addr@example.com"))
    one = await adapter.add_address(
        customer.vendor_id,
        Address(street="1 Oak Ave", city="Denver", state="CO", postal_code="80202", country="US"),
    )
    [first] = one.addresses
    two = await adapter.add_address(
        customer.vendor_id,
        Address(street="2 Pine Rd", city="Austin", postal_code="73301", is_default=True),
    )
    second = next(a for a in two.addresses if a.id != first.id)
    assert second.is_default and second.postal_code == "73301"
    stored = (await read(http, f"/customers/{customer.vendor_id}"))["addresses"]
    assert [(a["street"], a["zip"], a["is_default"]) for a in stored] == [
        ("1 Oak Ave", "80202", False),
        ("2 Pine Rd", "73301", True),
    ]

    changed = await adapter.update_address(customer.vendor_id, Address(id=first.id, city="Boulder"))
    assert next(a for a in changed.addresses if a.id == first.id).city == "Boulder"
    remaining = await adapter.delete_address(customer.vendor_id, first.id or "")
    assert [a.id for a in remaining.addresses] == [second.id]
    assert [
        a["id"] for a in (await read(http, f"/customers/{customer.vendor_id}"))["addresses"]
    ] == [second.id]


async def test_order_create_status_and_cancel_change_the_stored_order(
    adapter: EcommerceAdapter, http: httpx.AsyncClient
) -> None:
    customer = await adapter.create_customer(CustomerInput(email="adapter.order@example.com"))
    with_address = await adapter.add_address(
        customer.vendor_id, Address(street="9 Lake Dr", city="Seattle", postal_code="98101")
    )
    product = await stocked(http)
    order = await adapter.create_order(
        OrderInput(
            customer_id=customer.vendor_id,
            items=(OrderLineInput(product["id"], 2, Money(Decimal("10.50"), "USD")),),
            shipping_address_id=with_address.addresses[0].id,
            payment_method="card",
        ),
        idempotency_key="ignored-by-this-vendor",
    )
    assert order.status is OrderStatus.PENDING and order.subtotal == Money(Decimal("21"), "USD")
    [stored] = (await read(http, "/orders", **{"customer_id": customer.vendor_id}))["data"]
    assert stored["id"] == order.vendor_id
    assert stored["shipping_address"]["street"] == "9 Lake Dr"
    assert stored["items"][0]["price"] == 10.5

    moved = await adapter.update_order_status(order.vendor_id, OrderStatus.PROCESSING, "paid")
    assert moved.status is OrderStatus.PROCESSING
    cancelled = await adapter.cancel_order(order.vendor_id, "customer_request")
    assert cancelled.status is OrderStatus.CANCELLED and cancelled.items
    [stored] = (await read(http, "/orders", **{"customer_id": customer.vendor_id}))["data"]
    assert (stored["status"], stored["cancel_reason"]) == ("cancelled", "customer_request")


async def test_adjust_inventory_changes_stock_by_the_delta(
    adapter: EcommerceAdapter, http: httpx.AsyncClient
) -> None:
    product = await stocked(http)
    before = await read(http, f"/inventory/{product['id']}")
    warehouse = before["locations"][0]["warehouse_id"]
    after = await adapter.adjust_inventory(product["id"], -4, "sold", warehouse)
    assert after.available == before["total_available"] - 4
    assert (await read(http, f"/inventory/{product['id']}"))["total_available"] == after.available


async def test_vendor_rejections_become_coded_field_errors(
    adapter: EcommerceAdapter, http: httpx.AsyncClient
) -> None:
    with pytest.raises(GatewayError) as invalid:
        await adapter.create_customer(CustomerInput(email="broken", first_name="x" * 101))
    assert invalid.value.code is Code.BAD_USER_INPUT and invalid.value.upstream_status == 422
    assert {d.field for d in invalid.value.details} == {"email", "firstName"}

    taken = (await read(http, "/customers", **{"limit": 1}))["data"][0]["email"]
    with pytest.raises(GatewayError) as duplicate:
        await adapter.create_customer(CustomerInput(email=taken))
    assert duplicate.value.code is Code.CONFLICT
    assert [(d.field, d.code) for d in duplicate.value.details] == [("email", "DUPLICATE")]

    product = await stocked(http)
    with pytest.raises(GatewayError) as short:
        await adapter.adjust_inventory(product["id"], -1_000_000, "sold", None)
    assert [(d.field, d.code) for d in short.value.details] == [("quantity", "INSUFFICIENT_STOCK")]
    customer_id = (await read(http, "/customers", **{"limit": 1}))["data"][0]["id"]
    with pytest.raises(GatewayError) as unknown:
        await adapter.create_order(OrderInput(customer_id, (OrderLineInput("prod_nope", 1),)), None)
    assert [d.field for d in unknown.value.details] == ["items[0].productId"]

    shipped = (await read(http, "/orders", **{"status": "delivered", "limit": 1}))["data"][0]
    with pytest.raises(GatewayError) as late:
        await adapter.cancel_order(shipped["id"], None)
    assert late.value.code is Code.CONFLICT
    assert [d.code for d in late.value.details] == ["INVALID_STATE"]


def test_checks_use_the_documented_limits_and_unified_names() -> None:
    checks = EcommerceAdapter.__new__(EcommerceAdapter)
    assert checks.check_customer(CustomerInput(first_name="A"), creating=True) == [
        FieldIssue("email", "Email is required", "REQUIRED")
    ]
    assert [
        i.field
        for i in checks.check_customer(CustomerInput(email="nope", segment="gold"), creating=False)
    ] == ["email", "segment"]
    assert checks.check_customer(CustomerInput(email="a@b.co"), creating=True) == []
    order = OrderInput(
        "cust_1",
        (OrderLineInput("prod_1", 0), OrderLineInput("prod_2", 1, Money(Decimal(1), "EUR"))),
    )
    assert [i.field for i in checks.check_order(order)] == [
        "items[0].quantity",
        "items[1].unitPrice",
    ]
    assert [i.code for i in checks.check_inventory(5, absolute=True)] == ["UNSUPPORTED"]
    assert checks.check_inventory(0, absolute=False)[0].field == "quantity"
    assert checks.check_inventory(-3, absolute=False) == []


@pytest.mark.parametrize(
    "body",
    [
        {
            "error": {
                "code": "validation_error",
                "message": "Bad",
                "request_id": "req_1",
                "details": [{"field": "shipping_address.zip", "message": "Too long"}],
            }
        },
        {
            "error": "validation_error",
            "message": "Bad",
            "request_id": "req_1",
            "details": [{"field": "shipping_address.zip", "issue": "Too long"}],
        },
        {
            "code": "validation_error",
            "message": "Bad",
            "request_id": "req_1",
            "errors": {"shipping_address.zip": ["Too long"]},
        },
    ],
)
def test_error_bodies_are_read_in_every_shape(body: object) -> None:
    info = DIALECT.parse_error(body)
    assert (info.vendor_code, info.message, info.request_id) == ("validation_error", "Bad", "req_1")
    assert info.details == (FieldIssue("shippingAddress.postalCode", "Too long"),)


def test_error_bodies_with_plain_details_or_no_json_still_parse() -> None:
    info = DIALECT.parse_error(
        {
            "error": {
                "code": "conflict",
                "message": "Dup",
                "details": ["SKU already exists"],
                "retry_after": 3,
            }
        }
    )
    assert info.details == (FieldIssue(None, "SKU already exists", "DUPLICATE"),)
    assert info.retry_after == 3.0
    assert DIALECT.parse_error(None).message is None
    assert DIALECT.auth_headers("k") == {"Authorization": "Bearer k"}
    assert DIALECT.rate_limit_reset == "unix" and DIALECT.credential_header == "authorization"
