"""TechCorp sandbox writes: customer validation and updates, orders, idempotency, bulk stock."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.contract.techcorp_support import (
    STATUS_VIEW_KEYS,
    customer_count,
    customer_with_address,
    error_of,
    new_customer,
    raw_client,
    techcorp_sandbox,
    walk_search,
)
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.techcorp.seed import generate


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    with techcorp_sandbox(seed=42) as address:
        yield address


@pytest.fixture
def api(sandbox: SandboxAddress) -> Iterator[httpx.Client]:
    with raw_client(sandbox) as client:
        yield client


def test_invalid_customer_is_422_with_field_details_and_stores_nothing(api: httpx.Client) -> None:
    before = customer_count(api)
    bad_email = api.post("/customers", json={"email": "not-an-email", "first_name": "X"})
    error = error_of(bad_email, 422, "validation_error")
    assert error["details"] == [{"field": "email", "issue": "Must be a valid email address"}]
    missing = error_of(api.post("/customers", json={"phone": "letters"}), 422, "validation_error")
    assert {d["field"] for d in missing["details"]} == {"email", "phone"}
    assert customer_count(api) == before


def test_duplicate_email_is_409_whatever_its_case_and_stores_nothing(api: httpx.Client) -> None:
    existing = api.get("/customers/search", params={"limit": 1}).json()["data"][0]
    before = customer_count(api)
    response = api.post("/customers", json={"email": existing["email"].upper()})
    error = error_of(response, 409, "duplicate_resource")
    assert error["details"][0]["field"] == "email"
    assert customer_count(api) == before
    other = new_customer(api, "dup.patch@example.com")
    clash = api.patch(f"/customers/{other['id']}", json={"email": existing["email"]})
    error_of(clash, 409, "duplicate_resource")
    assert api.get(f"/customers/{other['id']}").json()["email"] == "dup.patch@example.com"


def test_created_customer_matches_the_doc_and_is_found_afterwards(api: httpx.Client) -> None:
    body = {
        "email": "jane.smith.new@example.com",
        "first_name": "Jane",
        "last_name": "Smith",
        "phone": "+1-555-0199",
        "metadata": {"tier": "standard", "source": "mobile_app"},
    }
    created = new_customer(api, **body)
    assert created["id"].startswith("cust_")
    assert {k: created[k] for k in body} == body
    assert created["status"] == "active"
    assert created["addresses"] == []
    assert created["lifetime_value"] == 0
    assert created["created_at"] == created["updated_at"]
    assert api.get(f"/customers/{created['id']}").json() == created
    found = api.get("/customers/search", params={"q": "jane.smith.new"}).json()["data"]
    assert [c["id"] for c in found] == [created["id"]]


def test_patch_changes_only_the_given_fields_and_merges_metadata(api: httpx.Client) -> None:
    seeded = walk_search(api, 100, tier="standard", created_before="2025-01-01T00:00:00Z")
    created = seeded[-1]  # updated_at is long past, so the PATCH must move it
    patched = api.patch(
        f"/customers/{created['id']}", json={"first_name": "Jane", "metadata": {"tier": "premium"}}
    )
    assert patched.status_code == 200
    stored = api.get(f"/customers/{created['id']}").json()
    assert stored == patched.json()
    assert stored["first_name"] == "Jane"
    assert stored["metadata"] == {**created["metadata"], "tier": "premium"}
    assert {
        k: v for k, v in stored.items() if k not in ("first_name", "metadata", "updated_at")
    } == {k: v for k, v in created.items() if k not in ("first_name", "metadata", "updated_at")}
    assert stored["updated_at"] > created["updated_at"]
    bad = api.patch(f"/customers/{created['id']}", json={"status": "gone"})
    assert error_of(bad, 422, "validation_error")["details"][0]["field"] == "status"
    error_of(api.patch("/customers/cust_000000000000", json={}), 404, "resource_not_found")


def test_order_with_the_doc_prices_gets_the_doc_totals_and_a_pending_status_view(
    api: httpx.Client,
) -> None:
    customer = customer_with_address(api)
    products = [i["product_id"] for i in generate(42).inventory[:2]]
    body = {
        "customer_id": customer["id"],
        "items": [
            {"product_id": products[0], "quantity": 2, "unit_price": 49.99},
            {"product_id": products[1], "quantity": 1, "unit_price": 129.99},
        ],
        "shipping_address_id": customer["addresses"][0]["id"],
        "payment_method": "credit_card",
        "shipping_method": "standard",
        "notes": "Gift wrap requested",
    }
    response = api.post("/orders", json=body)
    assert response.status_code == 201, response.text
    order = response.json()
    assert order["id"].startswith("order_")
    assert (order["subtotal"], order["tax"], order["shipping"], order["total"]) == (
        229.97,
        20.70,
        8.99,
        259.66,
    )
    assert (order["status"], order["currency"], order["customer_id"]) == (
        "pending",
        "USD",
        customer["id"],
    )
    assert [(i["product_id"], i["quantity"], i["total"]) for i in order["items"]] == [
        (products[0], 2, 99.98),
        (products[1], 1, 129.99),
    ]
    view = api.get(f"/orders/{order['id']}").json()
    assert set(view) == STATUS_VIEW_KEYS
    assert view["status"] == "pending"
    assert view["tracking_number"] is None
    assert view["estimated_delivery"] == order["estimated_delivery"]


def test_order_without_prices_charges_the_catalogue_price(api: httpx.Client) -> None:
    customer = api.get("/customers/search", params={"limit": 1}).json()["data"][0]
    item = generate(42).catalogue[5]
    body = {
        "customer_id": customer["id"],
        "items": [{"product_id": item.product_id, "quantity": 3}],
    }
    order = api.post("/orders", json=body).json()
    [line] = order["items"]
    assert line["unit_price"] == float(item.price)
    assert line["product_name"] == item.name
    assert order["subtotal"] == line["total"] == round(float(item.price) * 3, 2)


def test_invalid_order_is_422_per_field_and_stores_nothing(api: httpx.Client) -> None:
    owner = customer_with_address(api)
    stranger = next(c for c in walk_search(api, 100) if c["id"] != owner["id"])
    product = generate(42).inventory[0]["product_id"]
    body = {
        "customer_id": stranger["id"],
        "items": [
            {"product_id": "prod_nope", "quantity": 1},
            {"product_id": product, "quantity": 0},
            {"product_id": product, "quantity": 1, "unit_price": -1},
        ],
        "shipping_address_id": owner["addresses"][0]["id"],
    }
    headers = {"Idempotency-Key": "invalid-then-valid"}
    error = error_of(api.post("/orders", json=body, headers=headers), 422, "validation_error")
    assert [d["field"] for d in error["details"]] == [
        "items[0].product_id",
        "items[1].quantity",
        "items[2].unit_price",
        "shipping_address_id",
    ]
    unknown = {"customer_id": "cust_000000000000", "items": []}
    fields = [d["field"] for d in api.post("/orders", json=unknown).json()["error"]["details"]]
    assert fields == ["customer_id", "items"]
    # Nothing was kept under the key: a valid body with it now creates an order.
    valid = {"customer_id": stranger["id"], "items": [{"product_id": product, "quantity": 1}]}
    assert api.post("/orders", json=valid, headers=headers).status_code == 201


def test_idempotency_key_returns_the_first_order_and_rejects_a_different_body(
    api: httpx.Client,
) -> None:
    customer = api.get("/customers/search", params={"limit": 1}).json()["data"][0]
    product = generate(42).inventory[3]["product_id"]
    body = {"customer_id": customer["id"], "items": [{"product_id": product, "quantity": 2}]}
    key = {"Idempotency-Key": "order-20250212-user123-001"}
    first = api.post("/orders", json=body, headers=key)
    retry = api.post("/orders", json=body, headers=key)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    changed = {**body, "items": [{"product_id": product, "quantity": 3}]}
    error = error_of(api.post("/orders", json=changed, headers=key), 409, "duplicate_resource")
    assert error["details"][0]["field"] == "Idempotency-Key"
    fresh = api.post("/orders", json=body, headers={"Idempotency-Key": "another-key"})
    unkeyed = api.post("/orders", json=body)
    assert len({first.json()["id"], fresh.json()["id"], unkeyed.json()["id"]}) == 3


def test_bulk_inventory_answers_known_ids_in_order_and_lists_unknown_ones(
    api: httpx.Client,
) -> None:
    ids = [i["product_id"] for i in generate(42).inventory[:3]]
    asked = [ids[2], "prod_missing", ids[0], ids[2]]
    body = api.post("/inventory/bulk", json={"product_ids": asked}).json()
    assert [r["product_id"] for r in body["data"]] == [ids[2], ids[0]]
    assert body["not_found"] == ["prod_missing"]
    for record in body["data"]:
        assert api.get(f"/inventory/{record['product_id']}").json() == record
    for bad in ([], ["x"] * 101, "prod_1", [1]):
        response = api.post("/inventory/bulk", json={"product_ids": bad})
        assert error_of(response, 422, "validation_error")["details"][0]["field"] == "product_ids"
