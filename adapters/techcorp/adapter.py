"""TechCorp Customer API 3.2 adapter: customers, order status and creation, inventory."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from vendorgraph.adapters.base import Adapter, Capability, Found, fetch_each, int_or_none
from vendorgraph.adapters.techcorp import mapping
from vendorgraph.adapters.techcorp.errors import INVALID, parse_error, unified
from vendorgraph.domain import (
    Customer,
    CustomerInput,
    CustomerQuery,
    Inventory,
    Order,
    OrderInput,
    Page,
    Product,
)
from vendorgraph.errors import Code, FieldIssue, GatewayError
from vendorgraph.upstream.dialect import VendorDialect

API_VERSION = "3.2"
MAX_PAGE = 100  # doc 5.1.4: search `limit` max 100
BULK_CHUNK = 100
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
UNSUPPORTED = "UNSUPPORTED"
LIST_KEYS = ("data", "results", "items", "customers", "inventory")


def auth_headers(key: str) -> dict[str, str]:
    """Doc 2.1: a bearer key and the API version on every request."""
    return {"Authorization": f"Bearer {key}", "X-API-Version": API_VERSION}


DIALECT = VendorDialect(
    auth_headers=auth_headers,
    credential_header="authorization",
    parse_error=parse_error,
    rate_limit_reset="unix",  # doc 4.2: X-RateLimit-Reset: 1706889600
    # An order moves the customer's lifetime value.
    write_invalidates={"/orders": ("/customers",)},
    read_routes=frozenset({"/inventory/bulk"}),
)


class TechCorpAdapter(Adapter):
    """Customers (read, search, create, PATCH), order status and creation, stock by product.

    TechCorp has no product endpoint: a product is the id and SKU its inventory record names.
    """

    vendor = "techcorp"
    capabilities = frozenset(
        {
            Capability.CUSTOMER_GET,
            Capability.CUSTOMER_LIST,
            Capability.ORDER_GET,
            Capability.PRODUCT_GET,
            Capability.INVENTORY_BY_PRODUCT,
            Capability.CUSTOMER_CREATE,
            Capability.CUSTOMER_UPDATE,
            Capability.ORDER_CREATE,
        }
    )
    answered_by: ClassVar[Mapping[Capability, Capability]] = {
        Capability.PRODUCT_GET: Capability.INVENTORY_BY_PRODUCT
    }
    bulk_limit: ClassVar[Mapping[Capability, int]] = {Capability.INVENTORY_BY_PRODUCT: BULK_CHUNK}

    def derive(self, capability: Capability, record: Any) -> Any:
        """A product is what its inventory record names: one bulk call serves both loaders."""
        if capability is Capability.PRODUCT_GET and isinstance(record, Inventory):
            return mapping.product_of_stock(record)
        return super().derive(capability, record)

    async def fetch_customers(self, ids: Sequence[str]) -> Found[Customer]:
        return await fetch_each(ids, self._customer)

    async def fetch_orders(self, ids: Sequence[str]) -> Found[Order]:
        return await fetch_each(ids, self._order)

    async def fetch_inventory(self, product_ids: Sequence[str]) -> Found[Inventory]:
        stock = await self._stock(product_ids)
        return {
            k: v if isinstance(v, GatewayError) else mapping.inventory(v) for k, v in stock.items()
        }

    async def fetch_products(self, ids: Sequence[str]) -> Found[Product]:
        stock = await self._stock(ids)
        return {
            k: v if isinstance(v, GatewayError) else mapping.product(v) for k, v in stock.items()
        }

    async def list_customers(self, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        params = {
            "q": query.search,
            "status": query.status.lower() if query.status else None,
            "created_after": _iso(query.created_after),
            "created_before": _iso(query.created_before),
            "limit": min(max(limit, 1), MAX_PAGE),
            "offset": max(offset, 0),
        }
        body = await self.client.get("/customers/search", params=params)
        records = [r for r in _entries(body) if mapping.is_record(r)]
        items = [mapping.customer(r) for r in records[: max(limit, 0)]]
        pagination = body.get("pagination") if isinstance(body, Mapping) else None
        page_info: Mapping[str, Any] = pagination if isinstance(pagination, Mapping) else {}
        total = int_or_none(page_info.get("total", _get(body, "total")))
        more = page_info.get("has_more", _get(body, "has_more"))
        if limit < 1 or not isinstance(more, bool):
            more = bool(records) if limit < 1 else _more(total, offset, len(items), limit)
        return Page(items, total, more)

    def check_customer(self, data: CustomerInput, *, creating: bool) -> list[FieldIssue]:
        issues = []
        if creating and not data.email:
            issues.append(FieldIssue("email", "Is required", INVALID))
        elif data.email is not None and not EMAIL.match(data.email):
            issues.append(FieldIssue("email", "Must be a valid email address", INVALID))
        if data.tags:
            issues.append(FieldIssue("tags", "TechCorp customers have no tags", UNSUPPORTED))
        return issues

    def check_order(self, data: OrderInput) -> list[FieldIssue]:
        issues = (
            [] if data.items else [FieldIssue("items", "At least one item is required", INVALID)]
        )
        for index, line in enumerate(data.items):
            if line.quantity < 1:
                issues.append(FieldIssue(f"items[{index}].quantity", "Must be at least 1", INVALID))
            price = line.unit_price
            if price is not None and (price.currency.upper() != "USD" or price.amount < 0):
                issues.append(
                    FieldIssue(
                        f"items[{index}].unitPrice", "Must be a USD amount of at least 0", INVALID
                    )
                )
        if data.shipping_address and not (data.shipping_address.id or data.shipping_address_id):
            issues.append(
                FieldIssue("shippingAddress", "TechCorp takes a saved address id only", UNSUPPORTED)
            )
        return issues

    async def create_customer(self, data: CustomerInput) -> Customer:
        _raise_issues(self.check_customer(data, creating=True))
        body = await self._write("POST", "/customers", mapping.customer_body(data))
        return await self._stored_customer(body)

    async def update_customer(self, vendor_id: str, data: CustomerInput) -> Customer:
        _raise_issues(self.check_customer(data, creating=False))
        changes = mapping.customer_body(data)
        if not changes:
            found = await self._customer(vendor_id)
            if found is None:
                raise GatewayError(
                    Code.NOT_FOUND, f"customer {vendor_id!r} not found", vendor=self.vendor
                )
            return found
        path = {"customer_id": vendor_id}
        body = await self._write("PATCH", "/customers/{customer_id}", changes, path=path)
        return await self._stored_customer(body, vendor_id)

    async def create_order(self, data: OrderInput, idempotency_key: str | None) -> Order:
        _raise_issues(self.check_order(data))
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        body = await self._write("POST", "/orders", mapping.order_body(data), headers=headers)
        if not mapping.is_record(body):
            raise self._malformed("order creation")
        return mapping.order(body)

    async def _customer(self, customer_id: str) -> Customer | None:
        body = await self.client.get("/customers/{customer_id}", path={"customer_id": customer_id})
        return mapping.customer(body) if mapping.is_record(body) else None

    async def _order(self, order_id: str) -> Order | None:
        body = await self.client.get("/orders/{order_id}", path={"order_id": order_id})
        return mapping.order(body) if mapping.is_record(body) else None

    async def _stock(
        self, product_ids: Sequence[str]
    ) -> dict[str, Mapping[str, Any] | GatewayError]:
        unique = list(dict.fromkeys(product_ids))
        if len(unique) == 1:
            return await fetch_each(unique, self._one_stock)
        chunks = [unique[i : i + BULK_CHUNK] for i in range(0, len(unique), BULK_CHUNK)]
        found: dict[str, Mapping[str, Any] | GatewayError] = {}
        for chunk, result in zip(
            chunks, await asyncio.gather(*map(self._bulk, chunks)), strict=True
        ):
            if isinstance(result, GatewayError):
                found.update(dict.fromkeys(chunk, result))
            else:
                found.update((k, v) for k, v in result.items() if k in chunk)
        return found

    async def _one_stock(self, product_id: str) -> Mapping[str, Any] | None:
        body = await self.client.get("/inventory/{product_id}", path={"product_id": product_id})
        return body if mapping.is_record(body, "product_id") else None

    async def _bulk(self, ids: list[str]) -> dict[str, Mapping[str, Any]] | GatewayError:
        try:
            body = await self.client.request(
                "POST", "/inventory/bulk", json_body={"product_ids": ids}
            )
        except GatewayError as exc:
            return {} if exc.code is Code.NOT_FOUND else exc
        return {
            str(r["product_id"]): r for r in _entries(body) if mapping.is_record(r, "product_id")
        }

    async def _write(
        self,
        method: str,
        route: str,
        body: Mapping[str, Any],
        *,
        path: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        try:
            return await self.client.request(
                method, route, path=path, json_body=body, headers=headers
            )
        except GatewayError as exc:
            raise unified(exc) from exc

    async def _stored_customer(self, body: Any, customer_id: str | None = None) -> Customer:
        """The customer a write answered with, or as re-read when the answer was partial."""
        if mapping.is_record(body) and "email" in body:
            return mapping.customer(body)
        wanted = str(body["id"]) if mapping.is_record(body) else customer_id
        found = await self._customer(wanted) if wanted else None
        if found is None:
            raise self._malformed("customer write")
        return found

    def _malformed(self, what: str) -> GatewayError:
        return GatewayError(
            Code.UPSTREAM_ERROR,
            f"{self.vendor} answered the {what} without a record",
            vendor=self.vendor,
        )


def _raise_issues(issues: list[FieldIssue]) -> None:
    if issues:
        raise GatewayError(
            Code.BAD_USER_INPUT, issues[0].message, field=issues[0].field, details=issues
        )


def _entries(body: Any) -> list[Any]:
    """The records of a list answer: `{"data": [...]}` (doc 8.2), another list key, a bare list."""
    if isinstance(body, list):
        return body
    if not isinstance(body, Mapping):
        return []
    lists = (body[k] for k in LIST_KEYS if isinstance(body.get(k), list))
    return next(lists, [])


def _get(body: Any, key: str) -> Any:
    return body.get(key) if isinstance(body, Mapping) else None


def _more(total: int | None, offset: int, count: int, limit: int) -> bool:
    return offset + count < total if total is not None else count >= limit


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
