"""The TechParts sandbox's in-memory data: products with stock, orders, pricing and seeding."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from vendorgraph.adapters.sandboxkit.seed import iso, rng_for, street_address, timestamp
from vendorgraph.adapters.techparts.catalog import LINES, MAKER_NAMES, Line, Maker, Model

CURRENCY = "USD"
TAX_RATE = Decimal("0.08")
"""Flat sales tax, rounded down to the cent: the doc's example (2149.98 → 171.99) does so."""
FREE_SHIPPING_FROM = Decimal("100.00")
SHIPPING_FEE = Decimal("9.99")
DELIVERY_DAYS = 3
TRACKING_URL = "https://techparts.com/track/{order_id}"
CENT = Decimal("0.01")
CUSTOMER_COUNT = 200
ORDER_COUNT = 500
FIRST_ORDER_NUMBER = 10001
SEEDED_STATUSES = ("pending", "processing", "shipped", "delivered", "cancelled")


@dataclass
class StockedProduct:
    """A catalogue product and its stock, as `GET /products/{id}` shows it."""

    id: str
    sku: str
    name: str
    category: str
    manufacturer: str
    price: Decimal
    stock: int
    specifications: dict[str, Any]
    warranty: str
    created_at: str
    updated_at: str
    currency: str = CURRENCY

    def as_json(self) -> dict[str, Any]:
        """The product body in the doc's field order."""
        return {
            "id": self.id,
            "sku": self.sku,
            "name": self.name,
            "category": self.category,
            "manufacturer": self.manufacturer,
            "price": float(self.price),
            "currency": self.currency,
            "stock": self.stock,
            "in_stock": self.stock > 0,
            "specifications": self.specifications,
            "warranty": self.warranty,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One product ordered, at the price it had when the order was placed."""

    product_id: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    """What an order costs."""

    subtotal: Decimal
    tax: Decimal
    shipping: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class StoredOrder:
    """An order as the sandbox keeps it (no documented endpoint reads it back)."""

    order_id: str
    customer_id: str
    lines: tuple[OrderLine, ...]
    shipping_address: dict[str, Any]
    status: str
    totals: Totals
    created_at: datetime

    def confirmation(self) -> dict[str, Any]:
        """The `POST /orders` response body, as documented."""
        return {
            "order_id": self.order_id,
            "status": self.status,
            "subtotal": float(self.totals.subtotal),
            "tax": float(self.totals.tax),
            "shipping": float(self.totals.shipping),
            "total": float(self.totals.total),
            "currency": CURRENCY,
            "items_count": len(self.lines),
            "created_at": iso(self.created_at),
            "estimated_delivery": iso(estimated_delivery(self.created_at)),
            "tracking_url": TRACKING_URL.format(order_id=self.order_id),
        }


def price_lines(lines: Sequence[OrderLine]) -> Totals:
    """Subtotal, 8% tax rounded down, free shipping from $100 (else a flat fee), and the total."""
    subtotal = sum((line.unit_price * line.quantity for line in lines), Decimal("0")).quantize(
        CENT, ROUND_HALF_UP
    )
    tax = (subtotal * TAX_RATE).quantize(CENT, ROUND_DOWN)
    shipping = Decimal("0.00") if subtotal >= FREE_SHIPPING_FROM else SHIPPING_FEE
    return Totals(subtotal, tax, shipping, subtotal + tax + shipping)


def estimated_delivery(created: datetime) -> datetime:
    """End of the day three days after the order, as in the doc's example."""
    day = created + timedelta(days=DELIVERY_DAYS)
    return day.replace(hour=23, minute=59, second=0, microsecond=0)


@dataclass
class Store:
    """Products indexed by id and by SKU, the seeded customers, and every order placed."""

    products: dict[str, StockedProduct] = field(default_factory=dict)
    by_sku: dict[str, StockedProduct] = field(default_factory=dict)
    customers: list[str] = field(default_factory=list)
    orders: dict[str, StoredOrder] = field(default_factory=dict)
    next_number: int = FIRST_ORDER_NUMBER

    def add_product(self, product: StockedProduct) -> None:
        """Index a product by id and SKU."""
        self.products[product.id] = product
        self.by_sku[product.sku] = product

    def add_order(self, order: StoredOrder) -> None:
        """Keep an order and move the order-number counter past it."""
        self.orders[order.order_id] = order
        self.next_number += 1

    def place_order(
        self, customer_id: str, lines: Sequence[OrderLine], address: dict[str, Any], now: datetime
    ) -> StoredOrder:
        """Record a new pending order and reserve its stock (the caller checked availability)."""
        order = StoredOrder(
            order_id=f"ORD-{now.year}-{self.next_number}",
            customer_id=customer_id,
            lines=tuple(lines),
            shipping_address=address,
            status="pending",
            totals=price_lines(lines),
            created_at=now,
        )
        for line in lines:
            product = self.products[line.product_id]
            product.stock -= line.quantity
            product.updated_at = iso(now)
        self.add_order(order)
        return order

    def set_stock(self, product: StockedProduct, quantity: int, now: datetime) -> int:
        """Set a product's stock; answer the previous quantity."""
        previous, product.stock = product.stock, quantity
        product.updated_at = iso(now)
        return previous


def seed_store(seed: int) -> Store:
    """The catalogue, 200 customer ids and 500 orders, the same for the same seed."""
    rng = rng_for(seed, "techparts")
    store = Store()
    for product in _products(rng):
        store.add_product(product)
    store.customers = [f"CUST-{n}" for n in rng.sample(range(100000, 1000000), CUSTOMER_COUNT)]
    catalogue = list(store.products.values())
    for index in range(ORDER_COUNT):
        store.add_order(_seeded_order(rng, FIRST_ORDER_NUMBER + index, store.customers, catalogue))
    return store


def _products(rng: random.Random) -> Iterator[StockedProduct]:
    for line in LINES:
        for model in line.models:
            for maker in _makers(line, model):
                for number, edition in enumerate(line.editions, start=1):
                    yield _product(rng, line, model, maker, number, edition)


def _makers(line: Line, model: Model) -> tuple[Maker, ...]:
    if model.maker is None:
        return line.makers
    return (Maker(model.maker, MAKER_NAMES.get(model.maker, model.maker), ""),)


def _product(
    rng: random.Random, line: Line, model: Model, maker: Maker, number: int, edition: str
) -> StockedProduct:
    created = timestamp(rng, 300)
    updated = created + timedelta(seconds=rng.randint(0, 300 * 86400))
    return StockedProduct(
        id=f"PROD-{model.code}-{maker.code}-{number:03d}",
        sku=f"{line.prefix}-{model.brand}-{model.code}-{maker.code}-{number:03d}",
        name=_name(line, model, maker, edition),
        category=line.category,
        manufacturer=maker.name,
        price=Decimal(model.price) + Decimal(maker.premium),
        stock=0 if rng.random() < 0.08 else rng.randint(1, 150),
        specifications=line.specifications(model),
        warranty=line.warranty,
        created_at=iso(created),
        updated_at=iso(updated),
    )


def _name(line: Line, model: Model, maker: Maker, edition: str) -> str:
    if model.maker is not None:
        parts = [model.name]
    else:
        series = f"{maker.name} {maker.series}"
        parts = [series, model.name] if line.maker_first else [model.name, series]
    return " ".join([*parts, edition]).strip()


def _seeded_order(
    rng: random.Random, number: int, customers: Sequence[str], catalogue: Sequence[StockedProduct]
) -> StoredOrder:
    created = timestamp(rng, 600)
    picked = rng.sample(list(catalogue), rng.randint(1, 4))
    lines = tuple(OrderLine(p.id, rng.randint(1, 3), p.price) for p in picked)
    return StoredOrder(
        order_id=f"ORD-{created.year}-{number}",
        customer_id=rng.choice(customers),
        lines=lines,
        shipping_address=_address(rng),
        status=rng.choice(SEEDED_STATUSES),
        totals=price_lines(lines),
        created_at=created,
    )


def _address(rng: random.Random) -> dict[str, Any]:
    place = street_address(rng)
    return {
        "street": place["street"],
        "city": place["city"],
        "state": place["state"],
        "zip": place["postal_code"],
        "country": place["country"],
    }
