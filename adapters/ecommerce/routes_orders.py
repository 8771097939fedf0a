"""E-Commerce sandbox routes for orders: list, create, change status, cancel."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from vendorgraph.adapters.ecommerce.listing import choice_param, paginate, time_param, within
from vendorgraph.adapters.ecommerce.seed import ORDER_ADDRESS_FIELDS, order_line, priced_order
from vendorgraph.adapters.ecommerce.store import Record, Store
from vendorgraph.adapters.ecommerce.validate import (
    ADDRESS,
    CANCEL,
    ORDER,
    ORDER_ITEM,
    ORDER_STATUSES,
    STATUS_CHANGE,
    Issues,
    body_object,
    check,
    conflict,
    ensure,
    not_found,
)
from vendorgraph.adapters.sandboxkit.seed import now_iso

PAYMENT_STATUSES = ("pending", "paid", "failed", "refunded")
FULFILLMENT_STATUSES = ("unfulfilled", "partial", "fulfilled")
NEXT_STATUSES = {
    "pending": ("processing", "shipped", "cancelled"),
    "processing": ("shipped", "cancelled"),
    "shipped": ("delivered",),
    "delivered": (),
    "cancelled": (),
}
CANCELLABLE = ("pending", "processing")
FULFILLED_BY = {"shipped": "fulfilled", "delivered": "fulfilled"}


def order_routes(store: Store) -> list[Route]:
    """The documented order endpoints over one store."""

    def order_or_404(request: Request) -> Record:
        order = store.orders.get(request.path_params["id"])
        if order is None:
            raise not_found("Order", request.path_params["id"])
        return order

    async def list_orders(request: Request) -> Response:
        params = request.query_params
        wanted = {
            "status": choice_param(params, "status", ORDER_STATUSES),
            "payment_status": choice_param(params, "payment_status", PAYMENT_STATUSES),
            "fulfillment_status": choice_param(params, "fulfillment_status", FULFILLMENT_STATUSES),
            "customer_id": params.get("customer_id") or None,
        }
        start = time_param(params, "date_from")
        end = time_param(params, "date_to", end_of_day=True)
        filters = {k: v for k, v in wanted.items() if v is not None}
        pool = (
            [store.orders[i] for i in store.orders_by_customer.get(filters["customer_id"], [])]
            if "customer_id" in filters
            else store.orders.values()
        )
        matches = [
            o
            for o in pool
            if all(o[k] == v for k, v in filters.items()) and within(o["created_at"], start, end)
        ]
        return JSONResponse(paginate(params, matches, lambda o: o["created_at"]))

    async def create_order(request: Request) -> Response:
        body = await body_object(request)
        ensure(check(body, ORDER) + _address_issues(body))
        issues = _reference_issues(store, body)
        ensure(issues)
        lines = [_line(store, item) for item in body["items"]]
        customer = store.customers[body["customer_id"]]
        shipping = _address(body.get("shipping_address")) or _default_address(customer)
        method = body.get("shipping_method") or "standard"
        now = now_iso()
        order: Record = {
            "id": store.new_id("ord_", store.orders),
            "customer_id": customer["id"],
            "status": "pending",
            "payment_status": "pending",
            "fulfillment_status": "unfulfilled",
            **priced_order(lines, method),
            "shipping_address": shipping,
            "billing_address": _address(body.get("billing_address")) or shipping,
            "payment_method": body.get("payment_method"),
            "shipping_method": method,
            "tracking": None,
            "note": None,
            "cancel_reason": None,
            "created_at": now,
            "updated_at": now,
            "cancelled_at": None,
        }
        _reserve(store, order)
        store.add_order(order)
        return JSONResponse(order, status_code=201)

    async def change_status(request: Request) -> Response:
        order = order_or_404(request)
        body = await body_object(request)
        ensure(check(body, STATUS_CHANGE))
        target = body["status"]
        if target != order["status"] and target not in NEXT_STATUSES[order["status"]]:
            raise conflict("status", f"Cannot change status from {order['status']} to {target}")
        if target == "cancelled" and order["status"] != "cancelled":
            _release(store, order["id"])
            order["cancelled_at"] = now_iso()
        order.update(status=target, updated_at=now_iso())
        order["fulfillment_status"] = FULFILLED_BY.get(target, order["fulfillment_status"])
        if body.get("note") is not None:
            order["note"] = body["note"]
        return JSONResponse(order)

    async def cancel_order(request: Request) -> Response:
        order = order_or_404(request)
        body = await body_object(request, optional=True)
        ensure(check(body, CANCEL))
        if order["status"] not in CANCELLABLE:
            raise conflict("status", f"An order that is {order['status']} cannot be cancelled")
        _release(store, order["id"])
        now = now_iso()
        refunded = body.get("refund") is not False and order["payment_status"] == "paid"
        order.update(
            status="cancelled",
            cancelled_at=now,
            updated_at=now,
            cancel_reason=body.get("reason") or "other",
        )
        if refunded:
            order["payment_status"] = "refunded"
        if body.get("note") is not None:
            order["note"] = body["note"]
        return JSONResponse(order)

    return [
        Route("/orders", list_orders, methods=["GET"]),
        Route("/orders", create_order, methods=["POST"]),
        Route("/orders/{id}/status", change_status, methods=["PATCH"]),
        Route("/orders/{id}/cancel", cancel_order, methods=["POST"]),
    ]


def _address_issues(body: Record) -> Issues:
    issues: Issues = []
    for name in ("shipping_address", "billing_address"):
        if isinstance(body.get(name), dict):
            issues += check(body[name], ADDRESS, prefix=f"{name}.")
    items = body.get("items")
    if items == []:
        issues.append({"field": "items", "message": "At least one item is required"})
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                issues += check(item, ORDER_ITEM, prefix=f"items[{index}].")
    return issues


def _reference_issues(store: Store, body: Record) -> Issues:
    """Unknown customer, products or variants, and lines the stock cannot cover."""
    issues: Issues = []
    if body["customer_id"] not in store.customers:
        issues.append({"field": "customer_id", "message": "Customer not found"})
    wanted: Counter[str] = Counter()
    for index, item in enumerate(body["items"]):
        product = store.products.get(item["product_id"])
        field = f"items[{index}]."
        if product is None or product["status"] != "active":
            issues.append(
                {"field": field + "product_id", "message": "Product not found or not active"}
            )
            continue
        variant_id = item.get("variant_id")
        if variant_id and all(v["id"] != variant_id for v in product["variants"]):
            issues.append({"field": field + "variant_id", "message": "Variant not found"})
        wanted[product["id"]] += item["quantity"]
        available = store.render_inventory(product["id"])["total_available"]
        if wanted[product["id"]] > available:
            issues.append(
                {
                    "field": field + "quantity",
                    "message": f"Insufficient stock: {available} available",
                }
            )
    return issues


def _line(store: Store, item: Record) -> Record:
    product = store.products[item["product_id"]]
    variant = next((v for v in product["variants"] if v["id"] == item.get("variant_id")), None)
    price = item.get("price")
    if price is None:
        price = (variant or {}).get("price") or product["price"]
    return order_line(product, variant, item["quantity"], Decimal(str(price)))


def _address(raw: Record | None) -> Record | None:
    if not raw:
        return None
    address = {k: raw.get(k) for k in ORDER_ADDRESS_FIELDS}
    address["zip"] = raw.get("zip") or raw.get("postal_code")
    return address


def _default_address(customer: Record) -> Record | None:
    chosen = next((a for a in customer["addresses"] if a["is_default"]), None)
    if chosen is None and customer["addresses"]:
        chosen = customer["addresses"][0]
    return {k: v for k, v in chosen.items() if k in ORDER_ADDRESS_FIELDS} if chosen else None


def _reserve(store: Store, order: Record) -> None:
    """Move each line's quantity from available to reserved, warehouse by warehouse."""
    taken: list[tuple[str, str, int]] = []
    for line in order["items"]:
        needed = line["quantity"]
        for row in store.inventory[line["product_id"]]["locations"]:
            used = min(needed, row["available"])
            if used:
                row["available"] -= used
                row["reserved"] += used
                taken.append((line["product_id"], row["warehouse_id"], used))
                needed -= used
    store.reservations[order["id"]] = taken


def _release(store: Store, order_id: str) -> None:
    """Give a cancelled order's reserved stock back to available."""
    for product_id, warehouse, quantity in store.reservations.pop(order_id, []):
        for row in store.inventory[product_id]["locations"]:
            if row["warehouse_id"] == warehouse:
                row["available"] += quantity
                row["reserved"] -= quantity
