"""The TechParts adapter against the running sandbox: reads equal the raw JSON, writes land."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from decimal import Decimal

import httpx
import pytest

from tests.contract.techparts_support import (
    CHEAP_RAM,
    CPU,
    CPU_SKU,
    GPU,
    GPU_SKU,
    READONLY_KEY,
    async_client,
    put_stock,
    read_product,
)
from tests.support.servers import admin, running_sandbox
from vendorgraph.adapters.base import Capability
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.techparts import DIALECT, PLUGIN, TechPartsAdapter
from vendorgraph.domain import (
    Address,
    Money,
    OrderInput,
    OrderItem,
    OrderLineInput,
    OrderStatus,
    Product,
    ProductQuery,
)
from vendorgraph.errors import Code, FieldIssue, GatewayError
from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.transport import pooled_transport

ADDRESS = Address(
    street="123 Tech Lane", city="San Francisco", state="CA", postal_code="94105", country="US"
)


class UncheckedAdapter(TechPartsAdapter):
    """Skips the local checks, so the vendor's own validation answers."""

    def check_order(self, data: OrderInput) -> list[FieldIssue]:
        return []


@pytest.fixture
def sandbox() -> Iterator[SandboxAddress]:
    with running_sandbox("techparts") as address:
        yield address


@pytest.fixture
async def http(sandbox: SandboxAddress) -> AsyncIterator[httpx.AsyncClient]:
    async with async_client(sandbox) as c:
        yield c


@pytest.fixture
async def adapter(sandbox: SandboxAddress) -> AsyncIterator[TechPartsAdapter]:
    async with _adapter(sandbox) as built:
        yield built


class _adapter:
    """An adapter on the sandbox with a real pooled client, closed on exit."""

    def __init__(
        self, address: SandboxAddress, key: str | None = None, kind: type = TechPartsAdapter
    ) -> None:
        transport = pooled_transport()
        self.client = VendorClient(
            "techparts", address.url, key or address.key, DIALECT, transport=transport
        )
        self.adapter: TechPartsAdapter = kind(self.client)

    async def __aenter__(self) -> TechPartsAdapter:
        return self.adapter

    async def __aexit__(self, *_: object) -> None:
        await self.client.aclose()


async def _stocks(http: httpx.AsyncClient, *product_ids: str) -> list[int]:
    return [(await read_product(http, pid))["stock"] for pid in product_ids]


def order(*lines: tuple[str, int], address: Address | None = ADDRESS) -> OrderInput:
    return OrderInput(
        customer_id="CUST-789012",
        items=tuple(OrderLineInput(pid, qty) for pid, qty in lines),
        shipping_address=address,
    )


def test_the_plugin_declares_techparts_and_only_what_its_doc_offers() -> None:
    assert (PLUGIN.name, PLUGIN.rank, PLUGIN.base_path, PLUGIN.demo_key) == (
        "techparts", 3, "/v1", "tp_demo_key",
    )  # fmt: skip
    assert TechPartsAdapter.capabilities == {
        Capability.PRODUCT_GET,
        Capability.INVENTORY_BY_PRODUCT,
        Capability.ORDER_CREATE,
        Capability.INVENTORY_SET,
    }
    assert DIALECT.auth_headers("k") == {"Authorization": "Bearer k"}


async def test_products_equal_the_raw_json_and_missing_ids_are_left_out(
    adapter: TechPartsAdapter, http: httpx.AsyncClient
) -> None:
    found = await adapter.fetch_products([GPU, "PROD-NOPE", CPU, GPU])
    assert set(found) == {GPU, CPU}
    for product_id in (GPU, CPU):
        raw = await read_product(http, product_id)
        product = found[product_id]
        assert isinstance(product, Product)
        assert (product.vendor, product.vendor_id, product.sku, product.name) == (
            "techparts", raw["id"], raw["sku"], raw["name"],
        )  # fmt: skip
        assert product.price == Money(Decimal(str(raw["price"])), raw["currency"])
        assert product.categories == (raw["category"],)
        assert product.manufacturer == raw["manufacturer"]
        assert product.specifications == raw["specifications"]
        assert product.created_at is not None and product.created_at.tzinfo is not None
        assert product.created_at.strftime("%Y-%m-%dT%H:%M:%SZ") == raw["created_at"]
        assert product.description is None


