"""Translates TechParts JSON to domain records and back: products, stock, orders, error bodies."""

from __future__ import annotations

import re
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
    Inventory,
    Order,
    OrderInput,
    OrderItem,
    OrderStatus,
    Product,
)
from vendorgraph.errors import Code, FieldIssue, GatewayError
from vendorgraph.upstream.dialect import ErrorInfo

VENDOR = "techparts"

ORDER_STATUSES: Mapping[str, OrderStatus] = {
    "pending": OrderStatus.PENDING,
    "confirmed": OrderStatus.PROCESSING,
    "processing": OrderStatus.PROCESSING,
    "shipped": OrderStatus.SHIPPED,
    "delivered": OrderStatus.DELIVERED,
    "cancelled": OrderStatus.CANCELLED,
    "canceled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.REFUNDED,
}

STOCK_STATUS: Mapping[bool, str] = {True: "in_stock", False: "out_of_stock"}

BUSINESS_CODES: Mapping[str, str] = {
    "insufficient_stock": "INSUFFICIENT_STOCK",
    "out_of_stock": "INSUFFICIENT_STOCK",
}
"""Vendor error words that name a business rule, and the detail code the gateway reports."""

FIELD_NAMES: Mapping[str, str] = {
    "customer_id": "customerId",
    "product_id": "productId",
    "shipping_address": "shippingAddress",
    "zip": "postalCode",
    "zip_code": "postalCode",
    "postal_code": "postalCode",
}
"""TechParts field names whose unified input name differs (the rest are the same word)."""

_FIELD_IN_TEXT = re.compile(r"(?:^|\b[Ff]ield )'([^']+)'")


def unified_field(vendor_field: str | None) -> str | None:
    """`items[0].product_id` → `items[0].productId`: each dotted part through FIELD_NAMES."""
    if not vendor_field:
        return None
    parts = []
    for segment in vendor_field.split("."):
        name, bracket, index = segment.partition("[")
        parts.append(FIELD_NAMES.get(name, name) + bracket + index)
    return ".".join(parts)


def product_from_json(raw: Mapping[str, Any], product_id: str) -> Product:
    """A product from `GET /products/{id}`."""
    currency = raw.get("currency") or "USD"
    category = text_or_none(raw.get("category"))
    specs = raw.get("specifications")
    return Product(
        vendor=VENDOR,
        vendor_id=str(raw.get("id") or product_id),
        sku=text_or_none(raw.get("sku")),
        name=text_or_none(raw.get("name")),
        description=text_or_none(raw.get("description")),
        price=money(raw.get("price"), currency),
        stock=inventory_from_product(raw, product_id),
        categories=(category,) if category else (),
        manufacturer=text_or_none(raw.get("manufacturer")),
        specifications=dict(specs) if isinstance(specs, Mapping) else {},
        created_at=parse_datetime(raw.get("created_at")),
        updated_at=parse_datetime(raw.get("updated_at")),
    )


def inventory_from_product(raw: Mapping[str, Any], product_id: str) -> Inventory:
    """A product's stock, from the `stock` and `in_stock` fields of `GET /products/{id}`."""
    return Inventory(
        vendor=VENDOR,
        product_id=str(raw.get("id") or product_id),
        sku=text_or_none(raw.get("sku")),
        available=int_or_none(raw.get("stock")),
        status=_stock_status(raw),
    )


def inventory_from_update(raw: Mapping[str, Any], sku: str) -> Inventory:
    """Stock after `PATCH /inventory/{sku}`: its `quantity` is the new absolute stock."""
    return Inventory(
        vendor=VENDOR,
        product_id=text_or_none(raw.get("product_id")),
        sku=text_or_none(raw.get("sku")) or sku,
        available=int_or_none(raw.get("quantity")),
        status=_stock_status(raw),
    )


def order_body(data: OrderInput) -> dict[str, Any]:
    """The `POST /orders` body for an order input (TechParts prices the lines itself)."""
    return {
        "customer_id": data.customer_id,
        "items": [{"product_id": i.product_id, "quantity": i.quantity} for i in data.items],
        "shipping_address": address_body(data.shipping_address or Address()),
    }


