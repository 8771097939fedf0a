"""The TechParts Developer API v1 as documented, served with seeded data for tests and demos."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vendorgraph.adapters.sandboxkit import (
    KeyInfo,
    SandboxOptions,
    SandboxSpec,
    VendorHTTPError,
    build_sandbox,
    read_json,
)
from vendorgraph.adapters.sandboxkit.seed import iso
from vendorgraph.adapters.techparts.rules import (
    inventory_problems,
    inventory_request,
    order_problems,
    order_request,
)
from vendorgraph.adapters.techparts.store import OrderLine, Store, seed_store

Endpoint = Callable[[Request], Awaitable[JSONResponse]]

BASE_PATH = "/v1"
DEMO_KEY = "tp_demo_key"
READONLY_KEY = "tp_readonly_key"
INVENTORY_WRITE = "inventory:write"

KEYS: Mapping[str, KeyInfo] = {
    # Both keys may send writes; only the inventory route checks a scope, as the doc documents.
    DEMO_KEY: KeyInfo(tenant="api_user_12345"),
    READONLY_KEY: KeyInfo(tenant="api_user_67890"),
}
SCOPES: Mapping[str, frozenset[str]] = {
    DEMO_KEY: frozenset({INVENTORY_WRITE}),
    READONLY_KEY: frozenset(),
}
ERROR_CODES: Mapping[str, str] = {
    "unauthorized": "unauthorized",
    "forbidden": "forbidden",
    "not_found": "not_found",
    "rate_limited": "rate_limit_exceeded",
    "validation": "validation_error",
    "malformed": "bad_request",
    "conflict": "conflict",
    "insufficient_stock": "insufficient_stock",
    "internal": "internal_error",
    "unavailable": "service_unavailable",
}
DOCUMENTED_MESSAGES: Mapping[str, str] = {
    "unauthorized": "Valid API key required. Include 'Authorization: Bearer YOUR_API_KEY' header.",
    "forbidden": "Insufficient permissions to update inventory. Requires 'inventory:write' scope.",
}
INSUFFICIENT_STOCK_STATUS = 409
"""The doc gives the insufficient_stock body but no status; 409: the order conflicts with stock."""
INVALID_BODY = "Invalid request body"


def read_key(request: Request) -> str | None:
    """The key from `Authorization: Bearer KEY`."""
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return key.strip() or None


def error_body(status: int, code: str, message: str, details: Any) -> dict[str, Any]:
    """TechParts' flat error shape; auth errors carry the doc's own messages."""
    if status == 405:
        code = "method_not_allowed"
    body: dict[str, Any] = {"error": code, "message": DOCUMENTED_MESSAGES.get(code, message)}
    if details is not None:
        body["details"] = details
    return body


SPEC = SandboxSpec(
    name="techparts",
    base_path=BASE_PATH,
    keys=KEYS,
    read_key=read_key,
    error_body=error_body,
    error_codes=ERROR_CODES,
    rate_limit=None,
)


def create_app(options: SandboxOptions) -> Starlette:
    """The sandbox app: the three documented routes over a store seeded from `options.seed`."""
    store = seed_store(options.seed)
    routes = [
        Route("/products/{id}", _get_product(store), methods=["GET"]),
        Route("/orders", _create_order(store), methods=["POST"]),
        Route("/inventory/{sku}", _update_inventory(store), methods=["PATCH"]),
    ]
    app = build_sandbox(SPEC, routes, options)
    app.state.store = store
    return app


def _get_product(store: Store) -> Endpoint:
    async def get_product(request: Request) -> JSONResponse:
        product_id = request.path_params["id"]
        product = store.products.get(product_id)
        if product is None:
            raise VendorHTTPError(
                404, "not_found", f"Product with ID '{product_id}' does not exist"
            )
        return JSONResponse(product.as_json())

    return get_product


def _create_order(store: Store) -> Endpoint:
    async def create_order(request: Request) -> JSONResponse:
        body = await _body(request)
        _reject_invalid(order_problems(body))
        wanted = order_request(body)
        for product_id, _ in wanted.items:
            if product_id not in store.products:
                raise VendorHTTPError(
                    404, "not_found", f"Product with ID '{product_id}' does not exist"
                )
        _check_stock(store, wanted.items)
        lines = [OrderLine(pid, qty, store.products[pid].price) for pid, qty in wanted.items]
        order = store.place_order(wanted.customer_id, lines, wanted.shipping_address, _now())
        return JSONResponse(order.confirmation(), status_code=201)

    return create_order


def _update_inventory(store: Store) -> Endpoint:
    async def update_inventory(request: Request) -> JSONResponse:
        key = read_key(request) or ""
        if INVENTORY_WRITE not in SCOPES.get(key, frozenset()):
            raise VendorHTTPError(403, "forbidden", DOCUMENTED_MESSAGES["forbidden"])
        body = await _body(request)
        _reject_invalid(inventory_problems(body))
        wanted = inventory_request(body)
        sku = request.path_params["sku"]
        product = store.by_sku.get(sku)
        if product is None:
            raise VendorHTTPError(
                404, "not_found", f"SKU '{sku}' does not exist in inventory system"
            )
        now = _now()
        previous = store.set_stock(product, wanted.quantity, now)
        return JSONResponse(
            {
                "sku": product.sku,
                "product_id": product.id,
                "product_name": product.name,
                "quantity": product.stock,
                "previous_quantity": previous,
                "change": product.stock - previous,
                "updated_at": iso(now),
                "updated_by": request.state.tenant,
            }
        )

    return update_inventory


async def _body(request: Request) -> Any:
    try:
        return await read_json(request)
    except VendorHTTPError as exc:
        raise VendorHTTPError(400, "validation", INVALID_BODY, [exc.message]) from exc


def _reject_invalid(problems: list[str]) -> None:
    if problems:
        raise VendorHTTPError(400, "validation", INVALID_BODY, problems)


def _check_stock(store: Store, items: tuple[tuple[str, int], ...]) -> None:
    """Refuse the whole order when any product (summed over its lines) lacks stock."""
    wanted: Counter[str] = Counter()
    for product_id, quantity in items:
        wanted[product_id] += quantity
    for product_id, quantity in wanted.items():
        available = store.products[product_id].stock
        if quantity > available:
            raise VendorHTTPError(
                INSUFFICIENT_STOCK_STATUS,
                "insufficient_stock",
                f"Product '{product_id}' has only {available} units available. "
                f"Requested: {quantity}",
                extra={"available_quantity": available},
            )


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