async def test_stock_comes_from_the_product_record(
    adapter: TechPartsAdapter, http: httpx.AsyncClient
) -> None:
    await put_stock(http, GPU_SKU, 0)
    found = await adapter.fetch_inventory([GPU, CPU, "PROD-NOPE"])
    assert set(found) == {GPU, CPU}
    gpu, cpu = found[GPU], found[CPU]
    assert not isinstance(gpu, GatewayError) and not isinstance(cpu, GatewayError)
    assert (gpu.product_id, gpu.sku, gpu.available, gpu.status) == (GPU, GPU_SKU, 0, "out_of_stock")
    raw = await read_product(http, CPU)
    assert (cpu.sku, cpu.available, cpu.status) == (raw["sku"], raw["stock"], "in_stock")


async def test_creating_the_doc_example_order_reserves_stock(
    adapter: TechPartsAdapter, http: httpx.AsyncClient
) -> None:
    await put_stock(http, GPU_SKU, 10)
    await put_stock(http, CPU_SKU, 5)
    created = await adapter.create_order(order((GPU, 1), (CPU, 2)), idempotency_key="ignored")
    assert created.vendor == "techparts"
    assert created.vendor_id.startswith("ORD-")
    assert (created.status, created.vendor_status) == (OrderStatus.PENDING, "pending")
    assert created.customer_id == "CUST-789012"
    assert created.items == (OrderItem(GPU, 1), OrderItem(CPU, 2))
    assert created.subtotal == Money(Decimal("2699.97"), "USD")
    assert created.tax == Money(Decimal("215.99"), "USD")
    assert created.shipping == Money(Decimal("0.0"), "USD")
    assert created.total == Money(Decimal("2915.96"), "USD")
    assert created.shipment is not None and created.shipment.estimated_delivery is not None
    assert created.created_at is not None
    assert created.created_at < created.shipment.estimated_delivery
    assert await _stocks(http, GPU, CPU) == [9, 3]


async def test_a_stock_shortfall_names_the_line_and_stores_nothing(
    adapter: TechPartsAdapter, http: httpx.AsyncClient
) -> None:
    await put_stock(http, GPU_SKU, 2)
    [cpu_stock] = await _stocks(http, CPU)
    with pytest.raises(GatewayError) as caught:
        await adapter.create_order(order((CPU, 1), (GPU, 3)), None)
    error = caught.value
    assert error.code is Code.BAD_USER_INPUT
    assert error.upstream_status == 409
    [issue] = error.details
    assert (issue.field, issue.code) == ("items[1].quantity", "INSUFFICIENT_STOCK")
    assert "only 2 units" in issue.message
    assert await _stocks(http, GPU, CPU) == [2, cpu_stock]


async def test_an_unknown_product_in_an_order_names_the_line(adapter: TechPartsAdapter) -> None:
    with pytest.raises(GatewayError) as caught:
        await adapter.create_order(order((CPU, 1), ("PROD-NOPE", 1)), None)
    assert caught.value.code is Code.BAD_USER_INPUT
    assert [(d.field, d.code) for d in caught.value.details] == [
        ("items[1].productId", "NOT_FOUND")
    ]


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        (order(), ["items"]),
        (order(*[(CPU, 1)] * 51), ["items"]),
        (order((CPU, 0), (GPU, 1000)), ["items[0].quantity", "items[1].quantity"]),
        (order(("", 1)), ["items[0].productId"]),
        (order((CPU, 1), address=None), ["shippingAddress"]),
        (OrderInput(customer_id=" ", items=(OrderLineInput(CPU, 1),), shipping_address=ADDRESS),
         ["customerId"]),
    ],
)  # fmt: skip
async def test_orders_outside_the_documented_limits_are_refused_before_any_call(
    adapter: TechPartsAdapter, sandbox: SandboxAddress, data: OrderInput, fields: list[str]
) -> None:
    assert [i.field for i in adapter.check_order(data)] == fields
    with pytest.raises(GatewayError) as caught:
        await adapter.create_order(data, None)
    assert caught.value.code is Code.BAD_USER_INPUT
    assert [d.field for d in caught.value.details] == fields
    assert admin(sandbox, "stats")["total"] == 0


async def test_vendor_validation_errors_name_unified_fields(sandbox: SandboxAddress) -> None:
    data = OrderInput(
        customer_id="",
        items=(OrderLineInput("", 1), OrderLineInput(CPU, 0)),
        shipping_address=ADDRESS,
    )
    async with _adapter(sandbox, kind=UncheckedAdapter) as unchecked:
        with pytest.raises(GatewayError) as caught:
            await unchecked.create_order(data, None)
    assert caught.value.code is Code.BAD_USER_INPUT
    assert [(d.field, d.code) for d in caught.value.details] == [
        ("customerId", "VALIDATION_ERROR"),
        ("items[0].productId", "VALIDATION_ERROR"),
        ("items[1].quantity", "VALIDATION_ERROR"),
    ]


