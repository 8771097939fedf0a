"""The Adapter contract every vendor folder implements, and mapping helpers they share."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from vendorgraph.domain import (
    Address,
    Customer,
    CustomerInput,
    CustomerQuery,
    Inventory,
    Money,
    Order,
    OrderInput,
    OrderQuery,
    OrderStatus,
    Page,
    Product,
    ProductQuery,
    Shipment,
)
from vendorgraph.errors import Code, FieldIssue, GatewayError, unsupported
from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.dialect import VendorDialect

T = TypeVar("T")
Found = Mapping[str, T | GatewayError]
"""A batch answer: vendor id → record, or that id's own error; missing ids were not found."""


class Capability(StrEnum):
    """An operation an adapter can perform; the GraphQL layer checks it before asking."""

    CUSTOMER_GET = "customer.get"
    CUSTOMER_LIST = "customer.list"
    CUSTOMER_ORDERS = "customer.orders"
    ORDER_GET = "order.get"
    ORDER_LIST = "order.list"
    PRODUCT_GET = "product.get"
    PRODUCT_LIST = "product.list"
    INVENTORY_BY_PRODUCT = "inventory.byProduct"
    INVENTORY_BY_SKU = "inventory.bySku"
    CUSTOMER_CREATE = "customer.create"
    CUSTOMER_UPDATE = "customer.update"
    CUSTOMER_DELETE = "customer.delete"
    ADDRESS_ADD = "address.add"
    ADDRESS_UPDATE = "address.update"
    ADDRESS_DELETE = "address.delete"
    ORDER_CREATE = "order.create"
    ORDER_CANCEL = "order.cancel"
    ORDER_UPDATE_STATUS = "order.updateStatus"
    INVENTORY_ADJUST = "inventory.adjust"
    INVENTORY_SET = "inventory.set"


