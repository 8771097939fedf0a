"""The E-Commerce Platform API 2.3 adapter: its HTTP dialect and the domain operations it serves."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from vendorgraph.adapters.base import Adapter, Capability, Found, fetch_each
from vendorgraph.adapters.ecommerce.errors import parse_error
from vendorgraph.adapters.ecommerce.mapping import (
    STATUS_TO_VENDOR,
    address_body,
    customer_body,
    order_body,
    rows,
    to_customer,
    to_inventory,
    to_order,
    to_product,
    unwrap,
)
from vendorgraph.adapters.ecommerce.paging import MAX_PAGE_SIZE, page_plan
from vendorgraph.domain import (
    Address,
    Customer,
    CustomerInput,
    CustomerQuery,
    Inventory,
    Order,
    OrderInput,
    OrderQuery,
    OrderStatus,
    Page,
    Product,
    ProductQuery,
)
from vendorgraph.errors import Code, FieldIssue, GatewayError, bad_input, unsupported
from vendorgraph.upstream.dialect import VendorDialect

T = TypeVar("T")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MISSING_CUSTOMER = re.compile(r"\s*customer\b", re.IGNORECASE)
"""A 404 on an address route whose message starts with "Customer" is about the customer."""

DIALECT = VendorDialect(
    auth_headers=lambda key: {"Authorization": f"Bearer {key}"},
    credential_header="authorization",
    parse_error=parse_error,
    rate_limit_reset="unix",
    # An order reserves stock and moves the customer's order history; stock shows on products.
    write_invalidates={
        "/orders": ("/customers", "/inventory", "/products"),
        "/inventory": ("/products",),
        "/products": ("/inventory",),
    },
)


class EcommerceAdapter(Adapter):
    """Customers, orders, products and inventory through E-Commerce's documented endpoints.

    There is no order-by-id endpoint, so order writes build the Order from the write response.
    """

    vendor = "ecommerce"
    capabilities = frozenset(
        {
            Capability.CUSTOMER_GET,
            Capability.CUSTOMER_LIST,
            Capability.CUSTOMER_ORDERS,
            Capability.ORDER_LIST,
            Capability.PRODUCT_GET,
            Capability.PRODUCT_LIST,
            Capability.INVENTORY_BY_PRODUCT,
            Capability.INVENTORY_BY_SKU,
            Capability.CUSTOMER_CREATE,
            Capability.CUSTOMER_UPDATE,
            Capability.ADDRESS_ADD,
            Capability.ADDRESS_UPDATE,
            Capability.ADDRESS_DELETE,
            Capability.ORDER_CREATE,
            Capability.ORDER_CANCEL,
            Capability.ORDER_UPDATE_STATUS,
            Capability.INVENTORY_ADJUST,
        }
    )
    list_page_limit = MAX_PAGE_SIZE

    # reads

    async def fetch_customers(self, ids: Sequence[str]) -> Found[Customer]:
        return await fetch_each(ids, self._customer)

    async def fetch_products(self, ids: Sequence[str]) -> Found[Product]:
        return await fetch_each(ids, self._product)

    async def fetch_inventory(self, product_ids: Sequence[str]) -> Found[Inventory]:
        return await fetch_each(product_ids, self._inventory)

    async def fetch_inventory_by_sku(self, skus: Sequence[str]) -> Found[Inventory]:
        return await fetch_each(skus, self._inventory_by_sku)

    async def list_customers(self, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        if query.status is not None:
            raise unsupported(self.vendor, "customer status filter")
        search = query.search or None
        params = {
            "email" if search and "@" in search else "name": search,
            "created_from": query.created_after.isoformat() if query.created_after else None,
            "created_to": query.created_before.isoformat() if query.created_before else None,
        }
        return await self._list("/customers", params, offset, limit, to_customer)

    async def list_orders(self, query: OrderQuery, offset: int, limit: int) -> Page[Order]:
        status = None
        if query.status is not None:
            status = STATUS_TO_VENDOR.get(query.status)
            if status is None:
                return Page([], 0, False)
        params = {"customer_id": query.customer_id, "status": status}
        return await self._list("/orders", params, offset, limit, to_order)

    async def list_products(self, query: ProductQuery, offset: int, limit: int) -> Page[Product]:
        return await self._list(
            "/products", {"search": query.search or None}, offset, limit, to_product
        )

    # checks

    def check_customer(self, data: CustomerInput, *, creating: bool) -> list[FieldIssue]:
        issues = []
        if creating and not data.email:
            issues.append(FieldIssue("email", "Email is required", "REQUIRED"))
        if data.email and not EMAIL.match(data.email):
            issues.append(FieldIssue("email", "Must be a valid email address", "INVALID"))
        if data.segment is not None:
            issues.append(
                FieldIssue("segment", "E-Commerce customers have no segment", "UNSUPPORTED")
            )
        return issues

    def check_order(self, data: OrderInput) -> list[FieldIssue]:
        issues = (
            [] if data.items else [FieldIssue("items", "At least one item is required", "REQUIRED")]
        )
        for index, line in enumerate(data.items):
            if line.quantity < 1:
                issues.append(
                    FieldIssue(f"items[{index}].quantity", "Must be at least 1", "INVALID")
                )
            if line.unit_price is not None and line.unit_price.currency != "USD":
                issues.append(
                    FieldIssue(
                        f"items[{index}].unitPrice", "E-Commerce prices are in USD", "INVALID"
                    )
                )
        return issues

    def check_inventory(self, quantity: int, *, absolute: bool) -> list[FieldIssue]:
        if absolute:
            return [
                FieldIssue("quantity", "E-Commerce adjusts stock by a delta only", "UNSUPPORTED")
            ]
        return [] if quantity else [FieldIssue("quantity", "Must not be zero", "INVALID")]

    # writes

    async def create_customer(self, data: CustomerInput) -> Customer:
        body = await self.client.request("POST", "/customers", json_body=customer_body(data))
        return to_customer(unwrap(body))

    async def update_customer(self, vendor_id: str, data: CustomerInput) -> Customer:
        body = await self.client.request(
            "PUT", "/customers/{id}", path={"id": vendor_id}, json_body=customer_body(data)
        )
        record = unwrap(body)
        return to_customer(record) if record.get("id") else await self._customer(vendor_id)

    async def add_address(self, customer_id: str, address: Address) -> Customer:
        body = await self._address_request(
            "POST",
            "/customers/{id}/addresses",
            path={"id": customer_id},
            json_body=address_body(address),
        )
        new_id = unwrap(body).get("id")
        if address.is_default and new_id:
            await self._set_default(customer_id, str(new_id))
        return await self._customer(customer_id)

    async def update_address(self, customer_id: str, address: Address) -> Customer:
        if not address.id:
            raise bad_input("address.id", "The address to update needs its id")
        await self._address_request(
            "PUT",
            "/customers/{id}/addresses/{address_id}",
            path={"id": customer_id, "address_id": address.id},
            json_body=address_body(address),
        )
        if address.is_default:
            await self._set_default(customer_id, address.id)
        return await self._customer(customer_id)

    async def delete_address(self, customer_id: str, address_id: str) -> Customer:
        await self._address_request(
            "DELETE",
            "/customers/{id}/addresses/{address_id}",
            path={"id": customer_id, "address_id": address_id},
        )
        return await self._customer(customer_id)

    async def create_order(self, data: OrderInput, idempotency_key: str | None) -> Order:
        """No idempotency key is documented: the gateway de-duplicates, the key is not sent."""
        shipping = data.shipping_address
        if shipping is None and data.shipping_address_id:
            shipping = await self._saved_address(data.customer_id, data.shipping_address_id)
        body = await self.client.request("POST", "/orders", json_body=order_body(data, shipping))
        return to_order(unwrap(body))

    async def cancel_order(self, vendor_id: str, reason: str | None) -> Order:
        payload = {"reason": reason} if reason else {}
        body = await self.client.request(
            "POST", "/orders/{id}/cancel", path={"id": vendor_id}, json_body=payload
        )
        return self._written_order(body, vendor_id, OrderStatus.CANCELLED)

    async def update_order_status(
        self, vendor_id: str, status: OrderStatus, note: str | None
    ) -> Order:
        word = STATUS_TO_VENDOR.get(status)
        if word is None:
            raise bad_input("status", f"E-Commerce orders cannot be set to {status.value}")
        payload = {"status": word, **({"note": note} if note else {})}
        body = await self.client.request(
            "PATCH", "/orders/{id}/status", path={"id": vendor_id}, json_body=payload
        )
        return self._written_order(body, vendor_id, status)

    async def adjust_inventory(
        self, product_id: str, delta: int, reason: str | None, location: str | None
    ) -> Inventory:
        payload = {"quantity": delta, "reason": reason, "location": location}
        body = await self.client.request(
            "POST",
            "/inventory/{product_id}/adjust",
            path={"product_id": product_id},
            json_body={k: v for k, v in payload.items() if v is not None},
        )
        record = unwrap(body)
        if "total_available" in record or "locations" in record:
            return to_inventory(record, product_id)
        return await self._inventory(product_id)

    # helpers

    async def _customer(self, vendor_id: str) -> Customer:
        body = await self.client.get("/customers/{id}", path={"id": vendor_id})
        return to_customer(unwrap(body))

    async def _product(self, vendor_id: str) -> Product:
        body = await self.client.get("/products/{id}", path={"id": vendor_id})
        return to_product(unwrap(body))

    async def _inventory(self, product_id: str) -> Inventory:
        body = await self.client.get("/inventory/{product_id}", path={"product_id": product_id})
        return to_inventory(unwrap(body), product_id)

    async def _inventory_by_sku(self, sku: str) -> Inventory:
        """GET /products/{id} takes a SKU too; its id then names the inventory record."""
        product = await self._product(sku)
        inventory = await self._inventory(product.vendor_id)
        return to_inventory_with_sku(inventory, sku)

    async def _address_request(
        self, method: str, route: str, path: Mapping[str, str], json_body: Any = None
    ) -> Any:
        """An address write; a 404 names the customer or the address, whichever is missing."""
        try:
            return await self.client.request(method, route, path=path, json_body=json_body)
        except GatewayError as exc:
            if exc.code is not Code.NOT_FOUND or exc.field:
                raise
            field = "customerId" if MISSING_CUSTOMER.match(exc.message) else "addressId"
            raise GatewayError(
                exc.code,
                exc.message,
                vendor=exc.vendor,
                upstream_status=exc.upstream_status,
                request_id=exc.request_id,
                field=field,
            ) from exc

    async def _set_default(self, customer_id: str, address_id: str) -> None:
        await self.client.request(
            "POST",
            "/customers/{id}/addresses/{address_id}/set-default",
            path={"id": customer_id, "address_id": address_id},
        )

    async def _saved_address(self, customer_id: str, address_id: str) -> Address:
        customer = await self._customer(customer_id)
        found = next((a for a in customer.addresses if a.id == address_id), None)
        if found is None:
            raise bad_input("shippingAddressId", f"Customer has no address {address_id!r}")
        return found

    def _written_order(self, body: Any, vendor_id: str, status: OrderStatus) -> Order:
        """The order a write answered with; if it sent no record, what the write established."""
        record = unwrap(body)
        if record.get("id"):
            return to_order(record)
        return Order(
            vendor=self.vendor,
            vendor_id=vendor_id,
            status=status,
            vendor_status=STATUS_TO_VENDOR.get(status),
        )

    async def _list(
        self,
        route: str,
        params: Mapping[str, Any],
        offset: int,
        limit: int,
        convert: Callable[[dict[str, Any]], T],
    ) -> Page[T]:
        """Offset/limit over page/limit: one page of a size that covers the window, else two."""
        plan = page_plan(offset, limit)
        bodies = await asyncio.gather(
            *(
                self.client.get(route, params={**params, "page": page, "limit": size})
                for page, size in plan.pages
            )
        )
        records = [r for body in bodies for r in rows(body)]
        window = records[plan.skip : plan.skip + limit]
        meta = bodies[-1].get("pagination") if isinstance(bodies[-1], dict) else None
        meta = meta if isinstance(meta, dict) else {}
        total = meta.get("total_items")
        total = total if isinstance(total, int) else None
        if total is not None:
            has_more = offset + len(window) < total
        else:
            has_more = len(records) > plan.skip + limit or bool(meta.get("has_next"))
        return Page([convert(r) for r in window], total, has_more)


def to_inventory_with_sku(inventory: Inventory, sku: str) -> Inventory:
    """The same stock record, labelled with the SKU it was asked for."""
    return replace(inventory, sku=sku)
