"""The TechCorp sandbox's in-memory records, their indexes, and the writes that change them."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from vendorgraph.adapters.sandboxkit import VendorHTTPError
from vendorgraph.adapters.sandboxkit.seed import now_iso
from vendorgraph.adapters.techcorp.seed import (
    CatalogueItem,
    as_number,
    delivery_estimate,
    generate,
    order_totals,
    unique_id,
)
from vendorgraph.adapters.techcorp.validate import (
    customer_issues,
    issue,
    order_issues,
    reject,
)

CUSTOMER_FIELDS = ("email", "first_name", "last_name", "phone", "status")
CREATED_ORDER_FIELDS = (
    "id",
    "customer_id",
    "status",
    "subtotal",
    "tax",
    "shipping",
    "total",
    "currency",
    "items",
    "created_at",
    "updated_at",
    "estimated_delivery",
)
STATUS_VIEW_FIELDS = (
    "id",
    "status",
    "tracking_number",
    "carrier",
    "shipped_at",
    "estimated_delivery",
)
ORDER_EXTRA_FIELDS = ("shipping_address_id", "payment_method", "shipping_method", "notes")


@dataclass(frozen=True, slots=True)
class IdempotentCall:
    """What an Idempotency-Key first created, and a fingerprint of the body that did it."""

    fingerprint: str
    order_id: str


@dataclass
class Store:
    """Customers, orders and inventory by id, in creation order, plus the email index."""

    customers: dict[str, dict[str, Any]]
    orders: dict[str, dict[str, Any]]
    inventory: dict[str, dict[str, Any]]
    catalogue: dict[str, CatalogueItem]
    taken: set[str]
    rng: random.Random
    emails: dict[str, str] = field(default_factory=dict)
    idempotent: dict[tuple[str, str], IdempotentCall] = field(default_factory=dict)

    @classmethod
    def seeded(cls, seed: int) -> Store:
        """A store holding the seed's data."""
        data = generate(seed)
        store = cls(
            customers={c["id"]: c for c in data.customers},
            orders={o["id"]: o for o in data.orders},
            inventory={i["product_id"]: i for i in data.inventory},
            catalogue={c.product_id: c for c in data.catalogue},
            taken=data.taken,
            rng=random.Random(f"{seed}:techcorp:writes"),
        )
        store.emails = {c["email"].lower(): c["id"] for c in data.customers}
        return store

    def customer(self, customer_id: str) -> dict[str, Any]:
        """One customer, or a 404."""
        return _found(self.customers, customer_id, "Customer")

    def order(self, order_id: str) -> dict[str, Any]:
        """One order, or a 404."""
        return _found(self.orders, order_id, "Order")

    def stock(self, product_id: str) -> dict[str, Any]:
        """One product's inventory record, or a 404."""
        return _found(self.inventory, product_id, "Product")

    def create_customer(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Store a new active customer (422 on bad fields, 409 on a taken email)."""
        reject(customer_issues(body, creating=True))
        self._ensure_email_free(body["email"], None)
        now = now_iso()
        record: dict[str, Any] = {
            "id": unique_id(self.rng, "cust_", 12, self.taken),
            "email": body["email"],
            "first_name": body.get("first_name"),
            "last_name": body.get("last_name"),
            "phone": body.get("phone"),
            "status": body.get("status", "active"),
            "created_at": now,
            "updated_at": now,
            "metadata": dict(body.get("metadata") or {}),
            "addresses": [],
            "lifetime_value": 0.0,
        }
        self.customers[record["id"]] = record
        self.emails[record["email"].lower()] = record["id"]
        return record

    def update_customer(self, customer_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Apply a partial update; `metadata` keys merge into the stored metadata."""
        record = self.customer(customer_id)
        reject(customer_issues(body, creating=False))
        if "email" in body:
            self._ensure_email_free(body["email"], customer_id)
            self.emails.pop(record["email"].lower(), None)
            self.emails[body["email"].lower()] = customer_id
        record.update({k: body[k] for k in CUSTOMER_FIELDS if k in body})
        if "metadata" in body:
            record["metadata"] = {**record["metadata"], **body["metadata"]}
        record["updated_at"] = now_iso()
        return record

    def create_order(self, body: Mapping[str, Any], tenant: str, key: str | None) -> dict[str, Any]:
        """Place an order, or return the one an earlier call with the same key placed."""
        fingerprint = json.dumps(body, sort_keys=True, separators=(",", ":"))
        earlier = self.idempotent.get((tenant, key)) if key else None
        if earlier is not None:
            if earlier.fingerprint != fingerprint:
                raise VendorHTTPError(
                    409,
                    "conflict",
                    "Idempotency-Key was already used with a different request",
                    [issue("Idempotency-Key", "Already used with a different request body")],
                )
            return self.orders[earlier.order_id]
        reject(order_issues(body, self.customers, self.catalogue))
        record = self._new_order(body)
        self.orders[record["id"]] = record
        if key:
            self.idempotent[(tenant, key)] = IdempotentCall(fingerprint, record["id"])
        return record

    def _new_order(self, body: Mapping[str, Any]) -> dict[str, Any]:
        lines = []
        for line in body["items"]:
            product = self.catalogue[line["product_id"]]
            given = line.get("unit_price")
            price = product.price if given is None else Decimal(str(given))
            lines.append((product, price, int(line["quantity"])))
        now = now_iso()
        return {
            "id": unique_id(self.rng, "order_", 10, self.taken),
            "customer_id": body["customer_id"],
            "status": "pending",
            **order_totals([(price, qty) for _, price, qty in lines]),
            "currency": "USD",
            "items": [
                {
                    "id": unique_id(self.rng, "item_", 8, self.taken),
                    "product_id": product.product_id,
                    "product_name": product.name,
                    "quantity": qty,
                    "unit_price": as_number(price),
                    "total": as_number(price * qty),
                }
                for product, price, qty in lines
            ],
            "created_at": now,
            "updated_at": now,
            "estimated_delivery": delivery_estimate(datetime.now(UTC)),
            "tracking_number": None,
            "carrier": None,
            "shipped_at": None,
            **{name: body.get(name) for name in ORDER_EXTRA_FIELDS},
        }

    def _ensure_email_free(self, email: str, owner: str | None) -> None:
        holder = self.emails.get(email.lower())
        if holder is not None and holder != owner:
            raise VendorHTTPError(
                409,
                "conflict",
                "A customer with this email already exists",
                [issue("email", "Is already used by another customer")],
            )


def created_view(order: Mapping[str, Any]) -> dict[str, Any]:
    """An order as `POST /orders` answers it (doc 5.2.1)."""
    return {name: order[name] for name in CREATED_ORDER_FIELDS}


def status_view(order: Mapping[str, Any]) -> dict[str, Any]:
    """An order as `GET /orders/{order_id}` answers it (doc 5.2.2): status and shipment only."""
    return {name: order[name] for name in STATUS_VIEW_FIELDS}


def _found(records: Mapping[str, dict[str, Any]], key: str, kind: str) -> dict[str, Any]:
    record = records.get(key)
    if record is None:
        raise VendorHTTPError(404, "not_found", f"{kind} {key} not found")
    return record
