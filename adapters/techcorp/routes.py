"""The TechCorp endpoints the doc documents: customers, order creation and status, inventory."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vendorgraph.adapters.sandboxkit import VendorHTTPError, read_json
from vendorgraph.adapters.techcorp.seed import CUSTOMER_STATUSES
from vendorgraph.adapters.techcorp.store import Store, created_view, status_view
from vendorgraph.adapters.techcorp.validate import (
    MAX_PAGE,
    bulk_ids,
    issue,
    json_object,
    query_choice,
    query_int,
    query_time,
)

DEFAULT_PAGE = 20
CURSOR_PREFIX = "cursor_"


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """The search filters of doc 5.1.4; times are the store's sortable `...Z` text."""

    text: str = ""
    status: str | None = None
    tier: str | None = None
    created_after: str | None = None
    created_before: str | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> CustomerFilter:
        """Read and check the filters in a query string."""
        return cls(
            text=(params.get("q") or "").strip().lower(),
            status=query_choice(params, "status", CUSTOMER_STATUSES),
            tier=params.get("tier") or None,
            created_after=query_time(params, "created_after"),
            created_before=query_time(params, "created_before"),
        )

    def admits(self, record: Mapping[str, Any]) -> bool:
        """True when the customer passes every filter given."""
        created = record["created_at"]
        return (
            (not self.text or self.text in _haystack(record))
            and (self.status is None or record["status"] == self.status)
            and (self.tier is None or record["metadata"].get("tier") == self.tier)
            and (self.created_after is None or created > self.created_after)
            and (self.created_before is None or created < self.created_before)
        )


def _haystack(record: Mapping[str, Any]) -> str:
    names = f"{record.get('first_name') or ''} {record.get('last_name') or ''}"
    return f"{names}\n{record.get('email') or ''}".lower()


def encode_cursor(position: int) -> str:
    """An opaque cursor for the record at `position` in creation order."""
    return CURSOR_PREFIX + base64.urlsafe_b64encode(f"p{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The position a cursor names (0 without one), or a 400 for a cursor we never issued."""
    if not cursor:
        return 0
    try:
        raw = cursor.removeprefix(CURSOR_PREFIX)
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        if cursor.startswith(CURSOR_PREFIX) and text.startswith("p") and text[1:].isdigit():
            return int(text[1:])
    except (binascii.Error, UnicodeDecodeError):
        pass
    raise VendorHTTPError(
        400, "malformed", "Invalid pagination cursor", [issue("cursor", "Is not a valid cursor")]
    )


def select_fields(record: Mapping[str, Any], raw: str | None) -> Mapping[str, Any]:
    """Doc 8.3 field selection: only the named fields (and always `id`)."""
    if raw is None:
        return record
    names = [n.strip() for n in raw.split(",") if n.strip()]
    return {"id": record["id"], **{n: record[n] for n in names if n in record}}


def routes(store: Store, read_only: Callable[[Request], bool]) -> list[Route]:
    """Every documented route, bound to one store."""

    def require_write(request: Request) -> None:
        # The kit forbids every non-GET for read-only keys; TechCorp's bulk inventory check is a
        # read sent as POST, so the write scope is enforced here, on the real writes only.
        if read_only(request):
            raise VendorHTTPError(403, "forbidden", "API key lacks the write scope")

    async def list_customers(request: Request) -> JSONResponse:
        params = request.query_params
        limit = query_int(params, "limit", DEFAULT_PAGE, 1, MAX_PAGE)
        start = decode_cursor(params.get("cursor"))
        records = list(store.customers.values())
        page = records[start : start + limit]
        end = start + len(page)
        more = end < len(records)
        cursor = encode_cursor(end) if more else None
        return JSONResponse({"data": page, "pagination": {"next_cursor": cursor, "has_more": more}})

    async def search_customers(request: Request) -> JSONResponse:
        params = request.query_params
        limit = query_int(params, "limit", DEFAULT_PAGE, 1, MAX_PAGE)
        offset = query_int(params, "offset", 0, 0, 1_000_000_000)
        wanted = CustomerFilter.from_params(params)
        matches = [c for c in store.customers.values() if wanted.admits(c)]
        page = matches[offset : offset + limit]
        pagination = {
            "next_cursor": None,
            "has_more": offset + len(page) < len(matches),
            "total": len(matches),
            "offset": offset,
            "limit": limit,
        }
        return JSONResponse({"data": page, "pagination": pagination})

    async def get_customer(request: Request) -> JSONResponse:
        record = store.customer(request.path_params["customer_id"])
        return JSONResponse(select_fields(record, request.query_params.get("fields")))

    async def create_customer(request: Request) -> JSONResponse:
        require_write(request)
        body = json_object(await read_json(request))
        return JSONResponse(store.create_customer(body), status_code=201)

    async def update_customer(request: Request) -> JSONResponse:
        require_write(request)
        body = json_object(await read_json(request))
        return JSONResponse(store.update_customer(request.path_params["customer_id"], body))

    async def create_order(request: Request) -> JSONResponse:
        require_write(request)
        body = json_object(await read_json(request))
        key = request.headers.get("idempotency-key") or None
        order = store.create_order(body, request.state.tenant, key)
        return JSONResponse(created_view(order), status_code=201)

    async def get_order(request: Request) -> JSONResponse:
        return JSONResponse(status_view(store.order(request.path_params["order_id"])))

    async def get_inventory(request: Request) -> JSONResponse:
        return JSONResponse(store.stock(request.path_params["product_id"]))

    async def bulk_inventory(request: Request) -> JSONResponse:
        ids = bulk_ids(json_object(await read_json(request)))
        found = [store.inventory[i] for i in ids if i in store.inventory]
        missing = [i for i in ids if i not in store.inventory]
        return JSONResponse({"data": found, "not_found": missing})

    return [
        Route("/customers", list_customers, methods=["GET"]),
        Route("/customers", create_customer, methods=["POST"]),
        Route("/customers/search", search_customers, methods=["GET"]),
        Route("/customers/{customer_id}", get_customer, methods=["GET"]),
        Route("/customers/{customer_id}", update_customer, methods=["PATCH"]),
        Route("/orders", create_order, methods=["POST"]),
        Route("/orders/{order_id}", get_order, methods=["GET"]),
        Route("/inventory/bulk", bulk_inventory, methods=["POST"]),
        Route("/inventory/{product_id}", get_inventory, methods=["GET"]),
    ]
