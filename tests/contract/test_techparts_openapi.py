"""schema/vendors/techparts.yaml is valid OpenAPI 3.1 and describes what the sandbox answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from starlette.routing import Mount, Route

from tests.contract.techparts_support import (
    CPU,
    GPU,
    GPU_SKU,
    READONLY_KEY,
    client,
    order_body,
    set_stock,
)
from tests.support.servers import admin, running_sandbox
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.techparts.sandbox import create_app

SPEC_PATH = Path(__file__).resolve().parents[2] / "schema" / "vendors" / "techparts.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
SPEC_URI = "urn:techparts-openapi"
REGISTRY: Registry[Any] = Registry().with_resource(
    SPEC_URI, Resource.from_contents(SPEC, default_specification=DRAFT202012)
)
Prepare = Callable[[httpx.Client], None]


@dataclass(frozen=True)
class Call:
    """One real request whose answer must match the spec's response for its status."""

    operation: tuple[str, str]
    status: int
    method: str
    path: str
    body: Any = None
    key: str | None = None
    prepare: Prepare | None = None
    knobs: dict[str, Any] = field(default_factory=dict)


def _low_stock(http: httpx.Client) -> None:
    set_stock(http, GPU_SKU, 1)


PRODUCT = ("/products/{id}", "get")
ORDERS = ("/orders", "post")
INVENTORY = ("/inventory/{sku}", "patch")
BAD_KEY = "not-a-key"
CALLS = [
    Call(PRODUCT, 200, "GET", f"/products/{GPU}"),
    Call(PRODUCT, 401, "GET", f"/products/{GPU}", key=BAD_KEY),
    Call(PRODUCT, 404, "GET", "/products/PROD-NOPE"),
    Call(PRODUCT, 429, "GET", f"/products/{GPU}", knobs={"rate_limit": 0}),
    Call(ORDERS, 201, "POST", "/orders", order_body((GPU, 1), (CPU, 1))),
    Call(ORDERS, 400, "POST", "/orders", {"items": []}),
    Call(ORDERS, 401, "POST", "/orders", order_body((CPU, 1)), key=BAD_KEY),
    Call(ORDERS, 404, "POST", "/orders", order_body(("PROD-NOPE", 1))),
    Call(ORDERS, 409, "POST", "/orders", order_body((GPU, 2)), prepare=_low_stock),
    Call(ORDERS, 429, "POST", "/orders", order_body((CPU, 1)), knobs={"rate_limit": 0}),
    Call(INVENTORY, 200, "PATCH", f"/inventory/{GPU_SKU}", {"quantity": 45, "reason": "restock"}),
    Call(INVENTORY, 400, "PATCH", f"/inventory/{GPU_SKU}", {"quantity": -1}),
    Call(INVENTORY, 401, "PATCH", f"/inventory/{GPU_SKU}", {"quantity": 1}, key=BAD_KEY),
    Call(INVENTORY, 403, "PATCH", f"/inventory/{GPU_SKU}", {"quantity": 1}, key=READONLY_KEY),
    Call(INVENTORY, 404, "PATCH", "/inventory/SKU-NOPE", {"quantity": 1}),
    Call(INVENTORY, 429, "PATCH", f"/inventory/{GPU_SKU}", {"quantity": 1},
         knobs={"rate_limit": 0}),
]  # fmt: skip


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    with running_sandbox("techparts") as address:
        yield address


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _response_spec(operation: tuple[str, str], status: int) -> dict[str, Any]:
    path, method = operation
    return _resolve(SPEC["paths"][path][method]["responses"][str(status)])


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    ref = schema.get("$ref")
    root = {"$ref": f"{SPEC_URI}{ref}"} if ref else schema
    return Draft202012Validator(
        root, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_the_spec_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate(SPEC)


def test_the_spec_documents_exactly_the_routes_the_sandbox_serves() -> None:
    app = create_app(SandboxOptions())
    [api] = [r for r in app.routes if isinstance(r, Mount) and r.path == "/v1"]
    served = {
        (r.path, m.lower())
        for r in api.routes
        if isinstance(r, Route)
        for m in r.methods or ()
        if m != "HEAD"  # Starlette answers HEAD wherever it answers GET
    }
    documented = {(p, m) for p, ops in SPEC["paths"].items() for m in ops}
    assert served == documented


def test_every_documented_response_is_exercised_below() -> None:
    documented = {
        ((path, method), int(status))
        for path, ops in SPEC["paths"].items()
        for method, op in ops.items()
        for status in op["responses"]
    }
    assert {(c.operation, c.status) for c in CALLS} == documented


@pytest.mark.parametrize("call", CALLS, ids=lambda c: f"{c.method}-{c.path}-{c.status}")
def test_real_answers_match_the_documented_response(sandbox: SandboxAddress, call: Call) -> None:
    with client(sandbox) as setup:
        set_stock(setup, GPU_SKU, 50)
        if call.prepare:
            call.prepare(setup)
    admin(sandbox, "reset")
    admin(sandbox, "config", call.knobs)
    with client(sandbox, call.key) as http:
        response = http.request(call.method, call.path, json=call.body)
    admin(sandbox, "config", {"rate_limit": None})
    assert response.status_code == call.status, response.text
    documented = _response_spec(call.operation, call.status)
    schema = documented["content"]["application/json"]["schema"]
    errors = [e.message for e in _validator(schema).iter_errors(response.json())]
    assert errors == []
    for header in documented.get("headers", {}):
        assert header in response.headers


@pytest.mark.parametrize(
    ("schema", "instance", "valid"),
    [
        ("CreateOrderRequest", order_body((GPU, 1), (CPU, 1)), True),
        ("CreateOrderRequest", order_body((GPU, 1000)), False),
        ("CreateOrderRequest", order_body(*[(CPU, 1)] * 51), False),
        ("InventoryUpdateRequest", {"quantity": 45, "reason": "Received shipment"}, True),
        ("InventoryUpdateRequest", {"quantity": 10000}, False),
        ("InventoryUpdateRequest", {"quantity": 5, "reason": "x" * 201}, False),
    ],
)
def test_request_schemas_carry_the_documented_limits(
    schema: str, instance: Any, valid: bool
) -> None:
    validator = _validator({"$ref": f"#/components/schemas/{schema}"})
    assert validator.is_valid(instance) is valid
