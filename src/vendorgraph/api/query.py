"""The Query root: lookups by id, cross-vendor connections, and the vendors' status."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from vendorgraph.adapters.base import Adapter, Capability
from vendorgraph.api import ids
from vendorgraph.api.context import Context, context_of
from vendorgraph.api.pagination import check_first, decode_cursor, walk
from vendorgraph.api.scalars import OrderStatus, VendorEnum, vendor_value
from vendorgraph.api.types import (
    Connection,
    Customer,
    Inventory,
    Node,
    Order,
    Product,
    connection,
    to_customer,
    to_inventory,
    to_order,
    to_product,
    totals_counter,
)
from vendorgraph.domain import CustomerQuery, OrderQuery, Page, ProductQuery
from vendorgraph.errors import GatewayError, bad_input
from vendorgraph.loaders import Resource

NODE_KINDS: dict[str, tuple[Resource, Callable[[Any], Node]]] = {
    "Customer": (Resource.CUSTOMER, to_customer),
    "Order": (Resource.ORDER, to_order),
    "Product": (Resource.PRODUCT, to_product),
}


def _target(
    context: Context,
    type_name: str,
    id: str | None,
    vendor: VendorEnum | None,
    vendor_id: str | None,
) -> tuple[str, str]:
    """(vendor, vendor id) from either a global `id` or `vendor` + `vendorId`."""
    if id is not None and (vendor is None and vendor_id is None):
        found = ids.decode(id, "id", frozenset(context.gateway.names), expect=type_name)
        return found.vendor, found.vendor_id
    if id is None and vendor is not None and vendor_id:
        return vendor.value, vendor_id
    raise bad_input("id", "give either `id`, or both `vendor` and `vendorId`")


async def _load_node(context: Context, type_name: str, vendor: str, vendor_id: str) -> Node:
    resource, convert = NODE_KINDS[type_name]
    record = await context.load(vendor, resource, vendor_id)
    return convert(record)


def _vendors(
    info: Info[Any, Any], asked: list[VendorEnum] | None, capability: Capability
) -> list[str]:
    """The vendors a list spans: those asked (or all configured) that can list; gaps reported."""
    context = context_of(info)
    if asked is None:
        return list(context.gateway.able(capability))
    names: list[str] = []
    for name in dict.fromkeys(v.value for v in asked):
        try:
            context.gateway.adapter(name, capability)
        except GatewayError as gap:
            if len(asked) == 1:
                raise
            context.add_partial_error(info, gap)
        else:
            names.append(name)
    return names


async def _list(
    info: Info[Any, Any],
    vendors: list[str],
    capability: Capability,
    call: Callable[[Adapter, int, int], Awaitable[Page[Any]]],
    resource: Resource,
    convert: Callable[[Any], Any],
    first: int | None,
    after: str | None,
) -> Connection[Any]:
    """One connection page over `vendors`, priming loaders with what it fetched."""
    context = context_of(info)
    size = check_first(first)
    position = decode_cursor(after, vendors) if after else None

    async def fetch(name: str, offset: int, limit: int) -> Page[Any]:
        return await call(context.gateway.adapter(name, capability), offset, limit)

    totals: dict[str, int | None] = {}
    failures: list[GatewayError] = []
    page = await walk(
        vendors, fetch, size, position, on_error=lambda _, e: failures.append(e), totals=totals
    )
    if failures and len(failures) == len(vendors):
        raise failures[0]  # no vendor answered: the list is unknown, not empty
    for failure in failures:
        context.add_partial_error(info, failure)
    for record, _ in page.items:
        context.loaders.prime(record.vendor, resource, record.vendor_id, record)
    return connection(page, convert, counter=totals_counter(vendors, totals, fetch))


@strawberry.type(description="A vendor this gateway serves and what it can do.")
class VendorInfo:
    vendor: VendorEnum = strawberry.field(description="The vendor.")
    capabilities: list[str] = strawberry.field(description="Operations its API offers.")
    healthy: bool = strawberry.field(
        description="Whether it answered just now and its circuit breaker is closed."
    )
    circuit: str = strawberry.field(
        description="The circuit breaker: closed, open (failing fast) or half_open (probing)."
    )


@strawberry.type(description="Read Customer, Order, Product and Inventory across every vendor.")
class Query:
    @strawberry.field(description="Any record by its global id.")
    async def node(self, info: Info[Any, Any], id: strawberry.ID) -> Node | None:
        context = context_of(info)
        found = ids.decode(id, "id", frozenset(context.gateway.names))
        return await _load_node(context, found.type, found.vendor, found.vendor_id)

    @strawberry.field(description="Several records by global id; each failure is its own error.")
    async def nodes(self, info: Info[Any, Any], ids: list[strawberry.ID]) -> list[Node | None]:
        context = context_of(info)
        vendors = frozenset(context.gateway.names)
        found = [_decode_node(value, i, vendors) for i, value in enumerate(ids)]
        return [_node_or_error(context, f) for f in found]  # type: ignore[misc]

    @strawberry.field(description="One customer by `id`, or by `vendor` and `vendorId`.")
    async def customer(
        self,
        info: Info[Any, Any],
        id: strawberry.ID | None = None,
        vendor: VendorEnum | None = None,
        vendor_id: str | None = None,
    ) -> Customer | None:
        context = context_of(info)
        name, key = _target(context, "Customer", id, vendor, vendor_id)
        return to_customer(await context.load(name, Resource.CUSTOMER, key))

    @strawberry.field(description="One order by `id`, or by `vendor` and `vendorId`.")
    async def order(
        self,
        info: Info[Any, Any],
        id: strawberry.ID | None = None,
        vendor: VendorEnum | None = None,
        vendor_id: str | None = None,
    ) -> Order | None:
        context = context_of(info)
        name, key = _target(context, "Order", id, vendor, vendor_id)
        return to_order(await context.load(name, Resource.ORDER, key))

    @strawberry.field(description="One product by `id`, or by `vendor` and `vendorId`.")
    async def product(
        self,
        info: Info[Any, Any],
        id: strawberry.ID | None = None,
        vendor: VendorEnum | None = None,
        vendor_id: str | None = None,
    ) -> Product | None:
        context = context_of(info)
        name, key = _target(context, "Product", id, vendor, vendor_id)
        return to_product(await context.load(name, Resource.PRODUCT, key))

    @strawberry.field(description="Stock by product `productId`, or by `vendor` and `sku`.")
    async def inventory(
        self,
        info: Info[Any, Any],
        product_id: strawberry.ID | None = None,
        vendor: VendorEnum | None = None,
        sku: str | None = None,
    ) -> Inventory | None:
        context = context_of(info)
        if product_id is not None and vendor is None and sku is None:
            found = ids.decode(product_id, "productId", frozenset(context.gateway.names), "Product")
            record = await context.load(found.vendor, Resource.INVENTORY, found.vendor_id)
        elif product_id is None and vendor is not None and sku:
            record = await context.load(vendor.value, Resource.INVENTORY_BY_SKU, sku)
        else:
            raise bad_input("productId", "give either `productId`, or both `vendor` and `sku`")
        return to_inventory(record)

    @strawberry.field(description="Customers across vendors (page size at most 100).")
    async def customers(
        self,
        info: Info[Any, Any],
        vendors: list[VendorEnum] | None = None,
        search: str | None = None,
        status: str | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Customer] | None:
        query = CustomerQuery(search, status, created_after, created_before)
        names = _vendors(info, vendors, Capability.CUSTOMER_LIST)
        return await _list(
            info,
            names,
            Capability.CUSTOMER_LIST,
            lambda a, offset, limit: a.list_customers(query, offset, limit),
            Resource.CUSTOMER,
            to_customer,
            first,
            after,
        )

    @strawberry.field(description="Orders across vendors, or of one customer (`customerId`).")
    async def orders(
        self,
        info: Info[Any, Any],
        vendors: list[VendorEnum] | None = None,
        customer_id: strawberry.ID | None = None,
        status: OrderStatus | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Order] | None:
        context = context_of(info)
        capability, customer = Capability.ORDER_LIST, None
        if customer_id is not None:
            found = ids.decode(
                customer_id, "customerId", frozenset(context.gateway.names), "Customer"
            )
            capability, customer = Capability.CUSTOMER_ORDERS, found.vendor_id
            vendors = [vendor_value(found.vendor)]
        query = OrderQuery(customer_id=customer, status=status)
        names = _vendors(info, vendors, capability)
        return await _list(
            info,
            names,
            capability,
            lambda a, offset, limit: a.list_orders(query, offset, limit),
            Resource.ORDER,
            to_order,
            first,
            after,
        )

    @strawberry.field(description="Products across vendors.")
    async def products(
        self,
        info: Info[Any, Any],
        vendors: list[VendorEnum] | None = None,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Product] | None:
        query = ProductQuery(search=search)
        names = _vendors(info, vendors, Capability.PRODUCT_LIST)
        return await _list(
            info,
            names,
            Capability.PRODUCT_LIST,
            lambda a, offset, limit: a.list_products(query, offset, limit),
            Resource.PRODUCT,
            to_product,
            first,
            after,
        )

    @strawberry.field(description="The vendors this gateway serves, their capabilities and health.")
    async def vendors(self, info: Info[Any, Any]) -> list[VendorInfo]:
        gateway = context_of(info).gateway
        reachable = await gateway.reachability()
        return [
            VendorInfo(
                vendor=vendor_value(name),
                capabilities=sorted(c.value for c in gateway.vendors[name].adapter.capabilities),
                healthy=reachable[name] and gateway.vendors[name].stack.breaker == "closed",
                circuit=gateway.vendors[name].stack.breaker.value,
            )
            for name in gateway.names
        ]


def _decode_node(value: str, index: int, vendors: frozenset[str]) -> ids.GlobalId | GatewayError:
    try:
        return ids.decode(value, f"ids[{index}]", vendors)
    except GatewayError as error:
        return error


async def _node_or_error(context: Context, found: ids.GlobalId | GatewayError) -> Node:
    if isinstance(found, GatewayError):
        raise found
    return await _load_node(context, found.type, found.vendor, found.vendor_id)


__all__ = ["Query"]
