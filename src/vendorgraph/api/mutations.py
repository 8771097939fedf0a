"""The Mutation root: writes mapped onto each vendor's verbs, with userErrors and idempotency."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from vendorgraph import domain
from vendorgraph.adapters.base import Adapter, Capability
from vendorgraph.api import ids
from vendorgraph.api.context import Context, context_of
from vendorgraph.api.inputs import (
    AddressInput,
    CreateCustomerInput,
    CreateOrderInput,
    CustomerFields,
    CustomerPayload,
    DeleteCustomerPayload,
    InventoryPayload,
    OrderPayload,
    UserError,
    check_customer_fields,
    check_idempotency_key,
    check_lines,
    check_text,
)
from vendorgraph.api.outcomes import (
    attempt,
    invalid,
    remember_customer,
    remember_order,
    remember_stock,
    require,
)
from vendorgraph.api.scalars import OrderStatus, VendorEnum
from vendorgraph.api.types import to_customer, to_inventory, to_order
from vendorgraph.errors import Code, FieldIssue, GatewayError
from vendorgraph.idempotency import fingerprint
from vendorgraph.loaders import Resource

ADJUST_FIELDS = {"quantity": "delta"}
"""Adapters name the stock amount `quantity`; adjustInventory's argument is `delta`."""


def _target(context: Context, value: str, argument: str, type_name: str) -> tuple[str, str]:
    found = ids.decode(value, argument, frozenset(context.gateway.names), expect=type_name)
    return found.vendor, found.vendor_id


def _customer_payload(errors: list[UserError]) -> CustomerPayload:
    return CustomerPayload(user_errors=errors)


def _order_payload(errors: list[UserError]) -> OrderPayload:
    return OrderPayload(user_errors=errors)


def _inventory_payload(errors: list[UserError]) -> InventoryPayload:
    return InventoryPayload(user_errors=errors)


def _stored_customer(context: Context, record: domain.Customer) -> CustomerPayload:
    remember_customer(context, record)
    return CustomerPayload(customer=to_customer(record))


def _stored_order(context: Context, record: domain.Order) -> OrderPayload:
    remember_order(context, record)
    return OrderPayload(order=to_order(record))


def _stored_inventory(
    context: Context, record: domain.Inventory, sku: str | None = None
) -> InventoryPayload:
    remember_stock(context, record, sku)
    return InventoryPayload(inventory=to_inventory(record))


def _order_customer(context: Context, data: CreateOrderInput) -> tuple[str, str]:
    """The vendor and vendor customer id an order is for, or BAD_USER_INPUT."""
    if data.customer_id is not None:
        return _target(context, data.customer_id, "customerId", "Customer")
    if data.vendor is not None and data.customer_vendor_id:
        return data.vendor.value, data.customer_vendor_id
    missing = "give customerId, or vendor and customerVendorId"
    raise invalid([FieldIssue("customerId", missing, "REQUIRED")])


def _order_input(
    context: Context, vendor: str, customer: str, data: CreateOrderInput
) -> domain.OrderInput:
    """The domain input of an order for `vendor`, or BAD_USER_INPUT naming each bad field."""
    issues = check_lines(data.items) + check_text(
        {
            "notes": data.notes,
            "paymentMethod": data.payment_method,
            "shippingMethod": data.shipping_method,
        }
    )
    lines: list[domain.OrderLineInput] = []
    for i, line in enumerate(data.items):
        try:
            product_vendor, product = _target(
                context, line.product_id, f"items[{i}].productId", "Product"
            )
        except GatewayError as error:
            issues.append(FieldIssue(error.field, error.message, Code.BAD_USER_INPUT.value))
            continue
        if product_vendor != vendor:
            issues.append(
                FieldIssue(f"items[{i}].productId", f"is not a {vendor} product", "INVALID")
            )
        price = line.unit_price
        unit = domain.Money(price.amount, price.currency) if price else None
        lines.append(domain.OrderLineInput(product, line.quantity, unit))
    require(issues)
    address = data.shipping_address.to_domain() if data.shipping_address else None
    return domain.OrderInput(
        customer_id=customer,
        items=tuple(lines),
        shipping_address=address,
        shipping_address_id=data.shipping_address_id,
        payment_method=data.payment_method,
        shipping_method=data.shipping_method,
        notes=data.notes,
    )


