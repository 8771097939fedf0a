"""The bench's scenarios: the GraphQL operations it times and counts vendor calls for."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vendorgraph.adapters.techcorp.seed import generate as techcorp_seed
from vendorgraph.adapters.techparts.store import seed_store as techparts_seed
from vendorgraph.api import ids
from vendorgraph.bench.cost import Minimum, Touched, minimum, walk

SEED = 42  # the sandboxes' default seed: the ids below exist in them
CATALOGUE_EACH = 25  # TechCorp and TechParts products in the dashboard's `nodes` fragment

DASHBOARD = """
query Dashboard($products: [ID!]!) {
  shop: customers(vendors: [ECOMMERCE], first: 50) {
    nodes { __typename id fullName
      orders(first: 3) { nodes { __typename id total { amount }
        customer { __typename id email }
        items { __typename quantity
          product { __typename id name price { amount } }
          inventory { __typename productId available } } } } } }
  chat: customers(vendors: [TALKINGSHOPS], first: 50) {
    nodes { __typename id fullName
      orders(first: 3) { nodes { __typename id status total { amount }
        customer { __typename id email } } } } }
  catalogue: nodes(ids: $products) {
    __typename id ... on Product { sku inventory { __typename productId available } } }
}
"""

LOOKUPS = """
query Lookups($shopper: ID!, $account: ID!, $member: ID!, $order: ID!, $device: ID!,
              $part: ID!, $item: ID!) {
  shopper: customer(id: $shopper) { __typename id email fullName }
  account: customer(id: $account) { __typename id email fullName segment }
  member: customer(id: $member) { __typename id fullName
    orders(first: 5) { nodes { __typename id status total { amount } } } }
  order(id: $order) { __typename id status vendorStatus }
  device: product(id: $device) { __typename id sku inventory { __typename productId available } }
  part: product(id: $part) { __typename id name price { amount }
    inventory { __typename productId available } }
  stock: inventory(productId: $item) { __typename productId available }
}
"""

WALK = """
query Walk($after: String) {
  customers(first: 50, after: $after) {
    edges { cursor node { __typename id email } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


@dataclass(frozen=True)
class Operation:
    """One GraphQL request."""

    query: str
    variables: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Exchange:
    """One request sent and the body that came back."""

    operation: Operation
    body: Mapping[str, Any]

    @property
    def errors(self) -> list[Any]:
        """The GraphQL errors of the response."""
        return list(self.body.get("errors") or [])


Post = Callable[[Operation], Awaitable[Mapping[str, Any]]]


@dataclass(frozen=True)
class Scenario:
    """A named run of one or more requests; a walk follows `endCursor` to the last page."""

    name: str
    title: str
    query: str
    variables: Mapping[str, Any]
    walks: bool = False

    async def run(self, post: Post) -> list[Exchange]:
        """Send the scenario's requests in order and keep every answer."""
        exchanges: list[Exchange] = []
        after: str | None = None
        while True:
            extra = {"after": after} if self.walks else {}
            operation = Operation(self.query, {**self.variables, **extra})
            body = await post(operation)
            exchanges.append(Exchange(operation, body))
            after = _next_cursor(body) if self.walks else None
            if after is None:
                return exchanges

    def minimum(self, exchanges: list[Exchange]) -> Minimum:
        """The fewest vendor calls these answers needed, by the adapters' cost model."""
        touched = Touched()
        for exchange in exchanges:
            walk(
                exchange.body.get("data") or {}, exchange.operation.variables.get("after"), touched
            )
        return minimum(touched)


def _next_cursor(body: Mapping[str, Any]) -> str | None:
    page = ((body.get("data") or {}).get("customers") or {}).get("pageInfo") or {}
    cursor = page.get("endCursor")
    return str(cursor) if page.get("hasNextPage") and cursor else None


@dataclass(frozen=True)
class Fixtures:
    """Global ids the scenarios ask for, from the seeds and from the gateway's own lists."""

    shopper: str
    account: str
    member: str
    item: str
    order: str = field(default_factory=lambda: _seeded("Order", "techcorp", "orders", "id"))
    products: tuple[str, ...] = field(default_factory=lambda: _catalogue())


def _seeded(type_name: str, vendor: str, table: str, key: str, index: int = 0) -> str:
    rows: list[Mapping[str, Any]] = getattr(techcorp_seed(SEED), table)
    return ids.encode(type_name, vendor, str(rows[index][key]))


def _catalogue() -> tuple[str, ...]:
    stock = techcorp_seed(SEED).inventory[:CATALOGUE_EACH]
    corp = [ids.encode("Product", "techcorp", str(s["product_id"])) for s in stock]
    parts = list(techparts_seed(SEED).products)[:CATALOGUE_EACH]
    return (*corp, *(ids.encode("Product", "techparts", p) for p in parts))


FIXTURE_QUERY = """
{ shop: customers(vendors: [ECOMMERCE], first: 1) { nodes { id } }
  corp: customers(vendors: [TECHCORP], first: 1) { nodes { id } }
  chat: customers(vendors: [TALKINGSHOPS], first: 1) { nodes { id } }
  items: products(vendors: [ECOMMERCE], first: 1) { nodes { id } } }
"""


async def fixtures(post: Post) -> Fixtures:
    """Ask the gateway (before any counting) for one customer of each vendor and a product."""
    body = await post(Operation(FIXTURE_QUERY))
    data = body["data"]

    def first(name: str) -> str:
        return str(data[name]["nodes"][0]["id"])

    return Fixtures(
        shopper=first("shop"), account=first("corp"), member=first("chat"), item=first("items")
    )


def scenarios(found: Fixtures) -> list[Scenario]:
    """Every cold scenario, in the order the bench runs them."""
    return [
        Scenario(
            "dashboard",
            "dashboard: 100 customers → orders → products and stock, + 50 products by id",
            DASHBOARD,
            {"products": list(found.products)},
        ),
        Scenario(
            "lookups",
            "single-entity lookups by id, one per vendor and kind",
            LOOKUPS,
            {
                "shopper": found.shopper,
                "account": found.account,
                "member": found.member,
                "order": found.order,
                "device": found.products[0],
                "part": found.products[-1],
                "item": found.item,
            },
        ),
        Scenario("walk", "walk every customer of 3 vendors, 50 a page", WALK, {}, walks=True),
    ]


def warm_scenario(found: Fixtures) -> Scenario:
    """The scenario the warm run repeats through the gateway's cache."""
    lookups = next(s for s in scenarios(found) if s.name == "lookups")
    return Scenario(
        "warm", "lookups again, cache on, vendors' max-age 5 s", lookups.query, lookups.variables
    )
