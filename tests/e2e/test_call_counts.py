"""The bench's scenarios make exactly the fewest vendor calls the vendors' endpoints allow."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import pytest

from tests.support.processes import gateway, vendor_env
from vendorgraph.api import ids
from vendorgraph.bench.measure import Calls, Client, count_calls
from vendorgraph.bench.processes import Sandboxes
from vendorgraph.bench.scenarios import Exchange, Fixtures, Scenario, fixtures, scenarios

COLD = {"VENDORGRAPH_CACHE": "false", "VENDORGRAPH_BATCHING": "true"}
VENDORS = frozenset({"ecommerce", "techcorp", "talkingshops", "techparts"})

Vendors = dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def cold_url(vendors: Vendors) -> Iterator[str]:
    """A gateway without a vendor cache, so every run's calls reach the sandboxes."""
    with gateway({**vendor_env(vendors), **COLD}) as running:
        yield running.url


@pytest.fixture
async def client(cold_url: str) -> AsyncIterator[Client]:
    async with Client(cold_url) as opened:
        yield opened


@pytest.fixture
async def found(client: Client) -> Fixtures:
    return await fixtures(client.post)


def _scenario(found: Fixtures, name: str) -> Scenario:
    return next(s for s in scenarios(found) if s.name == name)


async def _run(
    scenario: Scenario, client: Client, vendors: Vendors
) -> tuple[Calls, list[Exchange]]:
    """Count one run, and run it again for the answers to check the counts against."""
    calls = await count_calls(scenario, client.post, Sandboxes(vendors))
    return calls, await scenario.run(client.post)


def _ids(nodes: list[Mapping[str, Any]]) -> set[str]:
    return {str(n["id"]) for n in nodes}


async def test_dashboard_makes_the_minimum_calls_route_by_route(
    client: Client, found: Fixtures, vendors: Vendors
) -> None:
    calls, [exchange] = await _run(_scenario(found, "dashboard"), client, vendors)
    data = exchange.body["data"]
    shop, chat = data["shop"]["nodes"], data["chat"]["nodes"]
    items = [i for c in shop for o in c["orders"]["nodes"] for i in o["items"]]
    products = _ids([i["product"] for i in items])
    assert calls.errors == 0
    assert len(shop) == len(chat) == 50
    assert calls.made == calls.minimum
    assert calls.levels == 3
    assert calls.routes == {
        "ecommerce": {
            "GET /v2/customers": 1,
            "GET /v2/orders": len(shop),
            "GET /v2/products/{id}": len(products),
            "GET /v2/inventory/{product_id}": len(products),
        },
        "talkingshops": {"GET /v1/customers": 1, "GET /v1/customers/{customerId}": len(chat)},
        "techcorp": {"POST /v3/inventory/bulk": 1},
        "techparts": {"GET /v1/products/{id}": len(found.products) // 2},
    }


async def test_lookups_by_id_make_one_call_each(
    client: Client, found: Fixtures, vendors: Vendors
) -> None:
    calls, [exchange] = await _run(_scenario(found, "lookups"), client, vendors)
    assert calls.errors == 0
    assert exchange.body["data"]["member"]["orders"]["nodes"], "orders come embedded"
    assert calls.made == calls.minimum
    assert calls.levels == 1
    assert calls.routes == {
        "ecommerce": {"GET /v2/customers/{id}": 1, "GET /v2/inventory/{product_id}": 1},
        "talkingshops": {"GET /v1/customers/{customerId}": 1},
        "techcorp": {
            "GET /v3/customers/{customer_id}": 1,
            "GET /v3/inventory/{product_id}": 1,
            "GET /v3/orders/{order_id}": 1,
        },
        "techparts": {"GET /v1/products/{id}": 1},
    }


async def test_walking_a_cross_vendor_list_reads_each_vendor_page_once(
    client: Client, found: Fixtures, vendors: Vendors
) -> None:
    calls, exchanges = await _run(_scenario(found, "walk"), client, vendors)
    pages_per_vendor: dict[str, int] = {}
    seen: list[str] = []
    for exchange in exchanges:
        edges = exchange.body["data"]["customers"]["edges"]
        seen += [e["node"]["id"] for e in edges]
        for vendor in {_vendor_of(e["node"]["id"]) for e in edges}:
            pages_per_vendor[vendor] = pages_per_vendor.get(vendor, 0) + 1
    assert calls.errors == 0
    assert len(seen) == len(set(seen)), "every customer exactly once"
    assert calls.made == calls.minimum
    assert calls.routes == {
        "ecommerce": {"GET /v2/customers": pages_per_vendor["ecommerce"]},
        "techcorp": {"GET /v3/customers/search": pages_per_vendor["techcorp"]},
        "talkingshops": {"GET /v1/customers": pages_per_vendor["talkingshops"]},
    }


def _vendor_of(global_id: str) -> str:
    return ids.decode(global_id, "id", VENDORS).vendor
