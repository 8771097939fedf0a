"""How one vendor speaks HTTP: its auth headers, error bodies and rate-limit headers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from vendorgraph.errors import FieldIssue

ResetStyle = Literal["unix", "seconds"]


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """What a vendor's error body says, whatever its shape."""

    vendor_code: str | None = None
    message: str | None = None
    request_id: str | None = None
    retry_after: float | None = None
    details: tuple[FieldIssue, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class VendorDialect:
    """The per-vendor facts the shared upstream stack needs; adapters declare one each.

    `auth_headers` builds the headers that carry a key; `credential_header` names the one that
    identifies the tenant (cache keys and rate budgets hash it); `parse_error` reads an error body
    (already JSON-decoded, or None when it was not JSON); `rate_limit_reset` says whether
    `X-RateLimit-Reset` is a Unix time or seconds until reset (None: the vendor sends no such
    headers).
    """

    auth_headers: Callable[[str], Mapping[str, str]]
    credential_header: str
    parse_error: Callable[[Any], ErrorInfo]
    rate_limit_reset: ResetStyle | None = "seconds"
    write_invalidates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Beyond its own top-level path, what a write under a path changes elsewhere: `{"/orders":
    ("/customers",)}` says an order write also drops cached customers (they embed order
    totals). The gateway drops those cached responses after every successful write."""
    read_routes: frozenset[str] = frozenset()
    """Routes called with an unsafe method that only read (TechCorp looks stock up with `POST
    /inventory/bulk`): their success changes nothing, so it drops nothing from the cache."""