class Adapter:
    """Maps the domain onto one vendor's REST API. Every operation is unsupported until overridden.

    Batch methods (`fetch_*`) take vendor ids and answer a mapping; an id missing from it was not
    found. List methods take an offset and a limit (≤ 100) and answer one Page in the vendor's
    own stable order.
    """

    vendor: ClassVar[str]
    capabilities: ClassVar[frozenset[Capability]] = frozenset()
    answered_by: ClassVar[Mapping[Capability, Capability]] = {}
    """Reads whose records arrive inside another read's response: `{INVENTORY_BY_PRODUCT:
    PRODUCT_GET}` says a product response carries its stock, so the gateway loads the product
    once and asks `derive` for the stock instead of calling the vendor twice."""
    bulk_limit: ClassVar[Mapping[Capability, int]] = {}
    """Reads one call answers for up to N ids (a bulk endpoint); any other read costs a call
    per id. With `answered_by`, the cost model the bench computes minimum call counts from."""
    list_page_limit: ClassVar[int | None] = None
    """Lists paged by page/limit: the largest page the vendor serves (an offset/limit window is
    never split). None: lists take offset and limit, so any window is one call."""

    def derive(self, capability: Capability, record: Any) -> Any:
        """The record `capability` asks for, taken from the record of the read that answers it."""
        raise unsupported(self.vendor, capability.value)

    def __init__(self, client: VendorClient) -> None:
        self.client = client

    async def fetch_customers(self, ids: Sequence[str]) -> Found[Customer]:
        """Customers by vendor id."""
        raise unsupported(self.vendor, Capability.CUSTOMER_GET)

    async def fetch_orders(self, ids: Sequence[str]) -> Found[Order]:
        """Orders by vendor id."""
        raise unsupported(self.vendor, Capability.ORDER_GET)

    async def fetch_products(self, ids: Sequence[str]) -> Found[Product]:
        """Products by vendor id."""
        raise unsupported(self.vendor, Capability.PRODUCT_GET)

    async def fetch_inventory(self, product_ids: Sequence[str]) -> Found[Inventory]:
        """Stock by vendor product id."""
        raise unsupported(self.vendor, Capability.INVENTORY_BY_PRODUCT)

    async def fetch_inventory_by_sku(self, skus: Sequence[str]) -> Found[Inventory]:
        """Stock by SKU."""
        raise unsupported(self.vendor, Capability.INVENTORY_BY_SKU)

    async def list_customers(self, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        """One page of customers matching the query."""
        raise unsupported(self.vendor, Capability.CUSTOMER_LIST)

    async def list_orders(self, query: OrderQuery, offset: int, limit: int) -> Page[Order]:
        """One page of orders; with `query.customer_id`, that customer's orders."""
        raise unsupported(self.vendor, Capability.ORDER_LIST)

    async def list_products(self, query: ProductQuery, offset: int, limit: int) -> Page[Product]:
        """One page of products matching the query."""
        raise unsupported(self.vendor, Capability.PRODUCT_LIST)

    # Writes. Each raises GatewayError: BAD_USER_INPUT with `details` naming the unified input
    # fields (customer.email, items[0].quantity, ...), NOT_FOUND, CONFLICT, or an upstream code.

    def check_customer(self, data: CustomerInput, *, creating: bool) -> list[FieldIssue]:
        """Problems the vendor's documented limits reveal before any call (empty: none)."""
        return []

    def check_order(self, data: OrderInput) -> list[FieldIssue]:
        """Problems with an order the vendor's documented limits reveal before any call."""
        return []

    def check_inventory(self, quantity: int, *, absolute: bool) -> list[FieldIssue]:
        """Problems with a stock quantity (absolute) or delta the vendor's limits reveal."""
        return []

    async def create_customer(self, data: CustomerInput) -> Customer:
        """Create a customer and return it as stored."""
        raise unsupported(self.vendor, Capability.CUSTOMER_CREATE)

    async def update_customer(self, vendor_id: str, data: CustomerInput) -> Customer:
        """Change the given fields of a customer and return it as stored."""
        raise unsupported(self.vendor, Capability.CUSTOMER_UPDATE)

    async def delete_customer(self, vendor_id: str) -> None:
        """Delete a customer."""
        raise unsupported(self.vendor, Capability.CUSTOMER_DELETE)

    async def add_address(self, customer_id: str, address: Address) -> Customer:
        """Add an address to a customer; return the customer as stored."""
        raise unsupported(self.vendor, Capability.ADDRESS_ADD)

    async def update_address(self, customer_id: str, address: Address) -> Customer:
        """Replace the address with `address.id`; return the customer as stored."""
        raise unsupported(self.vendor, Capability.ADDRESS_UPDATE)

    async def delete_address(self, customer_id: str, address_id: str) -> Customer:
        """Remove an address; return the customer as stored."""
        raise unsupported(self.vendor, Capability.ADDRESS_DELETE)

    async def create_order(self, data: OrderInput, idempotency_key: str | None) -> Order:
        """Create an order; pass the key on where the vendor honours one."""
        raise unsupported(self.vendor, Capability.ORDER_CREATE)

    async def cancel_order(self, vendor_id: str, reason: str | None) -> Order:
        """Cancel an order and return it as the vendor reports it."""
        raise unsupported(self.vendor, Capability.ORDER_CANCEL)

    async def update_order_status(
        self, vendor_id: str, status: OrderStatus, note: str | None
    ) -> Order:
        """Move an order to a new status."""
        raise unsupported(self.vendor, Capability.ORDER_UPDATE_STATUS)

    async def adjust_inventory(
        self, product_id: str, delta: int, reason: str | None, location: str | None
    ) -> Inventory:
        """Change stock by a delta."""
        raise unsupported(self.vendor, Capability.INVENTORY_ADJUST)

    async def set_inventory(self, sku: str, quantity: int, reason: str | None) -> Inventory:
        """Set stock of a SKU to an absolute quantity."""
        raise unsupported(self.vendor, Capability.INVENTORY_SET)


@dataclass(frozen=True, slots=True)
class VendorPlugin:
    """Everything the gateway knows about one vendor: declared once, in its folder's __init__."""

    name: str
    rank: int
    title: str
    base_path: str
    demo_key: str
    dialect: VendorDialect
    adapter: type[Adapter]
    sandbox: Callable[..., Any]
    """`sandbox(options: SandboxOptions) -> Starlette`: the vendor's API as documented."""


async def fetch_each(
    ids: Sequence[str], fetch_one: Callable[[str], Awaitable[T | None]]
) -> dict[str, T | GatewayError]:
    """Fetch ids one call each, concurrently (the client bounds how many at once).

    A NOT_FOUND leaves the id out; any other failure is kept for that id alone.
    """
    unique = list(dict.fromkeys(ids))
    results = await asyncio.gather(*(fetch_one(i) for i in unique), return_exceptions=True)
    found: dict[str, T | GatewayError] = {}
    for key, result in zip(unique, results, strict=True):
        if isinstance(result, GatewayError):
            if result.code is not Code.NOT_FOUND:
                found[key] = result
        elif isinstance(result, BaseException):
            raise result
        elif result is not None:
            found[key] = result
    return found


def parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 timestamp (with `Z` or an offset, or naive meaning UTC), else None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def decimal_or_none(value: Any) -> Decimal | None:
    """A vendor number as an exact Decimal (via its text, so 49.99 stays 49.99)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def cents_to_units(value: Any) -> Decimal | None:
    """An integer amount in cents as decimal units."""
    amount = decimal_or_none(value)
    return None if amount is None else amount / 100


def int_or_none(value: Any) -> int | None:
    """A vendor integer, or None when absent or not a whole number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return int(number) if number == number.to_integral_value() else None


def text_or_none(value: Any) -> str | None:
    """A vendor string, or None when absent or empty."""
    return str(value) if value not in (None, "") else None


def shipment_fields(record: Mapping[str, Any]) -> Shipment:
    """A shipment from the field names TechCorp and E-Commerce both document."""
    return Shipment(
        carrier=text_or_none(record.get("carrier")),
        tracking_number=text_or_none(record.get("tracking_number")),
        shipped_at=parse_datetime(record.get("shipped_at")),
        estimated_delivery=parse_datetime(record.get("estimated_delivery")),
    )


def shipment_or_none(record: Mapping[str, Any]) -> Shipment | None:
    """The shipment fields a record carries inline, or None when it carries none of them."""
    shipment = shipment_fields(record)
    return None if shipment == Shipment() else shipment


def money(value: Any, currency: Any = "USD") -> Money | None:
    """A decimal-units vendor amount as Money (USD when the vendor names no currency)."""
    amount = decimal_or_none(value)
    if amount is None:
        return None
    return Money(amount=amount, currency=str(currency or "USD").upper())
