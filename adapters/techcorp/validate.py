"""Request checks for the TechCorp sandbox: each rule names the field and the issue (doc 6.1)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeGuard

from vendorgraph.adapters.sandboxkit import VendorHTTPError
from vendorgraph.adapters.sandboxkit.seed import iso
from vendorgraph.adapters.techcorp.seed import CUSTOMER_STATUSES, CatalogueItem

Issue = dict[str, str]
Rule = Callable[[Any], str | None]

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]{5,24}$")
MAX_TEXT = 100
MAX_NOTES = 500
MAX_ITEMS = 100
MAX_QUANTITY = 10_000
MAX_PAGE = 100


def _email(value: Any) -> str | None:
    ok = isinstance(value, str) and len(value) <= 254 and EMAIL.match(value)
    return None if ok else "Must be a valid email address"


def _name(value: Any) -> str | None:
    ok = value is None or (isinstance(value, str) and 0 < len(value.strip()) <= MAX_TEXT)
    return None if ok else f"Must be a non-empty string of at most {MAX_TEXT} characters"


def _phone(value: Any) -> str | None:
    ok = value is None or (isinstance(value, str) and PHONE.match(value))
    return None if ok else "Must be a phone number such as +1-555-0123"


def _status(value: Any) -> str | None:
    return None if value in CUSTOMER_STATUSES else f"Must be one of {', '.join(CUSTOMER_STATUSES)}"


def _metadata(value: Any) -> str | None:
    return None if isinstance(value, dict) else "Must be an object"


def _optional_text(value: Any) -> str | None:
    ok = value is None or (isinstance(value, str) and len(value) <= MAX_NOTES)
    return None if ok else f"Must be a string of at most {MAX_NOTES} characters"


CUSTOMER_RULES: Mapping[str, Rule] = {
    "email": _email,
    "first_name": _name,
    "last_name": _name,
    "phone": _phone,
    "status": _status,
    "metadata": _metadata,
}
ORDER_TEXT_FIELDS = ("payment_method", "shipping_method", "notes")


def issue(field: str, text: str) -> Issue:
    """One entry of an error's `details`."""
    return {"field": field, "issue": text}


def reject(issues: list[Issue]) -> None:
    """Raise the documented 422 when there is any issue."""
    if issues:
        raise VendorHTTPError(422, "validation", "Validation failed", issues)


def json_object(body: Any) -> dict[str, Any]:
    """The body when it is a JSON object, else a 400 invalid_request."""
    if not isinstance(body, dict):
        raise VendorHTTPError(400, "malformed", "Request body must be a JSON object")
    return body


def customer_issues(body: Mapping[str, Any], *, creating: bool) -> list[Issue]:
    """Problems with a customer create (email required) or partial update body."""
    issues = [
        issue(name, text)
        for name, rule in CUSTOMER_RULES.items()
        if name in body and (text := rule(body[name])) is not None
    ]
    if creating and "email" not in body:
        issues.insert(0, issue("email", "Is required"))
    metadata = body.get("metadata")
    if isinstance(metadata, dict) and "tier" in metadata and not isinstance(metadata["tier"], str):
        issues.append(issue("metadata.tier", "Must be a string"))
    return issues


def order_issues(
    body: Mapping[str, Any],
    customers: Mapping[str, dict[str, Any]],
    catalogue: Mapping[str, CatalogueItem],
) -> list[Issue]:
    """Problems with an order body: the customer, each line, the address and the free texts."""
    customer_id = body.get("customer_id")
    customer = customers.get(customer_id) if _is_text(customer_id) else None
    issues: list[Issue] = []
    if not _is_text(customer_id):
        issues.append(issue("customer_id", "Is required"))
    elif customer is None:
        issues.append(issue("customer_id", "Customer not found"))
    items = body.get("items")
    if not isinstance(items, list) or not 0 < len(items) <= MAX_ITEMS:
        issues.append(issue("items", f"Must be a non-empty list of at most {MAX_ITEMS} items"))
    else:
        for index, line in enumerate(items):
            issues.extend(_line_issues(f"items[{index}]", line, catalogue))
    address_id = body.get("shipping_address_id")
    if address_id is not None and customer is not None:
        known = {a.get("id") for a in customer.get("addresses", [])}
        if address_id not in known:
            issues.append(issue("shipping_address_id", "Address not found for this customer"))
    issues.extend(
        issue(name, text)
        for name in ORDER_TEXT_FIELDS
        if (text := _optional_text(body.get(name))) is not None
    )
    return issues


def _line_issues(where: str, line: Any, catalogue: Mapping[str, CatalogueItem]) -> list[Issue]:
    if not isinstance(line, dict):
        return [issue(where, "Must be an object")]
    issues = []
    if not _is_text(line.get("product_id")):
        issues.append(issue(f"{where}.product_id", "Is required"))
    elif line["product_id"] not in catalogue:
        issues.append(issue(f"{where}.product_id", "Product not found"))
    quantity = line.get("quantity")
    if not _is_int(quantity) or not 1 <= quantity <= MAX_QUANTITY:
        issues.append(issue(f"{where}.quantity", f"Must be an integer from 1 to {MAX_QUANTITY}"))
    price = line.get("unit_price")
    if price is not None and (not _is_number(price) or price < 0):
        issues.append(issue(f"{where}.unit_price", "Must be a number of at least 0"))
    return issues


def bulk_ids(body: Mapping[str, Any]) -> list[str]:
    """The product ids of a bulk inventory check (repeats dropped), or a 422."""
    ids = body.get("product_ids")
    if isinstance(ids, list) and 0 < len(ids) <= MAX_ITEMS and all(map(_is_text, ids)):
        return list(dict.fromkeys(ids))
    detail = [issue("product_ids", f"Must be a list of 1 to {MAX_ITEMS} product ids")]
    raise VendorHTTPError(422, "validation", "Validation failed", detail)


def query_int(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within bounds, or a 400 invalid_request."""
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        detail = [issue(name, f"Must be an integer from {low} to {high}")]
        raise VendorHTTPError(400, "malformed", f"Invalid query parameter {name}", detail)
    return value


def query_time(params: Mapping[str, str], name: str) -> str | None:
    """An ISO 8601 query parameter as the store's UTC `...Z` text (sortable), or a 400."""
    raw = params.get(name)
    if raw is None:
        return None
    moment = _parse_time(raw) or _parse_time(raw.replace(" ", "+"))  # an unescaped `+` offset
    if moment is None:
        detail = [issue(name, "Must be an ISO 8601 date-time")]
        raise VendorHTTPError(400, "malformed", f"Invalid query parameter {name}", detail)
    return iso(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def _parse_time(raw: str) -> datetime | None:
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None


def query_choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    """A query parameter restricted to documented words, or a 400."""
    raw = params.get(name)
    if raw is None or raw in allowed:
        return raw
    detail = [issue(name, f"Must be one of {', '.join(allowed)}")]
    raise VendorHTTPError(400, "malformed", f"Invalid query parameter {name}", detail)


def _is_text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
