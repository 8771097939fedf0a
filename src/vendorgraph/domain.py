"""Vendor-neutral records: what adapters produce and the GraphQL layer serves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class OrderStatus(Enum):
    """The normalised order lifecycle; each adapter maps its vendor's words onto it."""

    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"
    REFUNDED = "REFUNDED"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in decimal units (never cents) and an ISO 4217 currency code."""

    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address a customer keeps with a vendor."""

    id: str | None = None
    type: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    is_default: bool = False


@dataclass(frozen=True, slots=True)
class OrderItem:
    """One line of an order."""

    product_id: str | None
    quantity: int | None = None
    unit_price: Money | None = None
    total: Money | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Shipment:
    """Where an order is on its way to the customer."""

    carrier: str | None = None
    tracking_number: str | None = None
    shipped_at: datetime | None = None
    estimated_delivery: datetime | None = None


@dataclass(frozen=True, slots=True)
class Order:
    """An order as one vendor knows it; fields the vendor does not report stay None."""

    vendor: str
    vendor_id: str
    status: OrderStatus = OrderStatus.UNKNOWN
    vendor_status: str | None = None
    customer_id: str | None = None
    items: tuple[OrderItem, ...] | None = None
    subtotal: Money | None = None
    tax: Money | None = None
    shipping: Money | None = None
    total: Money | None = None
    shipment: Shipment | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Customer:
    """A customer as one vendor knows it.

    `orders` holds the orders a vendor embeds in the customer record itself (None when it does
    not), so the gateway can answer `Customer.orders` without another call.
    """

    vendor: str
    vendor_id: str
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    phone: str | None = None
    status: str | None = None
    segment: str | None = None
    tags: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    lifetime_value: Money | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    orders: tuple[Order, ...] | None = None


@dataclass(frozen=True, slots=True)
class Product:
    """A catalogue product as one vendor knows it."""

    vendor: str
    vendor_id: str
    sku: str | None = None
    name: str | None = None
    description: str | None = None
    price: Money | None = None
    status: str | None = None
    categories: tuple[str, ...] = ()
    manufacturer: str | None = None
    specifications: dict[str, Any] = field(default_factory=dict)
    variants: tuple[dict[str, Any], ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    stock: Inventory | None = None
    """Stock the vendor reports inside the product record itself, if it does."""


@dataclass(frozen=True, slots=True)
class InventoryLocation:
    """Stock held at one warehouse or location."""

    location: str
    available: int | None = None
    reserved: int | None = None


@dataclass(frozen=True, slots=True)
class Inventory:
    """Stock of one product at one vendor."""

    vendor: str
    product_id: str | None
    sku: str | None = None
    available: int | None = None
    reserved: int | None = None
    status: str | None = None
    locations: tuple[InventoryLocation, ...] = ()
    restock_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class CustomerQuery:
    """Filters for listing customers; None means no filter."""

    search: str | None = None
    status: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class OrderQuery:
    """Filters for listing orders; `customer_id` is the vendor's own customer id."""

    customer_id: str | None = None
    status: OrderStatus | None = None


@dataclass(frozen=True, slots=True)
class ProductQuery:
    """Filters for listing products."""

    search: str | None = None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One slice of a vendor's list: the records from `offset`, the total if the vendor says it."""

    items: list[T]
    total: int | None
    has_more: bool


@dataclass(frozen=True, slots=True)
class CustomerInput:
    """A customer to create, or (for updates) the fields to change; None leaves a field alone."""

    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    segment: str | None = None
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class OrderLineInput:
    """One line of an order to create; `unit_price` only where the vendor takes prices."""

    product_id: str
    quantity: int
    unit_price: Money | None = None


@dataclass(frozen=True, slots=True)
class OrderInput:
    """An order to create at one vendor; ids are that vendor's own."""

    customer_id: str
    items: tuple[OrderLineInput, ...]
    shipping_address: Address | None = None
    shipping_address_id: str | None = None
    payment_method: str | None = None
    shipping_method: str | None = None
    notes: str | None = None
