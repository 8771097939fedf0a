"""The entity types of the schema: Customer, Order, OrderItem, Product, Inventory."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from vendorgraph import domain
from vendorgraph.adapters.base import Capability
from vendorgraph.api import ids
from vendorgraph.api.context import context_of
from vendorgraph.api.pagination import Slice, check_first, decode_cursor, walk
from vendorgraph.api.scalars import (
    Address,
    InventoryLocation,
    Money,
    OrderStatus,
    PageInfo,
    Shipment,
    VendorEnum,
    address,
    money,
    shipment,
    vendor_value,
)
from vendorgraph.domain import OrderQuery, Page
from vendorgraph.errors import GatewayError
from vendorgraph.loaders import Resource

T = TypeVar("T")
Counter = Callable[[], Awaitable[int | None]]


@strawberry.interface(description="An object with a global id, refetchable with `node(id)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="Global id: type, vendor and vendor id.")


@strawberry.type(description="One record of a connection and the cursor just after it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as `after` to continue after this record.")
    node: T = strawberry.field(description="The record.")


@strawberry.type(description="A page of records across vendors, in a stable order.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The records with their cursors.")
    nodes: list[T] = strawberry.field(description="The records alone.")
    page_info: PageInfo = strawberry.field(description="Cursors and whether more pages exist.")
    counter: strawberry.Private[Counter | None] = None

    @strawberry.field(
        description="How many records match across the vendors asked; null unless all say."
    )
    async def total_count(self) -> int | None:
        return None if self.counter is None else await self.counter()


def connection(page: Slice[Any], convert: Any, counter: Counter | None = None) -> Connection[Any]:
    """A Connection of converted records from a slice of domain records."""
    edges = [Edge(cursor=pos.cursor(), node=convert(record)) for record, pos in page.items]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, nodes=[e.node for e in edges], page_info=info, counter=counter)


@strawberry.type(description="A customer as one vendor knows it.")
class Customer(Node):
    vendor: VendorEnum = strawberry.field(description="The vendor holding this customer.")
    vendor_id: str = strawberry.field(description="The vendor's own id of this customer.")
    email: str | None = strawberry.field(description="Email address.")
    first_name: str | None = strawberry.field(description="Given name.")
    last_name: str | None = strawberry.field(description="Family name.")
    full_name: str | None = strawberry.field(
        description="The full name as the vendor gives it, else first and last name."
    )
    phone: str | None = strawberry.field(description="Phone or mobile number.")
    status: str | None = strawberry.field(description="The vendor's account status word.")
    segment: str | None = strawberry.field(description="Tier or segment (e.g. premium).")
    tags: list[str] = strawberry.field(description="Tags the vendor attaches.")
    addresses: list[Address] = strawberry.field(description="Postal addresses on file.")
    lifetime_value: Money | None = strawberry.field(description="Total spent, as the vendor says.")
    created_at: datetime | None = strawberry.field(description="When the customer was created.")
    updated_at: datetime | None = strawberry.field(description="When it last changed.")
    record: strawberry.Private[domain.Customer]

    @strawberry.field(description="This customer's orders, newest as the vendor orders them.")
    async def orders(
        self, info: Info[Any, Any], first: int | None = 20, after: str | None = None
    ) -> Annotated[Connection[Order], strawberry.lazy("vendorgraph.api.types")] | None:
        size = check_first(first)
        vendor = self.record.vendor
        position = decode_cursor(after, [vendor]) if after else None
        embedded = self.record.orders
        context = context_of(info)
        if embedded is not None:
            fetch = _slicer(list(embedded))
        else:
            adapter = context.gateway.adapter(vendor, Capability.CUSTOMER_ORDERS)
            query = OrderQuery(customer_id=self.record.vendor_id)

            async def fetch(_: str, offset: int, limit: int) -> Page[domain.Order]:
                return await adapter.list_orders(query, offset, limit)

        totals: dict[str, int | None] = {}
        page = await walk([vendor], fetch, size, position, on_error=_raise, totals=totals)
        for record, _ in page.items:
            context.loaders.prime(vendor, Resource.ORDER, record.vendor_id, record)
        return connection(page, to_order, counter=totals_counter([vendor], totals, fetch))


@strawberry.type(description="One line of an order.")
class OrderItem:
    product_id: strawberry.ID | None = strawberry.field(description="Global id of the product.")
    vendor_product_id: str | None = strawberry.field(description="The vendor's product id.")
    quantity: int | None = strawberry.field(description="Units ordered.")
    unit_price: Money | None = strawberry.field(description="Price of one unit.")
    total: Money | None = strawberry.field(description="Price of the line.")
    name: str | None = strawberry.field(description="Product name as printed on the order.")
    vendor_name: strawberry.Private[str]

    @strawberry.field(description="The product ordered.")
    async def product(
        self, info: Info[Any, Any]
    ) -> Annotated[Product, strawberry.lazy("vendorgraph.api.types")] | None:
        record = await context_of(info).load_ref(
            self.vendor_name, Resource.PRODUCT, self.vendor_product_id
        )
        return None if record is None else to_product(record)

    @strawberry.field(description="Stock of the product ordered (needs only its id).")
    async def inventory(
        self, info: Info[Any, Any]
    ) -> Annotated[Inventory, strawberry.lazy("vendorgraph.api.types")] | None:
        record = await context_of(info).load_ref(
            self.vendor_name, Resource.INVENTORY, self.vendor_product_id
        )
        return None if record is None else to_inventory(record)


@strawberry.type(description="An order as one vendor knows it; fields it does not report are null.")
class Order(Node):
    vendor: VendorEnum = strawberry.field(description="The vendor holding this order.")
    vendor_id: str = strawberry.field(description="The vendor's own id of this order.")
    status: OrderStatus = strawberry.field(description="The normalised status.")
    vendor_status: str | None = strawberry.field(description="The vendor's own status word.")
    items: list[OrderItem] | None = strawberry.field(description="Order lines, if reported.")
    subtotal: Money | None = strawberry.field(description="Sum of the lines.")
    tax: Money | None = strawberry.field(description="Tax charged.")
    shipping: Money | None = strawberry.field(description="Shipping charged.")
    total: Money | None = strawberry.field(description="What the customer pays.")
    shipment: Shipment | None = strawberry.field(description="Carrier and tracking, if shipped.")
    created_at: datetime | None = strawberry.field(description="When the order was placed.")
    updated_at: datetime | None = strawberry.field(description="When it last changed.")
    record: strawberry.Private[domain.Order]

    @strawberry.field(description="The customer who placed the order.")
    async def customer(self, info: Info[Any, Any]) -> Customer | None:
        record = await context_of(info).load_ref(
            self.record.vendor, Resource.CUSTOMER, self.record.customer_id
        )
        return None if record is None else to_customer(record)


@strawberry.type(description="A catalogue product as one vendor knows it.")
class Product(Node):
    vendor: VendorEnum = strawberry.field(description="The vendor selling this product.")
    vendor_id: str = strawberry.field(description="The vendor's own id of this product.")
    sku: str | None = strawberry.field(description="Stock keeping unit.")
    name: str | None = strawberry.field(description="Product name.")
    description: str | None = strawberry.field(description="Product description.")
    price: Money | None = strawberry.field(description="List price.")
    status: str | None = strawberry.field(description="The vendor's product status word.")
    categories: list[str] = strawberry.field(description="Categories or category slugs.")
    manufacturer: str | None = strawberry.field(description="Manufacturer or brand.")
    specifications: JSON = strawberry.field(description="Technical specifications as given.")
    variants: list[JSON] = strawberry.field(description="Variants (size, colour, ...) as given.")
    created_at: datetime | None = strawberry.field(description="When the product was created.")
    updated_at: datetime | None = strawberry.field(description="When it last changed.")
    record: strawberry.Private[domain.Product]

    @strawberry.field(description="Stock of this product at its vendor.")
    async def inventory(
        self, info: Info[Any, Any]
    ) -> Annotated[Inventory, strawberry.lazy("vendorgraph.api.types")] | None:
        if self.record.stock is not None:
            return to_inventory(self.record.stock)
        record = await context_of(info).load(self.vendor.value, Resource.INVENTORY, self.vendor_id)
        return to_inventory(record)


@strawberry.type(description="Stock of one product at one vendor.")
class Inventory:
    vendor: VendorEnum = strawberry.field(description="The vendor holding the stock.")
    product_id: strawberry.ID | None = strawberry.field(description="Global id of the product.")
    vendor_product_id: str | None = strawberry.field(description="The vendor's product id.")
    sku: str | None = strawberry.field(description="Stock keeping unit.")
    available: int | None = strawberry.field(description="Units available to sell.")
    reserved: int | None = strawberry.field(description="Units reserved for open orders.")
    status: str | None = strawberry.field(description="The vendor's stock status word.")
    locations: list[InventoryLocation] = strawberry.field(description="Stock per location.")
    restock_date: datetime | None = strawberry.field(description="When more stock is expected.")

    @strawberry.field(description="The product this stock is of.")
    async def product(self, info: Info[Any, Any]) -> Product | None:
        record = await context_of(info).load_ref(
            self.vendor.value, Resource.PRODUCT, self.vendor_product_id
        )
        return None if record is None else to_product(record)


def to_customer(c: domain.Customer) -> Customer:
    """The GraphQL Customer of a domain customer."""
    return Customer(
        id=strawberry.ID(ids.encode("Customer", c.vendor, c.vendor_id)),
        vendor=vendor_value(c.vendor),
        vendor_id=c.vendor_id,
        email=c.email,
        first_name=c.first_name,
        last_name=c.last_name,
        full_name=_full_name(c),
        phone=c.phone,
        status=c.status,
        segment=c.segment,
        tags=list(c.tags),
        addresses=[address(a) for a in c.addresses],
        lifetime_value=money(c.lifetime_value),
        created_at=c.created_at,
        updated_at=c.updated_at,
        record=c,
    )


def _full_name(c: domain.Customer) -> str | None:
    """The vendor's full name, else given and family names joined."""
    joined = " ".join(part for part in (c.first_name, c.last_name) if part)
    return c.full_name or joined or None


