"""Deterministic seed data for one TalkingShops tenant: customers with their embedded orders."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from vendorgraph.adapters.sandboxkit.seed import iso, person, rng_for, timestamp

CUSTOMERS_PER_TENANT = 220
ORDERS_PER_TENANT = 560
SEGMENTS = ("standard", "premium", "vip")
SEGMENT_WEIGHTS = (6, 3, 1)
ORDER_STATUSES = ("pending", "processing", "completed", "cancelled", "refunded")
ORDER_STATUS_WEIGHTS = (1, 1, 6, 1, 1)


def object_id(moment: datetime, rng: random.Random) -> str:
    """A 24-hex object id: 8 hex of the Unix time, then 16 random hex digits (Mongo style)."""
    return f"{int(moment.timestamp()):08x}{rng.getrandbits(64):016x}"


def seed_tenant(seed: int, tenant: str) -> list[dict[str, Any]]:
    """The tenant's customers in creation order, each with `orders` (oldest first)."""
    rng = rng_for(seed, f"talkingshops/{tenant}")
    mobiles = _unique_mobiles(rng, CUSTOMERS_PER_TENANT)
    customers = [_customer(rng, index, mobile) for index, mobile in enumerate(mobiles)]
    customers.sort(key=lambda c: (c["created_at"], c["_id"]))
    owners = [rng.randrange(len(customers)) for _ in range(ORDERS_PER_TENANT)]
    for number, owner in enumerate(owners, start=1):
        customers[owner]["orders"].append(_order(rng, number, customers[owner]["created_at"]))
    for customer in customers:
        customer["orders"].sort(key=lambda o: (o["created_at"], o["_id"]))
    return customers


def _unique_mobiles(rng: random.Random, count: int) -> list[str]:
    """Distinct Indian mobile numbers: 91, then ten digits starting 6-9."""
    found: dict[str, None] = {}
    while len(found) < count:
        found[f"91{rng.randint(6_000_000_000, 9_999_999_999)}"] = None
    return list(found)


def _customer(rng: random.Random, index: int, mobile: str) -> dict[str, Any]:
    first, last, email = person(rng, index)
    created = timestamp(rng, days=500)
    updated = created + timedelta(seconds=rng.randint(0, 90 * 86400))
    record: dict[str, Any] = {
        "_id": object_id(created, rng),
        "name": f"{first} {last}",
        "mobile": mobile,
        "email": email,
        "segment": rng.choices(SEGMENTS, SEGMENT_WEIGHTS)[0],
        "created_at": iso(created),
        "updated_at": iso(updated),
        "orders": [],
    }
    if index % 25 == 24:
        del record["email"]
    return record


def _order(rng: random.Random, number: int, customer_created: str) -> dict[str, Any]:
    start = datetime.fromisoformat(customer_created.replace("Z", "+00:00"))
    created = start + timedelta(seconds=rng.randint(3600, 200 * 86400))
    return {
        "_id": object_id(created, rng),
        "referenceId": f"ORD-{number:06d}",
        "status": rng.choices(ORDER_STATUSES, ORDER_STATUS_WEIGHTS)[0],
        "final_amount": rng.randint(500, 150_000) / 100,
        "created_at": iso(created),
    }