async def test_setting_stock_is_absolute_and_read_back(
    adapter: TechPartsAdapter, http: httpx.AsyncClient
) -> None:
    stock = await adapter.set_inventory(GPU_SKU, 45, "Received shipment from warehouse")
    assert (stock.vendor, stock.product_id, stock.sku, stock.available) == (
        "techparts", GPU, GPU_SKU, 45,
    )  # fmt: skip
    assert await _stocks(http, GPU) == [45]
    await adapter.set_inventory(GPU_SKU, 0, None)
    assert (await read_product(http, GPU))["in_stock"] is False


@pytest.mark.parametrize(
    ("quantity", "reason", "field"),
    [(-1, None, "quantity"), (10000, None, "quantity"), (5, "x" * 201, "reason")],
)
async def test_stock_outside_the_documented_limits_is_refused_before_any_call(
    adapter: TechPartsAdapter,
    sandbox: SandboxAddress,
    quantity: int,
    reason: str | None,
    field: str,
) -> None:
    with pytest.raises(GatewayError) as caught:
        await adapter.set_inventory(GPU_SKU, quantity, reason)
    assert (caught.value.code, caught.value.field) == (Code.BAD_USER_INPUT, field)
    assert admin(sandbox, "stats")["total"] == 0


async def test_stock_writes_report_forbidden_and_not_found(
    adapter: TechPartsAdapter, sandbox: SandboxAddress
) -> None:
    async with _adapter(sandbox, READONLY_KEY) as readonly:
        with pytest.raises(GatewayError) as forbidden:
            await readonly.set_inventory(GPU_SKU, 1, None)
    with pytest.raises(GatewayError) as missing:
        await adapter.set_inventory("SKU-NOPE", 1, None)
    assert forbidden.value.code is Code.FORBIDDEN
    assert "inventory:write" in forbidden.value.message
    assert missing.value.code is Code.NOT_FOUND


async def test_operations_techparts_lacks_are_unsupported(adapter: TechPartsAdapter) -> None:
    calls: list[Callable[[], Awaitable[object]]] = [
        lambda: adapter.fetch_customers(["CUST-789012"]),
        lambda: adapter.fetch_orders(["ORD-2024-98765"]),
        lambda: adapter.list_products(ProductQuery(), 0, 10),
        lambda: adapter.cancel_order("ORD-2024-98765", None),
        lambda: adapter.adjust_inventory(GPU, 1, None, None),
        lambda: adapter.fetch_inventory_by_sku([GPU_SKU]),
    ]
    for call in calls:
        with pytest.raises(GatewayError) as caught:
            await call()
        assert caught.value.code is Code.UNSUPPORTED


async def test_a_bad_key_is_unauthenticated_and_never_echoed(sandbox: SandboxAddress) -> None:
    secret = "tp_live_secret_value"
    async with _adapter(sandbox, secret) as adapter:
        found = await adapter.fetch_products([GPU])
    error = found[GPU]
    assert isinstance(error, GatewayError)
    assert error.code is Code.UNAUTHENTICATED
    assert error.upstream_status == 401
    assert secret not in repr(error.extensions()) + error.message


async def test_a_429_is_rate_limited_with_retry_after() -> None:
    with running_sandbox("techparts", rate_limit=1, rate_window_s=30) as address:
        async with _adapter(address) as adapter:
            await adapter.fetch_products([CHEAP_RAM])
            found = await adapter.fetch_products([GPU])
    error = found[GPU]
    assert isinstance(error, GatewayError)
    assert error.code is Code.RATE_LIMITED
    assert error.retry_after is not None and 0 < error.retry_after <= 30


async def test_a_503_is_upstream_unavailable() -> None:
    with running_sandbox("techparts", fault_rate=1.0, fault_kinds=["503"]) as address:
        async with _adapter(address) as adapter:
            found = await adapter.fetch_inventory([GPU])
            with pytest.raises(GatewayError) as caught:
                await adapter.set_inventory(GPU_SKU, 1, None)
    error = found[GPU]
    assert isinstance(error, GatewayError) and error.code is Code.UPSTREAM_UNAVAILABLE
    assert caught.value.code is Code.UPSTREAM_UNAVAILABLE