def to_order(o: domain.Order) -> Order:
    """The GraphQL Order of a domain order."""
    items = None if o.items is None else [_item(o.vendor, i) for i in o.items]
    return Order(
        id=strawberry.ID(ids.encode("Order", o.vendor, o.vendor_id)),
        vendor=vendor_value(o.vendor),
        vendor_id=o.vendor_id,
        status=o.status,
        vendor_status=o.vendor_status,
        items=items,
        subtotal=money(o.subtotal),
        tax=money(o.tax),
        shipping=money(o.shipping),
        total=money(o.total),
        shipment=shipment(o.shipment),
        created_at=o.created_at,
        updated_at=o.updated_at,
        record=o,
    )


def _item(vendor: str, i: domain.OrderItem) -> OrderItem:
    product_id = ids.encode("Product", vendor, i.product_id) if i.product_id else None
    return OrderItem(
        product_id=strawberry.ID(product_id) if product_id else None,
        vendor_product_id=i.product_id,
        quantity=i.quantity,
        unit_price=money(i.unit_price),
        total=money(i.total),
        name=i.name,
        vendor_name=vendor,
    )


def to_product(p: domain.Product) -> Product:
    """The GraphQL Product of a domain product."""
    return Product(
        id=strawberry.ID(ids.encode("Product", p.vendor, p.vendor_id)),
        vendor=vendor_value(p.vendor),
        vendor_id=p.vendor_id,
        sku=p.sku,
        name=p.name,
        description=p.description,
        price=money(p.price),
        status=p.status,
        categories=list(p.categories),
        manufacturer=p.manufacturer,
        specifications=cast(JSON, p.specifications),
        variants=[cast(JSON, v) for v in p.variants],
        created_at=p.created_at,
        updated_at=p.updated_at,
        record=p,
    )


