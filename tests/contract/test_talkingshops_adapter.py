"""The TalkingShops adapter against its running sandbox: reads equal the raw JSON, writes stick."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.contract.talkingshops_support import (
    KEY_HEADER,
    UNKNOWN_ID,
    calls,
    reset,
    running_talkingshops,
)
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.talkingshops.adapter import DIALECT, TalkingShopsAdapter
from vendorgraph.domain import (
    Customer,
    CustomerQuery,
    Money,
    OrderQuery,
    OrderStatus,
)
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.transport import pooled_transport


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    with running_talkingshops() as address:
        yield address


@pytest.fixture
async def adapter(sandbox: SandboxAddress) -> AsyncIterator[TalkingShopsAdapter]:
    reset(sandbox)
    async with adapter_for(sandbox) as built:
        yield built


@pytest.fixture
async def raw(sandbox: SandboxAddress) -> AsyncIterator[httpx.AsyncClient]:
    headers = {KEY_HEADER: sandbox.key}
    async with httpx.AsyncClient(base_url=sandbox.url, headers=headers, timeout=10) as http:
        yield http


class adapter_for:
    """An adapter on a pooled client for one sandbox address, closed on exit."""

    def __init__(self, address: SandboxAddress, key: str | None = None) -> None:
        client = VendorClient(
            "talkingshops", address.url, key or address.key, DIALECT, transport=pooled_transport()
        )
        self.adapter = TalkingShopsAdapter(client)

    async def __aenter__(self) -> TalkingShopsAdapter:
        return self.adapter

    async def __aexit__(self, *_: object) -> None:
        await self.adapter.client.aclose()


def when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def usd(value: Any) -> Money:
    return Money(Decimal(str(value)), "USD")


def assert_same_customer(customer: Customer, record: dict[str, Any]) -> None:
    assert customer.vendor == "talkingshops" and customer.vendor_id == record["_id"]
    assert customer.full_name == record.get("name")
    assert customer.phone == record["mobile"]
    assert customer.email == record.get("email")
    assert customer.segment == record.get("segment")
    assert customer.created_at == when(record["created_at"])
    assert customer.updated_at == when(record["updated_at"])
    metrics = record["metrics"]
    assert customer.lifetime_value == usd(metrics.get("lifetimeValue", metrics.get("totalSpent")))
    if record.get("name") and " " in record["name"]:
        first, last = record["name"].split(" ", 1)
        assert (customer.first_name, customer.last_name) == (first, last)


async def test_fetch_customers_equals_the_detail_json_and_leaves_out_missing_ids(
    adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    listing = (await raw.get("/customers", params={"limit": 3})).json()["customers"]
    ids = [c["_id"] for c in listing]
    found = await adapter.fetch_customers([*ids, UNKNOWN_ID, "lookup", "stats"])
    assert set(found) == set(ids)
    for customer_id in ids:
        record = (await raw.get(f"/customers/{customer_id}")).json()
        customer = found[customer_id]
        assert isinstance(customer, Customer)
        assert_same_customer(customer, record)
        assert customer.orders is not None and len(customer.orders) == len(record["orders"])
        for order, embedded in zip(customer.orders, record["orders"], strict=True):
            assert order.vendor_id == embedded["_id"]
            assert order.customer_id == customer_id
            assert order.vendor_status == embedded["status"]
            assert order.total == usd(embedded["final_amount"])
            assert order.created_at == when(embedded["created_at"])
            assert order.items is None


async def test_embedded_order_statuses_are_normalised(adapter: TalkingShopsAdapter) -> None:
    page = await adapter.list_customers(CustomerQuery(), 0, 100)
    found = await adapter.fetch_customers([c.vendor_id for c in page.items[:40]])
    orders = [o for c in found.values() if isinstance(c, Customer) for o in c.orders or ()]
    table = {
        "completed": OrderStatus.DELIVERED,
        "pending": OrderStatus.PENDING,
        "processing": OrderStatus.PROCESSING,
        "cancelled": OrderStatus.CANCELLED,
        "refunded": OrderStatus.REFUNDED,
    }
    assert {o.vendor_status for o in orders} == set(table)
    assert all(o.status is table[o.vendor_status or ""] for o in orders)


async def test_list_pages_with_aligned_and_unaligned_offsets(
    sandbox: SandboxAddress, adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    body = (await raw.get("/customers", params={"limit": 100, "page": 1})).json()
    more = (await raw.get("/customers", params={"limit": 100, "page": 2})).json()
    everyone = body["customers"] + more["customers"]
    assert body["total"] > 110
    # One page whenever some page size up to 100 holds the window; (30, 80) needs two.
    cases = ((0, 10, 1), (20, 10, 1), (5, 10, 1), (93, 7, 1), (13, 40, 1), (30, 80, 2))
    for offset, limit, pages in cases:
        reset(sandbox)
        page = await adapter.list_customers(CustomerQuery(), offset, limit)
        expected = everyone[offset : offset + limit]
        assert [c.vendor_id for c in page.items] == [c["_id"] for c in expected]
        for customer, record in zip(page.items, expected, strict=True):
            assert_same_customer(customer, record)
            assert customer.orders is None
        assert page.total == body["total"] and page.has_more
        assert calls(sandbox, "GET /v1/customers") == pages


async def test_last_page_has_no_more(adapter: TalkingShopsAdapter) -> None:
    total = (await adapter.list_customers(CustomerQuery(), 0, 1)).total
    assert total is not None
    page = await adapter.list_customers(CustomerQuery(), total - 3, 10)
    assert len(page.items) == 3 and not page.has_more


async def test_list_filters_map_to_search_and_dates(
    adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    target = (await raw.get("/customers", params={"page": 4})).json()["customers"][0]
    page = await adapter.list_customers(CustomerQuery(search=target["mobile"]), 0, 10)
    assert [c.vendor_id for c in page.items] == [target["_id"]]
    start = datetime.fromisoformat("2024-03-01T00:00:00+00:00")
    end = datetime.fromisoformat("2024-03-31T23:59:59+00:00")
    dated = await adapter.list_customers(
        CustomerQuery(created_after=start, created_before=end), 0, 100
    )
    params: dict[str, str | int] = {
        "startDate": "2024-03-01T00:00:00Z",
        "endDate": "2024-03-31T23:59:59Z",
        "limit": 100,
    }
    expected = (await raw.get("/customers", params=params)).json()
    assert [c.vendor_id for c in dated.items] == [c["_id"] for c in expected["customers"]]
    assert dated.items and dated.total == expected["total"]
    assert all(c.created_at and start <= c.created_at <= end for c in dated.items)
    assert (await adapter.list_customers(CustomerQuery(status="active"), 0, 10)).items == []


async def test_list_orders_slices_a_customers_embedded_orders(
    adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    listing = (await raw.get("/customers", params={"limit": 100})).json()["customers"]
    busy = max(listing, key=lambda c: c["metrics"]["orderCount"])
    record = (await raw.get(f"/customers/{busy['_id']}")).json()
    order_ids = [o["_id"] for o in record["orders"]]
    page = await adapter.list_orders(OrderQuery(customer_id=busy["_id"]), 1, 2)
    assert [o.vendor_id for o in page.items] == order_ids[1:3]
    assert page.total == len(order_ids) and page.has_more == (len(order_ids) > 3)
    completed = await adapter.list_orders(
        OrderQuery(customer_id=busy["_id"], status=OrderStatus.DELIVERED), 0, 100
    )
    expected = [o["_id"] for o in record["orders"] if o["status"] == "completed"]
    assert [o.vendor_id for o in completed.items] == expected
    with pytest.raises(GatewayError) as unsupported:
        await adapter.list_orders(OrderQuery(), 0, 10)
    assert unsupported.value.code is Code.UNSUPPORTED
    with pytest.raises(GatewayError) as missing:
        await adapter.list_orders(OrderQuery(customer_id=UNKNOWN_ID), 0, 10)
    assert missing.value.code is Code.NOT_FOUND


async def test_bad_key_is_unauthenticated_and_never_echoed(sandbox: SandboxAddress) -> None:
    async with adapter_for(sandbox, "secret-wrong-key") as wrong:
        with pytest.raises(GatewayError) as caught:
            await wrong.list_customers(CustomerQuery(), 0, 10)
    assert caught.value.code is Code.UNAUTHENTICATED and caught.value.upstream_status == 401
    assert "secret-wrong-key" not in repr(caught.value.extensions())


async def test_rate_limited_carries_retry_after() -> None:
    with running_talkingshops(rate_limit=1) as address:
        async with adapter_for(address) as limited:
            await limited.list_customers(CustomerQuery(), 0, 1)
            with pytest.raises(GatewayError) as caught:
                await limited.list_customers(CustomerQuery(), 0, 1)
    assert caught.value.code is Code.RATE_LIMITED
    assert caught.value.retry_after is not None and caught.value.retry_after >= 1


async def test_503_is_upstream_unavailable_and_kept_per_id_in_batches() -> None:
    with running_talkingshops(fault_rate=1.0, fault_kinds=["503"]) as address:
        async with adapter_for(address) as failing:
            found = await failing.fetch_customers([UNKNOWN_ID])
            with pytest.raises(GatewayError) as caught:
                await failing.list_customers(CustomerQuery(), 0, 10)
    assert caught.value.code is Code.UPSTREAM_UNAVAILABLE
    error = found[UNKNOWN_ID]
    assert isinstance(error, GatewayError) and error.code is Code.UPSTREAM_UNAVAILABLE
