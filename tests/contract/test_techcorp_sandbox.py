"""The TechCorp sandbox at its HTTP edge: auth, caching, limits, paging, errors, seed, admin."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract.techcorp_support import (
    READ_ONLY_KEY,
    STATUS_VIEW_KEYS,
    customer_count,
    error_of,
    new_customer,
    raw_client,
    techcorp_sandbox,
    walk_cursor,
    walk_search,
)
from tests.support.servers import admin
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.techcorp.seed import ORDER_STATUSES, generate


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    with techcorp_sandbox(seed=42) as address:
        yield address


@pytest.fixture
def api(sandbox: SandboxAddress) -> Iterator[httpx.Client]:
    with raw_client(sandbox) as client:
        yield client


def test_requests_without_a_valid_bearer_key_get_401_in_the_doc_shape(
    sandbox: SandboxAddress,
) -> None:
    attempts = [
        {},
        {"Authorization": "Bearer wrong_key"},
        {"Authorization": f"Token {sandbox.key}"},
    ]
    for headers in attempts:
        response = httpx.get(f"{sandbox.url}/customers/search", headers=headers)
        error_of(response, 401, "authentication_failed")


def test_read_only_key_reads_but_every_write_gets_403_and_stores_nothing(
    sandbox: SandboxAddress, api: httpx.Client
) -> None:
    before = customer_count(api)
    some = api.get("/customers/search", params={"limit": 1}).json()["data"][0]
    product = generate(42).inventory[0]["product_id"]
    with raw_client(sandbox, READ_ONLY_KEY) as reader:
        assert reader.get(f"/customers/{some['id']}").status_code == 200
        bulk = reader.post("/inventory/bulk", json={"product_ids": [product]})
        assert bulk.status_code == 200
        writes = [
            reader.post("/customers", json={"email": "ro.write@example.com"}),
            reader.patch(f"/customers/{some['id']}", json={"first_name": "Changed"}),
            reader.post(
                "/orders",
                json={"customer_id": some["id"], "items": [{"product_id": product, "quantity": 1}]},
            ),
        ]
    for response in writes:
        error_of(response, 403, "insufficient_permissions")
    assert customer_count(api) == before
    assert api.get(f"/customers/{some['id']}").json()["first_name"] == some["first_name"]


def test_etag_gives_304_until_a_write_changes_the_customer(api: httpx.Client) -> None:
    customer = new_customer(api, "etag.check@example.com", first_name="Eve")
    path = f"/customers/{customer['id']}"
    first = api.get(path)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "max-age=300, must-revalidate"
    unchanged = api.get(path, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert api.patch(path, json={"first_name": "Eva"}).status_code == 200
    after = api.get(path, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["etag"] != etag
    assert after.json()["first_name"] == "Eva"


def test_every_response_carries_hourly_limit_headers_with_a_unix_reset(
    api: httpx.Client,
) -> None:
    first = api.get("/customers/search", params={"limit": 1})
    second = api.get("/customers/search", params={"limit": 1})
    assert first.headers["x-ratelimit-limit"] == "1000"
    remaining = int(first.headers["x-ratelimit-remaining"])
    assert int(second.headers["x-ratelimit-remaining"]) == remaining - 1
    reset = int(first.headers["x-ratelimit-reset"])
    assert time.time() < reset <= time.time() + 3600 + 1


def test_spent_budget_gives_429_with_retry_after_in_header_and_body() -> None:
    with techcorp_sandbox(rate_limit=3) as sandbox, raw_client(sandbox) as api:
        for _ in range(3):
            assert api.get("/customers/search").status_code == 200
        response = api.get("/customers/search")
        error = error_of(response, 429, "rate_limit_exceeded")
        assert int(response.headers["retry-after"]) >= 1
        assert error["retry_after"] == int(response.headers["retry-after"])
        assert response.headers["x-ratelimit-remaining"] == "0"


def test_cursor_pages_visit_every_customer_once_in_creation_order(api: httpx.Client) -> None:
    by_cursor = walk_cursor(api, 37)
    ids = [c["id"] for c in by_cursor]
    assert len(ids) == len(set(ids)) == customer_count(api)
    assert [c["id"] for c in walk_search(api, 100)] == ids
    created = [c["created_at"] for c in by_cursor]
    assert created == sorted(created)


def test_search_offset_pages_visit_every_match_once(api: httpx.Client) -> None:
    everyone = walk_search(api, 100)
    active = walk_search(api, 23, status="active")
    assert [c["id"] for c in active] == [c["id"] for c in everyone if c["status"] == "active"]
    assert len({c["id"] for c in active}) == len(active)


def test_search_filters_by_text_tier_and_creation_time(api: httpx.Client) -> None:
    everyone = walk_search(api, 100)
    target = everyone[10]
    by_last = walk_search(api, 100, q=target["last_name"].upper())
    assert target["id"] in {c["id"] for c in by_last}
    assert all(target["last_name"].lower() in json.dumps(c).lower() for c in by_last)
    by_email = walk_search(api, 100, q=target["email"])
    assert [c["id"] for c in by_email] == [target["id"]]
    premium = walk_search(api, 100, tier="premium")
    assert premium
    assert [c["id"] for c in premium] == [
        c["id"] for c in everyone if c["metadata"].get("tier") == "premium"
    ]
    moment = target["created_at"]
    after = walk_search(api, 100, created_after=moment)
    before = walk_search(api, 100, created_before=moment.replace("Z", "+00:00"))
    assert all(c["created_at"] > moment for c in after)
    assert all(c["created_at"] < moment for c in before)
    assert len(after) + len(before) + 1 == len(everyone)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"status": "deleted"}, "status"),
        ({"created_after": "last tuesday"}, "created_after"),
    ],
)
def test_bad_search_parameters_are_400_naming_the_parameter(
    api: httpx.Client, params: dict[str, Any], field: str
) -> None:
    error = error_of(api.get("/customers/search", params=params), 400, "invalid_request")
    assert [d["field"] for d in error["details"]] == [field]


def test_a_cursor_the_sandbox_never_issued_is_400(api: httpx.Client) -> None:
    error = error_of(api.get("/customers", params={"cursor": "cursor_zzz"}), 400, "invalid_request")
    assert error["details"][0]["field"] == "cursor"


def test_fields_parameter_returns_only_the_named_fields(api: httpx.Client) -> None:
    customer = api.get("/customers/search", params={"limit": 1}).json()["data"][0]
    response = api.get(f"/customers/{customer['id']}", params={"fields": "email,first_name,nope"})
    assert response.json() == {
        "id": customer["id"],
        "email": customer["email"],
        "first_name": customer["first_name"],
    }


@pytest.mark.parametrize(
    "path", ["/customers/cust_000000000000", "/orders/order_missing", "/inventory/prod_missing"]
)
def test_unknown_ids_are_404_resource_not_found(api: httpx.Client, path: str) -> None:
    error_of(api.get(path), 404, "resource_not_found")


def test_unknown_routes_and_undocumented_methods_answer_in_the_doc_shape(
    api: httpx.Client,
) -> None:
    error_of(api.get("/products/prod_abc123"), 404, "resource_not_found")
    error_of(api.get("/orders"), 405, "invalid_request")
    customer = api.get("/customers/search", params={"limit": 1}).json()["data"][0]
    error_of(api.delete(f"/customers/{customer['id']}"), 405, "invalid_request")
    assert api.get(f"/customers/{customer['id']}").status_code == 200


@pytest.mark.parametrize("path", ["/customers", "/orders", "/inventory/bulk"])
def test_malformed_json_is_400_invalid_request(api: httpx.Client, path: str) -> None:
    response = api.post(path, content=b'{"email": ', headers={"Content-Type": "application/json"})
    error_of(response, 400, "invalid_request")


def test_seed_has_enough_consistent_records_and_the_sandbox_serves_them(
    api: httpx.Client,
) -> None:
    data = generate(42)
    customers = {c["id"]: c for c in data.customers}
    stock = {i["product_id"]: i for i in data.inventory}
    assert len(customers) >= 200 and len(data.orders) >= 500 and len(stock) >= 100
    assert {c.product_id for c in data.catalogue} == set(stock)
    for order in data.orders:
        assert order["customer_id"] in customers
        assert all(item["product_id"] in stock for item in order["items"])
        assert order["status"] in ORDER_STATUSES
        shipped = order["status"] in ("shipped", "delivered")
        assert (order["tracking_number"] is not None) is shipped
        assert (order["shipped_at"] is not None) is shipped
    assert {o["status"] for o in data.orders} == set(ORDER_STATUSES)
    for record in stock.values():
        assert record["available_quantity"] == sum(w["quantity"] for w in record["warehouses"])
    assert {r["status"] for r in stock.values()} == {"in_stock", "low_stock", "out_of_stock"}
    seeded_ids = [c["id"] for c in walk_cursor(api, 100)][: len(customers)]
    assert seeded_ids == [c["id"] for c in data.customers]
    for order in data.orders[:5]:
        view = api.get(f"/orders/{order['id']}").json()
        assert view == {k: order[k] for k in STATUS_VIEW_KEYS}


def test_same_seed_serves_byte_identical_data_and_another_seed_differs() -> None:
    def snapshot(seed: int) -> bytes:
        with techcorp_sandbox(seed=seed) as sandbox, raw_client(sandbox) as api:
            ids = [i["product_id"] for i in generate(seed).inventory[:100]]
            pages = [api.get("/customers", params={"limit": 100}).content]
            pages.append(api.post("/inventory/bulk", json={"product_ids": ids}).content)
            return b"".join(pages)

    assert snapshot(7) == snapshot(7)
    assert snapshot(7) != snapshot(8)


def test_fault_knob_makes_every_request_503_in_the_doc_shape(
    sandbox: SandboxAddress, api: httpx.Client
) -> None:
    admin(sandbox, "config", {"fault_rate": 1.0, "fault_kinds": ["503"]})
    try:
        response = api.get("/customers/search")
    finally:
        admin(sandbox, "config", {"fault_rate": 0.0})
    error_of(response, 503, "service_unavailable")
    assert api.get("/customers/search").status_code == 200


def test_admin_counts_requests_per_route_template_and_resets(
    sandbox: SandboxAddress, api: httpx.Client
) -> None:
    admin(sandbox, "reset")
    first, second = api.get("/customers/search", params={"limit": 2}).json()["data"]
    etag = api.get(f"/customers/{first['id']}").headers["etag"]
    api.get(f"/customers/{first['id']}", headers={"If-None-Match": etag})
    api.get(f"/customers/{second['id']}")
    stats = admin(sandbox, "stats")
    assert stats["requests"] == {
        "GET /v3/customers/search": 1,
        "GET /v3/customers/{customer_id}": 3,
    }
    assert stats["not_modified"] == 1
    assert admin(sandbox, "reset")["total"] == 0
