"""What the load clients read and order: ids found through the gateway or the sandboxes' seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import httpx

from vendorgraph.adapters.techcorp.seed import generate as techcorp_seed
from vendorgraph.adapters.techparts.store import seed_store as techparts_seed
from vendorgraph.api.ids import encode

SHIP_TO = {
    "street": "1 Load Test Way",
    "city": "Austin",
    "state": "TX",
    "postalCode": "78701",
    "country": "US",
}

READS: tuple[str, ...] = (
    "{ customers(vendors: [ECOMMERCE, TALKINGSHOPS], first: 10) { nodes { vendor vendorId"
    "  email fullName } } }",
    "{ customers(vendors: [TECHCORP], first: 10) { nodes { vendorId email status } } }",
    "query($id: String!) { customer(vendor: ECOMMERCE, vendorId: $id) { email"
    "  orders(first: 3) { nodes { vendorId total { amount } items { quantity } } } } }",
    "{ products(vendors: [ECOMMERCE], first: 10) { nodes { vendorId name price { amount }"
    "  inventory { available } } } }",
    "query($tp: String!) { product(vendor: TECHPARTS, vendorId: $tp) { name price { amount }"
    "  inventory { available } } }",
    "query($tc: String!) { product(vendor: TECHCORP, vendorId: $tc) { vendorId"
    "  inventory { available status } } }",
    "{ customers(vendors: [TALKINGSHOPS], first: 5) { nodes { vendorId"
    "  orders(first: 3) { nodes { vendorId total { amount } } } } } }",
)

CREATE_ORDER = """mutation($input: CreateOrderInput!, $key: String) {
  createOrder(input: $input, idempotencyKey: $key) {
    order { vendorId } userErrors { code message } } }"""

WRITE_VENDORS = ("ECOMMERCE", "TECHCORP", "TECHPARTS")


@dataclass(frozen=True)
class Targets:
    """Customer and product ids per vendor that reads and orders can use."""

    customers: dict[str, list[str]]
    products: dict[str, list[str]]
    """Global ids, as orders take them."""
    product_ids: dict[str, list[str]]
    """Vendor ids, as single-product reads take them."""
    saved_addresses: dict[str, str]
    """A saved address id per TechCorp customer: TechCorp ships only to those."""

    def read(self, rng: random.Random) -> tuple[str, dict[str, Any]]:
        """One read query and its variables, picked at random."""
        query = rng.choice(READS)
        variables = {
            "id": rng.choice(self.customers["ECOMMERCE"]),
            "tp": rng.choice(self.product_ids["TECHPARTS"]),
            "tc": rng.choice(self.product_ids["TECHCORP"]),
        }
        used = {name: value for name, value in variables.items() if f"${name}" in query}
        return query, used

    def order(self, rng: random.Random, vendor: str) -> dict[str, Any]:
        """A one-line order at `vendor` for one of its customers and products."""
        customer = rng.choice(self.customers[vendor])
        saved = self.saved_addresses.get(customer)
        return {
            "vendor": vendor,
            "customerVendorId": customer,
            "items": [{"productId": rng.choice(self.products[vendor]), "quantity": 1}],
            **({"shippingAddressId": saved} if saved else {"shippingAddress": SHIP_TO}),
        }


def discover(url: str, seed: int) -> Targets:
    """EC ids through the gateway's lists; TechCorp and TechParts ids from the seed they run on
    (TechCorp lists no products, TechParts lists nothing)."""
    body = httpx.post(
        url,
        timeout=30,
        json={
            "query": "{ c: customers(vendors: [ECOMMERCE], first: 20) { nodes { vendorId } }"
            "  p: products(vendors: [ECOMMERCE], first: 20) { nodes { id } } }"
        },
    ).json()
    techcorp = techcorp_seed(seed)
    techparts = techparts_seed(seed)
    shipped = [c for c in techcorp.customers if c["addresses"]][:20]
    return Targets(
        customers={
            "ECOMMERCE": [n["vendorId"] for n in body["data"]["c"]["nodes"]],
            "TECHCORP": [c["id"] for c in shipped],
            "TECHPARTS": [f"load-customer-{i}" for i in range(20)],
        },
        products={
            "ECOMMERCE": [n["id"] for n in body["data"]["p"]["nodes"]],
            "TECHCORP": [_product("techcorp", i.product_id) for i in techcorp.catalogue],
            "TECHPARTS": [_product("techparts", pid) for pid in techparts.products],
        },
        product_ids={
            "TECHCORP": [item.product_id for item in techcorp.catalogue],
            "TECHPARTS": list(techparts.products),
        },
        saved_addresses={c["id"]: c["addresses"][0]["id"] for c in shipped},
    )


def _product(vendor: str, vendor_id: str) -> str:
    return encode("Product", vendor, vendor_id)
