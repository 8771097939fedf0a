"""TechCorp JSON → domain records, and domain inputs → TechCorp request bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vendorgraph.adapters.base import (
    int_or_none,
    money,
    parse_datetime,
    shipment_or_none,
    text_or_none,
)
from vendorgraph.domain import (
    Address,
    Customer,
    CustomerInput,
    Inventory,
    InventoryLocation,
    Order,
    OrderInput,
    OrderItem,
    OrderStatus,
    Product,
)

VENDOR = "techcorp"
ORDER_STATUSES: Mapping[str, OrderStatus] = {  # doc 5.2.2 "Order Status Values"
    "pending": OrderStatus.PENDING,
    "processing": OrderStatus.PROCESSING,
    "shipped": OrderStatus.SHIPPED,
    "delivered": OrderStatus.DELIVERED,
    "cancelled": OrderStatus.CANCELLED,
    "canceled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.REFUNDED,
}
ORDER_META_KEYS = ("created_at", "updated_at", "estimated_delivery")
INVENTORY_META_KEYS = ("restock_date", "status")
CUSTOMER_TEXT = ("email", "first_name", "last_name", "phone")


def is_record(body: Any, key: str = "id") -> bool:
    """True for a JSON object carrying the given id field."""
    return isinstance(body, Mapping) and body.get(key) not in (None, "")


def customer(body: Mapping[str, Any]) -> Customer:
    """A customer from doc 5.1.1's record (any field may be missing)."""
    first, last = text_or_none(body.get("first_name")), text_or_none(body.get("last_name"))
    metadata = body.get("metadata")
    segment = metadata.get("tier") if isinstance(metadata, Mapping) else None
    addresses = body.get("addresses")
    return Customer(
        vendor=VENDOR,
        vendor_id=str(body["id"]),
        email=text_or_none(body.get("email")),
        first_name=first,
        last_name=last,
        full_name=" ".join(p for p in (first, last) if p) or None,
        phone=text_or_none(body.get("phone")),
        status=text_or_none(body.get("status")),
        segment=text_or_none(segment),
        addresses=tuple(address(a) for a in addresses or () if isinstance(a, Mapping)),
        lifetime_value=money(body.get("lifetime_value"), body.get("currency") or "USD"),
        created_at=parse_datetime(body.get("created_at")),
        updated_at=parse_datetime(body.get("updated_at")),
    )


def address(body: Mapping[str, Any]) -> Address:
    """A customer address."""
    return Address(
        id=text_or_none(body.get("id")),
        type=text_or_none(body.get("type")),
        street=text_or_none(body.get("street")),
        city=text_or_none(body.get("city")),
        state=text_or_none(body.get("state")),
        postal_code=text_or_none(body.get("postal_code")),
        country=text_or_none(body.get("country")),
        is_default=body.get("is_default") is True,
    )


def order(body: Mapping[str, Any]) -> Order:
    """An order from the status view (doc 5.2.2) or the full create response (doc 5.2.1)."""
    flat, lines = _split_rows(body, "items", ("product_id", "quantity"), ORDER_META_KEYS)
    currency = flat.get("currency") or "USD"
    word = text_or_none(flat.get("status"))
    return Order(
        vendor=VENDOR,
        vendor_id=str(flat["id"]),
        status=ORDER_STATUSES.get((word or "").lower(), OrderStatus.UNKNOWN),
        vendor_status=word,
        customer_id=text_or_none(flat.get("customer_id")),
        items=None if lines is None else tuple(item(i, currency) for i in lines),
        subtotal=money(flat.get("subtotal"), currency),
        tax=money(flat.get("tax"), currency),
        shipping=money(flat.get("shipping"), currency),
        total=money(flat.get("total"), currency),
        shipment=shipment_or_none(flat),
        created_at=parse_datetime(flat.get("created_at")),
        updated_at=parse_datetime(flat.get("updated_at")),
    )


def _split_rows(
    body: Mapping[str, Any], list_key: str, row_markers: tuple[str, ...], meta_keys: tuple[str, ...]
) -> tuple[dict[str, Any], list[Mapping[str, Any]] | None]:
    """The record's own fields and the rows of one of its lists.

    Several doc examples leave a list unclosed (`items` in 5.2.1, `warehouses` in 5.3.1), so the
    record's trailing fields appear as one more element of it; such an element is read as fields
    of the record.
    """
    flat = dict(body)
    raw = body.get(list_key)
    if not isinstance(raw, list):
        return flat, None
    rows: list[Mapping[str, Any]] = []
    for entry in raw:
        if not isinstance(entry, Mapping):
            continue
        if any(marker in entry for marker in row_markers):
            rows.append(entry)
        else:
            flat.update({k: entry[k] for k in meta_keys if k in entry and k not in body})
    return flat, rows


def item(body: Mapping[str, Any], currency: str) -> OrderItem:
    """One order line."""
    return OrderItem(
        product_id=text_or_none(body.get("product_id")),
        quantity=int_or_none(body.get("quantity")),
        unit_price=money(body.get("unit_price"), currency),
        total=money(body.get("total"), currency),
        name=text_or_none(body.get("product_name") or body.get("name")),
    )


def inventory(body: Mapping[str, Any]) -> Inventory:
    """Stock from doc 5.3.1's record; each warehouse becomes a location."""
    flat, warehouses = _split_rows(body, "warehouses", ("location",), INVENTORY_META_KEYS)
    return Inventory(
        vendor=VENDOR,
        product_id=text_or_none(flat.get("product_id")),
        sku=text_or_none(flat.get("sku")),
        available=int_or_none(flat.get("available_quantity")),
        reserved=int_or_none(flat.get("reserved_quantity")),
        status=text_or_none(flat.get("status")),
        locations=tuple(
            InventoryLocation(str(w["location"]), available=int_or_none(w.get("quantity")))
            for w in warehouses or ()
            if w.get("location") is not None
        ),
        restock_date=parse_datetime(flat.get("restock_date")),
    )


def product(body: Mapping[str, Any]) -> Product:
    """The little TechCorp says of a product: its id and SKU, from the inventory record."""
    return Product(
        vendor=VENDOR, vendor_id=str(body["product_id"]), sku=text_or_none(body.get("sku"))
    )


def product_of_stock(stock: Inventory) -> Product:
    """The same little, taken from an inventory record already mapped."""
    return Product(vendor=VENDOR, vendor_id=str(stock.product_id), sku=stock.sku)


def customer_body(data: CustomerInput) -> dict[str, Any]:
    """The fields of a create or PATCH body (doc 5.1.2/5.1.3); None fields are left out."""
    body: dict[str, Any] = {
        name: getattr(data, name) for name in CUSTOMER_TEXT if getattr(data, name) is not None
    }
    if data.segment is not None:
        body["metadata"] = {"tier": data.segment}
    return body


def order_body(data: OrderInput) -> dict[str, Any]:
    """A doc 5.2.1 order body; unit prices are sent when given."""
    lines = [
        {
            "product_id": line.product_id,
            "quantity": line.quantity,
            **({} if line.unit_price is None else {"unit_price": float(line.unit_price.amount)}),
        }
        for line in data.items
    ]
    address_id = data.shipping_address_id or (
        data.shipping_address.id if data.shipping_address else None
    )
    optional = {
        "shipping_address_id": address_id,
        "payment_method": data.payment_method,
        "shipping_method": data.shipping_method,
        "notes": data.notes,
    }
    return {
        "customer_id": data.customer_id,
        "items": lines,
        **{k: v for k, v in optional.items() if v is not None},
    }
