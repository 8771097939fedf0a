"""schema/vendors/talkingshops.yaml is valid OpenAPI 3.1 and describes what the sandbox answers."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from starlette.routing import Mount, Route

from tests.contract.talkingshops_support import (
    UNKNOWN_ID,
    client,
    new_mobile,
    reset,
    running_talkingshops,
)
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.talkingshops.sandbox import create_app

SPEC_PATH = Path(__file__).resolve().parents[2] / "schema" / "vendors" / "talkingshops.yaml"
METHODS = ("get", "post", "put", "delete", "patch")


@cache
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return loaded


def response_schema(path: str, method: str, status: int) -> dict[str, Any]:
    response = spec()["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = spec()["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return schema


def assert_matches(path: str, method: str, response: httpx.Response) -> None:
    schema = {**response_schema(path, method, response.status_code)}
    schema["components"] = spec()["components"]
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [e.message for e in validator.iter_errors(response.json())]
    assert not errors, f"{method.upper()} {path} {response.status_code}: {errors[:3]}"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    with running_talkingshops() as address:
        yield address


def test_spec_is_valid_openapi_31() -> None:
    assert spec()["openapi"].startswith("3.1")
    validate(spec())


def test_spec_documents_exactly_the_sandbox_routes() -> None:
    app = create_app(SandboxOptions())
    [api] = [r for r in app.routes if isinstance(r, Mount) and r.path == "/v1"]
    served = {
        (route.path, method.lower())
        for route in api.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }
    documented = {(p, m) for p, item in spec()["paths"].items() for m in item if m in METHODS}
    assert served == documented


def test_every_read_answer_matches_its_schema(sandbox: SandboxAddress) -> None:
    reset(sandbox)
    with client(sandbox) as http:
        listing = http.get("/customers", params={"limit": 100, "page": 2})
        assert_matches("/customers", "get", listing)
        assert_matches("/customers", "get", http.get("/customers", params={"limit": 0}))
        assert_matches("/customers/stats", "get", http.get("/customers/stats"))
        customer = listing.json()["customers"][0]
        item = "/customers/{customerId}"
        assert_matches(item, "get", http.get(f"/customers/{customer['_id']}"))
        assert_matches(item, "get", http.get(f"/customers/{UNKNOWN_ID}"))
        lookup = "/customers/lookup"
        assert_matches(lookup, "get", http.get(lookup, params={"mobile": customer["mobile"]}))
        assert_matches(lookup, "get", http.get(lookup, params={"mobile": "1"}))
        assert_matches(lookup, "get", http.get(lookup))
    with client(sandbox, "wrong") as anonymous:
        assert_matches("/customers", "get", anonymous.get("/customers"))


def test_every_write_answer_matches_its_schema(sandbox: SandboxAddress) -> None:
    reset(sandbox)
    item = "/customers/{customerId}"
    with client(sandbox) as http:
        created = http.post("/customers", json={"mobile": new_mobile(77), "name": "Spec Check"})
        assert_matches("/customers", "post", created)
        assert_matches("/customers", "post", http.post("/customers", json={"email": "x"}))
        path = f"/customers/{created.json()['customerId']}"
        assert_matches(item, "put", http.put(path, json={"updates": {"segment": "vip"}}))
        assert_matches(item, "put", http.put(path, json={"updates": {}}))
        assert_matches(item, "put", http.put(f"/customers/{UNKNOWN_ID}", json={"updates": {}}))
        assert_matches(item, "get", http.get(path))
        assert_matches(item, "delete", http.delete(path))
        assert_matches(item, "delete", http.delete(path))


def test_documented_request_examples_match_the_request_schemas() -> None:
    components = spec()["components"]
    examples = {
        "CustomerCreate": {"mobile": "919876543210", "name": "John Doe", "segment": "premium"},
        "CustomerUpdate": {"updates": {"name": "John Smith", "segment": "vip"}},
    }
    for name, example in examples.items():
        schema = {"$ref": f"#/components/schemas/{name}", "components": components}
        Draft202012Validator(schema).validate(example)


def test_rate_limited_and_failing_answers_match_their_schemas() -> None:
    with running_talkingshops(rate_limit=1) as address, client(address) as http:
        http.get("/customers/stats")
        limited = http.get("/customers/stats")
        assert limited.status_code == 429 and "retry-after" in limited.headers
        assert_matches("/customers/stats", "get", limited)
    with (
        running_talkingshops(fault_rate=1.0, fault_kinds=["500"]) as address,
        client(address) as http,
    ):
        assert_matches("/customers", "get", http.get("/customers"))
