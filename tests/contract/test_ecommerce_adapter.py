"""The E-Commerce adapter reads the sandbox faithfully and maps its errors to gateway codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.contract.ecommerce_support import (
    adapter,
    adapter_for,
    ecommerce_sandbox,
    http,
    read,
    read_all,
    sandbox,
)
from tests.support.servers import admin
from vendorgraph.adapters.base import parse_datetime
from vendorgraph.adapters.ecommerce.adapter import EcommerceAdapter
from vendorgraph.adapters.ecommerce.paging import page_plan
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.domain import (
    CustomerQuery,
    Money,
    OrderQuery,
    OrderStatus,
    ProductQuery,
)
from vendorgraph.errors import Code, GatewayError

__all__ = ["adapter", "http", "sandbox"]


def usd(value: Any) -> Money:
    return Money(Decimal(str(value)), "USD")


async def test_customers_equal_the_raw_records_and_missing_ids_are_left_out(
    adapter: EcommerceAdapter, http: httpx.AsyncClient
) -> None:
    raw = (await read(http, "/customers", **{"limit": 3}))["data"]
    found = await adapter.fetch_customers([c["id"] for c in raw] + ["cust_missing"])
    assert set(found) == {c["id"] for c in raw}
    for listed in raw:
        record = await read(http, f"/customers/{listed['id']}")
        customer = found[listed["id"]]
        assert not isinstance(customer, GatewayError)
        assert (customer.vendor, customer.vendor_id) == ("ecommerce", record["id"])
        assert (customer.email, customer.first_name, customer.last_name, customer.phone) == (
            record["email"],
            record["first_name"],
            record["last_name"],
            record["phone"],
        )
        assert customer.tags == tuple(record["tags"])
        assert customer.created_at == parse_datetime(record["created_at"])
        assert customer.lifetime_value == usd(record["order_history"]["total_spent"])
        assert [(a.id, a.street, a.postal_code, a.is_default) for a in customer.addresses] == [
            (a["id"], a["street"], a["zip"], a["is_default"]) for a in record["addresses"]
        ]
        assert customer.orders is None


async def test_products_and_inventory_equal_the_raw_records(
    adapter: EcommerceAdapter, http: httpx.AsyncClient
) -> None:
    raw = (await read(http, "/products", **{"limit": 4}))["data"]
    ids = [p["id"] for p in raw]
    products = await adapter.fetch_products([*ids, "prod_missing"])
    stock = await adapter.fetch_inventory([*ids, "prod_missing"])
    by_sku = await adapter.fetch_inventory_by_sku([raw[0]["sku"], "NO-SUCH-SKU"])
    assert set(products) == set(stock) == set(ids)
    for record in raw:
        product, inventory = products[record["id"]], stock[record["id"]]
        assert not isinstance(product, GatewayError) and not isinstance(inventory, GatewayError)
        assert (product.sku, product.name, product.status) == (
            record["sku"],
            record["name"],
            record["status"],
        )
        assert product.price == usd(record["price"])
        assert product.categories == tuple(record["categories"])
        assert list(product.variants) == record["variants"]
        raw_stock = await read(http, f"/inventory/{record['id']}")
        assert (inventory.available, inventory.reserved) == (
            raw_stock["total_available"],
            raw_stock["total_reserved"],
        )
        assert [(row.location, row.available) for row in inventory.locations] == [
            (row["warehouse_id"], row["available"]) for row in raw_stock["locations"]
        ]
    assert list(by_sku) == [raw[0]["sku"]]
    sku_stock = by_sku[raw[0]["sku"]]
    assert not isinstance(sku_stock, GatewayError)
    assert sku_stock.product_id == raw[0]["id"] and sku_stock.sku == raw[0]["sku"]


@pytest.mark.parametrize(("offset", "limit"), [(0, 25), (7, 30), (45, 100), (190, 50), (219, 5)])
async def test_customer_pages_at_unaligned_offsets_match_the_vendor_order(
    adapter: EcommerceAdapter, http: httpx.AsyncClient, offset: int, limit: int
) -> None:
    everything = [c["id"] for c in await read_all(http, "/customers")]
    page = await adapter.list_customers(CustomerQuery(), offset, limit)
    assert [c.vendor_id for c in page.items] == everything[offset : offset + limit]
    assert page.total == len(everything)
    assert page.has_more == (offset + limit < len(everything))


def test_page_plan_uses_one_request_when_a_page_size_fits_else_two() -> None:
    assert page_plan(0, 50).pages == ((1, 50),)
    assert page_plan(7, 30).pages == ((1, 37),) and page_plan(7, 30).skip == 7
    assert page_plan(150, 100).pages == ((2, 125),)
    assert page_plan(1001, 100).pages == ((10, 111),) and page_plan(1001, 100).skip == 2
    two = page_plan(1, 200)  # no page size up to the documented 200 holds records 1..200
    assert two.pages == ((1, 200), (2, 200)) and two.skip == 1


async def test_orders_by_customer_and_status_match_the_vendor_lists(
    adapter: EcommerceAdapter, http: httpx.AsyncClient
) -> None:
    order = (await read(http, "/orders", **{"status": "shipped", "limit": 1}))["data"][0]
    raw = await read_all(http, "/orders", customer_id=order["customer_id"])
    page = await adapter.list_orders(OrderQuery(customer_id=order["customer_id"]), 0, 100)
    assert [o.vendor_id for o in page.items] == [o["id"] for o in raw]
    mapped = next(o for o in page.items if o.vendor_id == order["id"])
    assert (mapped.status, mapped.vendor_status) == (OrderStatus.SHIPPED, "shipped")
    assert mapped.total == usd(order["total"]) and mapped.tax == usd(order["tax"])
    assert mapped.items is not None
    assert [(i.product_id, i.quantity, i.unit_price) for i in mapped.items] == [
        (i["product_id"], i["quantity"], usd(i["price"])) for i in order["items"]
    ]
    assert mapped.shipment is not None
    assert mapped.shipment.tracking_number == order["tracking"]["tracking_number"]
    cancelled = await adapter.list_orders(OrderQuery(status=OrderStatus.CANCELLED), 0, 10)
    assert (
        cancelled.total
        == (await read(http, "/orders", **{"status": "cancelled"}))["pagination"]["total_items"]
    )
    assert all(o.status is OrderStatus.CANCELLED for o in cancelled.items)


async def test_product_search_matches_the_vendor_search(
    adapter: EcommerceAdapter, http: httpx.AsyncClient
) -> None:
    raw = (await read(http, "/products", **{"search": "speaker", "limit": 200}))["data"]
    page = await adapter.list_products(ProductQuery(search="speaker"), 0, 100)
    assert [p.vendor_id for p in page.items] == [p["id"] for p in raw][:100]
    assert page.items


async def test_errors_map_to_gateway_codes(
    sandbox: SandboxAddress, adapter: EcommerceAdapter
) -> None:
    with pytest.raises(GatewayError) as missing:
        await adapter.cancel_order("ord_missing", None)
    assert missing.value.code is Code.NOT_FOUND and missing.value.request_id
    async with adapter_for(sandbox, "test_wrong_key") as unauthorised:
        with pytest.raises(GatewayError) as denied:
            await unauthorised.list_products(ProductQuery(), 0, 10)
    assert denied.value.code is Code.UNAUTHENTICATED
    assert "test_wrong_key" not in str(denied.value.extensions())
    admin(sandbox, "config", {"fault_rate": 1.0, "fault_kinds": ["503"]})
    try:
        with pytest.raises(GatewayError) as down:
            await adapter.list_orders(OrderQuery(), 0, 10)
        found = await adapter.fetch_customers(["cust_any"])  # a non-404 failure is kept per id
    finally:
        admin(sandbox, "config", {"fault_rate": 0.0})
    assert down.value.code is Code.UPSTREAM_UNAVAILABLE and down.value.upstream_status == 503
    failure = found["cust_any"]
    assert isinstance(failure, GatewayError) and failure.code is Code.UPSTREAM_UNAVAILABLE


async def test_rate_limited_carries_retry_after() -> None:
    with ecommerce_sandbox(rate_limit=2) as limited:
        async with adapter_for(limited) as built:
            await built.list_products(ProductQuery(), 0, 5)
            await built.list_products(ProductQuery(), 0, 5)
            with pytest.raises(GatewayError) as error:
                await built.list_products(ProductQuery(), 0, 5)
    assert error.value.code is Code.RATE_LIMITED
    assert error.value.retry_after is not None and error.value.retry_after >= 1
    assert error.value.extensions()["retryAfter"] == error.value.retry_after
