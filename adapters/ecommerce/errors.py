"""Reads E-Commerce error bodies in every reasonable shape and names fields the gateway's way."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from vendorgraph.adapters.base import decimal_or_none
from vendorgraph.errors import FieldIssue
from vendorgraph.upstream.dialect import ErrorInfo

# vendor body field → the gateway's unified input field (per path segment)
UNIFIED_FIELDS: Mapping[str, str] = {
    "first_name": "firstName",
    "last_name": "lastName",
    "customer_id": "customerId",
    "product_id": "productId",
    "variant_id": "variantId",
    "price": "unitPrice",
    "zip": "postalCode",
    "postal_code": "postalCode",
    "shipping_address": "shippingAddress",
    "billing_address": "billingAddress",
    "payment_method": "paymentMethod",
    "shipping_method": "shippingMethod",
    "is_default": "isDefault",
    "location": "location",
}
# what a message says → the business code the gateway reports in userErrors
BUSINESS_CODES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"insufficient|out of stock|not enough stock", re.I), "INSUFFICIENT_STOCK"),
    (re.compile(r"already exists|duplicate|already (in use|taken|registered)", re.I), "DUPLICATE"),
    (re.compile(r"not found|does not exist", re.I), "NOT_FOUND"),
    (
        re.compile(r"cannot (be )?(cancel|change)|invalid (status )?transition", re.I),
        "INVALID_STATE",
    ),
)
SEGMENT = re.compile(r"^([A-Za-z0-9_]+)((?:\[\d+\])*)$")
KNOWN_KEYS = frozenset(
    {
        "code",
        "type",
        "message",
        "details",
        "errors",
        "request_id",
        "requestId",
        "retry_after",
        "error",
        "error_description",
    }
)


def unified_field(field: Any) -> str | None:
    """`items[0].product_id` → `items[0].productId`; other names are camel-cased."""
    if field in (None, ""):
        return None
    parts = []
    for segment in str(field).replace("/", ".").strip(".").split("."):
        match = SEGMENT.match(segment)
        if match is None:
            parts.append(segment)
            continue
        name, index = match.groups()
        parts.append(UNIFIED_FIELDS.get(name, _camel(name)) + index)
    return ".".join(parts)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def business_code(message: str, explicit: Any = None) -> str | None:
    """The business code a detail's message (or its own `code`) implies, if any."""
    for pattern, code in BUSINESS_CODES:
        if pattern.search(message) or (isinstance(explicit, str) and pattern.search(explicit)):
            return code
    return str(explicit).upper() if isinstance(explicit, str) and explicit else None


def _issue(field: Any, message: Any, code: Any = None) -> FieldIssue:
    text = str(message) if message not in (None, "") else "Invalid value"
    return FieldIssue(field=unified_field(field), message=text, code=business_code(text, code))


def _details(raw: Any) -> Iterable[FieldIssue]:
    if isinstance(raw, str):
        yield _issue(None, raw)
    elif isinstance(raw, Mapping):
        for field, value in raw.items():
            for message in value if isinstance(value, list) else [value]:
                yield _issue(field, message)
    elif isinstance(raw, list):
        for item in raw:
            if isinstance(item, Mapping):
                field = next(
                    (item[k] for k in ("field", "param", "path", "name") if k in item), None
                )
                message = next(
                    (
                        item[k]
                        for k in ("message", "issue", "msg", "reason", "error")
                        if item.get(k)
                    ),
                    None,
                )
                yield _issue(field, message, item.get("code"))
            elif item is not None:
                yield _issue(None, item)


def parse_error(body: Any) -> ErrorInfo:
    """An error body nested (`{"error": {...}}`, as documented) or flat, in any detail shape."""
    if isinstance(body, str):
        return ErrorInfo(message=body or None)
    if not isinstance(body, Mapping):
        return ErrorInfo()
    nested = body.get("error")
    source: Mapping[str, Any] = nested if isinstance(nested, Mapping) else body
    code = source.get("code") or source.get("type") or (nested if isinstance(nested, str) else None)
    message = source.get("message") or body.get("message") or source.get("error_description")
    request_id = source.get("request_id") or body.get("request_id") or source.get("requestId")
    retry = decimal_or_none(source.get("retry_after", body.get("retry_after")))
    raw_details = next(
        (s[k] for s in (source, body) for k in ("details", "errors") if s.get(k)), None
    )
    return ErrorInfo(
        vendor_code=str(code) if code else None,
        message=str(message) if message else None,
        request_id=str(request_id) if request_id else None,
        retry_after=float(retry) if retry is not None else None,
        details=tuple(_details(raw_details)),
        extra={k: v for k, v in source.items() if k not in KNOWN_KEYS},
    )
