"""schema/vendors/ecommerce.yaml is valid OpenAPI 3.1 and describes what the sandbox answers."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from starlette.routing import Mount, Route

from tests.contract.ecommerce_support import (
    READONLY_KEY,
    api,
    ecommerce_sandbox,
    new_customer,
    raw_client,
    sandbox,
    stocked_product,
    walk_cursor,
)
from tests.support.servers import admin
from vendorgraph.adapters.ecommerce.sandbox import create_app
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress

__all__ = ["api", "sandbox"]
SPEC_PATH = Path(__file__).parents[2] / "schema" / "vendors" / "ecommerce.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
BASE = "urn:vendorgraph:ecommerce"
REGISTRY: Registry[Any] = Registry().with_resource(
    BASE, Resource.from_contents(SPEC, default_specification=DRAFT202012)
)
METHODS = ("get", "post", "put", "patch", "delete")


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def check_response(method: str, template: str, response: httpx.Response) -> None:
    """The status is declared for the operation and the body validates against its schema."""
    operation = SPEC["paths"][template][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {template} undeclared {status}"
    declared = operation["responses"][status]
    pointer = _pointer("paths", template, method.lower(), "responses", status)
    if "$ref" in declared:
        name = declared["$ref"].rsplit("/", 1)[1]
        declared, pointer = SPEC["components"]["responses"][name], f"components/responses/{name}"
    if "content" not in declared:
        assert response.content == b""
        return
    validator = _validator(f"{BASE}#/{pointer}/content/{_pointer('application/json')}/schema")
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json())
    ]
    assert not errors, f"{method} {template} {status}: {errors[:3]}"


@cache
def _validator(ref: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": ref}, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_the_document_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate_spec(SPEC)


def test_the_document_lists_exactly_the_routes_the_sandbox_serves() -> None:
    app = create_app(SandboxOptions())
    mount = next(r for r in app.routes if isinstance(r, Mount) and r.path == "/v2")
    routes = [r for r in mount.routes if isinstance(r, Route)]
    served = {(m.lower(), r.path) for r in routes for m in r.methods or () if m != "HEAD"}
    documented = {(m, path) for path, item in SPEC["paths"].items() for m in item if m in METHODS}
    assert served == documented


def test_every_seeded_record_validates(api: httpx.Client) -> None:
    for route in ("/customers", "/orders", "/products"):
        response = api.get(route, params={"limit": 200})
        check_response("GET", route, response)
        body = {
            "data": walk_cursor(api, route, 200),
            "pagination": {"next_cursor": None, "has_more": False},
        }
        check_response("GET", route, httpx.Response(200, json=body))


Case = tuple[str, str, Callable[[httpx.Client], httpx.Response]]


@pytest.fixture(scope="module")
def records(sandbox: SandboxAddress) -> dict[str, Any]:
    """Fresh records the write cases below act on."""
    with raw_client(sandbox) as client:
        customer = new_customer(
            client,
            "openapi.case@example.com",
            addresses=[{"street": "1 Main St", "city": "Austin"}],
        )
        product = stocked_product(client)
        shipped = client.get("/orders", params={"status": "shipped", "limit": 1}).json()
        order = client.post(
            "/orders",
            json={
                "customer_id": customer["id"],
                "items": [{"product_id": product["id"], "quantity": 1}],
            },
        ).json()
        return {
            "customer": customer,
            "product": product,
            "order": order,
            "shipped": shipped["data"][0],
            "address": customer["addresses"][0],
        }


def cases(r: dict[str, Any]) -> list[Case]:
    cid, pid, oid = r["customer"]["id"], r["product"]["id"], r["order"]["id"]
    aid, sku = r["address"]["id"], r["product"]["sku"]
    addr = f"/customers/{cid}/addresses"
    return [
        ("GET", "/products", lambda c: c.get("/products", params={"limit": 3})),
        ("GET", "/products", lambda c: c.get("/products", params={"cursor": "", "limit": 3})),
        ("GET", "/products", lambda c: c.get("/products", params={"limit": 0})),
        (
            "POST",
            "/products",
            lambda c: c.post(
                "/products", json={"name": "Spec Lamp", "price": 12.5, "sku": "SPEC-LAMP-1"}
            ),
        ),
        ("POST", "/products", lambda c: c.post("/products", json={"name": 3})),
        (
            "POST",
            "/products",
            lambda c: c.post("/products", json={"name": "Again", "price": 1, "sku": "SPEC-LAMP-1"}),
        ),
        ("POST", "/products", lambda c: c.post("/products", content=b"{")),
        ("GET", "/products/{id}", lambda c: c.get(f"/products/{sku}")),
        ("GET", "/products/{id}", lambda c: c.get("/products/prod_none")),
        ("PUT", "/products/{id}", lambda c: c.put("/products/SPEC-LAMP-1", json={"price": 9})),
        ("PUT", "/products/{id}", lambda c: c.put(f"/products/{pid}", json={"price": -1})),
        ("DELETE", "/products/{id}", lambda c: c.delete("/products/SPEC-LAMP-1")),
        ("DELETE", "/products/{id}", lambda c: c.delete("/products/prod_none")),
        ("GET", "/inventory/{product_id}", lambda c: c.get(f"/inventory/{pid}")),
        ("GET", "/inventory/{product_id}", lambda c: c.get("/inventory/prod_none")),
        (
            "POST",
            "/inventory/{product_id}/adjust",
            lambda c: c.post(f"/inventory/{pid}/adjust", json={"quantity": 3, "reason": "restock"}),
        ),
        (
            "POST",
            "/inventory/{product_id}/adjust",
            lambda c: c.post(f"/inventory/{pid}/adjust", json={"quantity": "3"}),
        ),
        ("GET", "/orders", lambda c: c.get("/orders", params={"customer_id": cid})),
        ("GET", "/orders", lambda c: c.get("/orders", params={"pagination": "cursor"})),
        ("GET", "/orders", lambda c: c.get("/orders", params={"date_from": "yesterday"})),
        (
            "POST",
            "/orders",
            lambda c: c.post(
                "/orders",
                json={
                    "customer_id": cid,
                    "items": [{"product_id": pid, "quantity": 1, "price": 5}],
                    "shipping_address": {"street": "9 Lake Dr", "city": "Boston", "zip": "02108"},
                },
            ),
        ),
        ("POST", "/orders", lambda c: c.post("/orders", json={"customer_id": cid, "items": []})),
        (
            "PATCH",
            "/orders/{id}/status",
            lambda c: c.patch(f"/orders/{oid}/status", json={"status": "processing"}),
        ),
        (
            "PATCH",
            "/orders/{id}/status",
            lambda c: c.patch(f"/orders/{oid}/status", json={"status": "lost"}),
        ),
        (
            "PATCH",
            "/orders/{id}/status",
            lambda c: c.patch("/orders/ord_none/status", json={"status": "shipped"}),
        ),
        ("POST", "/orders/{id}/cancel", lambda c: c.post(f"/orders/{oid}/cancel", json={})),
        ("POST", "/orders/{id}/cancel", lambda c: c.post(f"/orders/{r['shipped']['id']}/cancel")),
        ("GET", "/customers", lambda c: c.get("/customers", params={"tags": "vip"})),
        ("GET", "/customers", lambda c: c.get("/customers", params={"cursor": "", "limit": 5})),
        (
            "POST",
            "/customers",
            lambda c: c.post(
                "/customers", json={"email": "openapi.other@example.com", "tags": ["newsletter"]}
            ),
        ),
        ("POST", "/customers", lambda c: c.post("/customers", json={"email": "nope"})),
        (
            "POST",
            "/customers",
            lambda c: c.post("/customers", json={"email": "openapi.case@example.com"}),
        ),
        ("GET", "/customers/{id}", lambda c: c.get(f"/customers/{cid}")),
        ("GET", "/customers/{id}", lambda c: c.get("/customers/cust_none")),
        ("PUT", "/customers/{id}", lambda c: c.put(f"/customers/{cid}", json={"phone": None})),
        (
            "PUT",
            "/customers/{id}",
            lambda c: c.put(f"/customers/{cid}", json={"email": "openapi.other@example.com"}),
        ),
        (
            "POST",
            "/customers/{id}/addresses",
            lambda c: c.post(
                addr, json={"type": "billing", "street": "2 Oak Ave", "city": "Denver"}
            ),
        ),
        ("POST", "/customers/{id}/addresses", lambda c: c.post(addr, json={"type": "home"})),
        (
            "PUT",
            "/customers/{id}/addresses/{address_id}",
            lambda c: c.put(f"{addr}/{aid}", json={"state": "TX"}),
        ),
        (
            "PUT",
            "/customers/{id}/addresses/{address_id}",
            lambda c: c.put(f"{addr}/addr_none", json={"state": "TX"}),
        ),
        (
            "POST",
            "/customers/{id}/addresses/{address_id}/set-default",
            lambda c: c.post(f"{addr}/{aid}/set-default"),
        ),
        ("DELETE", "/customers/{id}/addresses/{address_id}", lambda c: c.delete(f"{addr}/{aid}")),
    ]


def test_every_operation_answers_as_documented(
    sandbox: SandboxAddress, api: httpx.Client, records: dict[str, Any]
) -> None:
    exercised = set()
    for method, template, call in cases(records):
        check_response(method, template, call(api))
        exercised.add((method.lower(), template))
    documented = {(m, p) for p, item in SPEC["paths"].items() for m in item if m in METHODS}
    assert exercised == documented


def test_auth_rate_limit_and_fault_errors_are_documented(sandbox: SandboxAddress) -> None:
    with raw_client(sandbox, "test_wrong") as wrong, raw_client(sandbox, READONLY_KEY) as ro:
        check_response("GET", "/products", wrong.get("/products"))
        check_response("POST", "/customers", ro.post("/customers", json={}))
    admin(sandbox, "config", {"fault_rate": 1.0, "fault_kinds": ["503"]})
    try:
        with raw_client(sandbox) as client:
            check_response("GET", "/products", client.get("/products"))
    finally:
        admin(sandbox, "config", {"fault_rate": 0.0})
    with ecommerce_sandbox(rate_limit=1) as limited, raw_client(limited) as client:
        client.get("/products", params={"limit": 1})
        response = client.get("/products", params={"limit": 1})
        assert response.status_code == 429
        check_response("GET", "/products", response)
