"""E-Commerce sandbox routes for customers and their addresses."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from vendorgraph.adapters.ecommerce.listing import paginate, time_param, within
from vendorgraph.adapters.ecommerce.store import Record, Store
from vendorgraph.adapters.ecommerce.validate import (
    ADDRESS,
    CUSTOMER,
    Issues,
    body_object,
    check,
    conflict,
    ensure,
    not_found,
)
from vendorgraph.adapters.sandboxkit.seed import now_iso

PROFILE_FIELDS = ("email", "first_name", "last_name", "phone", "tags")
CLEARABLE = ("first_name", "last_name", "phone")
ADDRESS_FIELDS = ("type", "street", "city", "state", "zip", "country")


def customer_routes(store: Store) -> list[Route]:
    """The documented customer and address endpoints over one store."""

    def customer_or_404(request: Request) -> Record:
        customer = store.customers.get(request.path_params["id"])
        if customer is None:
            raise not_found("Customer", request.path_params["id"])
        return customer

    def address_or_404(request: Request) -> tuple[Record, Record]:
        customer = customer_or_404(request)
        wanted = request.path_params["address_id"]
        address = next((a for a in customer["addresses"] if a["id"] == wanted), None)
        if address is None:
            raise not_found("Address", wanted)
        return customer, address

    def claim_email(email: str, owner: str | None) -> None:
        holder = store.email_index.get(email.lower())
        if holder is not None and holder != owner:
            raise conflict("email", f"A customer with email '{email}' already exists")

    async def list_customers(request: Request) -> Response:
        params = request.query_params
        email = (params.get("email") or "").lower()
        name = (params.get("name") or "").lower()
        tags = {t.strip() for t in (params.get("tags") or "").split(",") if t.strip()}
        start = time_param(params, "created_from")
        end = time_param(params, "created_to", end_of_day=True)
        matches = [
            c
            for c in store.customers.values()
            if email in c["email"].lower()
            and name in f"{c['first_name'] or ''} {c['last_name'] or ''}".lower()
            and (not tags or tags & set(c["tags"]))
            and within(c["created_at"], start, end)
        ]
        page = paginate(params, matches, lambda c: c["created_at"])
        page["data"] = [store.render_customer(c, with_history=False) for c in page["data"]]
        return JSONResponse(page)

    async def get_customer(request: Request) -> Response:
        return JSONResponse(store.render_customer(customer_or_404(request), with_history=True))

    async def create_customer(request: Request) -> Response:
        body = await body_object(request)
        raw_addresses = body.get("addresses") or []
        ensure(check(body, CUSTOMER) + _addresses_issues(raw_addresses))
        claim_email(body["email"], None)
        now = now_iso()
        customer: Record = {
            "id": store.new_id("cust_", store.customers),
            "email": body["email"],
            "first_name": body.get("first_name"),
            "last_name": body.get("last_name"),
            "phone": body.get("phone"),
            "addresses": [],
            "tags": list(body.get("tags") or []),
            "created_at": now,
            "updated_at": now,
        }
        for raw in raw_addresses:
            _add_address(store, customer, raw)
        store.add_customer(customer)
        return JSONResponse(store.render_customer(customer, with_history=True), status_code=201)

    async def update_customer(request: Request) -> Response:
        customer = customer_or_404(request)
        body = await body_object(request)
        ensure(check(body, CUSTOMER, partial=True))
        changes = {
            k: body[k]
            for k in PROFILE_FIELDS
            if k in body and (body[k] is not None or k in CLEARABLE)
        }
        if changes.get("email") is not None:
            claim_email(changes["email"], customer["id"])
            store.email_index.pop(customer["email"].lower(), None)
            store.email_index[changes["email"].lower()] = customer["id"]
        customer.update(changes, updated_at=now_iso())
        return JSONResponse(store.render_customer(customer, with_history=True))

    async def add_address(request: Request) -> Response:
        customer = customer_or_404(request)
        body = await body_object(request)
        ensure(check(body, ADDRESS))
        address = _add_address(store, customer, body)
        customer["updated_at"] = now_iso()
        return JSONResponse(address, status_code=201)

    async def update_address(request: Request) -> Response:
        customer, address = address_or_404(request)
        body = await body_object(request)
        ensure(check(body, ADDRESS, partial=True))
        address.update(_address_fields(body, partial=True))
        if body.get("is_default"):
            _make_default(customer, address)
        customer["updated_at"] = now_iso()
        return JSONResponse(address)

    async def delete_address(request: Request) -> Response:
        customer, address = address_or_404(request)
        customer["addresses"].remove(address)
        customer["updated_at"] = now_iso()
        return Response(status_code=204)

    async def set_default(request: Request) -> Response:
        customer, address = address_or_404(request)
        _make_default(customer, address)
        customer["updated_at"] = now_iso()
        return JSONResponse(address)

    return [
        Route("/customers", list_customers, methods=["GET"]),
        Route("/customers", create_customer, methods=["POST"]),
        Route("/customers/{id}", get_customer, methods=["GET"]),
        Route("/customers/{id}", update_customer, methods=["PUT"]),
        Route("/customers/{id}/addresses", add_address, methods=["POST"]),
        Route("/customers/{id}/addresses/{address_id}", update_address, methods=["PUT"]),
        Route("/customers/{id}/addresses/{address_id}", delete_address, methods=["DELETE"]),
        Route("/customers/{id}/addresses/{address_id}/set-default", set_default, methods=["POST"]),
    ]


def _addresses_issues(raw_addresses: object) -> Issues:
    if not isinstance(raw_addresses, list):
        return []
    issues: Issues = []
    for index, raw in enumerate(raw_addresses):
        if isinstance(raw, dict):
            issues += check(raw, ADDRESS, prefix=f"addresses[{index}].")
    return issues


def _address_fields(body: Record, *, partial: bool) -> Record:
    """The stored address fields of a request body; `postal_code` is accepted for `zip`."""
    fields = {k: body.get(k) for k in ADDRESS_FIELDS if not partial or k in body}
    if body.get("postal_code") is not None and body.get("zip") is None:
        fields["zip"] = body["postal_code"]
    if fields.get("type") is None and not partial:
        fields["type"] = "shipping"
    return fields


def _add_address(store: Store, customer: Record, body: Record) -> Record:
    """Append an address; the first of its type, or one asked to be, becomes the default."""
    address: Record = {
        "id": store.new_id("addr_", {}),
        **_address_fields(body, partial=False),
        "is_default": False,
    }
    first_of_type = all(a["type"] != address["type"] for a in customer["addresses"])
    customer["addresses"].append(address)
    if first_of_type or body.get("is_default"):
        _make_default(customer, address)
    return address


def _make_default(customer: Record, address: Record) -> None:
    """Make the address the default of its type (shipping or billing)."""
    for other in customer["addresses"]:
        if other["type"] == address["type"]:
            other["is_default"] = other is address
