"""List endpoints' query parsing and both documented pagination styles (page/limit and cursor)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import QueryParams

from vendorgraph.adapters.ecommerce.store import Record
from vendorgraph.adapters.sandboxkit import VendorHTTPError

DEFAULT_LIMIT, MAX_LIMIT = 50, 200
SortKey = Callable[[Record], Any]


def bad_param(name: str, message: str) -> VendorHTTPError:
    """A 400 for one invalid query parameter, with the field named in `details`."""
    return VendorHTTPError(
        400, "validation", f"Invalid parameter '{name}'", [{"field": name, "message": message}]
    )


def int_param(params: QueryParams, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within [low, high], else 400."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_param(name, "Must be an integer") from None
    if not low <= value <= high:
        raise bad_param(name, f"Must be between {low} and {high}")
    return value


def choice_param(params: QueryParams, name: str, allowed: Sequence[str]) -> str | None:
    """A query parameter that must be one of the documented words."""
    raw = params.get(name)
    if raw in (None, ""):
        return None
    if raw not in allowed:
        raise bad_param(name, f"Must be one of: {', '.join(allowed)}")
    return raw


def time_param(params: QueryParams, name: str, *, end_of_day: bool = False) -> str | None:
    """An ISO 8601 date or date-time parameter as a comparable `...Z` string; a bare date used
    as the end of a range includes that whole day."""
    raw = params.get(name)
    if raw in (None, ""):
        return None
    if end_of_day and len(raw) == 10:
        raw += "T23:59:59Z"
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise bad_param(name, "Must be an ISO 8601 date or date-time") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def within(value: str, start: str | None, end: str | None) -> bool:
    """Whether an ISO `...Z` timestamp lies in [start, end] (None: open)."""
    return (start is None or value >= start) and (end is None or value <= end)


def paginate(
    params: QueryParams, records: Sequence[Record], key: SortKey, *, descending: bool = False
) -> dict[str, Any]:
    """Sort the records and answer one page: cursor style when `cursor` (even empty) is sent
    or `pagination=cursor`, else page/limit style."""
    limit = int_param(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    ordered = sorted(records, key=lambda r: (key(r), r["id"]), reverse=descending)
    if "cursor" in params or params.get("pagination") == "cursor":
        return _cursor_page(params.get("cursor") or "", ordered, key, limit, descending)
    page = int_param(params, "page", 1, 1, 1_000_000)
    total = len(ordered)
    total_pages = -(-total // limit)
    start = (page - 1) * limit
    return {
        "data": ordered[start : start + limit],
        "pagination": {
            "page": page,
            "limit": limit,
            "total_pages": total_pages,
            "total_items": total,
            "has_next": page < total_pages,
            "has_previous": page > 1,
        },
    }


def _cursor_page(
    cursor: str, ordered: list[Record], key: SortKey, limit: int, descending: bool
) -> dict[str, Any]:
    start = 0
    if cursor:
        after = _decode_cursor(cursor)
        start = next(
            (i for i, r in enumerate(ordered) if _beyond((key(r), r["id"]), after, descending)),
            len(ordered),
        )
    data = ordered[start : start + limit]
    has_more = start + limit < len(ordered)
    last = data[-1] if data and has_more else None
    next_cursor = _encode_cursor([key(last), last["id"]]) if last else None
    return {"data": data, "pagination": {"next_cursor": next_cursor, "has_more": has_more}}


def _beyond(position: tuple[Any, str], after: tuple[Any, str], descending: bool) -> bool:
    try:
        return position < after if descending else position > after
    except TypeError:
        raise bad_param("cursor", "Cursor does not match this listing") from None


def _encode_cursor(position: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": position}).encode()).decode()


def _decode_cursor(cursor: str) -> tuple[Any, str]:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        value, last_id = decoded["after"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise bad_param("cursor", "Not a cursor this API issued") from None
    if not isinstance(last_id, str):
        raise bad_param("cursor", "Not a cursor this API issued")
    return value, last_id
