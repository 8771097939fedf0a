"""The TechParts adapter: products and their stock by id, order creation, absolute stock by SKU."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from vendorgraph.adapters.base import Adapter, Capability, Found, fetch_each
from vendorgraph.adapters.techparts.mapping import (
    VENDOR,
    inventory_from_product,
    inventory_from_update,
    order_body,
    order_from_confirmation,
    parse_error,
    product_from_json,
)
from vendorgraph.adapters.techparts.translate import translate_error
from vendorgraph.domain import Inventory, Order, OrderInput, Product
from vendorgraph.errors import Code, FieldIssue, GatewayError
from vendorgraph.upstream.dialect import VendorDialect

MAX_ITEMS = 50
LINE_QUANTITY = (1, 999)
STOCK_QUANTITY = (0, 9999)
MAX_REASON = 200


def auth_headers(key: str) -> Mapping[str, str]:
    """`Authorization: Bearer KEY`, the only credential TechParts documents."""
    return {"Authorization": f"Bearer {key}"}


DIALECT = VendorDialect(
    auth_headers=auth_headers,
    credential_header="authorization",
    parse_error=parse_error,
    # No limit is documented; should headers appear, the overview page's convention applies.
    rate_limit_reset="seconds",
    # An order takes stock, and stock is read from the product record.
    write_invalidates={"/orders": ("/products",), "/inventory": ("/products",)},
)


class TechPartsAdapter(Adapter):
    """TechParts has no list, customer or order-read endpoints: one product call per id."""

    vendor = VENDOR
    capabilities = frozenset(
        {
            Capability.PRODUCT_GET,
            Capability.INVENTORY_BY_PRODUCT,
            Capability.ORDER_CREATE,
            Capability.INVENTORY_SET,
        }
    )
    answered_by: ClassVar[Mapping[Capability, Capability]] = {
        Capability.INVENTORY_BY_PRODUCT: Capability.PRODUCT_GET
    }

    def derive(self, capability: Capability, record: Any) -> Any:
        """A product record carries its stock: one `GET /products/{id}` serves both loaders."""
        if capability is Capability.INVENTORY_BY_PRODUCT and isinstance(record, Product):
            return record.stock
        return super().derive(capability, record)

    async def fetch_products(self, ids: Sequence[str]) -> Found[Product]:
        """Products by id, one `GET /products/{id}` each."""
        return await fetch_each(ids, self._product)

    async def fetch_inventory(self, product_ids: Sequence[str]) -> Found[Inventory]:
        """Stock by product id, read from the product record's `stock` and `in_stock`."""
        return await fetch_each(product_ids, self._inventory)

    async def raw_product(self, product_id: str) -> Mapping[str, Any]:
        """The vendor's product JSON; both the product and its stock map from it."""
        return _object(await self.client.get("/products/{id}", path={"id": product_id}))

    def check_order(self, data: OrderInput) -> list[FieldIssue]:
        """Customer, 1-50 lines of 1-999 units each, and a shipping address are required."""
        issues = []
        if not data.customer_id.strip():
            issues.append(FieldIssue("customerId", "customerId is required", "REQUIRED"))
        if not 1 <= len(data.items) <= MAX_ITEMS:
            message = f"An order takes 1 to {MAX_ITEMS} items"
            issues.append(FieldIssue("items", message, "OUT_OF_RANGE"))
        for index, line in enumerate(data.items):
            if not line.product_id.strip():
                issues.append(
                    FieldIssue(f"items[{index}].productId", "productId is required", "REQUIRED")
                )
            issues += _range(f"items[{index}].quantity", line.quantity, LINE_QUANTITY)
        if data.shipping_address is None:
            message = "TechParts needs a shipping address with the order"
            issues.append(FieldIssue("shippingAddress", message, "REQUIRED"))
        return issues

    def check_inventory(self, quantity: int, *, absolute: bool) -> list[FieldIssue]:
        """An absolute stock level is 0-9999 (a `reason` is at most 200 characters:
        `check_reason`); TechParts takes no deltas, so none is checked here."""
        return _range("quantity", quantity, STOCK_QUANTITY) if absolute else []

    def check_reason(self, reason: str | None) -> list[FieldIssue]:
        """The optional stock-change reason is at most 200 characters."""
        if reason is None or len(reason) <= MAX_REASON:
            return []
        return [FieldIssue("reason", f"reason is at most {MAX_REASON} characters", "TOO_LONG")]

    async def create_order(self, data: OrderInput, idempotency_key: str | None) -> Order:
        """`POST /orders`; TechParts documents no idempotency key, so none is sent."""
        _refuse(self.check_order(data))
        try:
            raw = await self.client.request("POST", "/orders", json_body=order_body(data))
        except GatewayError as exc:
            raise translate_error(exc, data) from exc
        return order_from_confirmation(_object(raw), data)

    async def set_inventory(self, sku: str, quantity: int, reason: str | None) -> Inventory:
        """`PATCH /inventory/{sku}` with the new absolute quantity."""
        _refuse(self.check_inventory(quantity, absolute=True) + self.check_reason(reason))
        body: dict[str, Any] = {"quantity": quantity}
        if reason is not None:
            body["reason"] = reason
        try:
            raw = await self.client.request(
                "PATCH", "/inventory/{sku}", path={"sku": sku}, json_body=body
            )
        except GatewayError as exc:
            raise translate_error(exc, None) from exc
        return inventory_from_update(_object(raw), sku)

    async def _product(self, product_id: str) -> Product:
        return product_from_json(await self.raw_product(product_id), product_id)

    async def _inventory(self, product_id: str) -> Inventory:
        return inventory_from_product(await self.raw_product(product_id), product_id)


def _range(field: str, value: int, bounds: tuple[int, int]) -> list[FieldIssue]:
    low, high = bounds
    if low <= value <= high:
        return []
    return [FieldIssue(field, f"{field} must be between {low} and {high}", "OUT_OF_RANGE")]


def _refuse(issues: list[FieldIssue]) -> None:
    if issues:
        raise GatewayError(
            Code.BAD_USER_INPUT,
            issues[0].message,
            vendor=VENDOR,
            field=issues[0].field,
            details=issues,
        )


def _object(raw: Any) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise GatewayError(
            Code.UPSTREAM_ERROR, f"{VENDOR} answered with no JSON object", vendor=VENDOR
        )
    return raw
