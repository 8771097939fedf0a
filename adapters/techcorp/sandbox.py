"""TechCorp Customer API 3.2 as documented, served with seeded data for tests and local work."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request

from vendorgraph.adapters.sandboxkit import (
    KeyInfo,
    RateLimit,
    SandboxOptions,
    SandboxSpec,
    build_sandbox,
)
from vendorgraph.adapters.techcorp.routes import routes
from vendorgraph.adapters.techcorp.store import Store

BASE_PATH = "/v3"
DEMO_KEY = "tc_sandbox_demo_key"
READ_ONLY_KEY = "tc_sandbox_readonly_key"
TENANT = "techcorp-sandbox"

# Both keys pass the kit's gate; the write scope is checked by the write handlers themselves,
# because the documented bulk inventory check is a read that uses POST.
KEYS = {DEMO_KEY: KeyInfo(TENANT), READ_ONLY_KEY: KeyInfo(TENANT)}
READ_ONLY_KEYS = frozenset({READ_ONLY_KEY})

ERROR_CODES = {  # doc 6.3; 503 has no documented word, so it gets a plain descriptive one
    "unauthorized": "authentication_failed",
    "forbidden": "insufficient_permissions",
    "not_found": "resource_not_found",
    "rate_limited": "rate_limit_exceeded",
    "validation": "validation_error",
    "malformed": "invalid_request",
    "conflict": "duplicate_resource",
    "internal": "internal_error",
    "unavailable": "service_unavailable",
}
SANDBOX_RATE_LIMIT = RateLimit(1000, 3600, "unix")  # doc 2.1: sandbox keys, 1,000 requests/hour


def bearer_key(request: Request) -> str | None:
    """The key of an `Authorization: Bearer KEY` header (doc 2.1)."""
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return key.strip() or None


def error_body(status: int, code: str, message: str, details: Any) -> dict[str, Any]:
    """The doc 6.1 error shape; `details` only when there are field issues."""
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    error["request_id"] = f"req_{uuid.uuid4().hex[:12]}"
    return {"error": error}


SPEC = SandboxSpec(
    name="techcorp",
    base_path=BASE_PATH,
    keys=KEYS,
    read_key=bearer_key,
    error_body=error_body,
    error_codes=ERROR_CODES,
    rate_limit=SANDBOX_RATE_LIMIT,
    caching=True,
)


def create_app(options: SandboxOptions) -> Starlette:
    """The sandbox app for one seed: the documented routes under /v3, plus /_admin."""
    store = Store.seeded(options.seed)
    return build_sandbox(SPEC, routes(store, lambda r: bearer_key(r) in READ_ONLY_KEYS), options)
