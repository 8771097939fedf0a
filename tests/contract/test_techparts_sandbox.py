"""The TechParts sandbox behaves as the TechParts Developer API page documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from tests.contract.techparts_support import (
    CHEAP_RAM,
    CPU,
    GPU,
    GPU_SKU,
    READONLY_KEY,
    client,
    order_body,
    set_stock,
    stock_of,
)
from tests.support.servers import admin, running_sandbox
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.techparts.sandbox import create_app
from vendorgraph.adapters.techparts.store import Store

PRODUCT_FIELDS = [
    "id", "sku", "name", "category", "manufacturer", "price", "currency", "stock", "in_stock",
    "specifications", "warranty", "created_at", "updated_at",
]  # fmt: skip
UNAUTHORIZED = {
    "error": "unauthorized",
    "message": "Valid API key required. Include 'Authorization: Bearer YOUR_API_KEY' header.",
}
FORBIDDEN = {
    "error": "forbidden",
    "message": "Insufficient permissions to update inventory. Requires 'inventory:write' scope.",
}


@pytest.fixture
def sandbox() -> Iterator[SandboxAddress]:
    with running_sandbox("techparts") as address:
        yield address


@pytest.fixture
def http(sandbox: SandboxAddress) -> Iterator[httpx.Client]:
    with client(sandbox) as c:
        yield c


def _store(seed: int) -> Store:
    store: Store = create_app(SandboxOptions(seed=seed)).state.store
    return store


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic tp_demo_key"}],
    ids=["missing", "unknown-key", "wrong-scheme"],
)
def test_requests_without_a_valid_bearer_key_get_the_documented_401(
    sandbox: SandboxAddress, headers: dict[str, str]
) -> None:
    response = httpx.get(f"{sandbox.url}/products/{GPU}", headers=headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_a_key_without_inventory_write_gets_the_documented_403_and_changes_nothing(
    sandbox: SandboxAddress, http: httpx.Client
) -> None:
    before = http.get(f"/products/{GPU}").json()
    with client(sandbox, READONLY_KEY) as readonly:
        response = readonly.patch(f"/inventory/{GPU_SKU}", json={"quantity": 1})
        assert response.status_code == 403
        assert response.json() == FORBIDDEN
        assert readonly.get(f"/products/{GPU}").json() == before


def test_a_key_without_inventory_write_may_still_read_and_order(sandbox: SandboxAddress) -> None:
    with client(sandbox, READONLY_KEY) as readonly:
        assert readonly.get(f"/products/{CPU}").status_code == 200
        assert readonly.post("/orders", json=order_body((CPU, 1))).status_code == 201


def test_a_product_has_exactly_the_documented_fields(http: httpx.Client) -> None:
    response = http.get(f"/products/{GPU}")
    assert response.status_code == 200
    product = response.json()
    assert list(product) == PRODUCT_FIELDS
    assert product["sku"] == GPU_SKU
    assert product["name"] == "NVIDIA GeForce RTX 4090 MSI Gaming X Trio"
    assert product["price"] == 1599.99
    assert product["in_stock"] is (product["stock"] > 0)
    assert set(product["specifications"]) == {
        "memory", "cuda_cores", "boost_clock", "power_consumption",
    }  # fmt: skip
    assert response.headers.get("etag") is None
    assert not any(h.lower().startswith("x-ratelimit") for h in response.headers)


def test_an_unknown_product_is_404_with_the_documented_message(http: httpx.Client) -> None:
    response = http.get("/products/PROD-0000-NONE-001")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": "Product with ID 'PROD-0000-NONE-001' does not exist",
    }


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/products", 404), ("GET", "/customers/CUST-1", 404), ("DELETE", "/orders", 405)],
)
def test_undocumented_routes_are_refused_in_the_flat_shape(
    http: httpx.Client, method: str, path: str, status: int
) -> None:
    response = http.request(method, path)
    assert response.status_code == status
    assert set(response.json()) == {"error", "message"}


def test_the_doc_example_order_is_priced_as_documented(http: httpx.Client) -> None:
    response = http.post("/orders", json=order_body((GPU, 1), (CPU, 1)))
    assert response.status_code == 201
    order = response.json()
    created = datetime.fromisoformat(order["created_at"])
    assert order | {"order_id": "", "created_at": "", "estimated_delivery": "",
                    "tracking_url": ""} == {
        "order_id": "", "status": "pending", "subtotal": 2149.98, "tax": 171.99,
        "shipping": 0.0, "total": 2321.97, "currency": "USD", "items_count": 2,
        "created_at": "", "estimated_delivery": "", "tracking_url": "",
    }  # fmt: skip
    assert order["order_id"].startswith(f"ORD-{created.year}-")
    assert order["tracking_url"] == f"https://techparts.com/track/{order['order_id']}"
    delivery = datetime.fromisoformat(order["estimated_delivery"])
    assert delivery.date() == (created + timedelta(days=3)).date()
    assert (delivery.hour, delivery.minute) == (23, 59)


def test_a_small_order_pays_shipping(http: httpx.Client) -> None:
    order = http.post("/orders", json=order_body((CHEAP_RAM, 1))).json()
    assert (order["subtotal"], order["tax"], order["shipping"]) == (39.99, 3.19, 9.99)
    assert order["total"] == 53.17


def test_an_order_reserves_stock_and_moves_updated_at(http: httpx.Client) -> None:
    set_stock(http, GPU_SKU, 10)
    before = http.get(f"/products/{GPU}").json()
    first = http.post("/orders", json=order_body((GPU, 3), (GPU, 2))).json()
    second = http.post("/orders", json=order_body((GPU, 1))).json()
    after = http.get(f"/products/{GPU}").json()
    assert after["stock"] == 4
    assert after["updated_at"] >= before["updated_at"]
    assert first["order_id"] != second["order_id"]


def test_insufficient_stock_is_refused_whole_with_the_available_quantity(
    http: httpx.Client,
) -> None:
    set_stock(http, GPU_SKU, 5)
    cpu_stock = stock_of(http, CPU)
    response = http.post("/orders", json=order_body((CPU, 1), (GPU, 10)))
    assert response.status_code == 409
    assert response.json() == {
        "error": "insufficient_stock",
        "message": f"Product '{GPU}' has only 5 units available. Requested: 10",
        "available_quantity": 5,
    }
    assert (stock_of(http, GPU), stock_of(http, CPU)) == (5, cpu_stock)


def test_an_order_for_an_unknown_product_is_404_and_stores_nothing(http: httpx.Client) -> None:
    cpu_stock = stock_of(http, CPU)
    response = http.post("/orders", json=order_body((CPU, 1), ("PROD-NOPE", 1)))
    assert response.status_code == 404
    assert response.json()["message"] == "Product with ID 'PROD-NOPE' does not exist"
    assert stock_of(http, CPU) == cpu_stock


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({"items": []}, ["Field 'customer_id' is required",
                         "Field 'items' must contain at least 1 item",
                         "Field 'shipping_address' is required"]),
        (order_body(*[(CPU, 1)] * 51), ["Field 'items' must contain at most 50 items"]),
        (order_body((CPU, 0), (GPU, 1000)), [
            "Field 'items[0].quantity' must be between 1 and 999",
            "Field 'items[1].quantity' must be between 1 and 999"]),
        (order_body((CPU, 1.5)), ["Field 'items[0].quantity' must be an integer"]),
        ({**order_body((CPU, 1)), "items": [{"quantity": 1}]},
         ["Field 'items[0].product_id' is required"]),
        ({**order_body((CPU, 1)), "shipping_address": "123 Tech Lane"},
         ["Field 'shipping_address' must be an object"]),
        ([], ["Request body must be a JSON object"]),
    ],
    ids=["empty", "too-many-items", "quantity-range", "fraction", "no-product", "address", "array"],
)  # fmt: skip
def test_invalid_orders_list_every_problem_and_store_nothing(
    http: httpx.Client, body: object, details: list[str]
) -> None:
    cpu_stock = stock_of(http, CPU)
    response = http.post("/orders", json=body)
    assert response.status_code == 400
    assert response.json() == {
        "error": "validation_error",
        "message": "Invalid request body",
        "details": details,
    }
    assert stock_of(http, CPU) == cpu_stock
    created = http.post("/orders", json=order_body((CPU, 1))).json()
    assert created["order_id"].endswith("-10501")


def test_malformed_json_is_400_and_stores_nothing(http: httpx.Client) -> None:
    response = http.post(
        "/orders", content=b'{"customer_id": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "validation_error"
    assert response.json()["details"] == ["Request body is not valid JSON"]
    assert http.patch(f"/inventory/{GPU_SKU}", content=b"{").status_code == 400


def test_setting_inventory_answers_the_documented_fields_and_is_read_back(
    http: httpx.Client,
) -> None:
    set_stock(http, GPU_SKU, 23)
    response = http.patch(
        f"/inventory/{GPU_SKU}", json={"quantity": 45, "reason": "Received shipment from warehouse"}
    )
    assert response.status_code == 200
    update = response.json()
    assert update | {"updated_at": ""} == {
        "sku": GPU_SKU, "product_id": GPU,
        "product_name": "NVIDIA GeForce RTX 4090 MSI Gaming X Trio", "quantity": 45,
        "previous_quantity": 23, "change": 22, "updated_at": "", "updated_by": "api_user_12345",
    }  # fmt: skip
    product = http.get(f"/products/{GPU}").json()
    assert (product["stock"], product["in_stock"]) == (45, True)
    assert product["updated_at"] == update["updated_at"]
    assert http.patch(f"/inventory/{GPU_SKU}", json={"quantity": 0}).json()["change"] == -45
    assert http.get(f"/products/{GPU}").json()["in_stock"] is False


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "Field 'quantity' is required"),
        ({"quantity": -1}, "Field 'quantity' must be between 0 and 9999"),
        ({"quantity": 10000}, "Field 'quantity' must be between 0 and 9999"),
        ({"quantity": "5"}, "Field 'quantity' must be an integer"),
        ({"quantity": True}, "Field 'quantity' must be an integer"),
        ({"quantity": 5, "reason": "x" * 201}, "Field 'reason' must be at most 200 characters"),
        ({"quantity": 5, "reason": 7}, "Field 'reason' must be a string"),
    ],
)
def test_invalid_inventory_updates_are_400_and_change_nothing(
    http: httpx.Client, body: dict[str, object], detail: str
) -> None:
    before = http.get(f"/products/{GPU}").json()
    response = http.patch(f"/inventory/{GPU_SKU}", json=body)
    assert response.status_code == 400
    assert response.json()["details"] == [detail]
    assert http.get(f"/products/{GPU}").json() == before


def test_a_reason_of_200_characters_is_accepted(http: httpx.Client) -> None:
    response = http.patch(f"/inventory/{GPU_SKU}", json={"quantity": 5, "reason": "x" * 200})
    assert response.status_code == 200


def test_an_unknown_sku_is_404_with_the_documented_message(http: httpx.Client) -> None:
    response = http.patch("/inventory/GPU-XX-0000-NONE-001", json={"quantity": 1})
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": "SKU 'GPU-XX-0000-NONE-001' does not exist in inventory system",
    }


def test_seeded_data_is_large_and_consistent() -> None:
    store = _store(42)
    assert len(store.products) >= 100
    assert len(set(store.customers)) == 200
    assert len(store.orders) == 500
    assert len(store.by_sku) == len(store.products)
    assert {p.category for p in store.products.values()} >= {"graphics-cards", "processors"}
    assert all(isinstance(p.stock, int) and p.stock >= 0 for p in store.products.values())
    customers = set(store.customers)
    for order in store.orders.values():
        assert order.customer_id in customers
        assert all(line.product_id in store.products for line in order.lines)
        assert 1 <= len(order.lines) <= 50


def test_the_same_seed_gives_byte_identical_data_and_another_seed_does_not() -> None:
    def dump(store: Store) -> str:
        products = [p.as_json() for p in store.products.values()]
        orders = [o.confirmation() | {"customer": o.customer_id} for o in store.orders.values()]
        return json.dumps([products, orders, store.customers])

    assert dump(_store(7)) == dump(_store(7))
    assert dump(_store(7)) != dump(_store(8))


def test_the_rate_limit_knob_sends_overview_headers_and_a_flat_429() -> None:
    with (
        running_sandbox("techparts", rate_limit=3, rate_window_s=30) as address,
        client(address) as http,
    ):
        answers = [http.get(f"/products/{GPU}") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    assert all(0 < int(a.headers["X-RateLimit-Reset"]) <= 30 for a in answers)
    refused = answers[3]
    body = refused.json()
    assert body["error"] == "rate_limit_exceeded"
    assert body["retry_after"] == int(refused.headers["Retry-After"]) > 0


def test_the_caching_knob_gives_etags_304s_and_a_new_etag_after_a_write() -> None:
    with running_sandbox("techparts", caching=True) as address, client(address) as http:
        first = http.get(f"/products/{GPU}")
        etag = first.headers["ETag"]
        again = http.get(f"/products/{GPU}", headers={"If-None-Match": etag})
        set_stock(http, GPU_SKU, first.json()["stock"] + 1)
        changed = http.get(f"/products/{GPU}", headers={"If-None-Match": etag})
    assert "max-age=300" in first.headers["Cache-Control"]
    assert again.status_code == 304
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_the_fault_knob_gives_a_flat_503() -> None:
    with (
        running_sandbox("techparts", fault_rate=1.0, fault_kinds=["503"]) as address,
        client(address) as http,
    ):
        response = http.get(f"/products/{GPU}")
    assert response.status_code == 503
    assert set(response.json()) == {"error", "message"}


def test_admin_counts_requests_per_route_template_and_resets(
    sandbox: SandboxAddress, http: httpx.Client
) -> None:
    http.get(f"/products/{GPU}")
    http.get(f"/products/{CPU}")
    http.patch(f"/inventory/{GPU_SKU}", json={"quantity": 3})
    http.post("/orders", json=order_body((CPU, 1)))
    requests = admin(sandbox, "stats")["requests"]
    assert requests == {
        "GET /v1/products/{id}": 2,
        "PATCH /v1/inventory/{sku}": 1,
        "POST /v1/orders": 1,
    }
    assert admin(sandbox, "reset")["total"] == 0
    assert admin(sandbox, "stats")["requests"] == {}
