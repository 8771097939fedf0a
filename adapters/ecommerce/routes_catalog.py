"""E-Commerce sandbox routes for products and inventory."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from vendorgraph.adapters.ecommerce.listing import choice_param, paginate
from vendorgraph.adapters.ecommerce.store import WAREHOUSES, Record, Store, amount
from vendorgraph.adapters.ecommerce.validate import (
    ADJUST,
    PRODUCT,
    PRODUCT_STATUSES,
    VARIANT,
    Issues,
    body_object,
    check,
    conflict,
    ensure,
    not_found,
    reject,
)
from vendorgraph.adapters.sandboxkit.seed import now_iso

SORT_FIELDS = ("created_at", "updated_at", "name", "price")


def catalog_routes(store: Store) -> list[Route]:
    """The documented product and inventory endpoints over one store."""

    def product_or_404(request: Request) -> Record:
        key = request.path_params["id"]
        product = store.find_product(key)
        if product is None:
            raise not_found("Product", key)
        return product

    async def list_products(request: Request) -> Response:
        params = request.query_params
        status = choice_param(params, "status", PRODUCT_STATUSES)
        sort = choice_param(params, "sort", SORT_FIELDS) or "created_at"
        descending = choice_param(params, "order", ("asc", "desc")) == "desc"
        category = params.get("category") or None
        search = (params.get("search") or "").lower()
        matches = [
            p
            for p in store.products.values()
            if (status is None or p["status"] == status)
            and (category is None or category in p["categories"])
            and (not search or search in p["name"].lower() or search in p["sku"].lower())
        ]
        return JSONResponse(paginate(params, matches, lambda p: p[sort], descending=descending))

    async def get_product(request: Request) -> Response:
        return JSONResponse(product_or_404(request))

    async def create_product(request: Request) -> Response:
        body = await body_object(request)
        ensure(check(body, PRODUCT) + _variant_issues(body))
        if body["sku"] in store.sku_index:
            raise conflict("sku", f"A product with SKU '{body['sku']}' already exists")
        now = now_iso()
        product_id = store.new_id("prod_", store.products)
        product: Record = {
            "id": product_id,
            "name": body["name"],
            "description": body.get("description"),
            "price": amount(body["price"]),
            "sku": body["sku"],
            "status": body.get("status") or "active",
            "categories": list(body.get("categories") or []),
            "variants": _new_variants(store, body.get("variants") or []),
            "images": list(body.get("images") or []),
            "metadata": {},
            "created_at": now,
            "updated_at": now,
        }
        store.add_product(product)
        return JSONResponse(product, status_code=201)

    async def update_product(request: Request) -> Response:
        product = product_or_404(request)
        body = await body_object(request)
        ensure(check(body, PRODUCT, partial=True) + _variant_issues(body))
        sku = body.get("sku")
        if sku is not None and sku != product["sku"] and sku in store.sku_index:
            raise conflict("sku", f"A product with SKU '{sku}' already exists")
        nullable = ("description",)
        changes = {
            k: body[k] for k in PRODUCT if k in body and (body[k] is not None or k in nullable)
        }
        if "price" in changes:
            changes["price"] = amount(changes["price"])
        if "variants" in changes:
            changes["variants"] = _new_variants(store, changes["variants"])
        if sku is not None:
            store.sku_index.pop(product["sku"], None)
            store.sku_index[sku] = product["id"]
        product.update(changes, updated_at=now_iso())
        return JSONResponse(product)

    async def delete_product(request: Request) -> Response:
        product = product_or_404(request)
        product.update(status="archived", updated_at=now_iso())
        return Response(status_code=204)

    async def get_inventory(request: Request) -> Response:
        product = product_or_404_by_id(request)
        return JSONResponse(store.render_inventory(product["id"]))

    def product_or_404_by_id(request: Request) -> Record:
        key = request.path_params["product_id"]
        if key not in store.products:
            raise not_found("Product", key)
        return store.products[key]

    async def adjust_inventory(request: Request) -> Response:
        product = product_or_404_by_id(request)
        body = await body_object(request)
        ensure(check(body, ADJUST))
        delta: int = body["quantity"]
        if delta == 0:
            reject([{"field": "quantity", "message": "Must not be zero"}])
        rows: list[Record] = store.inventory[product["id"]]["locations"]
        location = body.get("location") or (rows[0]["warehouse_id"] if rows else WAREHOUSES[0])
        row = next((r for r in rows if r["warehouse_id"] == location), None)
        available = row["available"] if row else 0
        if available + delta < 0:
            reject(
                [
                    {
                        "field": "quantity",
                        "message": f"Insufficient stock at {location}: {available} available",
                    }
                ]
            )
        if row is None:
            row = {"warehouse_id": location, "available": 0, "reserved": 0}
            rows.append(row)
            rows.sort(key=lambda r: r["warehouse_id"])
        row["available"] = available + delta
        return JSONResponse(store.render_inventory(product["id"]))

    return [
        Route("/products", list_products, methods=["GET"]),
        Route("/products", create_product, methods=["POST"]),
        Route("/products/{id}", get_product, methods=["GET"]),
        Route("/products/{id}", update_product, methods=["PUT"]),
        Route("/products/{id}", delete_product, methods=["DELETE"]),
        Route("/inventory/{product_id}", get_inventory, methods=["GET"]),
        Route("/inventory/{product_id}/adjust", adjust_inventory, methods=["POST"]),
    ]


def _variant_issues(body: Record) -> Issues:
    variants: Any = body.get("variants")
    if not isinstance(variants, list):
        return []
    issues: Issues = []
    for index, variant in enumerate(variants):
        if isinstance(variant, dict):
            issues += check(variant, VARIANT, prefix=f"variants[{index}].")
    return issues


def _new_variants(store: Store, variants: list[Record]) -> list[Record]:
    made: list[Record] = []
    taken: dict[str, Any] = {}
    for variant in variants:
        variant_id = store.new_id("var_", taken)
        taken[variant_id] = variant
        price = variant.get("price")
        made.append(
            {
                "id": variant_id,
                "sku": variant["sku"],
                "price": None if price is None else amount(price),
                "inventory": variant.get("inventory") or 0,
                "attributes": dict(variant.get("attributes") or {}),
                "image": variant.get("image"),
            }
        )
    return made
