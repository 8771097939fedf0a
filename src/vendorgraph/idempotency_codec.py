"""A JSON codec for a domain `Order`, so a write's result can be replayed from a shared store."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from vendorgraph.domain import Money, Order, OrderItem, OrderStatus, Shipment

Json = dict[str, Any]


def _money_out(value: Money | None) -> Json | None:
    if value is None:
        return None
    return {"amount": str(value.amount), "currency": value.currency}


def _money_in(data: Json | None) -> Money | None:
    if data is None:
        return None
    return Money(Decimal(data["amount"]), data["currency"])


def _time_out(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _time_in(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _item_out(item: OrderItem) -> Json:
    return {
        "product_id": item.product_id,
        "quantity": item.quantity,
        "unit_price": _money_out(item.unit_price),
        "total": _money_out(item.total),
        "name": item.name,
    }


def _item_in(data: Json) -> OrderItem:
    return OrderItem(
        product_id=data["product_id"],
        quantity=data["quantity"],
        unit_price=_money_in(data["unit_price"]),
        total=_money_in(data["total"]),
        name=data["name"],
    )


def _shipment_out(value: Shipment | None) -> Json | None:
    if value is None:
        return None
    return {
        "carrier": value.carrier,
        "tracking_number": value.tracking_number,
        "shipped_at": _time_out(value.shipped_at),
        "estimated_delivery": _time_out(value.estimated_delivery),
    }


def _shipment_in(data: Json | None) -> Shipment | None:
    if data is None:
        return None
    return Shipment(
        carrier=data["carrier"],
        tracking_number=data["tracking_number"],
        shipped_at=_time_in(data["shipped_at"]),
        estimated_delivery=_time_in(data["estimated_delivery"]),
    )


class OrderCodec:
    """Order ⇄ JSON-ready dict: Decimal amounts as strings (exact), datetimes as ISO 8601 with
    their offset, the status by its enum value, items as a list (None stays None)."""

    def encode(self, order: Order) -> Json:
        """The order as plain JSON values."""
        return {
            "vendor": order.vendor,
            "vendor_id": order.vendor_id,
            "status": order.status.value,
            "vendor_status": order.vendor_status,
            "customer_id": order.customer_id,
            "items": None if order.items is None else [_item_out(i) for i in order.items],
            "subtotal": _money_out(order.subtotal),
            "tax": _money_out(order.tax),
            "shipping": _money_out(order.shipping),
            "total": _money_out(order.total),
            "shipment": _shipment_out(order.shipment),
            "created_at": _time_out(order.created_at),
            "updated_at": _time_out(order.updated_at),
        }

    def decode(self, data: Json) -> Order:
        """The order `encode` was given."""
        items = data["items"]
        return Order(
            vendor=data["vendor"],
            vendor_id=data["vendor_id"],
            status=OrderStatus(data["status"]),
            vendor_status=data["vendor_status"],
            customer_id=data["customer_id"],
            items=None if items is None else tuple(_item_in(i) for i in items),
            subtotal=_money_in(data["subtotal"]),
            tax=_money_in(data["tax"]),
            shipping=_money_in(data["shipping"]),
            total=_money_in(data["total"]),
            shipment=_shipment_in(data["shipment"]),
            created_at=_time_in(data["created_at"]),
            updated_at=_time_in(data["updated_at"]),
        )


ORDER_CODEC = OrderCodec()
