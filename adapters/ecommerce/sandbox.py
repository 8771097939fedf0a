"""The E-Commerce Platform API 2.3 sandbox: its documented routes under /v2 on the shared kit."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request

from vendorgraph.adapters.ecommerce.routes_catalog import catalog_routes
from vendorgraph.adapters.ecommerce.routes_customers import customer_routes
from vendorgraph.adapters.ecommerce.routes_orders import order_routes
from vendorgraph.adapters.ecommerce.seed import build_store
from vendorgraph.adapters.sandboxkit import (
    KeyInfo,
    RateLimit,
    SandboxOptions,
    SandboxSpec,
    build_sandbox,
)

BASE_PATH = "/v2"
DEMO_KEY = "test_ecom_demo_key"
READONLY_KEY = "test_ecom_readonly_key"
STARTER_PLAN = RateLimit(limit=1000, window_s=3600, reset_style="unix")
ERROR_CODES = {
    "unauthorized": "authentication_error",
    "forbidden": "authorization_error",
    "not_found": "not_found",
    "rate_limited": "rate_limit_exceeded",
    "validation": "validation_error",
    "malformed": "validation_error",
    "conflict": "conflict",
    "internal": "server_error",
    "unavailable": "server_error",
}


def bearer_key(request: Request) -> str | None:
    """The key from `Authorization: Bearer KEY`."""
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    return key.strip() or None if scheme.lower() == "bearer" else None


def error_body(status: int, code: str, message: str, details: Any) -> dict[str, Any]:
    """The documented error shape: code, message, field details and a request id."""
    return {
        "error": {
            "code": code,
            "message": message,
            "details": list(details or []),
            "request_id": f"req_{uuid.uuid4().hex[:12]}",
        }
    }


SPEC = SandboxSpec(
    name="ecommerce",
    base_path=BASE_PATH,
    keys={DEMO_KEY: KeyInfo("demo"), READONLY_KEY: KeyInfo("demo", can_write=False)},
    read_key=bearer_key,
    error_body=error_body,
    error_codes=ERROR_CODES,
    rate_limit=STARTER_PLAN,
    caching=False,
)


def create_app(options: SandboxOptions) -> Starlette:
    """The sandbox with data seeded from `options.seed`."""
    store = build_store(options.seed)
    routes = catalog_routes(store) + order_routes(store) + customer_routes(store)
    return build_sandbox(SPEC, routes, options)
