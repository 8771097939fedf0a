"""Fixtures and helpers shared by the E-Commerce contract tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from tests.support.servers import serving
from vendorgraph.adapters.ecommerce import PLUGIN
from vendorgraph.adapters.ecommerce.adapter import DIALECT, EcommerceAdapter
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress, add_sandboxes
from vendorgraph.serving import ServerGroup
from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.transport import pooled_transport

READONLY_KEY = "test_ecom_readonly_key"


@contextmanager
def ecommerce_sandbox(**options: Any) -> Iterator[SandboxAddress]:
    """`running_sandbox("ecommerce", ...)` without discovering the other vendors' folders."""
    group = ServerGroup()
    [address] = add_sandboxes(group, [PLUGIN], SandboxOptions(**options))
    with serving(group):
        yield address


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    """One E-Commerce sandbox for the module, on the default seed."""
    with ecommerce_sandbox() as address:
        yield address


@pytest.fixture
def api(sandbox: SandboxAddress) -> Iterator[httpx.Client]:
    """A raw HTTP client on the sandbox with the demo key."""
    with raw_client(sandbox) as client:
        yield client


def raw_client(address: SandboxAddress, key: str | None = None) -> httpx.Client:
    """A plain httpx client on a sandbox, authorised with `key` (the demo key by default)."""
    headers = {"Authorization": f"Bearer {key or address.key}"}
    return httpx.Client(base_url=address.url, headers=headers, timeout=10)


@pytest.fixture
async def http(sandbox: SandboxAddress) -> AsyncIterator[httpx.AsyncClient]:
    """A raw async HTTP client on the sandbox with the demo key, for async tests."""
    headers = {"Authorization": f"Bearer {sandbox.key}"}
    async with httpx.AsyncClient(base_url=sandbox.url, headers=headers, timeout=10) as client:
        yield client


async def read(client: httpx.AsyncClient, route: str, **params: Any) -> Any:
    """GET a route and return its JSON, failing on any error status."""
    response = await client.get(route, params=params)
    response.raise_for_status()
    return response.json()


async def read_all(client: httpx.AsyncClient, route: str, **params: Any) -> list[dict[str, Any]]:
    """Every record of a page/limit list (async)."""
    records: list[dict[str, Any]] = []
    page = 1
    while True:
        body = await read(client, route, **params, page=page, limit=200)
        records += body["data"]
        if not body["pagination"]["has_next"]:
            return records
        page += 1


async def stocked(client: httpx.AsyncClient, minimum: int = 20) -> dict[str, Any]:
    """An active product with at least `minimum` units at its first warehouse (async)."""
    for product in await read_all(client, "/products", status="active"):
        rows = (await read(client, f"/inventory/{product['id']}"))["locations"]
        if rows and rows[0]["available"] >= minimum:
            return product
    raise AssertionError("the seed has no stocked product")


@pytest.fixture
async def adapter(sandbox: SandboxAddress) -> AsyncIterator[EcommerceAdapter]:
    """The adapter on the module's sandbox, closed afterwards."""
    async with adapter_for(sandbox) as built:
        yield built


class adapter_for:  # used like a function in `async with`
    """An adapter on a sandbox with a given key; closes its client on exit."""

    def __init__(self, address: SandboxAddress, key: str | None = None) -> None:
        client = VendorClient(
            "ecommerce", address.url, key or address.key, DIALECT, transport=pooled_transport()
        )
        self.adapter = EcommerceAdapter(client)

    async def __aenter__(self) -> EcommerceAdapter:
        return self.adapter

    async def __aexit__(self, *exc: object) -> None:
        await self.adapter.client.aclose()


def walk_pages(client: httpx.Client, route: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    """Every record of a page/limit list, page by page."""
    records: list[dict[str, Any]] = []
    page = 1
    while True:
        body = client.get(route, params={**params, "page": page, "limit": limit}).json()
        records += body["data"]
        if not body["pagination"]["has_next"]:
            return records
        page += 1


def walk_cursor(
    client: httpx.Client, route: str, limit: int, **params: Any
) -> list[dict[str, Any]]:
    """Every record of a list, following `next_cursor` from an empty cursor."""
    records: list[dict[str, Any]] = []
    cursor = ""
    while True:
        body = client.get(route, params={**params, "cursor": cursor, "limit": limit}).json()
        records += body["data"]
        if not body["pagination"]["has_more"]:
            assert body["pagination"]["next_cursor"] is None
            return records
        cursor = body["pagination"]["next_cursor"]


def new_customer(client: httpx.Client, email: str, **fields: Any) -> dict[str, Any]:
    """Create a customer through the API and return it."""
    response = client.post(
        "/customers", json={"email": email, "first_name": "Test", "last_name": "Person", **fields}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def stocked_product(client: httpx.Client, minimum: int = 20) -> dict[str, Any]:
    """An active product with at least `minimum` units available at its first warehouse."""
    for product in walk_pages(client, "/products", 200, status="active"):
        inventory = client.get(f"/inventory/{product['id']}").json()
        rows = inventory["locations"]
        if rows and rows[0]["available"] >= minimum:
            return product
    raise AssertionError("the seed has no stocked product")
