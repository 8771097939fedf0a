"""Deterministic TechCorp sandbox data: customers, inventory-only products and orders."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from vendorgraph.adapters.sandboxkit.seed import (
    alnum_id,
    hex_id,
    iso,
    person,
    rng_for,
    street_address,
    timestamp,
)

CUSTOMER_COUNT = 220
PRODUCT_COUNT = 120
ORDER_COUNT = 550
CUSTOMER_STATUSES = ("active", "inactive", "suspended")
CUSTOMER_STATUS_WEIGHTS = (8, 1, 1)
TIERS = ("standard", "premium")
SOURCES = ("web_signup", "mobile_app", "partner_referral", "retail_store")
ORDER_STATUSES = ("pending", "processing", "shipped", "delivered", "cancelled", "refunded")
ORDER_STATUS_WEIGHTS = (2, 2, 3, 6, 1, 1)
SHIPPED_STATUSES = frozenset({"shipped", "delivered"})
CARRIERS = ("UPS", "FedEx", "USPS", "DHL")
WAREHOUSES = ("US-WEST-1", "US-EAST-1", "US-CENTRAL-1")
PRODUCT_NOUNS = ("Widget", "Gadget", "Sensor", "Router", "Hub", "Dock", "Adapter", "Cable")
PRODUCT_GRADES = ("Pro", "Plus", "Mini", "Max", "Lite")
LOW_STOCK_BELOW = 20
TAX_RATE = Decimal("0.09")
SHIPPING_FEE = Decimal("8.99")
DELIVERY_DAYS = 6
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class CatalogueItem:
    """What the sandbox knows of a product beyond its stock: the name and list price on orders."""

    product_id: str
    name: str
    price: Decimal


def cents(amount: Decimal) -> Decimal:
    """An amount rounded half-up to whole cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def as_number(amount: Decimal) -> float:
    """A money amount as the JSON number the doc prints (two decimals at most)."""
    return float(cents(amount))


def stock_status(available: int) -> str:
    """The documented stock word for an available quantity."""
    if available <= 0:
        return "out_of_stock"
    return "low_stock" if available < LOW_STOCK_BELOW else "in_stock"


def unique_id(rng: random.Random, prefix: str, length: int, taken: set[str]) -> str:
    """A fresh `prefix` + random alphanumerics id not yet in `taken` (which it joins)."""
    while True:
        candidate = prefix + (alnum_id(rng, length) if prefix != "cust_" else hex_id(rng, length))
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def order_totals(lines: list[tuple[Decimal, int]]) -> dict[str, float]:
    """Subtotal, 9% tax, flat shipping and total for (unit price, quantity) lines (doc 5.2.1)."""
    subtotal = sum((cents(price * qty) for price, qty in lines), Decimal("0"))
    tax = cents(subtotal * TAX_RATE)
    return {
        "subtotal": as_number(subtotal),
        "tax": as_number(tax),
        "shipping": as_number(SHIPPING_FEE),
        "total": as_number(subtotal + tax + SHIPPING_FEE),
    }


def delivery_estimate(created: datetime) -> str:
    """Midnight UTC `DELIVERY_DAYS` after an order was placed."""
    day = (created + timedelta(days=DELIVERY_DAYS)).replace(hour=0, minute=0, second=0)
    return iso(day)


@dataclass
class SeedData:
    """Everything one seed produces, in creation order."""

    customers: list[dict[str, Any]]
    catalogue: list[CatalogueItem]
    inventory: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    taken: set[str]


def generate(seed: int) -> SeedData:
    """The sandbox's starting data; the same seed always yields the same records."""
    rng = rng_for(seed, "techcorp")
    taken: set[str] = set()
    customers = [_customer(rng, i, taken) for i in range(CUSTOMER_COUNT)]
    customers.sort(key=lambda c: (c["created_at"], c["id"]))
    catalogue = [_catalogue_item(rng, i, taken) for i in range(PRODUCT_COUNT)]
    inventory = [_inventory(rng, item, i) for i, item in enumerate(catalogue)]
    orders = [_order(rng, customers, catalogue, taken) for _ in range(ORDER_COUNT)]
    orders.sort(key=lambda o: (o["created_at"], o["id"]))
    return SeedData(customers, catalogue, inventory, orders, taken)


