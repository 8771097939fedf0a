"""The TechCorp adapter's writes and input checks against the running sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from decimal import Decimal

import httpx
import pytest

from tests.contract.techcorp_support import (
    PRODUCTS,
    READ_ONLY_KEY,
    SEED,
    assert_customer_matches,
    connected,
    headers,
    raw_json,
    techcorp_sandbox,
)
from tests.support.servers import admin
from vendorgraph.adapters.base import Capability
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.techcorp import TechCorpAdapter
from vendorgraph.domain import (
    Address,
    CustomerInput,
    Money,
    OrderInput,
    OrderLineInput,
    OrderStatus,
)
from vendorgraph.errors import Code, FieldIssue, GatewayError


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    with techcorp_sandbox(seed=42) as address:
        yield address


@pytest.fixture
async def adapter(sandbox: SandboxAddress) -> AsyncIterator[TechCorpAdapter]:
    async with connected(sandbox) as connected_adapter:
        yield connected_adapter


@pytest.fixture
async def raw(sandbox: SandboxAddress) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, headers=headers(sandbox.key)) as client:
        yield client


async def test_create_customer_stores_it_as_the_sandbox_shows(
    adapter: TechCorpAdapter, raw: httpx.AsyncClient
) -> None:
    data = CustomerInput(
        email="adapter.new@example.com",
        first_name="Ada",
        last_name="Byron",
        phone="+1-555-0142",
        segment="premium",
    )
    created = await adapter.create_customer(data)
    record = await raw_json(raw, f"/customers/{created.vendor_id}")
    assert record["metadata"] == {"tier": "premium"}
    assert_customer_matches(created, record)
    assert created.lifetime_value == Money(Decimal("0"), "USD")


async def test_write_errors_surface_with_unified_field_names_and_codes(
    sandbox: SandboxAddress, adapter: TechCorpAdapter
) -> None:
    taken = SEED.customers[3]["email"]
    with pytest.raises(GatewayError) as duplicate:
        await adapter.create_customer(CustomerInput(email=taken))
    assert duplicate.value.code is Code.CONFLICT
    assert [(d.field, d.code) for d in duplicate.value.details] == [("email", "DUPLICATE")]
    with pytest.raises(GatewayError) as invalid:
        await adapter.create_customer(CustomerInput(email="ok.phone@example.com", phone="call me"))
    assert invalid.value.code is Code.BAD_USER_INPUT
    assert [d.field for d in invalid.value.details] == ["phone"]
    with pytest.raises(GatewayError) as bad_line:
        line = OrderLineInput(product_id="prod_missing", quantity=1)
        await adapter.create_order(OrderInput(SEED.customers[0]["id"], (line,)), None)
    assert bad_line.value.code is Code.BAD_USER_INPUT
    assert [d.field for d in bad_line.value.details] == ["items[0].productId"]
    async with connected(sandbox, READ_ONLY_KEY) as reader:
        with pytest.raises(GatewayError) as forbidden:
            await reader.create_customer(CustomerInput(email="ro@example.com"))
    assert forbidden.value.code is Code.FORBIDDEN


def test_checks_report_documented_limits_before_any_call(adapter: TechCorpAdapter) -> None:
    assert adapter.check_customer(CustomerInput(first_name="No Email"), creating=True) == [
        FieldIssue("email", "Is required", "INVALID")
    ]
    assert adapter.check_customer(CustomerInput(first_name="Fine"), creating=False) == []
    [bad_email] = adapter.check_customer(CustomerInput(email="nope"), creating=False)
    assert bad_email.field == "email"
    [tags] = adapter.check_customer(CustomerInput(email="a@b.co", tags=("vip",)), creating=True)
    assert tags.field == "tags"
    lines = (
        OrderLineInput("prod_a", 0),
        OrderLineInput("prod_b", 1, Money(Decimal("5"), "EUR")),
    )
    issues = adapter.check_order(OrderInput("cust_1", lines, shipping_address=Address(street="x")))
    assert [i.field for i in issues] == [
        "items[0].quantity",
        "items[1].unitPrice",
        "shippingAddress",
    ]
    assert [i.field for i in adapter.check_order(OrderInput("cust_1", ()))] == ["items"]


async def test_bad_input_is_refused_without_calling_techcorp(
    sandbox: SandboxAddress, adapter: TechCorpAdapter
) -> None:
    admin(sandbox, "reset")
    with pytest.raises(GatewayError) as refused:
        await adapter.create_customer(CustomerInput(email="not-an-email"))
    assert refused.value.code is Code.BAD_USER_INPUT
    assert refused.value.details == (
        FieldIssue("email", "Must be a valid email address", "INVALID"),
    )
    assert admin(sandbox, "stats")["total"] == 0


async def test_update_customer_patches_only_the_given_fields(
    adapter: TechCorpAdapter, raw: httpx.AsyncClient
) -> None:
    target = SEED.customers[40]
    before = await raw_json(raw, f"/customers/{target['id']}")
    updated = await adapter.update_customer(
        target["id"], CustomerInput(first_name="Renamed", segment="premium")
    )
    after = await raw_json(raw, f"/customers/{target['id']}")
    assert after["first_name"] == "Renamed"
    assert after["metadata"] == {**before["metadata"], "tier": "premium"}
    assert after["email"] == before["email"]
    assert_customer_matches(updated, after)
    unchanged = await adapter.update_customer(target["id"], CustomerInput())
    assert unchanged == updated
    with pytest.raises(GatewayError) as missing:
        await adapter.update_customer("cust_000000000000", CustomerInput(first_name="X"))
    assert missing.value.code is Code.NOT_FOUND


async def test_create_order_sends_prices_and_honours_the_idempotency_key(
    adapter: TechCorpAdapter, raw: httpx.AsyncClient
) -> None:
    customer = next(c for c in SEED.customers if c["addresses"])
    lines = (
        OrderLineInput(PRODUCTS[0], 2, Money(Decimal("49.99"), "USD")),
        OrderLineInput(PRODUCTS[1], 1, Money(Decimal("129.99"), "USD")),
    )
    data = OrderInput(
        customer["id"],
        lines,
        shipping_address_id=customer["addresses"][0]["id"],
        payment_method="credit_card",
        shipping_method="standard",
        notes="Gift wrap requested",
    )
    first = await adapter.create_order(data, "adapter-order-1")
    again = await adapter.create_order(data, "adapter-order-1")
    assert again == first
    assert first.customer_id == customer["id"]
    assert (first.status, first.vendor_status) == (OrderStatus.PENDING, "pending")
    assert [(i.product_id, i.quantity, i.unit_price) for i in first.items or ()] == [
        (PRODUCTS[0], 2, Money(Decimal("49.99"), "USD")),
        (PRODUCTS[1], 1, Money(Decimal("129.99"), "USD")),
    ]
    assert (first.subtotal, first.tax, first.shipping, first.total) == tuple(
        Money(Decimal(v), "USD") for v in ("229.97", "20.7", "8.99", "259.66")
    )
    view = await raw_json(raw, f"/orders/{first.vendor_id}")
    assert view["status"] == "pending"
    other = await adapter.create_order(data, "adapter-order-2")
    assert other.vendor_id != first.vendor_id
    changed = OrderInput(customer["id"], lines[:1])
    with pytest.raises(GatewayError) as reused:
        await adapter.create_order(changed, "adapter-order-1")
    assert reused.value.code is Code.CONFLICT
    assert [(d.field, d.code) for d in reused.value.details] == [("idempotencyKey", "CONFLICT")]


async def test_operations_techcorp_lacks_are_unsupported(adapter: TechCorpAdapter) -> None:
    assert Capability.ORDER_LIST not in adapter.capabilities
    assert Capability.CUSTOMER_DELETE not in adapter.capabilities
    for attempt in (
        adapter.delete_customer(SEED.customers[0]["id"]),
        adapter.cancel_order(SEED.orders[0]["id"], None),
        adapter.fetch_inventory_by_sku(["WID-0001-100"]),
    ):
        with pytest.raises(GatewayError) as refused:
            await attempt
        assert refused.value.code is Code.UNSUPPORTED
