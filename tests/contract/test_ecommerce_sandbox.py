"""The E-Commerce sandbox behaves as ecommerce-platform-api-v2.md documents."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from tests.contract.ecommerce_support import (
    READONLY_KEY,
    api,
    ecommerce_sandbox,
    new_customer,
    raw_client,
    sandbox,
    stocked_product,
    walk_cursor,
    walk_pages,
)
from tests.support.servers import admin
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress

__all__ = ["api", "sandbox"]


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The documented error shape with the given status and code; returns the error object."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert error["request_id"].startswith("req_")
    assert isinstance(error["details"], list)
    return dict(error)


def total(client: httpx.Client, route: str, **params: Any) -> int:
    count: int = client.get(route, params={**params, "limit": 1}).json()["pagination"][
        "total_items"
    ]
    return count


def test_requests_without_a_valid_bearer_key_get_401(sandbox: SandboxAddress) -> None:
    assert_error(httpx.get(f"{sandbox.url}/customers"), 401, "authentication_error")
    with raw_client(sandbox, "test_not_a_key") as client:
        assert_error(client.get("/customers"), 401, "authentication_error")
    wrong_scheme = httpx.get(f"{sandbox.url}/customers", headers={"Authorization": sandbox.key})
    assert_error(wrong_scheme, 401, "authentication_error")


def test_read_only_key_reads_but_gets_403_on_writes_and_stores_nothing(
    sandbox: SandboxAddress, api: httpx.Client
) -> None:
    with raw_client(sandbox, READONLY_KEY) as readonly:
        assert readonly.get("/customers").status_code == 200
        denied = readonly.post("/customers", json={"email": "readonly@example.com"})
        assert_error(denied, 403, "authorization_error")
    assert total(api, "/customers", email="readonly@example.com") == 0


def test_no_caching_headers_by_default(api: httpx.Client) -> None:
    response = api.get("/products", params={"limit": 1})
    assert "etag" not in response.headers
    assert "cache-control" not in response.headers


def test_caching_knob_gives_etag_304_and_a_new_etag_after_a_write(sandbox: SandboxAddress) -> None:
    admin(sandbox, "config", {"caching": True})
    try:
        with raw_client(sandbox) as client:
            customer = new_customer(client, "etag.check@example.com")
            route = f"/customers/{customer['id']}"
            first = client.get(route)
            etag = first.headers["etag"]
            assert "max-age=300" in first.headers["cache-control"]
            assert client.get(route, headers={"If-None-Match": etag}).status_code == 304
            client.put(route, json={"first_name": "Changed"}).raise_for_status()
            after = client.get(route, headers={"If-None-Match": etag})
            assert after.status_code == 200
            assert after.headers["etag"] != etag
            assert after.json()["first_name"] == "Changed"
    finally:
        admin(sandbox, "config", {"caching": None})


def test_rate_limit_headers_follow_the_starter_plan(api: httpx.Client) -> None:
    first = api.get("/products", params={"limit": 1})
    second = api.get("/products", params={"limit": 1})
    assert first.headers["x-ratelimit-limit"] == "1000"
    remaining = int(first.headers["x-ratelimit-remaining"])
    assert int(second.headers["x-ratelimit-remaining"]) == remaining - 1
    reset = int(first.headers["x-ratelimit-reset"])
    assert time.time() < reset <= time.time() + 3601  # a Unix timestamp, within the hour


def test_429_after_the_budget_with_retry_after_header_and_body() -> None:
    with ecommerce_sandbox(rate_limit=3) as address, raw_client(address) as client:
        for _ in range(3):
            assert client.get("/products", params={"limit": 1}).status_code == 200
        limited = client.get("/products", params={"limit": 1})
        error = assert_error(limited, 429, "rate_limit_exceeded")
        assert int(limited.headers["retry-after"]) >= 1
        assert error["retry_after"] == int(limited.headers["retry-after"])
        assert limited.headers["x-ratelimit-remaining"] == "0"


def test_page_pagination_walks_every_customer_once(api: httpx.Client) -> None:
    first = api.get("/customers", params={"limit": 37}).json()["pagination"]
    assert first["page"] == 1 and first["limit"] == 37
    assert first["has_previous"] is False and first["has_next"] is True
    assert first["total_pages"] == -(-first["total_items"] // 37)
    ids = [c["id"] for c in walk_pages(api, "/customers", 37)]
    assert len(ids) == len(set(ids)) == first["total_items"]
    last = api.get("/customers", params={"limit": 37, "page": first["total_pages"]}).json()
    assert last["pagination"]["has_previous"] is True and last["pagination"]["has_next"] is False


def test_cursor_pagination_walks_every_order_once_like_pages_do(api: httpx.Client) -> None:
    by_cursor = [o["id"] for o in walk_cursor(api, "/orders", 60)]
    by_page = [o["id"] for o in walk_pages(api, "/orders", 60)]
    assert len(by_cursor) == len(set(by_cursor))
    assert by_cursor == by_page
    switched = api.get("/orders", params={"pagination": "cursor", "limit": 60}).json()
    assert [o["id"] for o in switched["data"]] == by_cursor[:60]
    assert set(switched["pagination"]) == {"next_cursor", "has_more"}


def test_cursor_pagination_follows_the_requested_sort(api: httpx.Client) -> None:
    products = walk_cursor(api, "/products", 45, sort="price", order="desc")
    prices = [p["price"] for p in products]
    assert prices == sorted(prices, reverse=True)
    assert len({p["id"] for p in products}) == len(products) == total(api, "/products")


def test_bad_query_parameters_are_400_with_the_field_named(api: httpx.Client) -> None:
    for params, field in (
        ({"limit": 500}, "limit"),
        ({"page": 0}, "page"),
        ({"cursor": "garbage!"}, "cursor"),
        ({"status": "lost"}, "status"),
    ):
        error = assert_error(api.get("/orders", params=params), 400, "validation_error")
        assert error["details"] == [{"field": field, "message": error["details"][0]["message"]}]


def test_unknown_ids_and_routes_are_404_in_the_vendor_shape(api: httpx.Client) -> None:
    assert_error(api.get("/customers/cust_missing"), 404, "not_found")
    assert_error(api.get("/products/prod_missing"), 404, "not_found")
    assert_error(api.get("/inventory/prod_missing"), 404, "not_found")
    assert_error(
        api.patch("/orders/ord_missing/status", json={"status": "shipped"}), 404, "not_found"
    )
    assert_error(api.get("/orders/ord_anything"), 404, "not_found")  # no such endpoint
    assert_error(api.get("/payments/disputes"), 404, "not_found")  # out of scope


def test_malformed_json_is_400_and_stores_nothing(api: httpx.Client) -> None:
    before = total(api, "/customers")
    response = api.post(
        "/customers",
        content=b'{"email": "x@example.com"',
        headers={"Content-Type": "application/json"},
    )
    assert_error(response, 400, "validation_error")
    assert total(api, "/customers") == before


def test_invalid_customer_is_422_with_field_details_and_stores_nothing(api: httpx.Client) -> None:
    before = total(api, "/customers")
    response = api.post(
        "/customers", json={"email": "not-an-email", "phone": "call me", "tags": "vip"}
    )
    error = assert_error(response, 422, "validation_error")
    fields = {d["field"] for d in error["details"]}
    assert fields == {"email", "phone", "tags"}
    assert total(api, "/customers") == before


def test_order_naming_unknown_records_is_422_and_reserves_nothing(api: httpx.Client) -> None:
    product = stocked_product(api)
    customer_id = api.get("/customers", params={"limit": 1}).json()["data"][0]["id"]
    stock_before = api.get(f"/inventory/{product['id']}").json()
    orders_before = total(api, "/orders")
    body = {
        "customer_id": customer_id,
        "items": [
            {"product_id": product["id"], "quantity": 1},
            {"product_id": "prod_missing", "quantity": 1},
            {"product_id": product["id"], "quantity": 0},
        ],
    }
    error = assert_error(api.post("/orders", json=body), 422, "validation_error")
    fields = [d["field"] for d in error["details"]]
    assert fields == ["items[2].quantity"]
    body["items"] = body["items"][:2]
    error = assert_error(api.post("/orders", json=body), 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["items[1].product_id"]
    assert total(api, "/orders") == orders_before
    assert api.get(f"/inventory/{product['id']}").json() == stock_before


def test_duplicate_email_and_sku_are_409_conflicts(api: httpx.Client) -> None:
    existing = api.get("/customers", params={"limit": 1}).json()["data"][0]
    duplicate = api.post("/customers", json={"email": existing["email"].upper()})
    error = assert_error(duplicate, 409, "conflict")
    assert error["details"][0]["field"] == "email"
    product = api.get("/products", params={"limit": 1}).json()["data"][0]
    clash = api.post("/products", json={"name": "Clash", "price": 1, "sku": product["sku"]})
    assert_error(clash, 409, "conflict")
    assert total(api, "/products", search="Clash") == 0


async def test_seed_has_the_documented_volumes_and_consistent_references(
    sandbox: SandboxAddress, api: httpx.Client
) -> None:
    customers = {c["id"] for c in walk_pages(api, "/customers", 200)}
    products = {p["id"]: p for p in walk_pages(api, "/products", 200)}
    orders = walk_pages(api, "/orders", 200)
    assert len(customers) >= 200 and len(products) >= 100 and len(orders) >= 500
    for order in orders:
        assert order["customer_id"] in customers
        assert {i["product_id"] for i in order["items"]} <= set(products)
    headers = {"Authorization": f"Bearer {sandbox.key}"}
    async with httpx.AsyncClient(base_url=sandbox.url, headers=headers) as client:
        answers = await asyncio.gather(*(client.get(f"/inventory/{p}") for p in products))
    for product_id, answer in zip(products, answers, strict=True):
        inventory = answer.json()
        assert inventory["product_id"] == product_id
        assert inventory["total_available"] == sum(r["available"] for r in inventory["locations"])


def test_same_seed_gives_identical_data_and_another_seed_differs() -> None:
    def snapshot(seed: int) -> bytes:
        with ecommerce_sandbox(seed=seed) as address, raw_client(address) as client:
            routes = ("/customers", "/orders", "/products")
            return b"".join(client.get(r, params={"limit": 200}).content for r in routes)

    assert snapshot(7) == snapshot(7)
    assert snapshot(7) != snapshot(8)


def test_fault_knob_gives_503_in_the_vendor_shape(
    sandbox: SandboxAddress, api: httpx.Client
) -> None:
    admin(sandbox, "config", {"fault_rate": 1.0, "fault_kinds": ["503"]})
    try:
        assert_error(api.get("/products"), 503, "server_error")
    finally:
        admin(sandbox, "config", {"fault_rate": 0.0})
    assert api.get("/products").status_code == 200


def test_admin_counts_requests_per_route_template_and_resets(
    sandbox: SandboxAddress, api: httpx.Client
) -> None:
    admin(sandbox, "reset")
    product = api.get("/products", params={"limit": 2}).json()["data"]
    for item in product:
        api.get(f"/products/{item['id']}")
    api.get("/no/such/route")
    stats = admin(sandbox, "stats")
    assert stats["requests"] == {
        "GET /v2/products": 1,
        "GET /v2/products/{id}": 2,
        "GET <unmatched>": 1,
    }
    assert admin(sandbox, "reset")["total"] == 0