def _customer(rng: random.Random, index: int, taken: set[str]) -> dict[str, Any]:
    first, last, email = person(rng, index)
    created = timestamp(rng, 500)
    updated = created + timedelta(seconds=rng.randint(0, 90 * 86400))
    addresses = [
        {
            "id": unique_id(rng, "addr_", 8, taken),
            "type": kind,
            **street_address(rng),
            "is_default": n == 0,
        }
        for n, kind in enumerate(rng.sample(("shipping", "billing"), rng.randint(0, 2)))
    ]
    return {
        "id": unique_id(rng, "cust_", 12, taken),
        "email": email,
        "first_name": first,
        "last_name": last,
        "phone": f"+1-555-{rng.randint(0, 9999):04d}",
        "status": rng.choices(CUSTOMER_STATUSES, CUSTOMER_STATUS_WEIGHTS)[0],
        "created_at": iso(created),
        "updated_at": iso(updated),
        "metadata": {"tier": rng.choice(TIERS), "source": rng.choice(SOURCES)},
        "addresses": addresses,
        "lifetime_value": as_number(Decimal(rng.randint(0, 2_500_000)) / 100),
    }


def _catalogue_item(rng: random.Random, index: int, taken: set[str]) -> CatalogueItem:
    name = f"{rng.choice(PRODUCT_NOUNS)} {rng.choice(PRODUCT_GRADES)} {index + 1}"
    price = Decimal(rng.randint(499, 49999)) / 100
    return CatalogueItem(unique_id(rng, "prod_", 6, taken), name, price)


def _inventory(rng: random.Random, item: CatalogueItem, index: int) -> dict[str, Any]:
    locations = rng.sample(WAREHOUSES, rng.randint(1, len(WAREHOUSES)))
    ceiling = rng.choice((0, 15, 400, 1500))
    quantities = [rng.randint(0, ceiling) for _ in locations]
    warehouses = [
        {"location": loc, "quantity": n} for loc, n in zip(locations, quantities, strict=True)
    ]
    available = sum(quantities)
    restock = timestamp(rng, 700).replace(hour=0, minute=0, second=0)
    noun = item.name.split()[0][:3].upper()
    return {
        "product_id": item.product_id,
        "sku": f"{noun}-{index + 1:04d}-{rng.randint(100, 999)}",
        "available_quantity": available,
        "reserved_quantity": rng.randint(0, 60),
        "warehouses": warehouses,
        "restock_date": iso(restock) if available < LOW_STOCK_BELOW * 5 else None,
        "status": stock_status(available),
    }


def _order(
    rng: random.Random,
    customers: list[dict[str, Any]],
    catalogue: list[CatalogueItem],
    taken: set[str],
) -> dict[str, Any]:
    customer = rng.choice(customers)
    created = timestamp(rng, 600)
    status = rng.choices(ORDER_STATUSES, ORDER_STATUS_WEIGHTS)[0]
    picks = rng.sample(catalogue, rng.randint(1, 4))
    quantities = [rng.randint(1, 5) for _ in picks]
    items = [
        {
            "id": unique_id(rng, "item_", 8, taken),
            "product_id": p.product_id,
            "product_name": p.name,
            "quantity": qty,
            "unit_price": as_number(p.price),
            "total": as_number(p.price * qty),
        }
        for p, qty in zip(picks, quantities, strict=True)
    ]
    addresses = customer["addresses"]
    shipped = created + timedelta(seconds=rng.randint(3600, 3 * 86400))
    is_shipped = status in SHIPPED_STATUSES
    return {
        "id": unique_id(rng, "order_", 10, taken),
        "customer_id": customer["id"],
        "status": status,
        **order_totals([(p.price, qty) for p, qty in zip(picks, quantities, strict=True)]),
        "currency": "USD",
        "items": items,
        "created_at": iso(created),
        "updated_at": iso(shipped if is_shipped else created),
        "estimated_delivery": None if status == "cancelled" else delivery_estimate(created),
        "tracking_number": f"1Z{hex_id(rng, 16).upper()}" if is_shipped else None,
        "carrier": rng.choice(CARRIERS) if is_shipped else None,
        "shipped_at": iso(shipped) if is_shipped else None,
        "shipping_address_id": addresses[0]["id"] if addresses else None,
        "payment_method": "credit_card",
        "shipping_method": "standard",
        "notes": None,
    }
