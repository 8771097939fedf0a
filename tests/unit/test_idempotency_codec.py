"""The Order codec: an order replayed from a shared store is exactly the order first answered."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from vendorgraph.domain import Money, Order, OrderItem, OrderStatus, Shipment
from vendorgraph.idempotency_codec import ORDER_CODEC

FULL = Order(
    vendor="ecommerce",
    vendor_id="ord_123",
    status=OrderStatus.SHIPPED,
    vendor_status="in_transit",
    customer_id="cus_9",
    items=(
        OrderItem("p1", 2, Money(Decimal("19.990"), "USD"), Money(Decimal("39.98"), "USD"), "Mug"),
        OrderItem(None),
    ),
    subtotal=Money(Decimal("39.98"), "USD"),
    tax=Money(Decimal("3.2984"), "USD"),
    shipping=Money(Decimal("0"), "USD"),
    total=Money(Decimal("43.2784"), "USD"),
    shipment=Shipment(
        "UPS",
        "1Z999",
        datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        datetime(2026, 1, 5, 12, 0, tzinfo=timezone(timedelta(hours=-5))),
    ),
    created_at=datetime(2026, 1, 1, 9, 30, tzinfo=UTC),
    updated_at=datetime(2026, 1, 2, 3, 4, 5),
)


@pytest.mark.parametrize(
    "order",
    [FULL, Order("techcorp", "TC-1"), Order("techparts", "TP-1", items=(), shipment=Shipment())],
    ids=["full", "bare", "empty-items"],
)
def test_an_order_survives_a_json_round_trip_unchanged(order: Order) -> None:
    text = json.dumps(ORDER_CODEC.encode(order))
    assert ORDER_CODEC.decode(json.loads(text)) == order


def test_amounts_keep_their_exact_digits_and_times_their_offset() -> None:
    decoded = ORDER_CODEC.decode(json.loads(json.dumps(ORDER_CODEC.encode(FULL))))
    assert decoded.items is not None and decoded.items[0].unit_price is not None
    assert str(decoded.items[0].unit_price.amount) == "19.990"
    assert decoded.shipment is not None and decoded.shipment.estimated_delivery is not None
    assert decoded.shipment.estimated_delivery.utcoffset() == timedelta(hours=-5)
    assert decoded.status is OrderStatus.SHIPPED
    assert isinstance(decoded.items, tuple)
