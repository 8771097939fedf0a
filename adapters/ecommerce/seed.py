"""Deterministic seed data for the E-Commerce sandbox: products, inventory, customers, orders."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from vendorgraph.adapters.ecommerce.store import WAREHOUSES, Record, Store, amount
from vendorgraph.adapters.sandboxkit.seed import (
    iso,
    person,
    rng_for,
    street_address,
    timestamp,
)

PRODUCT_COUNT, CUSTOMER_COUNT, ORDER_COUNT = 120, 220, 520
CATEGORIES = ("electronics", "audio", "home", "kitchen", "outdoor", "apparel", "books", "toys")
ADJECTIVES = ("Premium", "Compact", "Wireless", "Classic", "Smart", "Eco", "Pro", "Ultra", "Mini")
NOUNS = (
    "Headphones",
    "Speaker",
    "Lamp",
    "Kettle",
    "Backpack",
    "Jacket",
    "Notebook",
    "Drone",
    "Blender",
    "Tent",
    "Keyboard",
    "Watch",
)
COLORS = ("Black", "White", "Blue", "Red")
SIZES = ("Small", "Medium", "Large")
TAGS = ("vip", "newsletter", "wholesale", "returning")
ORDER_ADDRESS_FIELDS = ("street", "city", "state", "zip", "country")
TAX_RATE = Decimal("0.08")
SHIPPING_RATES = {
    "standard": Decimal("5.99"),
    "express": Decimal("14.99"),
    "overnight": Decimal("29.99"),
}
PAYMENT_METHODS = ("card", "paypal", "apple_pay", "bank_transfer")
CARRIERS = ("usps", "fedex", "ups", "dhl")
# status → (payment statuses, fulfillment status) a seeded order in that status may have
ORDER_STATES = {
    "pending": (("pending",), "unfulfilled"),
    "processing": (("paid",), "unfulfilled"),
    "shipped": (("paid",), "fulfilled"),
    "delivered": (("paid",), "fulfilled"),
    "cancelled": (("refunded", "failed", "pending"), "unfulfilled"),
}
STATUS_WEIGHTS = {"pending": 2, "processing": 2, "shipped": 2, "delivered": 5, "cancelled": 1}


def build_store(seed: int) -> Store:
    """The same records, byte for byte, for the same seed."""
    rng = rng_for(seed, "ecommerce")
    store = Store(ids=random.Random(f"{seed}:ecommerce:new-ids"))
    for index in range(PRODUCT_COUNT):
        _seed_product(rng, store, index)
    for index in range(CUSTOMER_COUNT):
        _seed_customer(rng, store, index)
    customer_ids, product_ids = list(store.customers), list(store.products)
    for _ in range(ORDER_COUNT):
        _seed_order(rng, store, rng.choice(customer_ids), product_ids)
    return store


def _seed_product(rng: random.Random, store: Store, index: int) -> None:
    product_id = store.new_id("prod_", store.products)
    category = rng.choice(CATEGORIES)
    sku = f"{category[:4].upper()}-{index + 1:04d}"
    price = Decimal(rng.randint(499, 49999)) / 100
    created = timestamp(rng, 300)
    status = rng.choices(("active", "draft", "archived"), weights=(16, 2, 1))[0]
    product: Record = {
        "id": product_id,
        "name": f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {index + 1}",
        "description": f"{category.title()} item number {index + 1}",
        "price": amount(price),
        "sku": sku,
        "status": status,
        "categories": sorted({category, rng.choice(CATEGORIES)}),
        "variants": _variants(rng, store, sku, price),
        "images": [f"https://cdn.ecommerce-platform.com/products/{product_id}/1.jpg"],
        "metadata": {},
        "created_at": iso(created),
        "updated_at": iso(created + timedelta(days=rng.randint(0, 60))),
    }
    store.add_product(product)
    warehouses = rng.sample(WAREHOUSES, rng.randint(1, len(WAREHOUSES)))
    store.inventory[product_id]["locations"] = [
        {"warehouse_id": wh, "available": rng.randint(0, 400), "reserved": rng.randint(0, 25)}
        for wh in sorted(warehouses)
    ]


def _variants(rng: random.Random, store: Store, sku: str, price: Decimal) -> list[Record]:
    variants: list[Record] = []
    taken: dict[str, Record] = {}
    for number in range(rng.randint(0, 3)):
        variant_id = store.new_id("var_", taken)
        taken[variant_id] = {}
        override = rng.random() < 0.3
        variants.append(
            {
                "id": variant_id,
                "sku": f"{sku}-V{number + 1}",
                "price": amount(price + Decimal(rng.randint(1, 30))) if override else None,
                "inventory": rng.randint(0, 150),
                "attributes": {"color": rng.choice(COLORS), "size": SIZES[number % len(SIZES)]},
                "image": f"https://cdn.ecommerce-platform.com/variants/{variant_id}.jpg",
            }
        )
    return variants


def _seed_customer(rng: random.Random, store: Store, index: int) -> None:
    customer_id = store.new_id("cust_", store.customers)
    first, last, email = person(rng, index)
    created = timestamp(rng, 400)
    addresses = [_address(rng, store, "shipping", True)]
    if rng.random() < 0.4:
        addresses.append(_address(rng, store, "billing", True))
    store.add_customer(
        {
            "id": customer_id,
            "email": email,
            "first_name": first,
            "last_name": last,
            "phone": f"+1-555-{rng.randint(0, 9999):04d}",
            "addresses": addresses,
            "tags": sorted(set(rng.sample(TAGS, rng.randint(0, 2)))),
            "created_at": iso(created),
            "updated_at": iso(created + timedelta(days=rng.randint(0, 90))),
        }
    )


def _address(rng: random.Random, store: Store, kind: str, default: bool) -> Record:
    place = street_address(rng)
    return {
        "id": store.new_id("addr_", {}),
        "type": kind,
        "street": place["street"],
        "city": place["city"],
        "state": place["state"],
        "zip": place["postal_code"],
        "country": place["country"],
        "is_default": default,
    }


def _seed_order(rng: random.Random, store: Store, customer_id: str, product_ids: list[str]) -> None:
    customer = store.customers[customer_id]
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    payments, fulfillment = ORDER_STATES[status]
    lines = [
        _line(rng, store.products[pid], rng.randint(1, 3))
        for pid in rng.sample(product_ids, rng.randint(1, 4))
    ]
    created = timestamp(rng, 600)
    method = rng.choice(list(SHIPPING_RATES))
    address = {k: v for k, v in customer["addresses"][0].items() if k in ORDER_ADDRESS_FIELDS}
    updated = iso(created + timedelta(hours=rng.randint(0, 240)))
    order: Record = {
        "id": store.new_id("ord_", store.orders),
        "customer_id": customer_id,
        "status": status,
        "payment_status": rng.choice(payments),
        "fulfillment_status": fulfillment,
        **priced_order(lines, method),
        "shipping_address": address,
        "billing_address": dict(address),
        "payment_method": rng.choice(PAYMENT_METHODS),
        "shipping_method": method,
        "tracking": _tracking(rng, created) if status in ("shipped", "delivered") else None,
        "note": None,
        "cancel_reason": "customer_request" if status == "cancelled" else None,
        "created_at": iso(created),
        "updated_at": updated,
        "cancelled_at": updated if status == "cancelled" else None,
    }
    store.add_order(order)


def _line(rng: random.Random, product: Record, quantity: int) -> Record:
    variant = rng.choice(product["variants"]) if product["variants"] else None
    price = (variant or {}).get("price") or product["price"]
    return order_line(product, variant, quantity, Decimal(str(price)))


def order_line(product: Record, variant: Record | None, quantity: int, price: Decimal) -> Record:
    """One order line as stored and printed."""
    return {
        "product_id": product["id"],
        "variant_id": variant["id"] if variant else None,
        "sku": variant["sku"] if variant else product["sku"],
        "name": product["name"],
        "quantity": quantity,
        "price": amount(price),
        "total": amount(price * quantity),
    }


def priced_order(lines: list[Record], shipping_method: str) -> Record:
    """Items with subtotal, tax (8%), shipping by method and total, in USD decimal units."""
    subtotal = sum((Decimal(str(line["total"])) for line in lines), Decimal(0))
    tax = Decimal(str(amount(subtotal * TAX_RATE)))
    shipping = SHIPPING_RATES[shipping_method]
    return {
        "items": lines,
        "subtotal": amount(subtotal),
        "tax": amount(tax),
        "shipping": amount(shipping),
        "total": amount(subtotal + tax + shipping),
        "currency": "USD",
    }


def _tracking(rng: random.Random, created: datetime) -> Record:
    shipped = created + timedelta(days=rng.randint(1, 3))
    return {
        "carrier": rng.choice(CARRIERS),
        "tracking_number": "".join(rng.choice("0123456789") for _ in range(12)),
        "shipped_at": iso(shipped),
        "estimated_delivery": iso(shipped + timedelta(days=rng.randint(2, 6))),
    }