def to_inventory(i: domain.Inventory) -> Inventory:
    """The GraphQL Inventory of a domain stock record."""
    product_id = ids.encode("Product", i.vendor, i.product_id) if i.product_id else None
    locations = [
        InventoryLocation(location=loc.location, available=loc.available, reserved=loc.reserved)
        for loc in i.locations
    ]
    return Inventory(
        vendor=vendor_value(i.vendor),
        product_id=strawberry.ID(product_id) if product_id else None,
        vendor_product_id=i.product_id,
        sku=i.sku,
        available=i.available,
        reserved=i.reserved,
        status=i.status,
        locations=locations,
        restock_date=i.restock_date,
    )


def totals_counter(vendors: list[str], totals: dict[str, int | None], fetch: Any) -> Counter:
    """Sum the vendors' totals, asking (one record each) only vendors the walk did not reach."""

    async def count() -> int | None:
        for name in vendors:
            if name not in totals:
                try:
                    totals[name] = (await fetch(name, 0, 1)).total
                except GatewayError:
                    return None
        values = [totals[name] for name in vendors]
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    return count


def _slicer(records: list[domain.Order]) -> Any:
    async def fetch(_: str, offset: int, limit: int) -> Page[domain.Order]:
        chunk = records[offset : offset + limit]
        return Page(chunk, total=len(records), has_more=offset + limit < len(records))

    return fetch


def _raise(_: str, error: GatewayError) -> None:
    raise error


__all__ = ["Customer", "Decimal", "Inventory", "Node", "Order", "OrderItem", "Product"]
