"""The TalkingShops sandbox's in-memory data: one store per tenant, and the JSON views of it."""

from __future__ import annotations

import itertools
import random
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from vendorgraph.adapters.sandboxkit.seed import iso, now_iso
from vendorgraph.adapters.talkingshops.seed import object_id, seed_tenant

CUSTOMER_FIELDS = ("_id", "name", "mobile", "email", "segment", "created_at", "updated_at")
EMBEDDED_ORDER_FIELDS = ("_id", "referenceId", "status", "final_amount", "created_at")
UNSPENT_STATUSES = frozenset({"cancelled", "refunded"})
"""Orders in these states are counted as orders but not as money spent."""


@dataclass
class TenantStore:
    """One tenant's customers by `_id` (creation order) with a unique index on `mobile`."""

    customers: dict[str, dict[str, Any]]
    by_mobile: dict[str, str]
    ids: random.Random
    serial: itertools.count[int] = field(default_factory=itertools.count)

    @classmethod
    def seeded(cls, seed: int, tenant: str) -> TenantStore:
        """The tenant's seeded data; same seed and tenant, same data."""
        records = seed_tenant(seed, tenant)
        customers = {c["_id"]: c for c in records}
        by_mobile = {c["mobile"]: c["_id"] for c in records}
        return cls(customers, by_mobile, random.Random(f"{seed}:{tenant}:ids"))

    def by_id(self, customer_id: str) -> dict[str, Any] | None:
        """The stored customer, or None."""
        return self.customers.get(customer_id)

    def mobile_owner(self, mobile: str) -> str | None:
        """The `_id` of the customer holding this mobile number, or None."""
        return self.by_mobile.get(mobile)

    def create(self, fields: dict[str, Any]) -> str:
        """Store a new customer (fields already validated) and return its `_id`."""
        moment = datetime.now(UTC)
        customer_id = object_id(moment, self.ids)
        while customer_id in self.customers:
            customer_id = object_id(moment, self.ids)
        stamp = iso(moment)
        record = {"_id": customer_id, **fields, "created_at": stamp, "updated_at": stamp}
        record["orders"] = []
        self.customers[customer_id] = record
        self.by_mobile[record["mobile"]] = customer_id
        return customer_id

    def update(self, customer_id: str, changes: dict[str, Any]) -> None:
        """Apply validated changes (None unsets an optional field) and move `updated_at`."""
        record = self.customers[customer_id]
        if "mobile" in changes and changes["mobile"] != record["mobile"]:
            del self.by_mobile[record["mobile"]]
            self.by_mobile[changes["mobile"]] = customer_id
        for name, value in changes.items():
            if value is None:
                record.pop(name, None)
            else:
                record[name] = value
        record["updated_at"] = now_iso()

    def delete(self, customer_id: str) -> None:
        """Remove a customer and free its mobile number."""
        record = self.customers.pop(customer_id)
        del self.by_mobile[record["mobile"]]


def spent(orders: list[dict[str, Any]]) -> tuple[Decimal, int]:
    """Money spent over the orders that count as spending, and how many orders that is."""
    counted = [o for o in orders if o["status"] not in UNSPENT_STATUSES]
    return sum((Decimal(str(o["final_amount"])) for o in counted), Decimal(0)), len(counted)


def _amount(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01")))


def _average(total: Decimal, count: int) -> float:
    return _amount(total / count) if count else 0.0


def _base(record: dict[str, Any]) -> dict[str, Any]:
    return {name: record[name] for name in CUSTOMER_FIELDS if name in record}


def list_view(record: dict[str, Any]) -> dict[str, Any]:
    """A customer as `GET /customers` lists it: base fields and `{orderCount, lifetimeValue}`."""
    total, _ = spent(record["orders"])
    metrics = {"orderCount": len(record["orders"]), "lifetimeValue": _amount(total)}
    return {**_base(record), "metrics": metrics}


def detail_view(record: dict[str, Any]) -> dict[str, Any]:
    """A customer as `GET /customers/{id}` shows it: embedded orders and detail metrics."""
    orders = record["orders"]
    total, counted = spent(orders)
    metrics = {
        "totalOrders": len(orders),
        "totalSpent": _amount(total),
        "averageOrderValue": _average(total, counted),
        "firstOrderDate": orders[0]["created_at"] if orders else None,
        "lastOrderDate": orders[-1]["created_at"] if orders else None,
    }
    embedded = [{k: o[k] for k in EMBEDDED_ORDER_FIELDS} for o in orders]
    return {**_base(record), "orders": embedded, "metrics": metrics}


def page_summary(views: list[dict[str, Any]]) -> dict[str, Any]:
    """`activeCount` (customers with an order) and `averageLifetimeValue` over matched customers."""
    values = [Decimal(str(v["metrics"]["lifetimeValue"])) for v in views]
    return {
        "activeCount": sum(1 for v in views if v["metrics"]["orderCount"] > 0),
        "averageLifetimeValue": _average(sum(values, Decimal(0)), len(values)),
    }


def stats_view(store: TenantStore, now: datetime) -> dict[str, Any]:
    """Tenant-wide statistics; `newCustomers` counts those created in the current UTC month."""
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    last_day = monthrange(now.year, now.month)[1]
    end = start.replace(day=last_day, hour=23, minute=59, second=59)
    period = {"start": iso(start), "end": iso(end)}
    records = list(store.customers.values())
    all_orders = [o for r in records for o in r["orders"]]
    revenue, counted = spent(all_orders)
    segments = Counter(r["segment"] for r in records if r.get("segment"))
    return {
        "totalCustomers": len(records),
        "newCustomers": sum(1 for r in records if r["created_at"] >= period["start"]),
        "averageOrderValue": _average(revenue, counted),
        "totalOrders": len(all_orders),
        "revenue": _amount(revenue),
        "segmentDistribution": dict(sorted(segments.items())),
        "period": period,
    }