def _adapter(context: Context, vendor: str, capability: Capability) -> Adapter:
    return context.gateway.adapter(vendor, capability)


@strawberry.type(description="Write customers, orders and inventory at the vendor that holds them.")
class Mutation:
    @strawberry.mutation(description="Create a customer at one vendor.")
    async def create_customer(
        self, info: Info[Any, Any], input: CreateCustomerInput
    ) -> CustomerPayload:
        context = context_of(info)

        async def run() -> CustomerPayload:
            adapter = _adapter(context, input.vendor.value, Capability.CUSTOMER_CREATE)
            data = input.to_domain()
            require(check_customer_fields(input) + adapter.check_customer(data, creating=True))
            return _stored_customer(context, await adapter.create_customer(data))

        return await attempt(run, _customer_payload)

    @strawberry.mutation(description="Change the given fields of a customer.")
    async def update_customer(
        self, info: Info[Any, Any], id: strawberry.ID, input: CustomerFields
    ) -> CustomerPayload:
        context = context_of(info)

        async def run() -> CustomerPayload:
            vendor, key = _target(context, id, "id", "Customer")
            adapter = _adapter(context, vendor, Capability.CUSTOMER_UPDATE)
            data = input.to_domain()
            require(check_customer_fields(input) + adapter.check_customer(data, creating=False))
            return _stored_customer(context, await adapter.update_customer(key, data))

        return await attempt(run, _customer_payload, "id")

    @strawberry.mutation(description="Delete a customer.")
    async def delete_customer(
        self, info: Info[Any, Any], id: strawberry.ID
    ) -> DeleteCustomerPayload:
        context = context_of(info)

        async def run() -> DeleteCustomerPayload:
            vendor, key = _target(context, id, "id", "Customer")
            await _adapter(context, vendor, Capability.CUSTOMER_DELETE).delete_customer(key)
            context.loaders.forget(vendor, Resource.CUSTOMER, key)
            return DeleteCustomerPayload(deleted_id=id)

        return await attempt(run, lambda errors: DeleteCustomerPayload(user_errors=errors), "id")

    @strawberry.mutation(description="Add an address to a customer.")
    async def add_customer_address(
        self, info: Info[Any, Any], customer_id: strawberry.ID, input: AddressInput
    ) -> CustomerPayload:
        context = context_of(info)

        async def run() -> CustomerPayload:
            vendor, key = _target(context, customer_id, "customerId", "Customer")
            adapter = _adapter(context, vendor, Capability.ADDRESS_ADD)
            return _stored_customer(context, await adapter.add_address(key, input.to_domain()))

        return await attempt(run, _customer_payload, "customerId")

    @strawberry.mutation(description="Replace one of a customer's addresses.")
    async def update_customer_address(
        self, info: Info[Any, Any], customer_id: strawberry.ID, address_id: str, input: AddressInput
    ) -> CustomerPayload:
        context = context_of(info)

        async def run() -> CustomerPayload:
            vendor, key = _target(context, customer_id, "customerId", "Customer")
            adapter = _adapter(context, vendor, Capability.ADDRESS_UPDATE)
            record = await adapter.update_address(key, input.to_domain(address_id))
            return _stored_customer(context, record)

        return await attempt(run, _customer_payload, "addressId")

    @strawberry.mutation(description="Remove one of a customer's addresses.")
    async def delete_customer_address(
        self, info: Info[Any, Any], customer_id: strawberry.ID, address_id: str
    ) -> CustomerPayload:
        context = context_of(info)

        async def run() -> CustomerPayload:
            vendor, key = _target(context, customer_id, "customerId", "Customer")
            adapter = _adapter(context, vendor, Capability.ADDRESS_DELETE)
            return _stored_customer(context, await adapter.delete_address(key, address_id))

        return await attempt(run, _customer_payload, "addressId")

    @strawberry.mutation(
        description="Create an order. With `idempotencyKey`, a retry returns the first order "
        "instead of creating another; the same key with a different input is a CONFLICT."
    )
    async def create_order(
        self, info: Info[Any, Any], input: CreateOrderInput, idempotency_key: str | None = None
    ) -> OrderPayload:
        context = context_of(info)

        async def run() -> OrderPayload:
            require(check_idempotency_key(idempotency_key))
            vendor, customer = _order_customer(context, input)
            adapter = _adapter(context, vendor, Capability.ORDER_CREATE)
            data = _order_input(context, vendor, customer, input)
            require(adapter.check_order(data))
            if idempotency_key is None:
                return _stored_order(context, await adapter.create_order(data, None))
            record = await context.gateway.idempotency.run(
                vendor,
                idempotency_key,
                fingerprint(data),
                lambda: adapter.create_order(data, idempotency_key),
            )
            return _stored_order(context, record)

        return await attempt(run, _order_payload)

    @strawberry.mutation(description="Cancel an order.")
    async def cancel_order(
        self, info: Info[Any, Any], id: strawberry.ID, reason: str | None = None
    ) -> OrderPayload:
        context = context_of(info)

        async def run() -> OrderPayload:
            vendor, key = _target(context, id, "id", "Order")
            require(check_text({"reason": reason}))
            adapter = _adapter(context, vendor, Capability.ORDER_CANCEL)
            return _stored_order(context, await adapter.cancel_order(key, reason))

        return await attempt(run, _order_payload, "id")

    @strawberry.mutation(description="Move an order to another status.")
    async def update_order_status(
        self, info: Info[Any, Any], id: strawberry.ID, status: OrderStatus, note: str | None = None
    ) -> OrderPayload:
        context = context_of(info)

        async def run() -> OrderPayload:
            vendor, key = _target(context, id, "id", "Order")
            require(check_text({"note": note}))
            adapter = _adapter(context, vendor, Capability.ORDER_UPDATE_STATUS)
            record = await adapter.update_order_status(key, status, note)
            return _stored_order(context, record)

        return await attempt(run, _order_payload, "id")

    @strawberry.mutation(description="Change a product's stock by a delta (e.g. -10 when sold).")
    async def adjust_inventory(
        self,
        info: Info[Any, Any],
        product_id: strawberry.ID,
        delta: int,
        reason: str | None = None,
        location: str | None = None,
    ) -> InventoryPayload:
        context = context_of(info)

        async def run() -> InventoryPayload:
            vendor, key = _target(context, product_id, "productId", "Product")
            adapter = _adapter(context, vendor, Capability.INVENTORY_ADJUST)
            issues = check_text({"reason": reason, "location": location})
            require(issues + adapter.check_inventory(delta, absolute=False))
            return _stored_inventory(
                context, await adapter.adjust_inventory(key, delta, reason, location)
            )

        return await attempt(run, _inventory_payload, "productId", ADJUST_FIELDS)

    @strawberry.mutation(description="Set the stock of a SKU to an absolute quantity.")
    async def set_inventory(
        self,
        info: Info[Any, Any],
        vendor: VendorEnum,
        sku: str,
        quantity: int,
        reason: str | None = None,
    ) -> InventoryPayload:
        context = context_of(info)

        async def run() -> InventoryPayload:
            adapter = _adapter(context, vendor.value, Capability.INVENTORY_SET)
            issues = check_text({"reason": reason})
            require(issues + adapter.check_inventory(quantity, absolute=True))
            record = await adapter.set_inventory(sku, quantity, reason)
            return _stored_inventory(context, record, sku)

        return await attempt(run, _inventory_payload, "sku")
