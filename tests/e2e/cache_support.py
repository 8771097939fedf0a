"""Helpers for the end-to-end cache tests: sandbox counts, upstream reports, metrics, configs."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support.direct import LISTINGS, client
from tests.support.processes import Gateway

REPORT = {"X-Vendorgraph-Upstream-Report": "1"}
CUSTOMER = "query($v: String) { customer(vendor: %s, vendorId: $v) { vendorId email fullName } }"


@dataclass(frozen=True)
class Stats:
    """What a sandbox's admin endpoint counted since its last reset."""

    total: int
    not_modified: int
    requests: dict[str, int]
    statuses: dict[str, int]


@dataclass(frozen=True)
class Admin:
    """One sandbox's `/_admin` endpoint: counts, reset and live knobs."""

    url: str

    def stats(self) -> Stats:
        """The counts since the last reset."""
        body = httpx.get(f"{self.url}/stats", timeout=10).raise_for_status().json()
        return Stats(body["total"], body["not_modified"], body["requests"], body["statuses"])

    def reset(self) -> None:
        """Zero the counts."""
        httpx.post(f"{self.url}/reset", timeout=10).raise_for_status()

    def configure(self, **knobs: Any) -> None:
        """Change knobs (latency_ms, max_age, caching, ...) while the sandbox runs."""
        httpx.post(f"{self.url}/config", json=knobs, timeout=10).raise_for_status()


@dataclass(frozen=True)
class Upstream:
    """One vendor's part of `extensions.upstream`: vendor calls made and cache hits served."""

    calls: int
    hits: int
    routes: dict[str, int]


def first_ids(vendor: str, resource: str, where: Mapping[str, str], count: int) -> list[str]:
    """The vendor ids of a listing's first `count` records, read straight from the sandbox."""
    listing = LISTINGS[(vendor, resource)]
    with client(vendor, where) as http:
        response = http.get(listing.route, params=listing.params(0, count)).raise_for_status()
    return [str(record[listing.id_field]) for record in listing.records(response.json())]


def upstream(body: Mapping[str, Any], vendor: str) -> Upstream:
    """The upstream report of one vendor in a response (zeros when it was not asked)."""
    found = body.get("extensions", {}).get("upstream", {}).get(vendor.upper())
    if found is None:
        return Upstream(0, 0, {})
    return Upstream(found["calls"], found["cacheHits"], found["routes"])


def ask(gw: Gateway, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A query with the upstream report on; fails the test on any GraphQL error."""
    body = gw.query(query, variables, REPORT)
    assert "errors" not in body, body["errors"]
    return body


def customer(gw: Gateway, vendor: str, vendor_id: str) -> dict[str, Any]:
    """One customer by vendor id, with the upstream report."""
    return gw.query(CUSTOMER % vendor.upper(), {"v": vendor_id}, REPORT)


def cache_metrics(gw: Gateway, namespace: str) -> dict[str, float]:
    """The gateway's GET /metrics samples labelled with one cache namespace, by sample name."""
    text = httpx.get(gw.url.replace("/graphql", "/metrics"), timeout=10).raise_for_status().text
    return {
        sample.name: float(sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.labels.get("namespace") == namespace
    }


def metric(gw: Gateway, name: str, namespace: str) -> float:
    """One sample of the gateway's GET /metrics for a cache namespace (0 when absent)."""
    return cache_metrics(gw, namespace).get(name, 0.0)


def concurrently(
    gw: Gateway, query: str, variables: Mapping[str, Any], clients: int
) -> list[dict[str, Any]]:
    """The same query sent at once from `clients` separate HTTP clients (separate requests)."""

    async def one() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=60) as http:
            payload = {"query": query, "variables": dict(variables)}
            response = await http.post(gw.url, json=payload, headers=REPORT)
            body: dict[str, Any] = response.raise_for_status().json()
            return body

    async def all_at_once() -> list[dict[str, Any]]:
        return list(await asyncio.gather(*(one() for _ in range(clients))))

    return asyncio.run(all_at_once())


@dataclass(frozen=True)
class Override:
    """One `[[cache.overrides.<vendor>]]` table."""

    vendor: str
    path: str
    max_age: float


def write_config(
    path: Path,
    vendors: Mapping[str, str],
    overrides: Sequence[Override] = (),
    redis_url: str | None = None,
) -> Path:
    """A TOML configuration naming vendor URLs and the env variable holding each key
    (`<VENDOR>_TEST_KEY`), with freshness overrides and optionally a Redis cache store."""
    lines: list[str] = []
    for vendor, url in vendors.items():
        lines += [f"[vendors.{vendor}]", f'url = "{url}"', f'key_env = "{key_env(vendor)}"', ""]
    if redis_url:
        lines += ["[cache]", 'store = "redis"', f'redis_url = "{redis_url}"', ""]
    for o in overrides:
        lines += [f"[[cache.overrides.{o.vendor}]]", f'path = "{o.path}"', f"max_age = {o.max_age}"]
        lines.append("")
    path.write_text("\n".join(lines))
    return path


def key_env(vendor: str) -> str:
    """The environment variable a written configuration reads a vendor's key from."""
    return f"{vendor.upper()}_TEST_KEY"


def only(
    found: Mapping[str, Mapping[str, str]], vendor: str, key: str | None = None
) -> dict[str, str]:
    """VENDORGRAPH_<V>_URL/_KEY for one sandbox, optionally with another of its keys."""
    where = found[vendor]
    return {
        f"VENDORGRAPH_{vendor.upper()}_URL": where["url"],
        f"VENDORGRAPH_{vendor.upper()}_KEY": key or where["key"],
    }


ORDERS = "query($c: ID) { orders(customerId: $c, first: 50) { nodes { vendorId } } }"
CREATE_ORDER = """
mutation($c: ID, $p: ID!) {
  createOrder(input: {
    customerId: $c, items: [{productId: $p, quantity: 1}],
    shippingAddress: {street: "1 Main St", city: "Austin", state: "TX", postalCode: "78701",
                      country: "US"}
  }) { order { vendorId } userErrors { message } }
}
"""
FIRST_ECOMMERCE_IDS = (
    "{ customers(vendors: [ECOMMERCE], first: 1) { nodes { id } }"
    " products(vendors: [ECOMMERCE], first: 1) { nodes { id } } }"
)


def assert_order_write_drops_cached_listing(reader: Gateway, writer: Gateway) -> None:
    """Cache a customer's order listing through `reader`, order through `writer`, read again:
    the new order shows and the re-read was a vendor call."""
    found = ask(reader, FIRST_ECOMMERCE_IDS)
    who = {
        "c": found["data"]["customers"]["nodes"][0]["id"],
        "p": found["data"]["products"]["nodes"][0]["id"],
    }
    before = ask(reader, ORDERS, {"c": who["c"]})
    cached = ask(reader, ORDERS, {"c": who["c"]})
    created = ask(writer, CREATE_ORDER, who)["data"]["createOrder"]
    after = ask(reader, ORDERS, {"c": who["c"]})
    new_order = created["order"]["vendorId"]
    assert created["userErrors"] == []
    assert upstream(cached, "ecommerce").calls == 0, "the listing was not cached to begin with"
    assert new_order not in [n["vendorId"] for n in before["data"]["orders"]["nodes"]]
    assert new_order in [n["vendorId"] for n in after["data"]["orders"]["nodes"]]
    assert upstream(after, "ecommerce").routes == {"GET /orders": 1}
