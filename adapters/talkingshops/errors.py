"""Reads TalkingShops error bodies, whatever their shape, into an ErrorInfo with unified fields.

Documented: `{"error": {"code", "message", "details": {...}}}`. Also accepted: a flat
`{"error": "code", "message"}`, `{"code", "message"}`, and details as a dict (field → message,
list of messages, or `{message|issue}`), a list of dicts (`field`/`path`/`param` with
`message`/`issue`/`msg`) or a list of strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vendorgraph.errors import FieldIssue
from vendorgraph.upstream.dialect import ErrorInfo

FIELD_NAMES: Mapping[str, str | None] = {
    "mobile": "phone",
    "phone": "phone",
    "email": "email",
    "segment": "segment",
    "name": "name",
    "body": None,
    "updates": None,
}
"""Vendor field → unified input field; unlisted names pass through unchanged."""

META_KEYS = frozenset({"retry_after", "retryAfter", "requestId", "request_id"})


def unified_field(name: Any) -> str | None:
    """The unified input field name for a vendor field (`updates.mobile` → `phone`)."""
    if name in (None, ""):
        return None
    text = str(name).removeprefix("updates.").removeprefix("body.")
    return FIELD_NAMES.get(text, text)


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get("message") or value.get("issue") or value.get("msg") or ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _issue_from_item(item: Any) -> FieldIssue:
    if not isinstance(item, Mapping):
        return FieldIssue(None, str(item))
    field = item.get("field") or item.get("path") or item.get("param")
    code = item.get("code")
    return FieldIssue(unified_field(field), _text(item), str(code) if code else None)


def field_issues(details: Any) -> tuple[FieldIssue, ...]:
    """Field problems from `details` in any of the shapes above."""
    if isinstance(details, list):
        return tuple(_issue_from_item(item) for item in details)
    if isinstance(details, Mapping):
        return tuple(
            FieldIssue(unified_field(name), _text(value))
            for name, value in details.items()
            if name not in META_KEYS
        )
    if isinstance(details, str) and details:
        return (FieldIssue(None, details),)
    return ()


def _number(*candidates: Any) -> float | None:
    for value in candidates:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                continue
    return None


def parse_error(body: Any) -> ErrorInfo:
    """What a TalkingShops error body says (an empty ErrorInfo for a non-JSON body)."""
    if not isinstance(body, Mapping):
        return ErrorInfo()
    error = body.get("error")
    inner: Mapping[str, Any] = error if isinstance(error, Mapping) else body
    code = inner.get("code") or inner.get("type") or (error if isinstance(error, str) else None)
    details = inner.get("details", body.get("details"))
    details_map = details if isinstance(details, Mapping) else {}
    message = inner.get("message") or body.get("message")
    request_id = _first_text(inner, body, names=("requestId", "request_id"))
    return ErrorInfo(
        vendor_code=str(code) if code else None,
        message=str(message) if message else None,
        request_id=request_id,
        retry_after=_number(
            inner.get("retry_after"),
            details_map.get("retry_after"),
            body.get("retry_after"),
            inner.get("retryAfter"),
            details_map.get("retryAfter"),
        ),
        details=field_issues(details),
    )


def _first_text(*sources: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for source in sources:
        for name in names:
            if source.get(name):
                return str(source[name])
    return None
