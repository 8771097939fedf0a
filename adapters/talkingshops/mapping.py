"""TalkingShops JSON ⇄ domain records: customers, their embedded orders, and customer inputs.

Money: the doc names no currency for `final_amount`, `lifetimeValue` or `totalSpent`; amounts are
read as decimal units in USD (the gateway's default currency).

Names: TalkingShops keeps one full-name string, `name`. It is split on its first space into
first and last name only when it has a space; a single word stays in `full_name` alone, since it
is unknowable whether it is a first or a last name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from vendorgraph.adapters.base import money, parse_datetime, text_or_none
from vendorgraph.domain import Customer, CustomerInput, Order, OrderStatus
from vendorgraph.errors import FieldIssue

VENDOR = "talkingshops"
CURRENCY = "USD"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

ORDER_STATUSES: Mapping[str, OrderStatus] = {
    "pending": OrderStatus.PENDING,
    "new": OrderStatus.PENDING,
    "placed": OrderStatus.PENDING,
    "processing": OrderStatus.PROCESSING,
    "confirmed": OrderStatus.PROCESSING,
    "shipped": OrderStatus.SHIPPED,
    "dispatched": OrderStatus.SHIPPED,
    "completed": OrderStatus.DELIVERED,
    "delivered": OrderStatus.DELIVERED,
    "cancelled": OrderStatus.CANCELLED,
    "canceled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.REFUNDED,
}


def iso_utc(moment: datetime) -> str:
    """A timestamp as TalkingShops prints them: ISO 8601 UTC with a `Z` (naive means UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _first(raw: Mapping[str, Any], *names: str) -> Any:
    """The first present, non-empty value among alternative field names."""
    return next((raw[n] for n in names if raw.get(n) not in (None, "")), None)


def split_name(name: str | None) -> tuple[str | None, str | None]:
    """First and last name from a full name with a space; (None, None) otherwise."""
    parts = (name or "").strip().split(maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (None, None)


def join_name(first: str | None, last: str | None) -> str | None:
    """The full-name string TalkingShops stores, from whichever parts are given."""
    return " ".join(p.strip() for p in (first, last) if p and p.strip()) or None


def order_status(word: Any) -> OrderStatus:
    """The normalised status of a TalkingShops order status word."""
    return ORDER_STATUSES.get(str(word or "").strip().lower(), OrderStatus.UNKNOWN)


def order_from(raw: Mapping[str, Any], customer_id: str) -> Order:
    """An order embedded in a customer record (no item lines: TalkingShops sends none)."""
    word = text_or_none(raw.get("status"))
    return Order(
        vendor=VENDOR,
        vendor_id=str(_first(raw, "_id", "id", "orderId") or ""),
        status=order_status(word),
        vendor_status=word,
        customer_id=customer_id,
        total=money(_first(raw, "final_amount", "finalAmount", "total"), CURRENCY),
        created_at=parse_datetime(_first(raw, "created_at", "createdAt")),
        updated_at=parse_datetime(_first(raw, "updated_at", "updatedAt")),
    )


def _lifetime_value(raw: Mapping[str, Any]) -> Any:
    metrics = raw.get("metrics")
    if not isinstance(metrics, Mapping):
        return None
    return _first(metrics, "lifetimeValue", "totalSpent")


def customer_from(raw: Mapping[str, Any], fallback_id: str | None = None) -> Customer:
    """A customer from a list item or a detail record (list and detail metrics differ)."""
    vendor_id = str(_first(raw, "_id", "id", "customerId") or fallback_id or "")
    name = text_or_none(raw.get("name"))
    first, last = split_name(name)
    embedded = raw.get("orders")
    orders = (
        tuple(order_from(o, vendor_id) for o in embedded if isinstance(o, Mapping))
        if isinstance(embedded, list)
        else None
    )
    return Customer(
        vendor=VENDOR,
        vendor_id=vendor_id,
        email=text_or_none(raw.get("email")),
        first_name=first,
        last_name=last,
        full_name=name,
        phone=text_or_none(_first(raw, "mobile", "phone")),
        segment=text_or_none(raw.get("segment")),
        lifetime_value=money(_lifetime_value(raw), CURRENCY),
        created_at=parse_datetime(_first(raw, "created_at", "createdAt")),
        updated_at=parse_datetime(_first(raw, "updated_at", "updatedAt")),
        orders=orders,
    )


def created_id(raw: Any) -> str | None:
    """The new customer's id from a create response (`customerId`, or an echoed record)."""
    if not isinstance(raw, Mapping):
        return None
    nested = raw.get("customer")
    found = _first(raw, "customerId", "_id", "id")
    if found is None and isinstance(nested, Mapping):
        found = _first(nested, "_id", "id", "customerId")
    return text_or_none(found)


def customer_issues(data: CustomerInput, *, creating: bool) -> list[FieldIssue]:
    """What TalkingShops' documented rules reject: a missing mobile, a malformed email, tags."""
    issues: list[FieldIssue] = []
    phone_missing = not (data.phone or "").strip()
    if phone_missing and (creating or data.phone is not None):
        issues.append(FieldIssue("phone", "A mobile number is required", "REQUIRED"))
    if data.email and not EMAIL.match(data.email):
        issues.append(FieldIssue("email", "Not a valid email address", "INVALID_FORMAT"))
    if data.tags:
        issues.append(FieldIssue("tags", "TalkingShops customers have no tags", "UNSUPPORTED"))
    return issues


def create_body(data: CustomerInput) -> dict[str, Any]:
    """The `POST /customers` body: mobile, and name/email/segment where given."""
    body = {
        "mobile": (data.phone or "").strip(),
        "name": join_name(data.first_name, data.last_name),
        "email": data.email or None,
        "segment": data.segment or None,
    }
    return {k: v for k, v in body.items() if v is not None}


def update_fields(data: CustomerInput, current_name: str | None) -> dict[str, Any]:
    """The `updates` of a PUT: only the fields given; an empty string unsets an optional field.

    A new name needs both parts; when only one is given, `current_name` (read first) supplies the
    other, a one-word name counting as the first name.
    """
    updates: dict[str, Any] = {}
    if data.phone is not None:
        updates["mobile"] = data.phone.strip()
    for name, value in (("email", data.email), ("segment", data.segment)):
        if value is not None:
            updates[name] = value or None
    if data.first_name is not None or data.last_name is not None:
        first, last = split_name(current_name)
        if first is None and current_name:
            first = current_name.strip()
        first = first if data.first_name is None else data.first_name
        last = last if data.last_name is None else data.last_name
        updates["name"] = join_name(first, last)
    return updates


def needs_current_name(data: CustomerInput) -> bool:
    """Whether an update changes only one name part, so the stored name must be read first."""
    return (data.first_name is None) != (data.last_name is None)
