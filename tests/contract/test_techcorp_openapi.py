"""schema/vendors/techcorp.yaml is valid OpenAPI 3.1 and describes what the sandbox answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource

from tests.contract.techcorp_support import READ_ONLY_KEY, raw_client, techcorp_sandbox
from tests.support.servers import admin
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.techcorp.sandbox import create_app
from vendorgraph.adapters.techcorp.seed import generate

SPEC_PATH = Path(__file__).resolve().parents[2] / "schema" / "vendors" / "techcorp.yaml"
SPEC_URI = "urn:techcorp-openapi"
SEED = generate(42)
PRODUCT = SEED.inventory[0]["product_id"]
SHIPPED = next(o["id"] for o in SEED.orders if o["status"] == "shipped")
CUSTOMER = SEED.customers[0]["id"]
ADDRESSED = next(c for c in SEED.customers if c["addresses"])


@cache
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return loaded


def pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def body_validator(route: str, method: str, status: int) -> Draft202012Validator:
    """A validator for the JSON body the spec declares for one operation's status."""
    responses = spec()["paths"][route][method]["responses"]
    answer = responses[str(status)]
    where: tuple[str, ...] = ("paths", route, method, "responses", str(status))
    if "$ref" in answer:
        where = tuple(answer["$ref"].removeprefix("#/").split("/"))
        answer = spec()["components"]["responses"][where[-1]]
    assert "content" in answer, f"{method} {route} {status} declares no body"
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, Resource.opaque(spec()))
    ref = SPEC_URI + pointer(*where, "content", "application/json", "schema")
    return Draft202012Validator({"$ref": ref}, registry=registry)


def assert_documented(route: str, method: str, response: httpx.Response) -> None:
    """The response's status is declared for the operation and its body fits the schema."""
    declared = spec()["paths"][route][method]["responses"]
    assert str(response.status_code) in declared, f"{method} {route} {response.status_code}"
    if response.status_code == 304:
        assert response.content == b""
        return
    errors = sorted(
        body_validator(route, method, response.status_code).iter_errors(response.json())
    )
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@dataclass(frozen=True)
class Case:
    route: str
    method: str
    status: int
    call: Callable[[httpx.Client], httpx.Response]


def _order(quantity: int) -> dict[str, Any]:
    return {
        "customer_id": ADDRESSED["id"],
        "items": [{"product_id": PRODUCT, "quantity": quantity, "unit_price": 49.99}],
        "shipping_address_id": ADDRESSED["addresses"][0]["id"],
        "payment_method": "credit_card",
        "shipping_method": "standard",
        "notes": "Gift wrap requested",
    }


CASES = [
    Case("/customers", "get", 200, lambda c: c.get("/customers", params={"limit": 5})),
    Case("/customers", "get", 400, lambda c: c.get("/customers", params={"cursor": "bad"})),
    Case(
        "/customers",
        "post",
        201,
        lambda c: c.post(
            "/customers",
            json={"email": "spec.new@example.com", "first_name": "Spec", "metadata": {"tier": "x"}},
        ),
    ),
    Case("/customers", "post", 400, lambda c: c.post("/customers", content=b"[")),
    Case("/customers", "post", 409, lambda c: c.post("/customers", json=SEED.customers[1])),
    Case("/customers", "post", 422, lambda c: c.post("/customers", json={"email": "nope"})),
    Case("/customers/search", "get", 200, lambda c: c.get("/customers/search", params={"q": "a"})),
    Case(
        "/customers/search", "get", 400, lambda c: c.get("/customers/search", params={"limit": 500})
    ),
    Case("/customers/{customer_id}", "get", 200, lambda c: c.get(f"/customers/{CUSTOMER}")),
    Case(
        "/customers/{customer_id}",
        "get",
        200,
        lambda c: c.get(f"/customers/{CUSTOMER}", params={"fields": "email,metadata"}),
    ),
    Case("/customers/{customer_id}", "get", 404, lambda c: c.get("/customers/cust_000000000000")),
    Case(
        "/customers/{customer_id}",
        "patch",
        200,
        lambda c: c.patch(f"/customers/{CUSTOMER}", json={"metadata": {"tier": "premium"}}),
    ),
    Case(
        "/customers/{customer_id}",
        "patch",
        404,
        lambda c: c.patch("/customers/cust_000000000000", json={"first_name": "X"}),
    ),
    Case(
        "/customers/{customer_id}",
        "patch",
        409,
        lambda c: c.patch(f"/customers/{CUSTOMER}", json={"email": SEED.customers[2]["email"]}),
    ),
    Case(
        "/customers/{customer_id}",
        "patch",
        422,
        lambda c: c.patch(f"/customers/{CUSTOMER}", json={"status": "gone"}),
    ),
    Case(
        "/orders",
        "post",
        201,
        lambda c: c.post("/orders", json=_order(2), headers={"Idempotency-Key": "spec-1"}),
    ),
    Case(
        "/orders",
        "post",
        409,
        lambda c: c.post("/orders", json=_order(3), headers={"Idempotency-Key": "spec-1"}),
    ),
    Case("/orders", "post", 422, lambda c: c.post("/orders", json={"items": [{}]})),
    Case("/orders/{order_id}", "get", 200, lambda c: c.get(f"/orders/{SHIPPED}")),
    Case("/orders/{order_id}", "get", 404, lambda c: c.get("/orders/order_missing")),
    Case("/inventory/{product_id}", "get", 200, lambda c: c.get(f"/inventory/{PRODUCT}")),
    Case("/inventory/{product_id}", "get", 404, lambda c: c.get("/inventory/prod_missing")),
    Case(
        "/inventory/bulk",
        "post",
        200,
        lambda c: c.post("/inventory/bulk", json={"product_ids": [PRODUCT, "prod_missing"]}),
    ),
    Case(
        "/inventory/bulk",
        "post",
        422,
        lambda c: c.post("/inventory/bulk", json={"product_ids": []}),
    ),
]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    with techcorp_sandbox(seed=42) as address:
        yield address


