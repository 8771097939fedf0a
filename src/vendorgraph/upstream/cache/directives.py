"""Parses the header syntax the cache policy reads: Cache-Control, delta-seconds, HTTP dates."""

from __future__ import annotations

import email.utils
import math
from collections.abc import Mapping

import httpx

Directives = Mapping[str, str | None]

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


def split_list(value: str) -> list[str]:
    """Split a comma-separated field value, keeping quoted commas (RFC 9110 §5.6.1)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def cache_control(headers: httpx.Headers) -> Directives:
    """Cache-Control directives by lower-cased name; the first occurrence wins (RFC 9111 §4.2.1)."""
    directives: dict[str, str | None] = {}
    for line in headers.get_list("cache-control"):
        for item in split_list(line):
            name, sep, raw = item.partition("=")
            key = name.strip().lower()
            if key and key not in directives:
                directives[key] = raw.strip().strip('"') if sep else None
    return directives


def delta_seconds(value: str | None) -> float | None:
    """A delta-seconds value (RFC 9111 §1.2.2); None when absent or not a non-negative integer."""
    if value is None:
        return None
    text = value.strip()
    return float(text) if text.isdigit() else None


def directive_seconds(directives: Directives, name: str) -> float | None:
    """A directive's delta-seconds; an invalid value counts as 0, i.e. stale (RFC 9111 §4.2.1)."""
    if name not in directives:
        return None
    seconds = delta_seconds(directives[name])
    return 0.0 if seconds is None else seconds


def max_stale(directives: Directives) -> float | None:
    """The request's max-stale: unbounded without a value (RFC 9111 §5.2.1.2)."""
    if "max-stale" not in directives:
        return None
    if directives["max-stale"] is None:
        return math.inf
    return directive_seconds(directives, "max-stale")


def http_date(value: str | None) -> float | None:
    """Seconds since the epoch for an HTTP-date (RFC 9110 §5.6.7); None when absent or invalid."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.timestamp() if parsed.tzinfo is not None else None


def format_http_date(timestamp: float) -> str:
    """An IMF-fixdate for a Unix timestamp."""
    return email.utils.formatdate(timestamp, usegmt=True)


def normalise_field(value: str | None) -> str | None:
    """A request field value with whitespace collapsed, for Vary matching (RFC 9111 §4.1)."""
    if value is None:
        return None
    return ", ".join(" ".join(part.split()) for part in value.split(","))


def storable_fields(headers: httpx.Headers) -> tuple[tuple[str, str], ...]:
    """Response fields minus hop-by-hop ones and those Connection names (RFC 9111 §3.1)."""
    dropped = HOP_BY_HOP | {
        name.lower() for line in headers.get_list("connection") for name in split_list(line)
    }
    return tuple((k.lower(), v) for k, v in headers.multi_items() if k.lower() not in dropped)
