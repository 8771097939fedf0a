"""E-Commerce sandbox writes change what later reads return, and list filters select correctly."""

from __future__ import annotations

import httpx

from tests.contract.ecommerce_support import (
    api,
    new_customer,
    sandbox,
    stocked_product,
    walk_pages,
)

__all__ = ["api", "sandbox"]


def test_product_create_update_and_soft_delete(api: httpx.Client) -> None:
    body = {
        "name": "Premium Wireless Headphones",
        "description": "High-quality audio",
        "price": 199.99,
        "sku": "HEADPHONE-T1",
        "categories": ["electronics", "audio"],
        "variants": [{"sku": "HEADPHONE-T1-BLK", "attributes": {"color": "Black"}}],
    }
    created = api.post("/products", json=body)
    assert created.status_code == 201
    product = created.json()
    assert product["id"].startswith("prod_") and product["status"] == "active"
    assert product["variants"][0]["id"].startswith("var_")
    assert api.get(f"/products/{product['id']}").json() == product
    assert api.get("/products/HEADPHONE-T1").json() == product  # by SKU
    assert api.get(f"/inventory/{product['id']}").json()["total_available"] == 0

    updated = api.put(f"/products/{product['id']}", json={"price": 149.5}).json()
    assert updated["price"] == 149.5 and updated["name"] == body["name"]
    assert updated["updated_at"] >= product["updated_at"]

    assert api.delete(f"/products/{product['id']}").status_code == 204
    assert api.get(f"/products/{product['id']}").json()["status"] == "archived"
    archived = walk_pages(api, "/products", 200, status="archived")
    assert product["id"] in {p["id"] for p in archived}


def test_product_requires_name_price_and_sku(api: httpx.Client) -> None:
    response = api.post("/products", json={"description": "nothing else"})
    assert response.status_code == 422
    assert {d["field"] for d in response.json()["error"]["details"]} == {"name", "price", "sku"}


def test_customer_create_partial_update_and_order_history(api: httpx.Client) -> None:
    customer = new_customer(
        api,
        "jane.writer@example.com",
        phone="+1-555-0123",
        tags=["vip"],
        addresses=[
            {"street": "1 Main St", "city": "Austin", "postal_code": "73301", "country": "US"}
        ],
    )
    assert customer["id"].startswith("cust_")
    assert customer["order_history"] == {
        "order_count": 0,
        "total_spent": 0.0,
        "currency": "USD",
        "last_order_at": None,
    }
    [address] = customer["addresses"]
    assert address["zip"] == "73301" and address["type"] == "shipping" and address["is_default"]

    changed = api.put(f"/customers/{customer['id']}", json={"last_name": "Writer"}).json()
    assert changed["last_name"] == "Writer"
    assert changed["first_name"] == customer["first_name"] and changed["phone"] == "+1-555-0123"
    assert api.get(f"/customers/{customer['id']}").json()["last_name"] == "Writer"
    found = api.get("/customers", params={"email": "jane.writer@"}).json()["data"]
    assert [c["id"] for c in found] == [customer["id"]]


def test_address_add_set_default_update_and_delete(api: httpx.Client) -> None:
    customer = new_customer(api, "addresses.owner@example.com")
    route = f"/customers/{customer['id']}/addresses"
    first = api.post(route, json={"street": "1 Oak Ave", "city": "Denver", "zip": "80202"}).json()
    second = api.post(route, json={"street": "2 Pine Rd", "city": "Boston"}).json()
    assert first["is_default"] and not second["is_default"]

    made_default = api.post(f"{route}/{second['id']}/set-default")
    assert made_default.status_code == 200 and made_default.json()["is_default"]
    moved = api.put(f"{route}/{first['id']}", json={"city": "Seattle"}).json()
    assert moved["city"] == "Seattle" and moved["street"] == "1 Oak Ave"
    stored = {a["id"]: a for a in api.get(f"/customers/{customer['id']}").json()["addresses"]}
    assert stored[second["id"]]["is_default"] and not stored[first["id"]]["is_default"]
    assert stored[first["id"]]["city"] == "Seattle"

    assert api.delete(f"{route}/{first['id']}").status_code == 204
    remaining = api.get(f"/customers/{customer['id']}").json()["addresses"]
    assert [a["id"] for a in remaining] == [second["id"]]
    assert api.delete(f"{route}/{first['id']}").status_code == 404


