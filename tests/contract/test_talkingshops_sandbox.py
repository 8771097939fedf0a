"""The TalkingShops sandbox behaves as documented: auth, tenants, limits, errors, seeded data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from tests.contract.talkingshops_support import (
    BETA_KEY,
    UNKNOWN_ID,
    all_customers,
    client,
    new_mobile,
    reset,
    running_talkingshops,
)
from tests.support.servers import admin
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.talkingshops.seed import seed_tenant


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    with running_talkingshops() as address:
        yield address


@pytest.fixture(autouse=True)
def fresh_budget(sandbox: SandboxAddress) -> None:
    reset(sandbox)


def error_of(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], dict)
    return error


def test_missing_or_unknown_key_is_rejected_in_the_vendor_shape(sandbox: SandboxAddress) -> None:
    for key in (None, "not-a-key"):
        with client(sandbox, key) as http:
            error = error_of(http.get("/customers"), 401, "AuthenticationError")
            assert "not-a-key" not in json.dumps(error)


def test_each_tenant_key_sees_only_its_own_customers(sandbox: SandboxAddress) -> None:
    with client(sandbox) as alpha, client(sandbox, BETA_KEY) as beta:
        alpha_ids = {c["_id"] for c in all_customers(alpha)}
        beta_ids = {c["_id"] for c in all_customers(beta)}
        assert alpha_ids and beta_ids and not alpha_ids & beta_ids
        error_of(beta.get(f"/customers/{next(iter(alpha_ids))}"), 404, "NotFoundError")


def test_mobile_is_unique_within_a_tenant_but_not_across_tenants(sandbox: SandboxAddress) -> None:
    with client(sandbox) as alpha, client(sandbox, BETA_KEY) as beta:
        taken = alpha.get("/customers", params={"limit": 1}).json()["customers"][0]["mobile"]
        before = alpha.get("/customers").json()["total"]
        error = error_of(alpha.post("/customers", json={"mobile": taken}), 400, "ValidationError")
        assert "mobile" in error["details"]
        assert alpha.get("/customers").json()["total"] == before
        created = beta.post("/customers", json={"mobile": taken})
        assert created.status_code == 201
        assert beta.delete(f"/customers/{created.json()['customerId']}").status_code == 200


def test_no_caching_headers_by_default(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        response = http.get("/customers")
        assert "etag" not in response.headers and "cache-control" not in response.headers


def test_caching_knob_gives_etag_304_and_a_new_etag_after_a_write() -> None:
    with running_talkingshops(caching=True) as address, client(address) as http:
        customer_id = http.get("/customers").json()["customers"][0]["_id"]
        first = http.get(f"/customers/{customer_id}")
        etag = first.headers["etag"]
        assert "max-age" in first.headers["cache-control"]
        again = http.get(f"/customers/{customer_id}", headers={"If-None-Match": etag})
        assert again.status_code == 304 and not again.content
        put = http.put(f"/customers/{customer_id}", json={"updates": {"segment": "vip-plus"}})
        assert put.status_code == 200
        after = http.get(f"/customers/{customer_id}", headers={"If-None-Match": etag})
        assert after.status_code == 200 and after.headers["etag"] != etag
        assert after.json()["segment"] == "vip-plus"


def test_rate_limit_headers_count_down_per_key(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        first, second = http.get("/customers/stats"), http.get("/customers/stats")
    assert first.headers["x-ratelimit-limit"] == "100"
    assert int(first.headers["x-ratelimit-remaining"]) == 99
    assert int(second.headers["x-ratelimit-remaining"]) == 98
    assert 1 <= int(first.headers["x-ratelimit-reset"]) <= 60


def test_over_the_limit_is_429_with_retry_after() -> None:
    with running_talkingshops(rate_limit=3) as address, client(address) as http:
        assert [http.get("/customers/stats").status_code for _ in range(3)] == [200] * 3
        response = http.get("/customers/stats")
        error = error_of(response, 429, "RateLimitError")
        retry_after = int(response.headers["retry-after"])
        assert retry_after >= 1
        assert error["retry_after"] == retry_after == error["details"]["retry_after"]
        assert response.headers["x-ratelimit-remaining"] == "0"
        with client(address, BETA_KEY) as beta:
            assert beta.get("/customers/stats").status_code == 200


def test_walking_every_page_finds_each_customer_once(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        first = http.get("/customers", params={"limit": 37}).json()
        total, pages = first["total"], first["totalPages"]
        assert pages == -(-total // 37)
        seen = [c["_id"] for c in first["customers"]]
        for page in range(2, pages + 1):
            body = http.get("/customers", params={"page": page, "limit": 37}).json()
            assert body["meta"]["page"] == page and body["meta"]["limit"] == 37
            seen += [c["_id"] for c in body["customers"]]
        assert len(seen) == len(set(seen)) == total
        beyond = http.get("/customers", params={"page": pages + 1, "limit": 37}).json()
        assert beyond["customers"] == [] and beyond["total"] == total


def test_default_page_is_ten_sorted_by_created_at(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        body = http.get("/customers").json()
    stamps = [c["created_at"] for c in body["customers"]]
    assert len(stamps) == 10 and stamps == sorted(stamps)
    assert body["meta"]["sort"] == "created_at" and body["meta"]["limit"] == 10


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"page": 0}, {"sort": "x"}])
def test_bad_list_parameters_are_validation_errors(
    sandbox: SandboxAddress, params: dict[str, Any]
) -> None:
    with client(sandbox) as http:
        error = error_of(http.get("/customers", params=params), 400, "ValidationError")
    assert set(error["details"]) == set(params)


def test_filters_search_dates_and_descending_sort(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        everyone = all_customers(http)
        vips = all_customers(http, segment="vip")
        assert vips and len(vips) == sum(1 for c in everyone if c["segment"] == "vip")
        target = everyone[5]
        for term in (target["mobile"], target["name"].upper()):
            found = all_customers(http, searchTerm=term)
            assert target["_id"] in {c["_id"] for c in found}
        window = all_customers(http, startDate="2024-06-01T00:00:00Z", endDate="2024-06-30")
        expected = [c for c in everyone if "2024-06-01" <= c["created_at"][:10] <= "2024-06-30"]
        assert [c["_id"] for c in window] == [c["_id"] for c in expected]
        names = [c["name"].casefold() for c in all_customers(http, sort="-name")]
        assert names == sorted(names, reverse=True)


def test_unknown_id_unknown_route_and_malformed_json(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        error_of(http.get(f"/customers/{UNKNOWN_ID}"), 404, "NotFoundError")
        error_of(http.delete(f"/customers/{UNKNOWN_ID}"), 404, "NotFoundError")
        error_of(http.get("/orders"), 404, "NotFoundError")
        malformed = http.post(
            "/customers", content=b'{"mobile": ', headers={"content-type": "application/json"}
        )
        error_of(malformed, 400, "ValidationError")


def test_rejected_create_names_each_field_and_stores_nothing(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        before = http.get("/customers/stats").json()["totalCustomers"]
        response = http.post("/customers", json={"name": "No Mobile", "email": "not-an-email"})
        error = error_of(response, 400, "ValidationError")
        assert set(error["details"]) == {"mobile", "email"}
        assert http.get("/customers/stats").json()["totalCustomers"] == before
        found = all_customers(http, searchTerm="No Mobile")
        assert found == []


def test_lookup_and_stats_routes_are_not_taken_for_ids(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        customer = http.get("/customers", params={"limit": 1}).json()["customers"][0]
        found = http.get("/customers/lookup", params={"mobile": customer["mobile"]})
        assert found.status_code == 200 and found.json()["_id"] == customer["_id"]
        assert found.json() == http.get(f"/customers/{customer['_id']}").json()
        error_of(http.get("/customers/lookup"), 400, "ValidationError")
        error_of(http.get("/customers/lookup", params={"mobile": "0"}), 404, "NotFoundError")
        stats = http.get("/customers/stats").json()
        assert stats["totalCustomers"] == http.get("/customers").json()["total"]


def test_create_update_delete_change_the_store() -> None:
    with running_talkingshops() as address, client(address) as http:
        body = {"mobile": new_mobile(1), "name": "Asha Rao", "email": "asha@example.com"}
        created = http.post("/customers", json=body)
        assert created.status_code == 201 and created.json()["success"] is True
        customer_id = created.json()["customerId"]
        stored = http.get(f"/customers/{customer_id}").json()
        assert {k: stored[k] for k in body} == body and "segment" not in stored
        assert stored["orders"] == [] and stored["metrics"]["totalOrders"] == 0
        assert http.get("/customers/stats").json()["newCustomers"] >= 1
        updates = {"name": "Asha Iyer", "segment": "vip", "email": None}
        assert http.put(f"/customers/{customer_id}", json={"updates": updates}).status_code == 200
        changed = http.get(f"/customers/{customer_id}").json()
        assert (changed["name"], changed["segment"]) == ("Asha Iyer", "vip")
        assert "email" not in changed
        bad = http.put(f"/customers/{customer_id}", json={"updates": {"_id": "x", "email": "x"}})
        assert set(error_of(bad, 400, "ValidationError")["details"]) == {"_id", "email"}
        assert http.get(f"/customers/{customer_id}").json() == changed
        assert http.delete(f"/customers/{customer_id}").status_code == 200
        error_of(http.get(f"/customers/{customer_id}"), 404, "NotFoundError")
        assert http.post("/customers", json={"mobile": new_mobile(1)}).status_code == 201


def test_update_moves_updated_at_and_rejects_a_taken_mobile(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        first, second = http.get("/customers", params={"limit": 2}).json()["customers"]
        path = f"/customers/{first['_id']}"
        taken = http.put(path, json={"updates": {"mobile": second["mobile"]}})
        assert "mobile" in error_of(taken, 400, "ValidationError")["details"]
        assert http.get(path).json()["mobile"] == first["mobile"]
        assert http.put(path, json={"updates": {"segment": first["segment"]}}).status_code == 200
        assert http.get(path).json()["updated_at"] > first["updated_at"]


def test_seeded_data_is_large_and_consistent(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        customers = all_customers(http)
        stats = http.get("/customers/stats").json()
        detail = http.get(f"/customers/{customers[3]['_id']}").json()
    assert len(customers) >= 200 and stats["totalOrders"] >= 500
    assert sum(c["metrics"]["orderCount"] for c in customers) == stats["totalOrders"]
    assert len({c["mobile"] for c in customers}) == len(customers)
    assert all(c["mobile"].startswith("91") and len(c["mobile"]) == 12 for c in customers)
    metrics = detail["metrics"]
    assert metrics["totalOrders"] == len(detail["orders"]) == customers[3]["metrics"]["orderCount"]
    assert metrics["totalSpent"] == customers[3]["metrics"]["lifetimeValue"]
    spending = [o for o in detail["orders"] if o["status"] not in ("cancelled", "refunded")]
    assert Decimal(str(metrics["totalSpent"])) == sum(
        (Decimal(str(o["final_amount"])) for o in spending), Decimal(0)
    )
    if detail["orders"]:
        assert metrics["firstOrderDate"] == detail["orders"][0]["created_at"]


def test_same_seed_same_data_and_tenants_differ() -> None:
    assert json.dumps(seed_tenant(7, "alpha")) == json.dumps(seed_tenant(7, "alpha"))
    assert seed_tenant(7, "alpha") != seed_tenant(7, "beta")
    assert seed_tenant(7, "alpha") != seed_tenant(8, "alpha")
    params = {"limit": 100, "page": 2}
    with (
        running_talkingshops(seed=7) as one,
        running_talkingshops(seed=7) as two,
        client(one) as a,
        client(two) as b,
    ):
        first, second = a.get("/customers", params=params), b.get("/customers", params=params)
    assert first.content == second.content


def test_fault_knob_injects_503() -> None:
    with (
        running_talkingshops(fault_rate=1.0, fault_kinds=["503"]) as address,
        client(address) as http,
    ):
        response = http.get("/customers")
    assert response.status_code == 503


def test_admin_counts_requests_per_route_template_and_resets(sandbox: SandboxAddress) -> None:
    with client(sandbox) as http:
        http.get(f"/customers/{UNKNOWN_ID}")
        http.get("/customers/lookup", params={"mobile": "1"})
        http.get("/customers")
    stats = admin(sandbox, "stats")
    assert stats["requests"]["GET /v1/customers/{customerId}"] == 1
    assert stats["requests"]["GET /v1/customers/lookup"] == 1
    assert stats["requests"]["GET /v1/customers"] == 1
    assert admin(sandbox, "reset")["total"] == 0
