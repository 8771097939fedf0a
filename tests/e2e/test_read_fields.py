"""Field by field, for every vendor: what GraphQL answers equals the sandbox's own record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.support.direct import get, list_all
from tests.support.processes import Gateway
from vendorgraph.adapters.techcorp.seed import generate
from vendorgraph.api import ids

Raw = dict[str, Any]
Vendors = dict[str, dict[str, str]]


def at(record: Any, path: str) -> Any:
    """The value at a dotted path (`metadata.tier`, `addresses.0.zip`), None when absent."""
    for part in path.split("."):
        if record is None:
            return None
        record = record[int(part)] if isinstance(record, list) else record.get(part)
    return record


def same(graphql: Any, raw: Any) -> bool:
    """Equal once both sides are in one form: decimals as Decimal, timestamps as datetimes."""
    if isinstance(graphql, str) and isinstance(raw, str) and raw.endswith("Z"):
        return datetime.fromisoformat(graphql) == datetime.fromisoformat(raw)
    if isinstance(raw, float | int) and not isinstance(raw, bool) and isinstance(graphql, str):
        return Decimal(graphql) == Decimal(str(raw))
    return bool(graphql == raw)


@dataclass(frozen=True)
class Case:
    """One record read both ways, and which GraphQL path must equal which raw path."""

    name: str
    vendor: str
    raw: Callable[[Vendors], Raw]
    query: str
    variables: Callable[[Raw], dict[str, Any]]
    fields: dict[str, str]


CUSTOMER = """query($v: Vendor!, $id: String!) { r: customer(vendor: $v, vendorId: $id) {
  vendorId email firstName lastName fullName phone status segment tags createdAt updatedAt
  lifetimeValue { amount currency }
  addresses { id type street city state postalCode country isDefault } } }"""

CUSTOMER_WITH_ORDERS = CUSTOMER.replace(
    "isDefault }",
    "isDefault }\n orders(first: 5) { nodes { vendorId vendorStatus total { amount } createdAt } }",
)

PRODUCT = """query($v: Vendor!, $id: String!) { r: product(vendor: $v, vendorId: $id) {
  vendorId sku name description price { amount currency } status categories manufacturer
  specifications createdAt updatedAt
  inventory { sku available reserved status restockDate locations { location available reserved } }
} }"""

ORDERS_OF_CUSTOMER = """query($id: ID!) { r: orders(customerId: $id, first: 1) { nodes {
  vendorId vendorStatus subtotal { amount } tax { amount } shipping { amount }
  total { amount currency } createdAt updatedAt
  shipment { carrier trackingNumber shippedAt estimatedDelivery }
  items { vendorProductId quantity unitPrice { amount } total { amount } name }
  customer { vendorId } } } }"""

ORDER = """query($v: Vendor!, $id: String!) { r: order(vendor: $v, vendorId: $id) {
  vendorId vendorStatus shipment { carrier trackingNumber shippedAt estimatedDelivery } } }"""

INVENTORY = """query($v: Vendor!, $id: String!) { r: product(vendor: $v, vendorId: $id) {
  vendorId sku inventory { vendorProductId sku available reserved status restockDate
  locations { location available } } } }"""


def _first(vendor: str, resource: str, index: int = 0) -> Callable[[Vendors], Raw]:
    return lambda found: list_all(vendor, resource, found[vendor])[index]


def _detail(vendor: str, path: str, key: str = "id") -> Callable[[Vendors], Raw]:
    def read(found: Vendors) -> Raw:
        summary = list_all(vendor, "customers", found[vendor])[3]
        detail: Raw = get(vendor, found[vendor], path.format(summary[key]))
        return detail

    return read


def _techcorp_shipped_order(found: Vendors) -> Raw:
    order = next(o for o in generate(42).orders if o["status"] == "shipped")
    raw: Raw = get("techcorp", found["techcorp"], f"/orders/{order['id']}")
    return raw


def _techcorp_stock(found: Vendors) -> Raw:
    product_id = generate(42).inventory[7]["product_id"]
    raw: Raw = get("techcorp", found["techcorp"], f"/inventory/{product_id}")
    return raw


def _ecommerce_product(found: Vendors) -> Raw:
    product = list_all("ecommerce", "products", found["ecommerce"])[5]
    stock = get("ecommerce", found["ecommerce"], f"/inventory/{product['id']}")
    return {**product, "stock": stock}


def _ecommerce_order(found: Vendors) -> Raw:
    orders = list_all("ecommerce", "orders", found["ecommerce"])
    order = next(o for o in orders if o.get("tracking"))
    by_customer = get("ecommerce", found["ecommerce"], "/orders", customer_id=order["customer_id"])
    first: Raw = by_customer["data"][0]
    return first


def _customer_gid(vendor: str) -> Callable[[Raw], dict[str, Any]]:
    def variables(raw: Raw) -> dict[str, Any]:
        return {"id": ids.encode("Customer", vendor, raw["customer_id"])}

    return variables


def _by(vendor: str, key: str = "id") -> Callable[[Raw], dict[str, Any]]:
    return lambda raw: {"v": vendor.upper(), "id": str(raw[key])}


PERSON = {"email": "email", "createdAt": "created_at", "updatedAt": "updated_at"}
CASES = [
    Case(
        "techcorp customer",
        "techcorp",
        _first("techcorp", "customers", 4),
        CUSTOMER,
        _by("techcorp"),
        {
            **PERSON,
            "vendorId": "id",
            "firstName": "first_name",
            "lastName": "last_name",
            "phone": "phone",
            "status": "status",
            "segment": "metadata.tier",
            "lifetimeValue.amount": "lifetime_value",
            "addresses.0.id": "addresses.0.id",
            "addresses.0.street": "addresses.0.street",
            "addresses.0.city": "addresses.0.city",
            "addresses.0.postalCode": "addresses.0.postal_code",
            "addresses.0.isDefault": "addresses.0.is_default",
        },
    ),
    Case(
        "ecommerce customer",
        "ecommerce",
        _detail("ecommerce", "/customers/{}"),
        CUSTOMER,
        _by("ecommerce"),
        {
            **PERSON,
            "vendorId": "id",
            "firstName": "first_name",
            "lastName": "last_name",
            "phone": "phone",
            "tags": "tags",
            "lifetimeValue.amount": "order_history.total_spent",
            "addresses.0.id": "addresses.0.id",
            "addresses.0.postalCode": "addresses.0.zip",
            "addresses.0.type": "addresses.0.type",
            "addresses.0.state": "addresses.0.state",
        },
    ),
    Case(
        "talkingshops customer",
        "talkingshops",
        _detail("talkingshops", "/customers/{}", "_id"),
        CUSTOMER_WITH_ORDERS,
        _by("talkingshops", "_id"),
        {
            **PERSON,
            "vendorId": "_id",
            "fullName": "name",
            "phone": "mobile",
            "segment": "segment",
            "lifetimeValue.amount": "metrics.totalSpent",
            "orders.nodes.0.vendorId": "orders.0._id",
            "orders.nodes.0.vendorStatus": "orders.0.status",
            "orders.nodes.0.total.amount": "orders.0.final_amount",
            "orders.nodes.0.createdAt": "orders.0.created_at",
        },
    ),
    Case(
        "ecommerce product",
        "ecommerce",
        _ecommerce_product,
        PRODUCT,
        _by("ecommerce"),
        {
            "vendorId": "id",
            "sku": "sku",
            "name": "name",
            "description": "description",
            "price.amount": "price",
            "status": "status",
            "categories": "categories",
            "createdAt": "created_at",
            "updatedAt": "updated_at",
            "inventory.available": "stock.total_available",
            "inventory.reserved": "stock.total_reserved",
            "inventory.locations.0.location": "stock.locations.0.warehouse_id",
            "inventory.locations.0.available": "stock.locations.0.available",
        },
    ),
    Case(
        "techparts product",
        "techparts",
        lambda found: get("techparts", found["techparts"], "/products/PROD-4090-MSI-001"),
        PRODUCT,
        _by("techparts"),
        {
            "vendorId": "id",
            "sku": "sku",
            "name": "name",
            "price.amount": "price",
            "price.currency": "currency",
            "categories.0": "category",
            "manufacturer": "manufacturer",
            "specifications": "specifications",
            "createdAt": "created_at",
            "updatedAt": "updated_at",
            "inventory.available": "stock",
        },
    ),
    Case(
        "ecommerce order",
        "ecommerce",
        _ecommerce_order,
        ORDERS_OF_CUSTOMER,
        _customer_gid("ecommerce"),
        {
            "vendorId": "id",
            "vendorStatus": "status",
            "subtotal.amount": "subtotal",
            "tax.amount": "tax",
            "shipping.amount": "shipping",
            "total.amount": "total",
            "total.currency": "currency",
            "createdAt": "created_at",
            "updatedAt": "updated_at",
            "items.0.vendorProductId": "items.0.product_id",
            "items.0.quantity": "items.0.quantity",
            "items.0.unitPrice.amount": "items.0.price",
            "items.0.name": "items.0.name",
            "customer.vendorId": "customer_id",
        },
    ),
    Case(
        "techcorp order",
        "techcorp",
        _techcorp_shipped_order,
        ORDER,
        _by("techcorp"),
        {
            "vendorId": "id",
            "vendorStatus": "status",
            "shipment.carrier": "carrier",
            "shipment.trackingNumber": "tracking_number",
            "shipment.shippedAt": "shipped_at",
            "shipment.estimatedDelivery": "estimated_delivery",
        },
    ),
    Case(
        "techcorp stock",
        "techcorp",
        _techcorp_stock,
        INVENTORY,
        _by("techcorp", "product_id"),
        {
            "vendorId": "product_id",
            "sku": "sku",
            "inventory.vendorProductId": "product_id",
            "inventory.available": "available_quantity",
            "inventory.reserved": "reserved_quantity",
            "inventory.status": "status",
            "inventory.restockDate": "restock_date",
            "inventory.locations.0.location": "warehouses.0.location",
            "inventory.locations.0.available": "warehouses.0.quantity",
        },
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_graphql_fields_equal_the_vendor_record(gw: Gateway, vendors: Vendors, case: Case) -> None:
    raw = case.raw(vendors)
    body = gw.query(case.query, case.variables(raw))
    assert "errors" not in body, body.get("errors")
    answer = body["data"]["r"]
    if isinstance(answer, dict) and "nodes" in answer:
        answer = answer["nodes"][0]
    mismatches = {
        field: (at(answer, field), at(raw, path))
        for field, path in case.fields.items()
        if not same(at(answer, field), at(raw, path))
    }
    assert mismatches == {}
    assert all(at(raw, path) is not None for path in case.fields.values()), "a raw field is empty"


def test_a_capability_gap_is_unsupported_on_its_own_path(gw: Gateway, vendors: Vendors) -> None:
    raw = list_all("techcorp", "customers", vendors["techcorp"])[0]
    body = gw.query(CUSTOMER_WITH_ORDERS, {"v": "TECHCORP", "id": raw["id"]})
    assert body["data"]["r"]["email"] == raw["email"]
    assert body["data"]["r"]["orders"] is None
    [error] = body["errors"]
    assert error["path"] == ["r", "orders"]
    assert error["extensions"] == {"code": "UNSUPPORTED", "vendor": "TECHCORP"}
    assert "customer.orders" in error["message"]