def test_order_lifecycle_reserves_and_releases_stock(api: httpx.Client) -> None:
    customer = new_customer(
        api, "order.lifecycle@example.com", addresses=[{"street": "5 Elm St", "city": "Chicago"}]
    )
    product = stocked_product(api)
    stock = api.get(f"/inventory/{product['id']}").json()
    created = api.post(
        "/orders",
        json={
            "customer_id": customer["id"],
            "items": [{"product_id": product["id"], "quantity": 2}],
            "payment_method": "card",
            "shipping_method": "standard",
        },
    )
    assert created.status_code == 201
    order = created.json()
    assert order["id"].startswith("ord_") and order["status"] == "pending"
    assert order["items"][0]["price"] == product["price"]
    assert order["shipping_address"]["street"] == "5 Elm St"  # the customer's default
    reserved = api.get(f"/inventory/{product['id']}").json()
    assert reserved["total_available"] == stock["total_available"] - 2
    assert reserved["total_reserved"] == stock["total_reserved"] + 2
    history = api.get(f"/customers/{customer['id']}").json()["order_history"]
    assert history["order_count"] == 1 and history["total_spent"] == order["total"]

    processing = api.patch(
        f"/orders/{order['id']}/status", json={"status": "processing", "note": "Payment confirmed"}
    )
    assert processing.json()["status"] == "processing"
    backwards = api.patch(f"/orders/{order['id']}/status", json={"status": "pending"})
    assert backwards.status_code == 409
    cancelled = api.post(
        f"/orders/{order['id']}/cancel", json={"reason": "customer_request", "refund": True}
    ).json()
    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"]
    assert api.get(f"/inventory/{product['id']}").json() == stock
    listed = api.get("/orders", params={"customer_id": customer["id"]}).json()["data"]
    assert [(o["id"], o["status"]) for o in listed] == [(order["id"], "cancelled")]
    assert api.post(f"/orders/{order['id']}/cancel").status_code == 409


def test_shipped_order_cannot_be_cancelled(api: httpx.Client) -> None:
    shipped = api.get("/orders", params={"status": "shipped", "limit": 1}).json()["data"][0]
    response = api.post(f"/orders/{shipped['id']}/cancel", json={"reason": "late"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_inventory_adjust_by_delta_and_insufficient_stock(api: httpx.Client) -> None:
    product = stocked_product(api)
    before = api.get(f"/inventory/{product['id']}").json()
    warehouse = before["locations"][0]["warehouse_id"]
    after = api.post(
        f"/inventory/{product['id']}/adjust",
        json={
            "quantity": -10,
            "reason": "sold",
            "location": warehouse,
            "note": "Online order #12345",
        },
    ).json()
    assert after["total_available"] == before["total_available"] - 10
    too_many = api.post(f"/inventory/{product['id']}/adjust", json={"quantity": -100_000})
    assert too_many.status_code == 422
    [detail] = too_many.json()["error"]["details"]
    assert detail["field"] == "quantity" and "Insufficient stock" in detail["message"]
    assert api.get(f"/inventory/{product['id']}").json() == after
    zero = api.post(f"/inventory/{product['id']}/adjust", json={"quantity": 0})
    assert zero.status_code == 422


def test_order_filters_select_exactly_the_matching_orders(api: httpx.Client) -> None:
    everything = walk_pages(api, "/orders", 200)
    delivered = walk_pages(api, "/orders", 200, status="delivered", payment_status="paid")
    assert {o["id"] for o in delivered} == {
        o["id"] for o in everything if o["status"] == "delivered" and o["payment_status"] == "paid"
    }
    in_march = walk_pages(api, "/orders", 200, date_from="2024-03-01", date_to="2024-03-31")
    assert {o["id"] for o in in_march} == {
        o["id"] for o in everything if "2024-03-01" <= o["created_at"][:10] <= "2024-03-31"
    }
    assert in_march


def test_product_and_customer_filters(api: httpx.Client) -> None:
    products = walk_pages(api, "/products", 200)
    audio = walk_pages(api, "/products", 200, category="audio")
    assert {p["id"] for p in audio} == {p["id"] for p in products if "audio" in p["categories"]}
    sku = products[3]["sku"]
    assert sku in [
        p["sku"] for p in api.get("/products", params={"search": sku.lower()}).json()["data"]
    ]
    customers = walk_pages(api, "/customers", 200)
    vip = walk_pages(api, "/customers", 200, tags="vip,wholesale")
    assert {c["id"] for c in vip} == {
        c["id"] for c in customers if {"vip", "wholesale"} & set(c["tags"])
    }
    assert all("order_history" not in c for c in customers)
