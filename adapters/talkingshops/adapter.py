"""The TalkingShops adapter: customers (with their embedded orders) over the Customer API v1."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from vendorgraph.adapters.base import Adapter, Capability, Found, fetch_each, int_or_none
from vendorgraph.adapters.talkingshops.errors import parse_error
from vendorgraph.adapters.talkingshops.mapping import (
    VENDOR,
    create_body,
    created_id,
    customer_from,
    customer_issues,
    iso_utc,
    needs_current_name,
    order_status,
    update_fields,
)
from vendorgraph.domain import Customer, CustomerInput, CustomerQuery, Order, OrderQuery, Page
from vendorgraph.errors import Code, FieldIssue, GatewayError, not_found
from vendorgraph.upstream.dialect import VendorDialect

KEY_HEADER = "x-tenant-api-key"
CUSTOMERS = "/customers"
CUSTOMER = "/customers/{customerId}"
LOOKUP = "/customers/lookup"
RESERVED_IDS = frozenset({"", "lookup", "stats"})
"""Path words that are routes of their own, never customer ids."""
LIST_SORT = "created_at"
MAX_PAGE = 100  # `limit` is 1-100


def _covering_size(offset: int, limit: int) -> int:
    """A page size whose one page holds the whole window, else `limit` (two pages then)."""
    fits = (s for s in range(limit, MAX_PAGE + 1) if offset // s == (offset + limit - 1) // s)
    return next(fits, limit)


def _auth_headers(key: str) -> Mapping[str, str]:
    return {KEY_HEADER: key}


DIALECT = VendorDialect(
    auth_headers=_auth_headers,
    credential_header=KEY_HEADER,
    parse_error=parse_error,
    rate_limit_reset="seconds",
)
"""`X-RateLimit-Reset` is seconds until reset: the doc is silent, the overview page says so."""


def _rows(body: Any) -> list[Mapping[str, Any]]:
    """The customer records of a list response (none when the body is not the documented shape)."""
    rows = body.get("customers") if isinstance(body, Mapping) else None
    return [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []


class TalkingShopsAdapter(Adapter):
    """Customers and their embedded orders; TalkingShops has no products and no order endpoints.

    Orders exist only inside `GET /customers/{id}`, so a customer's orders are listed by reading
    the customer; listing orders across customers is unsupported.
    """

    vendor = VENDOR
    capabilities = frozenset(
        {
            Capability.CUSTOMER_GET,
            Capability.CUSTOMER_LIST,
            Capability.CUSTOMER_ORDERS,
            Capability.CUSTOMER_CREATE,
            Capability.CUSTOMER_UPDATE,
            Capability.CUSTOMER_DELETE,
        }
    )
    answered_by: ClassVar[Mapping[Capability, Capability]] = {
        Capability.CUSTOMER_ORDERS: Capability.CUSTOMER_GET
    }
    list_page_limit = MAX_PAGE

    def derive(self, capability: Capability, record: Any) -> Any:
        """A customer read carries the customer's orders."""
        if capability is Capability.CUSTOMER_ORDERS and isinstance(record, Customer):
            return record.orders
        return super().derive(capability, record)

    async def _customer(self, customer_id: str) -> Customer:
        if customer_id.strip() in RESERVED_IDS:
            raise not_found(self.vendor, "customer", customer_id)
        raw = await self.client.get(CUSTOMER, path={"customerId": customer_id})
        return customer_from(raw, customer_id)

    async def fetch_customers(self, ids: Sequence[str]) -> Found[Customer]:
        """One `GET /customers/{id}` per id (there is no bulk endpoint)."""
        return await fetch_each(ids, self._customer)

    async def _list_page(self, params: Mapping[str, Any], page: int, size: int) -> Any:
        return await self.client.get(CUSTOMERS, params={**params, "page": page, "limit": size})

    async def list_customers(self, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        """Offset/limit over page/limit pages; an unaligned offset may need the next page too.

        TalkingShops customers carry no status, so a status filter matches none of them.
        """
        if query.status is not None:
            return Page([], 0, False)
        params = {
            "searchTerm": query.search or None,
            "startDate": iso_utc(query.created_after) if query.created_after else None,
            "endDate": iso_utc(query.created_before) if query.created_before else None,
            "sort": LIST_SORT,
        }
        size = _covering_size(offset, max(1, limit))
        page = offset // size + 1
        skip = offset - (page - 1) * size
        first = await self._list_page(params, page, size)
        raw_items = _rows(first)
        total = int_or_none(first.get("total") if isinstance(first, Mapping) else None)
        if (
            skip + limit > size
            and len(raw_items) == size
            and (total is None or page * size < total)
        ):
            raw_items += _rows(await self._list_page(params, page + 1, size))
        items = [customer_from(r) for r in raw_items[skip : skip + limit]]
        if total is None:
            return Page(items, None, len(items) == limit)
        return Page(items, total, offset + len(items) < total)

    async def list_orders(self, query: OrderQuery, offset: int, limit: int) -> Page[Order]:
        """A customer's embedded orders, sliced; without a customer id this is unsupported."""
        if query.customer_id is None:
            return await super().list_orders(query, offset, limit)
        orders = list((await self._customer(query.customer_id)).orders or ())
        if query.status is not None:
            orders = [o for o in orders if order_status(o.vendor_status) is query.status]
        items = orders[offset : offset + limit]
        return Page(items, len(orders), offset + len(items) < len(orders))

    def check_customer(self, data: CustomerInput, *, creating: bool) -> list[FieldIssue]:
        """Mobile is required on create (field `phone`); email must look like an address."""
        return customer_issues(data, creating=creating)

    def _reject(self, issues: list[FieldIssue]) -> GatewayError:
        return GatewayError(
            Code.BAD_USER_INPUT, "Invalid customer input", vendor=self.vendor, details=issues
        )

    async def create_customer(self, data: CustomerInput) -> Customer:
        """POST the customer, then read it back by the returned `customerId`."""
        issues = self.check_customer(data, creating=True)
        if issues:
            raise self._reject(issues)
        body = create_body(data)
        try:
            raw = await self.client.request("POST", CUSTOMERS, json_body=body)
        except GatewayError as exc:
            raise await self._explain(exc, body.get("mobile"), None) from exc
        customer_id = created_id(raw)
        if customer_id is None:
            raise GatewayError(
                Code.UPSTREAM_ERROR, "talkingshops returned no customerId", vendor=self.vendor
            )
        return await self._customer(customer_id)

    async def update_customer(self, vendor_id: str, data: CustomerInput) -> Customer:
        """PUT `{"updates": ...}`, then read back; changing one name part reads the name first."""
        issues = self.check_customer(data, creating=False)
        if issues:
            raise self._reject(issues)
        current = await self._customer(vendor_id) if needs_current_name(data) else None
        updates = update_fields(data, current.full_name if current else None)
        if updates:
            try:
                await self.client.request(
                    "PUT", CUSTOMER, path={"customerId": vendor_id}, json_body={"updates": updates}
                )
            except GatewayError as exc:
                raise await self._explain(exc, updates.get("mobile"), vendor_id) from exc
        return await self._customer(vendor_id)

    async def delete_customer(self, vendor_id: str) -> None:
        """DELETE the customer."""
        await self.client.request("DELETE", CUSTOMER, path={"customerId": vendor_id})

    async def _explain(
        self, exc: GatewayError, mobile: str | None, own_id: str | None
    ) -> GatewayError:
        """Mark a rejected write DUPLICATE when another customer already holds the mobile.

        The doc documents mobile uniqueness but no error for it, so the answer is checked with a
        lookup rather than read from the wording of the message.
        """
        if exc.code not in (Code.BAD_USER_INPUT, Code.CONFLICT) or not mobile:
            return exc
        try:
            owner = await self.client.get(LOOKUP, params={"mobile": mobile})
        except GatewayError:
            return exc
        owner_id = customer_from(owner).vendor_id if isinstance(owner, Mapping) else ""
        if not owner_id or owner_id == own_id:
            return exc
        message = "A customer with this mobile number already exists"
        details = [d for d in exc.details if d.field != "phone"]
        details.append(FieldIssue("phone", message, "DUPLICATE"))
        return GatewayError(
            exc.code,
            exc.message,
            vendor=exc.vendor,
            upstream_status=exc.upstream_status,
            request_id=exc.request_id,
            details=details,
        )
