"""The TechCorp adapter's reads against the running sandbox: records, batches, paging, errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.contract.techcorp_support import (
    PRODUCTS,
    SEED,
    assert_customer_matches,
    connected,
    headers,
    raw_json,
    techcorp_sandbox,
)
from tests.support.servers import admin
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.techcorp import TechCorpAdapter
from vendorgraph.domain import (
    Customer,
    CustomerQuery,
    Inventory,
    OrderStatus,
    Product,
)
from vendorgraph.errors import Code, GatewayError

STATUS_WORDS = {
    "pending": OrderStatus.PENDING,
    "processing": OrderStatus.PROCESSING,
    "shipped": OrderStatus.SHIPPED,
    "delivered": OrderStatus.DELIVERED,
    "cancelled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.REFUNDED,
}


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


def assert_inventory_matches(stock: Inventory, record: dict[str, Any]) -> None:
    assert (stock.product_id, stock.sku, stock.status) == (
        record["product_id"],
        record["sku"],
        record["status"],
    )
    assert (stock.available, stock.reserved) == (
        record["available_quantity"],
        record["reserved_quantity"],
    )
    assert [(loc.location, loc.available) for loc in stock.locations] == [
        (w["location"], w["quantity"]) for w in record["warehouses"]
    ]
    restock = record["restock_date"]
    assert (stock.restock_date and stock.restock_date.isoformat().replace("+00:00", "Z")) == (
        restock or None
    )


async def test_fetch_customers_maps_each_raw_record_and_leaves_out_missing_ids(
    adapter: TechCorpAdapter, raw: httpx.AsyncClient
) -> None:
    records = (await raw_json(raw, "/customers/search", limit=4))["data"]
    wanted = [r["id"] for r in records]
    found = await adapter.fetch_customers([*wanted, "cust_000000000000", wanted[0]])
    assert set(found) == set(wanted)
    for record in records:
        customer = found[record["id"]]
        assert isinstance(customer, Customer)
        assert_customer_matches(customer, record)


async def test_fetch_orders_gives_the_documented_status_view_only(
    adapter: TechCorpAdapter, raw: httpx.AsyncClient
) -> None:
    sample = {o["status"]: o["id"] for o in SEED.orders}
    found = await adapter.fetch_orders([*sample.values(), "order_missing"])
    assert set(found) == set(sample.values())
    for word, order_id in sample.items():
        order = found[order_id]
        assert not isinstance(order, GatewayError)
        view = await raw_json(raw, f"/orders/{order_id}")
        assert (order.vendor_id, order.vendor_status, order.status) == (
            order_id,
            view["status"],
            STATUS_WORDS[word],
        )
        assert (order.items, order.total, order.customer_id, order.created_at) == (
            None,
            None,
            None,
            None,
        )
        shipment = order.shipment
        if view["tracking_number"] is None and view["estimated_delivery"] is None:
            assert shipment is None
            continue
        assert shipment is not None
        assert (shipment.carrier, shipment.tracking_number) == (
            view["carrier"],
            view["tracking_number"],
        )
        shipped = (
            shipment.shipped_at.isoformat().replace("+00:00", "Z") if shipment.shipped_at else None
        )
        assert shipped == view["shipped_at"]


async def test_products_and_stock_for_several_ids_come_from_one_bulk_call(
    sandbox: SandboxAddress, adapter: TechCorpAdapter, raw: httpx.AsyncClient
) -> None:
    wanted = [PRODUCTS[4], PRODUCTS[9], PRODUCTS[2]]
    admin(sandbox, "reset")
    stock = await adapter.fetch_inventory([*wanted, "prod_missing"])
    products = await adapter.fetch_products([*wanted, "prod_missing"])
    assert admin(sandbox, "stats")["requests"] == {"POST /v3/inventory/bulk": 2}
    assert set(stock) == set(products) == set(wanted)
    for product_id in wanted:
        record = await raw_json(raw, f"/inventory/{product_id}")
        entry, product = stock[product_id], products[product_id]
        assert isinstance(entry, Inventory) and isinstance(product, Product)
        assert_inventory_matches(entry, record)
        assert product == Product(vendor="techcorp", vendor_id=product_id, sku=record["sku"])


async def test_a_single_id_uses_the_cacheable_get_and_a_big_batch_is_chunked(
    sandbox: SandboxAddress, adapter: TechCorpAdapter
) -> None:
    admin(sandbox, "reset")
    single = await adapter.fetch_inventory([PRODUCTS[0]])
    missing = await adapter.fetch_products(["prod_missing"])
    everything = await adapter.fetch_inventory([*PRODUCTS, "prod_missing"])
    assert set(single) == {PRODUCTS[0]} and missing == {}
    assert set(everything) == set(PRODUCTS)
    assert len(PRODUCTS) > 100
    assert admin(sandbox, "stats")["requests"] == {
        "GET /v3/inventory/{product_id}": 2,
        "POST /v3/inventory/bulk": 2,
    }


@pytest.mark.parametrize(("offset", "limit"), [(0, 20), (7, 13), (95, 100), (215, 30)])
async def test_list_customers_pages_match_the_raw_search_at_any_offset(
    adapter: TechCorpAdapter, raw: httpx.AsyncClient, offset: int, limit: int
) -> None:
    query = CustomerQuery(status="active")
    page = await adapter.list_customers(query, offset, limit)
    raw_page = await raw_json(raw, "/customers/search", status="active", offset=offset, limit=limit)
    assert [c.vendor_id for c in page.items] == [r["id"] for r in raw_page["data"]]
    assert page.total == raw_page["pagination"]["total"]
    assert page.has_more is (offset + len(page.items) < raw_page["pagination"]["total"])


async def test_list_customers_walks_every_match_once_from_an_unaligned_start(
    adapter: TechCorpAdapter, raw: httpx.AsyncClient
) -> None:
    everyone = (await raw_json(raw, "/customers/search", limit=100, offset=5))["data"]
    seen: list[str] = []
    while True:
        page = await adapter.list_customers(CustomerQuery(), 5 + len(seen), 17)
        seen.extend(c.vendor_id for c in page.items)
        if not page.has_more:
            break
    assert seen[:100] == [r["id"] for r in everyone]
    assert page.total is not None
    assert len(seen) == len(set(seen)) == page.total - 5


async def test_list_customers_passes_search_and_time_filters(
    adapter: TechCorpAdapter, raw: httpx.AsyncClient
) -> None:
    target = SEED.customers[30]
    by_text = await adapter.list_customers(CustomerQuery(search=target["email"]), 0, 10)
    assert [c.vendor_id for c in by_text.items] == [target["id"]]
    moment = by_text.items[0].created_at
    later = await adapter.list_customers(CustomerQuery(created_after=moment), 0, 100)
    expected = await raw_json(
        raw, "/customers/search", created_after=target["created_at"], limit=100
    )
    assert [c.vendor_id for c in later.items] == [r["id"] for r in expected["data"]]


async def test_a_bad_key_is_unauthenticated(sandbox: SandboxAddress) -> None:
    async with connected(sandbox, "tc_wrong_key") as stranger:
        found = await stranger.fetch_customers([SEED.customers[0]["id"]])
        with pytest.raises(GatewayError) as listing:
            await stranger.list_customers(CustomerQuery(), 0, 10)
    [error] = found.values()
    assert isinstance(error, GatewayError) and error.code is Code.UNAUTHENTICATED
    assert listing.value.code is Code.UNAUTHENTICATED
    assert listing.value.request_id is not None and listing.value.request_id.startswith("req_")
    assert "tc_wrong_key" not in listing.value.message


async def test_a_spent_budget_is_rate_limited_with_retry_after() -> None:
    with techcorp_sandbox(rate_limit=2) as limited:
        async with connected(limited) as adapter:
            await adapter.list_customers(CustomerQuery(), 0, 1)
            await adapter.list_customers(CustomerQuery(), 0, 1)
            with pytest.raises(GatewayError) as refused:
                await adapter.list_customers(CustomerQuery(), 0, 1)
    assert refused.value.code is Code.RATE_LIMITED
    assert refused.value.retry_after is not None and refused.value.retry_after >= 1
    assert refused.value.upstream_status == 429


async def test_a_503_is_upstream_unavailable(
    sandbox: SandboxAddress, adapter: TechCorpAdapter
) -> None:
    admin(sandbox, "config", {"fault_rate": 1.0, "fault_kinds": ["503"]})
    try:
        with pytest.raises(GatewayError) as failed:
            await adapter.list_customers(CustomerQuery(), 0, 5)
        stock = await adapter.fetch_inventory(PRODUCTS[:3])
    finally:
        admin(sandbox, "config", {"fault_rate": 0.0})
    assert failed.value.code is Code.UPSTREAM_UNAVAILABLE
    assert all(
        isinstance(e, GatewayError) and e.code is Code.UPSTREAM_UNAVAILABLE for e in stock.values()
    )
    assert set(stock) == set(PRODUCTS[:3])
