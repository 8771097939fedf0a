"""Request validation for the TalkingShops sandbox: customer bodies and list query parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from vendorgraph.adapters.sandboxkit import VendorHTTPError
from vendorgraph.adapters.sandboxkit.seed import iso

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
OPTIONAL_FIELDS = ("name", "email", "segment")
UPDATABLE_FIELDS = frozenset({"mobile", *OPTIONAL_FIELDS})
SORT_FIELDS = frozenset({"name", "mobile", "email", "segment", "created_at", "updated_at"})
DEFAULT_SORT = "created_at"


def invalid(details: Mapping[str, str], message: str = "Validation failed") -> VendorHTTPError:
    """A 400 ValidationError naming each bad field."""
    return VendorHTTPError(400, "validation", message, dict(details))


def _field_problems(body: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name in names:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            problems[name] = f"{name} must be a string"
    email = body.get("email")
    if isinstance(email, str) and not EMAIL.match(email):
        problems["email"] = "email must be a valid email address"
    return problems


def _mobile_problem(body: Mapping[str, Any]) -> str | None:
    mobile = body.get("mobile")
    if mobile is None or (isinstance(mobile, str) and not mobile.strip()):
        return "mobile is required"
    if not isinstance(mobile, str):
        return "mobile must be a string"
    return None


def new_customer(body: Any) -> dict[str, Any]:
    """The fields to store from a `POST /customers` body, or a 400 naming every bad field."""
    if not isinstance(body, dict):
        raise invalid({"body": "request body must be a JSON object"})
    problems = _field_problems(body, OPTIONAL_FIELDS)
    mobile_problem = _mobile_problem(body)
    if mobile_problem:
        problems["mobile"] = mobile_problem
    if problems:
        raise invalid(problems)
    names = ("mobile", *OPTIONAL_FIELDS)
    return {name: body[name] for name in names if body.get(name) is not None}


def customer_updates(body: Any) -> dict[str, Any]:
    """The changes a `PUT` body's `updates` object asks for (None unsets), or a 400."""
    updates = body.get("updates") if isinstance(body, dict) else None
    if not isinstance(updates, dict) or not updates:
        raise invalid({"updates": "updates must be a non-empty object of fields to change"})
    problems = {
        name: f"{name} cannot be updated" for name in updates if name not in UPDATABLE_FIELDS
    }
    problems.update(_field_problems(updates, OPTIONAL_FIELDS))
    if "mobile" in updates:
        mobile_problem = _mobile_problem(updates)
        if mobile_problem:
            problems["mobile"] = mobile_problem
    if problems:
        raise invalid(problems)
    return dict(updates)


@dataclass(frozen=True, slots=True)
class ListQuery:
    """The parsed query of `GET /customers`."""

    page: int
    limit: int
    segment: str | None
    start: str | None
    end: str | None
    search: str | None
    sort: str


def _integer(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise invalid({name: f"{name} must be an integer from {low} to {high}"})
    return value


def _bound(params: Mapping[str, str], name: str, end_of_day: bool) -> str | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise invalid({name: f"{name} must be an ISO 8601 date or timestamp"}) from exc
    if end_of_day and len(raw) == 10:
        moment = datetime.combine(moment.date(), time(23, 59, 59))
    return iso(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def list_query(params: Mapping[str, str]) -> ListQuery:
    """Page, limit (1-100, default 10), filters and sort from the query string, or a 400."""
    sort = params.get("sort") or DEFAULT_SORT
    if sort.removeprefix("-") not in SORT_FIELDS:
        allowed = ", ".join(sorted(SORT_FIELDS))
        raise invalid({"sort": f"sort must be one of {allowed} (prefix - for descending)"})
    return ListQuery(
        page=_integer(params, "page", 1, 1, 1_000_000),
        limit=_integer(params, "limit", 10, 1, 100),
        segment=params.get("segment") or None,
        start=_bound(params, "startDate", end_of_day=False),
        end=_bound(params, "endDate", end_of_day=True),
        search=(params.get("searchTerm") or "").strip().casefold() or None,
        sort=sort,
    )


def matches(record: Mapping[str, Any], query: ListQuery) -> bool:
    """Whether a stored customer passes the query's filters."""
    if query.segment is not None and record.get("segment") != query.segment:
        return False
    if query.start is not None and record["created_at"] < query.start:
        return False
    if query.end is not None and record["created_at"] > query.end:
        return False
    if query.search is None:
        return True
    haystack = (record.get(name) for name in ("name", "mobile", "email"))
    return any(query.search in value.casefold() for value in haystack if value)


def sort_key(field: str) -> Any:
    """A sort key on one field (case-insensitive, missing first), ties broken by `_id`."""

    def key(record: Mapping[str, Any]) -> tuple[str, str]:
        return (str(record.get(field) or "").casefold(), record["_id"])

    return key