def address_body(address: Address) -> dict[str, str]:
    """A shipping address in the doc's field names, leaving out what is unknown."""
    fields = {
        "street": address.street,
        "city": address.city,
        "state": address.state,
        "zip": address.postal_code,
        "country": address.country,
    }
    return {name: value for name, value in fields.items() if value is not None}


def order_from_confirmation(raw: Mapping[str, Any], data: OrderInput) -> Order:
    """An order from the `POST /orders` confirmation; lines and customer come from the input
    where the confirmation leaves them out."""
    order_id = text_or_none(raw.get("order_id") or raw.get("id"))
    if order_id is None:
        raise GatewayError(
            Code.UPSTREAM_ERROR, f"{VENDOR} confirmed an order without an id", vendor=VENDOR
        )
    currency = raw.get("currency") or "USD"
    word = text_or_none(raw.get("status"))
    return Order(
        vendor=VENDOR,
        vendor_id=order_id,
        status=ORDER_STATUSES.get((word or "").lower(), OrderStatus.UNKNOWN),
        vendor_status=word,
        customer_id=text_or_none(raw.get("customer_id")) or data.customer_id,
        items=_items(raw.get("items"), currency) or _input_items(data),
        subtotal=money(raw.get("subtotal"), currency),
        tax=money(raw.get("tax"), currency),
        shipping=money(raw.get("shipping"), currency),
        total=money(raw.get("total"), currency),
        shipment=shipment_or_none(raw),
        created_at=parse_datetime(raw.get("created_at")),
        updated_at=parse_datetime(raw.get("updated_at")),
    )


def parse_error(body: Any) -> ErrorInfo:
    """Reads TechParts' flat `{"error": word, "message": …}` and nested or detailed variants."""
    if not isinstance(body, Mapping):
        return ErrorInfo()
    nested = body.get("error")
    source: Mapping[str, Any] = nested if isinstance(nested, Mapping) else body
    word = text_or_none(source.get("code") if source is nested else nested)
    message = text_or_none(source.get("message")) or text_or_none(body.get("message"))
    details = _details(source.get("details", source.get("errors")), word)
    business = BUSINESS_CODES.get((word or "").lower())
    if business and not any(d.code == business for d in details):
        details = (*details, FieldIssue(None, message or word or business, business))
    extra = {k: v for k, v in source.items() if k not in ("error", "code", "message", "details")}
    return ErrorInfo(
        vendor_code=word,
        message=message,
        request_id=text_or_none(source.get("request_id") or source.get("requestId")),
        retry_after=_number(source.get("retry_after")),
        details=details,
        extra=extra,
    )


def _stock_status(raw: Mapping[str, Any]) -> str | None:
    in_stock = raw.get("in_stock")
    return STOCK_STATUS[in_stock] if isinstance(in_stock, bool) else None


def _items(raw: Any, currency: str) -> tuple[OrderItem, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(
        OrderItem(
            product_id=text_or_none(item.get("product_id")),
            quantity=int_or_none(item.get("quantity")),
            unit_price=money(item.get("unit_price", item.get("price")), currency),
            total=money(item.get("total"), currency),
            name=text_or_none(item.get("name") or item.get("product_name")),
        )
        for item in raw
        if isinstance(item, Mapping)
    )


def _input_items(data: OrderInput) -> tuple[OrderItem, ...]:
    return tuple(OrderItem(product_id=i.product_id, quantity=i.quantity) for i in data.items)


def _details(raw: Any, word: str | None) -> tuple[FieldIssue, ...]:
    code = word.upper() if word else None
    if isinstance(raw, Mapping):
        return tuple(_issue_from_pair(k, v, code) for k, v in raw.items())
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return ()
    return tuple(_issue(entry, code) for entry in raw if entry)


def _issue(entry: Any, code: str | None) -> FieldIssue:
    if isinstance(entry, Mapping):
        name = entry.get("field") or entry.get("path") or entry.get("param")
        message = entry.get("issue") or entry.get("message") or entry.get("error") or str(entry)
        return FieldIssue(text_or_none(name), str(message), text_or_none(entry.get("code")) or code)
    text = str(entry)
    found = _FIELD_IN_TEXT.search(text)
    return FieldIssue(found.group(1) if found else None, text, code)


def _issue_from_pair(name: Any, value: Any, code: str | None) -> FieldIssue:
    message = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return FieldIssue(str(name), message, code)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
