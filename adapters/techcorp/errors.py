"""Reads TechCorp error bodies (doc 6.1, 4.3) and restates their fields in unified input names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from vendorgraph.adapters.base import decimal_or_none
from vendorgraph.errors import FieldIssue, GatewayError
from vendorgraph.upstream.dialect import ErrorInfo

MESSAGE_KEYS = ("issue", "message", "reason", "error", "description", "detail")
FIELD_KEYS = ("field", "param", "parameter", "path", "name")
DETAIL_LIST_KEYS = ("details", "errors", "fields")

UNIFIED_FIELDS: Mapping[str, str] = {
    "metadata.tier": "segment",
    "metadata": "segment",
    "Idempotency-Key": "idempotencyKey",
    "product_ids": "ids",
}
"""Vendor field → the gateway's input field where the names differ beyond snake → camel case."""

SNAKE = re.compile(r"_([a-z0-9])")
CONFLICT_CODES: Mapping[str | None, str] = {"idempotencyKey": "CONFLICT"}
"""A reused Idempotency-Key is the same CONFLICT the gateway's own key store reports."""
DUPLICATE = "DUPLICATE"
INVALID = "INVALID"
NOT_FOUND = "NOT_FOUND"
MISSING = re.compile(r"\bnot found\b|\bdoes not exist\b", re.IGNORECASE)
"""Doc 6.1 issues name the field; an issue saying the record it names is missing is NOT_FOUND."""


def parse_error(body: Any) -> ErrorInfo:
    """Whatever a TechCorp error body says: nested `{"error": {...}}` or flat, any detail shape."""
    if not isinstance(body, Mapping):
        return ErrorInfo(message=body if isinstance(body, str) and body else None)
    nested = body.get("error")
    inner: Mapping[str, Any] = nested if isinstance(nested, Mapping) else body
    word = inner.get("code") or (nested if isinstance(nested, str) else None)
    retry = _first(inner, body, "retry_after", "retryAfter")
    detail_source = next(
        (src[k] for src in (inner, body) for k in DETAIL_LIST_KEYS if src.get(k)), None
    )
    return ErrorInfo(
        vendor_code=_text(word),
        message=_text(_first(inner, body, "message", "error_description", "detail")),
        request_id=_text(_first(inner, body, "request_id", "requestId")),
        retry_after=None if (d := decimal_or_none(retry)) is None else float(d),
        details=tuple(_issues(detail_source)),
    )


def _first(inner: Mapping[str, Any], outer: Mapping[str, Any], *keys: str) -> Any:
    return next((src[k] for src in (inner, outer) for k in keys if src.get(k) is not None), None)


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int | float) and value != "" else None


def _issues(source: Any) -> Iterable[FieldIssue]:
    if isinstance(source, str):
        yield FieldIssue(None, source)
    elif isinstance(source, Mapping):
        if any(k in source for k in (*FIELD_KEYS, *MESSAGE_KEYS)):
            yield _issue(source)
        else:  # {"email": "Must be …"} or {"email": ["…", "…"]}
            for field, said in source.items():
                for text in said if isinstance(said, list) else [said]:
                    yield FieldIssue(str(field), str(text))
    elif isinstance(source, list):
        for entry in source:
            yield from _issues(entry) if not isinstance(entry, Mapping) else [_issue(entry)]


def _issue(entry: Mapping[str, Any]) -> FieldIssue:
    field = next((entry[k] for k in FIELD_KEYS if entry.get(k) is not None), None)
    text = next((entry[k] for k in MESSAGE_KEYS if entry.get(k) is not None), None)
    code = entry.get("code")
    return FieldIssue(
        None if field is None else str(field),
        str(text) if text is not None else "Invalid value",
        str(code) if isinstance(code, str) else None,
    )


def unified(error: GatewayError) -> GatewayError:
    """The error with the gateway's field names in its details, each tagged with a code."""
    conflict = error.upstream_status == 409
    details = [_unify(d, conflict) for d in error.details]
    if conflict and not details:
        details = [FieldIssue(None, error.message, DUPLICATE)]
    return GatewayError(
        error.code,
        error.message,
        vendor=error.vendor,
        upstream_status=error.upstream_status,
        request_id=error.request_id,
        retry_after=error.retry_after,
        field=error.field,
        details=details,
    )


def unified_field(name: str) -> str:
    """A vendor field path as the gateway names it: `items[0].unit_price` → `items[0].unitPrice`."""
    return UNIFIED_FIELDS.get(name) or SNAKE.sub(lambda m: m.group(1).upper(), name)


def _unify(issue: FieldIssue, conflict: bool) -> FieldIssue:
    field = None if issue.field is None else unified_field(issue.field)
    if conflict:
        code = CONFLICT_CODES.get(field, DUPLICATE)
    else:
        code = issue.code or (NOT_FOUND if MISSING.search(issue.message) else INVALID)
    return FieldIssue(field, issue.message, code)