def test_spec_is_valid_openapi_3_1() -> None:
    assert spec()["openapi"].startswith("3.1")
    validate(spec())


def test_spec_documents_exactly_the_routes_the_sandbox_serves() -> None:
    app = create_app(SandboxOptions())
    [mount] = [r for r in app.routes if getattr(r, "path", "") == "/v3"]
    served = {
        (route.path, method.lower())
        for route in getattr(mount, "routes", [])
        for method in getattr(route, "methods", set()) - {"HEAD"}
    }
    documented = {
        (path, method)
        for path, item in spec()["paths"].items()
        for method in item
        if method in {"get", "post", "patch", "put", "delete"}
    }
    assert documented == served


def test_every_case_covers_a_documented_operation() -> None:
    operations = {(c.route, c.method) for c in CASES}
    documented = {
        (path, method)
        for path, item in spec()["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert operations == documented


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.route} {c.status}")
def test_sandbox_answers_match_the_spec(sandbox: SandboxAddress, case: Case) -> None:
    with raw_client(sandbox) as client:
        response = case.call(client)
    assert response.status_code == case.status, response.text
    assert_documented(case.route, case.method, response)
    if case.status < 300:
        assert int(response.headers["x-ratelimit-reset"]) > 0


def test_auth_cache_limit_and_fault_answers_match_the_spec(sandbox: SandboxAddress) -> None:
    route = "/customers/{customer_id}"
    unauthenticated = httpx.get(f"{sandbox.url}/customers/{CUSTOMER}")
    assert_documented(route, "get", unauthenticated)
    with raw_client(sandbox, READ_ONLY_KEY) as reader:
        forbidden = reader.patch(f"/customers/{CUSTOMER}", json={"first_name": "X"})
    assert forbidden.status_code == 403
    assert_documented(route, "patch", forbidden)
    with raw_client(sandbox) as client:
        etag = client.get(f"/customers/{CUSTOMER}").headers["etag"]
        not_modified = client.get(f"/customers/{CUSTOMER}", headers={"If-None-Match": etag})
        assert not_modified.status_code == 304
        assert_documented(route, "get", not_modified)
        for kind in ("500", "503"):
            admin(sandbox, "config", {"fault_rate": 1.0, "fault_kinds": [kind]})
            try:
                failed = client.get(f"/inventory/{PRODUCT}")
            finally:
                admin(sandbox, "config", {"fault_rate": 0.0})
            assert failed.status_code == int(kind)
            assert_documented("/inventory/{product_id}", "get", failed)
    with techcorp_sandbox(rate_limit=1) as limited, raw_client(limited) as client:
        client.post("/inventory/bulk", json={"product_ids": [PRODUCT]})
        refused = client.post("/inventory/bulk", json={"product_ids": [PRODUCT]})
    assert refused.status_code == 429
    assert_documented("/inventory/bulk", "post", refused)
