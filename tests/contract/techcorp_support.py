"""Shared helpers for the TechCorp contract tests: a running sandbox, raw HTTP, the adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from decimal import Decimal
from typing import Any

import httpx

from tests.support.servers import serving
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress, add_sandboxes
from vendorgraph.adapters.techcorp import DIALECT, PLUGIN, TechCorpAdapter
from vendorgraph.adapters.techcorp.seed import generate
from vendorgraph.domain import Address, Customer, Money
from vendorgraph.serving import ServerGroup
from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.transport import pooled_transport

READ_ONLY_KEY = "tc_sandbox_readonly_key"
SEED = generate(42)
PRODUCTS = [i["product_id"] for i in SEED.inventory]
STATUS_VIEW_KEYS = {
    "id",
    "status",
    "tracking_number",
    "carrier",
    "shipped_at",
    "estimated_delivery",
}


@contextmanager
def techcorp_sandbox(**options: Any) -> Iterator[SandboxAddress]:
    """The TechCorp sandbox on a free loopback port (its plugin directly, not via discovery)."""
    group = ServerGroup()
    [address] = add_sandboxes(group, [PLUGIN], SandboxOptions(**options))
    with serving(group):
        yield address


def headers(key: str) -> dict[str, str]:
    """The documented auth headers for a key."""
    return {"Authorization": f"Bearer {key}", "X-API-Version": "3.2"}


def raw_client(address: SandboxAddress, key: str | None = None) -> httpx.Client:
    """A plain HTTP client on the sandbox's base URL with the given (default: demo) key."""
    return httpx.Client(base_url=address.url, headers=headers(key or address.key), timeout=10)


@asynccontextmanager
async def connected(
    address: SandboxAddress, key: str | None = None
) -> AsyncIterator[TechCorpAdapter]:
    """The adapter on a pooled client to the sandbox with a key (default: demo), closed after."""
    client = VendorClient(
        "techcorp", address.url, key or address.key, DIALECT, transport=pooled_transport()
    )
    try:
        yield TechCorpAdapter(client)
    finally:
        await client.aclose()


async def raw_json(raw: httpx.AsyncClient, path: str, **params: Any) -> Any:
    """A GET straight to the sandbox that must succeed: its decoded JSON."""
    response = await raw.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def assert_customer_matches(customer: Customer, record: dict[str, Any]) -> None:
    """The mapped customer says exactly what the raw TechCorp record says."""
    assert customer.vendor == "techcorp"
    assert customer.vendor_id == record["id"]
    assert (customer.email, customer.first_name, customer.last_name, customer.phone) == (
        record["email"],
        record["first_name"],
        record["last_name"],
        record["phone"],
    )
    assert customer.full_name == f"{record['first_name']} {record['last_name']}"
    assert customer.status == record["status"]
    assert customer.segment == record["metadata"]["tier"]
    assert customer.lifetime_value == Money(Decimal(str(record["lifetime_value"])), "USD")
    assert customer.created_at is not None and customer.updated_at is not None
    assert customer.created_at.isoformat().replace("+00:00", "Z") == record["created_at"]
    assert customer.updated_at.isoformat().replace("+00:00", "Z") == record["updated_at"]
    assert [a.id for a in customer.addresses] == [a["id"] for a in record["addresses"]]
    for mapped, given in zip(customer.addresses, record["addresses"], strict=True):
        assert mapped == Address(**given)
    assert customer.orders is None


def error_of(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The doc 6.1 error object of a response, after checking its status and code."""
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert error["request_id"].startswith("req_")
    return error


def walk_cursor(api: httpx.Client, limit: int) -> list[dict[str, Any]]:
    """Every customer through GET /customers cursors (doc 8.2)."""
    records: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit}
    while True:
        body = api.get("/customers", params=params).json()
        records.extend(body["data"])
        if not body["pagination"]["has_more"]:
            assert body["pagination"]["next_cursor"] is None
            return records
        params["cursor"] = body["pagination"]["next_cursor"]


def walk_search(api: httpx.Client, limit: int, **filters: Any) -> list[dict[str, Any]]:
    """Every match of a search through offset pages (doc 5.1.4)."""
    records: list[dict[str, Any]] = []
    while True:
        params = {**filters, "limit": limit, "offset": len(records)}
        body = api.get("/customers/search", params=params).json()
        records.extend(body["data"])
        assert body["pagination"]["total"] >= len(records)
        if not body["pagination"]["has_more"]:
            assert body["pagination"]["total"] == len(records)
            return records


def customer_count(api: httpx.Client) -> int:
    """How many customers the sandbox holds now."""
    total: int = api.get("/customers/search", params={"limit": 1}).json()["pagination"]["total"]
    return total


def new_customer(api: httpx.Client, email: Any, **fields: Any) -> dict[str, Any]:
    """Create a customer through the API; its record."""
    response = api.post("/customers", json={"email": email, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def customer_with_address(api: httpx.Client) -> dict[str, Any]:
    """The first customer that has a saved address."""
    return next(c for c in walk_cursor(api, 100) if c["addresses"])
