"""Helpers for the mutation tests: global ids, vendor state read back, admin counts, documents."""

from __future__ import annotations

import atexit
import base64
import functools
import itertools
import uuid
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from tests.support import direct
from tests.support.processes import Gateway, gateway, sandboxes, vendor_env
from vendorgraph.adapters.techcorp.seed import generate
from vendorgraph.adapters.techparts.store import seed_store
from vendorgraph.api.ids import encode

Vendors = Mapping[str, Mapping[str, str]]
Body = dict[str, Any]
KNOBS = ("--rate-limit", "1000000")
STOCKED = 50

_http = httpx.Client(timeout=60)
atexit.register(_http.close)
"""One pooled client for every call these tests make: a new client costs ~50 ms each."""

TECHCORP_PRODUCTS = tuple(i["product_id"] for i in generate(42).inventory)
"""TechCorp product ids of the default seed (42); TechCorp has no product list to read them."""


@dataclass(frozen=True)
class Part:
    """A TechParts product of the default seed: TechParts lists nothing, so ids come from it."""

    id: str
    sku: str


TECHPARTS = tuple(Part(p.id, p.sku) for p in seed_store(42).products.values())
ADDRESS = {"street": "1 Test Way", "city": "Springfield", "postalCode": "94105", "country": "US"}

CREATE_CUSTOMER = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
  customer { id vendor vendorId email firstName lastName phone segment tags }
  userErrors { field message code } } }"""
UPDATE_CUSTOMER = """mutation($id: ID!, $input: CustomerFields!) {
  updateCustomer(id: $id, input: $input) {
  customer { id email firstName lastName phone segment tags }
  userErrors { field message code } } }"""
CREATE_ORDER = """mutation($input: CreateOrderInput!, $key: String) {
  createOrder(input: $input, idempotencyKey: $key) {
  order { id vendorId status vendorStatus total { amount currency }
          items { vendorProductId quantity } }
  userErrors { field message code } } }"""


def gid(type_name: str, vendor: str, vendor_id: str) -> str:
    """The global id the gateway gives a record."""
    return encode(type_name, vendor, vendor_id)


def token() -> str:
    """A short value no other test uses."""
    return uuid.uuid4().hex[:10]


def fresh_email() -> str:
    """An email address no customer has yet."""
    return f"mut.{token()}@example.com"


def fresh_mobile() -> str:
    """A TalkingShops mobile number no customer has yet."""
    return "91" + str(uuid.uuid4().int)[:10]


def ask(
    gw: Gateway,
    query: str,
    variables: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Body:
    """`Gateway.query` over the pooled client."""
    payload = {"query": query, "variables": dict(variables or {})}
    response = _http.post(gw.url, json=payload, headers=dict(headers or {}))
    assert response.status_code == 200, response.text
    body: Body = response.json()
    return body


def stats(where: Mapping[str, str]) -> dict[str, Any]:
    """The sandbox admin counts."""
    response = _http.get(f"{where['admin']}/stats")
    response.raise_for_status()
    found: dict[str, Any] = response.json()
    return found


def totals(vendors: Vendors) -> dict[str, int]:
    """Requests each sandbox has answered so far."""
    return {name: stats(where)["total"] for name, where in vendors.items()}


def route_count(where: Mapping[str, str], route: str) -> int:
    """Requests a sandbox answered on one route, e.g. `POST /v2/orders`."""
    count: int = stats(where)["requests"].get(route, 0)
    return count


def configure(where: Mapping[str, str], **knobs: Any) -> None:
    """Change a running sandbox's knobs (fault_rate, caching, seed, ...)."""
    _http.post(f"{where['admin']}/config", json=knobs).raise_for_status()


def vendor_get(vendor: str, where: Mapping[str, str], path: str, **params: Any) -> httpx.Response:
    """GET straight from the sandbox's own API, whatever the status."""
    headers = direct.AUTH[vendor](where["key"])
    return _http.get(where["url"] + path, params=params, headers=headers)


def stored(vendor: str, where: Mapping[str, str], path: str, **params: Any) -> Any:
    """A record as the vendor stores it now, read through its own API."""
    response = vendor_get(vendor, where, path, **params)
    assert response.status_code == 200, response.text
    return response.json()


def ecommerce_orders(where: Mapping[str, str], customer_id: str) -> list[dict[str, Any]]:
    """Every order E-Commerce holds for one customer."""
    found: list[dict[str, Any]] = stored(
        "ecommerce", where, "/orders", customer_id=customer_id, limit=200
    )["data"]
    return found


def ecommerce_available(where: Mapping[str, str], product_id: str) -> int:
    """E-Commerce's total available stock of a product."""
    total: int = stored("ecommerce", where, f"/inventory/{product_id}")["total_available"]
    return total


