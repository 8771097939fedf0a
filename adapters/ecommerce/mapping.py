"""E-Commerce JSON ⇄ domain records: lenient readers of vendor records, request-body writers."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from vendorgraph.adapters.base import (
    cents_to_units,
    decimal_or_none,
    int_or_none,
    parse_datetime,
    shipment_fields,
    text_or_none,
)
from vendorgraph.domain import (
    Address,
    Customer,
    CustomerInput,
    Inventory,
    InventoryLocation,
    Money,
    Order,
    OrderInput,
    OrderItem,
    OrderStatus,
    Product,
    Shipment,
)

VENDOR = "ecommerce"
STATUS_FROM_VENDOR: Mapping[str, OrderStatus] = {
    "pending": OrderStatus.PENDING,
    "processing": OrderStatus.PROCESSING,
    "shipped": OrderStatus.SHIPPED,
    "delivered": OrderStatus.DELIVERED,
    "cancelled": OrderStatus.CANCELLED,
    "canceled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.REFUNDED,
}
STATUS_TO_VENDOR: Mapping[OrderStatus, str] = {
    OrderStatus.PENDING: "pending",
    OrderStatus.PROCESSING: "processing",
    OrderStatus.SHIPPED: "shipped",
    OrderStatus.DELIVERED: "delivered",
    OrderStatus.CANCELLED: "cancelled",
}
HISTORY_KEYS = ("order_history", "order_summary", "orders_summary", "order_history_summary")
ENVELOPE_KEYS = ("data", "customer", "order", "product", "inventory", "address")
Json = dict[str, Any]


def unwrap(body: Any) -> Json:
    """The record itself, whether sent bare or inside a `data` (or named) envelope."""
    if not isinstance(body, dict):
        return {}
    for key in ENVELOPE_KEYS:
        inner = body.get(key)
        if isinstance(inner, dict) and "id" not in body and "product_id" not in body:
            return inner
    return body


def rows(body: Any) -> list[Json]:
    """The records of a list response (`data`, or a bare array)."""
    listed = body.get("data") if isinstance(body, dict) else body
    return [r for r in listed if isinstance(r, dict)] if isinstance(listed, list) else []


def _money(raw: Mapping[str, Any], name: str, currency: Any) -> Money | None:
    """`name` in decimal units, or `name_cents` in integer cents, as Money."""
    code = str(currency or "USD").upper()
    units = decimal_or_none(raw.get(name))
    if units is None:
        units = cents_to_units(raw.get(f"{name}_cents"))
    return None if units is None else Money(units, code)


def _first(raw: Mapping[str, Any], *names: str) -> Any:
    return next((raw[n] for n in names if raw.get(n) not in (None, "")), None)


def to_address(raw: Mapping[str, Any]) -> Address:
    """A customer address; `zip`, `postal_code` and `postcode` all read as the postal code."""
    return Address(
        id=text_or_none(raw.get("id")),
        type=text_or_none(raw.get("type")),
        street=text_or_none(_first(raw, "street", "address1", "line1")),
        city=text_or_none(raw.get("city")),
        state=text_or_none(raw.get("state")),
        postal_code=text_or_none(_first(raw, "zip", "postal_code", "postcode")),
        country=text_or_none(raw.get("country")),
        is_default=raw.get("is_default") is True or raw.get("default") is True,
    )


def to_customer(raw: Mapping[str, Any]) -> Customer:
    """A customer; GET by id adds the order history summary, read as the lifetime value."""
    summaries = (raw[k] for k in HISTORY_KEYS if isinstance(raw.get(k), dict))
    history: Mapping[str, Any] = next(summaries, {})
    addresses = raw.get("addresses")
    tags = raw.get("tags")
    return Customer(
        vendor=VENDOR,
        vendor_id=str(raw["id"]),
        email=text_or_none(raw.get("email")),
        first_name=text_or_none(raw.get("first_name")),
        last_name=text_or_none(raw.get("last_name")),
        phone=text_or_none(raw.get("phone")),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        addresses=tuple(to_address(a) for a in addresses if isinstance(a, dict))
        if isinstance(addresses, list)
        else (),
        lifetime_value=_money(history, "total_spent", history.get("currency")),
        created_at=parse_datetime(raw.get("created_at")),
        updated_at=parse_datetime(raw.get("updated_at")),
    )


def to_order_item(raw: Mapping[str, Any], currency: Any) -> OrderItem:
    """One order line: unit `price` and line `total` in decimal units."""
    return OrderItem(
        product_id=text_or_none(raw.get("product_id")),
        quantity=int_or_none(raw.get("quantity")),
        unit_price=_money(raw, "price", currency) or _money(raw, "unit_price", currency),
        total=_money(raw, "total", currency),
        name=text_or_none(raw.get("name")),
    )


def to_shipment(raw: Mapping[str, Any]) -> Shipment | None:
    """Tracking details of a shipped order, if the order carries any."""
    tracking = next(
        (raw[k] for k in ("tracking", "shipment") if isinstance(raw.get(k), dict)), None
    )
    return None if tracking is None else shipment_fields(tracking)


def to_order(raw: Mapping[str, Any]) -> Order:
    """An order; money in decimal units (a `*_cents` field is converted), status normalised."""
    currency = raw.get("currency")
    items = raw.get("items")
    status = text_or_none(raw.get("status"))
    return Order(
        vendor=VENDOR,
        vendor_id=str(raw["id"]),
        status=STATUS_FROM_VENDOR.get((status or "").lower(), OrderStatus.UNKNOWN),
        vendor_status=status,
        customer_id=text_or_none(raw.get("customer_id")),
        items=tuple(to_order_item(i, currency) for i in items if isinstance(i, dict))
        if isinstance(items, list)
        else None,
        subtotal=_money(raw, "subtotal", currency),
        tax=_money(raw, "tax", currency),
        shipping=_money(raw, "shipping", currency),
        total=_money(raw, "total", currency),
        shipment=to_shipment(raw),
        created_at=parse_datetime(raw.get("created_at")),
        updated_at=parse_datetime(raw.get("updated_at")),
    )


def _category(value: Any) -> str | None:
    if isinstance(value, dict):
        return text_or_none(value.get("slug") or value.get("name"))
    return text_or_none(value)


def to_product(raw: Mapping[str, Any]) -> Product:
    """A product; its price is in decimal units, variants are kept as the vendor sent them."""
    categories = raw.get("categories")
    variants = raw.get("variants")
    names = [_category(c) for c in categories] if isinstance(categories, list) else []
    return Product(
        vendor=VENDOR,
        vendor_id=str(raw["id"]),
        sku=text_or_none(raw.get("sku")),
        name=text_or_none(raw.get("name")),
        description=text_or_none(raw.get("description")),
        price=_money(raw, "price", raw.get("currency")),
        status=text_or_none(raw.get("status")),
        categories=tuple(n for n in names if n),
        variants=tuple(dict(v) for v in variants if isinstance(v, dict))
        if isinstance(variants, list)
        else (),
        created_at=parse_datetime(raw.get("created_at")),
        updated_at=parse_datetime(raw.get("updated_at")),
    )


def to_inventory(raw: Mapping[str, Any], product_id: str, sku: str | None = None) -> Inventory:
    """Stock of one product: totals plus one row per warehouse."""
    locations = raw.get("locations")
    return Inventory(
        vendor=VENDOR,
        product_id=text_or_none(raw.get("product_id")) or product_id,
        sku=sku,
        available=int_or_none(_first(raw, "total_available", "available")),
        reserved=int_or_none(_first(raw, "total_reserved", "reserved")),
        locations=tuple(
            InventoryLocation(
                location=str(_first(row, "warehouse_id", "location", "location_id")),
                available=int_or_none(row.get("available")),
                reserved=int_or_none(row.get("reserved")),
            )
            for row in locations
            if isinstance(row, dict) and _first(row, "warehouse_id", "location", "location_id")
        )
        if isinstance(locations, list)
        else (),
    )


def customer_body(data: CustomerInput) -> Json:
    """The POST/PUT customer body: only the fields given (PUT is a partial update)."""
    fields = {
        "email": data.email,
        "first_name": data.first_name,
        "last_name": data.last_name,
        "phone": data.phone,
        "tags": list(data.tags) if data.tags is not None else None,
    }
    return {k: v for k, v in fields.items() if v is not None}


def address_body(address: Address) -> Json:
    """An address body; the postal code goes as `zip` and `postal_code` (the doc names neither
    for addresses; its only example elsewhere says `zip`)."""
    fields = {
        "type": address.type,
        "street": address.street,
        "city": address.city,
        "state": address.state,
        "zip": address.postal_code,
        "postal_code": address.postal_code,
        "country": address.country,
    }
    return {k: v for k, v in fields.items() if v is not None}


def _price(value: Money | None) -> float | None:
    return None if value is None else float(value.amount.quantize(Decimal("0.01")))


def order_body(data: OrderInput, shipping_address: Address | None) -> Json:
    """The POST /orders body; `notes` has no documented field and is not sent."""
    items = [
        {
            k: v
            for k, v in {
                "product_id": line.product_id,
                "quantity": line.quantity,
                "price": _price(line.unit_price),
            }.items()
            if v is not None
        }
        for line in data.items
    ]
    body: Json = {"customer_id": data.customer_id, "items": items}
    optional = {
        "shipping_address": address_body(shipping_address) if shipping_address else None,
        "payment_method": data.payment_method,
        "shipping_method": data.shipping_method,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    return body
