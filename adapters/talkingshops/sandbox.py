"""The TalkingShops Customer Management API v1 as documented, served with seeded per-tenant data."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vendorgraph.adapters.sandboxkit import (
    KeyInfo,
    RateLimit,
    SandboxOptions,
    SandboxSpec,
    VendorHTTPError,
    build_sandbox,
    read_json,
)
from vendorgraph.adapters.talkingshops import validation as check
from vendorgraph.adapters.talkingshops.store import (
    TenantStore,
    detail_view,
    list_view,
    page_summary,
    stats_view,
)

BASE_PATH = "/v1"
KEY_HEADER = "x-tenant-api-key"
TENANT_KEYS = {"ts_tenant_alpha_key": "alpha", "ts_tenant_beta_key": "beta"}
ERROR_CODES = {
    "unauthorized": "AuthenticationError",
    "forbidden": "AuthenticationError",
    "validation": "ValidationError",
    "malformed": "ValidationError",
    "conflict": "ValidationError",
    "not_found": "NotFoundError",
    "rate_limited": "RateLimitError",
    "internal": "InternalServerError",
    "unavailable": "ServiceUnavailableError",
}
_RETRY_IN = re.compile(r"(\d+) seconds")


def error_body(status: int, code: str, message: str, details: Any) -> dict[str, Any]:
    """`{"error": {"code", "message", "details"}}`; a 429 names `retry_after` in its details."""
    if status == 429:
        found = _RETRY_IN.search(message)
        details = {"retry_after": int(found.group(1))} if found else details
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _read_key(request: Request) -> str | None:
    return request.headers.get(KEY_HEADER)


SPEC = SandboxSpec(
    name="talkingshops",
    base_path=BASE_PATH,
    keys={key: KeyInfo(tenant) for key, tenant in TENANT_KEYS.items()},
    read_key=_read_key,
    error_body=error_body,
    error_codes=ERROR_CODES,
    rate_limit=RateLimit(100, 60.0, "seconds"),
)


class _Handlers:
    """The documented endpoints over one store per tenant."""

    def __init__(self, seed: int) -> None:
        self.stores = {t: TenantStore.seeded(seed, t) for t in sorted(set(TENANT_KEYS.values()))}

    def _store(self, request: Request) -> TenantStore:
        return self.stores[request.state.tenant]

    def _customer(self, request: Request) -> tuple[TenantStore, str, dict[str, Any]]:
        store = self._store(request)
        customer_id = request.path_params["customerId"]
        record = store.by_id(customer_id)
        if record is None:
            raise VendorHTTPError(404, "not_found", f"Customer {customer_id} not found")
        return store, customer_id, record

    async def list_customers(self, request: Request) -> JSONResponse:
        query = check.list_query(request.query_params)
        records = self._store(request).customers.values()
        matched = sorted(
            (r for r in records if check.matches(r, query)),
            key=check.sort_key(query.sort.removeprefix("-")),
            reverse=query.sort.startswith("-"),
        )
        views = [list_view(r) for r in matched]
        start = (query.page - 1) * query.limit
        meta = {
            "hasSegmentation": any(r.get("segment") for r in records),
            "page": query.page,
            "limit": query.limit,
            "sort": query.sort,
        }
        return JSONResponse(
            {
                "customers": views[start : start + query.limit],
                "total": len(views),
                "totalPages": math.ceil(len(views) / query.limit),
                **page_summary(views),
                "meta": meta,
            }
        )

    async def create_customer(self, request: Request) -> JSONResponse:
        fields = check.new_customer(await read_json(request))
        store = self._store(request)
        if store.mobile_owner(fields["mobile"]) is not None:
            raise _duplicate_mobile()
        customer_id = store.create(fields)
        message = "Customer created successfully"
        body = {"success": True, "message": message, "customerId": customer_id}
        return JSONResponse(body, status_code=201)

    async def lookup(self, request: Request) -> JSONResponse:
        mobile = request.query_params.get("mobile")
        if not mobile:
            raise check.invalid({"mobile": "mobile is required"})
        store = self._store(request)
        customer_id = store.mobile_owner(mobile)
        record = store.by_id(customer_id) if customer_id else None
        if record is None:
            raise VendorHTTPError(404, "not_found", "No customer with this mobile number")
        return JSONResponse(detail_view(record))

    async def stats(self, request: Request) -> JSONResponse:
        return JSONResponse(stats_view(self._store(request), datetime.now(UTC)))

    async def get_customer(self, request: Request) -> JSONResponse:
        _, _, record = self._customer(request)
        return JSONResponse(detail_view(record))

    async def update_customer(self, request: Request) -> JSONResponse:
        store, customer_id, _ = self._customer(request)
        changes = check.customer_updates(await read_json(request))
        owner = store.mobile_owner(changes.get("mobile") or "")
        if owner is not None and owner != customer_id:
            raise _duplicate_mobile()
        store.update(customer_id, changes)
        return JSONResponse({"success": True, "message": "Customer updated successfully"})

    async def delete_customer(self, request: Request) -> JSONResponse:
        store, customer_id, _ = self._customer(request)
        store.delete(customer_id)
        return JSONResponse({"success": True, "message": "Customer deleted successfully"})

    def routes(self) -> list[Route]:
        """The documented routes; `lookup` and `stats` come before `{customerId}`."""
        return [
            Route("/customers", self.list_customers, methods=["GET"]),
            Route("/customers", self.create_customer, methods=["POST"]),
            Route("/customers/lookup", self.lookup, methods=["GET"]),
            Route("/customers/stats", self.stats, methods=["GET"]),
            Route("/customers/{customerId}", self.get_customer, methods=["GET"]),
            Route("/customers/{customerId}", self.update_customer, methods=["PUT"]),
            Route("/customers/{customerId}", self.delete_customer, methods=["DELETE"]),
        ]


def _duplicate_mobile() -> VendorHTTPError:
    """Mobile numbers are unique per tenant; the doc lists no 409, so this is a ValidationError."""
    message = "A customer with this mobile number already exists"
    return check.invalid({"mobile": message}, message)


def create_app(options: SandboxOptions) -> Starlette:
    """The sandbox app: documented routes under `/v1`, with the kit's auth, limits and admin."""
    return build_sandbox(SPEC, _Handlers(options.seed).routes(), options)