def techparts_stock(where: Mapping[str, str], product_id: str) -> int:
    """TechParts' stock of a product, from its product record."""
    stock: int = stored("techparts", where, f"/products/{product_id}")["stock"]
    return stock


def set_techparts_stock(where: Mapping[str, str], sku: str, quantity: int) -> None:
    """Arrange a TechParts stock level through the vendor's own API."""
    headers = direct.AUTH["techparts"](where["key"])
    url = f"{where['url']}/inventory/{sku}"
    _http.patch(url, json={"quantity": quantity}, headers=headers).raise_for_status()


@functools.cache
def _ecommerce_tail(url: str, key: str) -> tuple[str, ...]:
    where = {"url": url, "key": key}
    records = direct.list_all("ecommerce", "products", where)
    active = [r["id"] for r in reversed(records) if r["status"] == "active"]
    return tuple(i for i in active if ecommerce_available(where, i) >= STOCKED)


_taken = itertools.count()


def ecommerce_product(where: Mapping[str, str]) -> str:
    """An active, stocked E-Commerce product no other test here writes (from the catalogue's end,
    which the read tests leave alone)."""
    return _ecommerce_tail(where["url"], where["key"])[next(_taken)]


def techparts_product(where: Mapping[str, str], stock: int = STOCKED) -> Part:
    """A TechParts product no other test here writes, its stock set to `stock` first."""
    part = TECHPARTS[-1 - next(_taken)]
    set_techparts_stock(where, part.sku, stock)
    return part


def order_input(gw: Gateway, vendors: Vendors, vendor: str, quantity: int = 1) -> dict[str, Any]:
    """A valid createOrder input for a fresh customer and an untouched product at a vendor."""
    if vendor == "techparts":
        part = techparts_product(vendors["techparts"])
        return {
            "vendor": "TECHPARTS",
            "customerVendorId": "CUST-" + token(),
            "shippingAddress": ADDRESS,
            "items": [{"productId": gid("Product", vendor, part.id), "quantity": quantity}],
        }
    customer = create_customer(gw, vendor)
    product = (
        TECHCORP_PRODUCTS[next(_taken) % len(TECHCORP_PRODUCTS)]
        if vendor == "techcorp"
        else ecommerce_product(vendors["ecommerce"])
    )
    return {
        "customerId": customer["id"],
        "items": [{"productId": gid("Product", vendor, product), "quantity": quantity}],
    }


def vendor_ids(variables: Mapping[str, Any]) -> tuple[str, str]:
    """The vendor customer id and vendor product id of an order input."""
    line = variables["items"][0]
    customer = variables.get("customerVendorId") or decode_id(variables["customerId"])
    return customer, decode_id(line["productId"])


def decode_id(global_id: str) -> str:
    """The vendor's own id inside a global id."""
    raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    return raw.split(":", 2)[2]


def data_of(body: Body, field: str) -> Any:
    """The payload of a mutation that must have succeeded."""
    assert "errors" not in body, body
    payload = body["data"][field]
    assert payload["userErrors"] == [], payload
    return payload


def refusal(body: Body, field: str) -> list[tuple[str | None, str]]:
    """The (field, code) pairs of a mutation's userErrors; the entity must be null."""
    assert "errors" not in body, body
    payload = body["data"][field]
    entity = {k: v for k, v in payload.items() if k != "userErrors"}
    assert set(entity.values()) == {None}, payload
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


def assert_unsupported(body: Body, vendor: str) -> None:
    """The mutation failed as a GraphQL error UNSUPPORTED naming the vendor."""
    assert body["data"] is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "UNSUPPORTED"
    assert error["extensions"]["vendor"] == vendor.upper()


def create_customer(gw: Gateway, vendor: str, **fields: Any) -> dict[str, Any]:
    """A new customer at a vendor, created through the gateway."""
    defaults: dict[str, Any] = {"email": fresh_email()}
    if vendor == "talkingshops":
        defaults["phone"] = fresh_mobile()
    variables = {"input": {"vendor": vendor.upper(), **defaults, **fields}}
    customer: dict[str, Any] = data_of(ask(gw, CREATE_CUSTOMER, variables), "createCustomer")[
        "customer"
    ]
    return customer


@contextmanager
def private_pair(*knobs: str, replicas: int = 1) -> Iterator[tuple[dict[str, Any], list[Gateway]]]:
    """Sandboxes of our own (for knobs that would disturb other tests) and gateways on them."""
    with sandboxes(*KNOBS, *knobs) as found, ExitStack() as stack:
        env = vendor_env(found)
        yield found, [stack.enter_context(gateway(env)) for _ in range(replicas)]
