"""Mutation inputs and payloads, and the gateway's own checks that run before any vendor call."""

from __future__ import annotations

import re
from decimal import Decimal

import strawberry

from vendorgraph import domain
from vendorgraph.api.scalars import VendorEnum
from vendorgraph.api.types import Customer, Inventory, Order
from vendorgraph.errors import FieldIssue

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_TEXT = 255


@strawberry.type(description="A business failure of a mutation: which input field and why.")
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault, e.g. items[0].quantity."
    )
    message: str = strawberry.field(description="What is wrong, for people.")
    code: str = strawberry.field(description="What is wrong, for programs (e.g. NOT_FOUND).")


@strawberry.input(description="An amount of money.")
class MoneyInput:
    amount: Decimal = strawberry.field(description="The amount in decimal units, e.g. 49.99.")
    currency: str = strawberry.field(default="USD", description="ISO 4217 currency code.")


@strawberry.input(description="A postal address.")
class AddressInput:
    type: str | None = strawberry.field(default=None, description="shipping, billing, ...")
    street: str | None = strawberry.field(default=None, description="Street and number.")
    city: str | None = strawberry.field(default=None, description="City.")
    state: str | None = strawberry.field(default=None, description="State or region.")
    postal_code: str | None = strawberry.field(default=None, description="Postal or ZIP code.")
    country: str | None = strawberry.field(default=None, description="Country code, e.g. US.")
    is_default: bool | None = strawberry.field(
        default=None, description="Make this the default address."
    )

    def to_domain(self, address_id: str | None = None) -> domain.Address:
        """The domain address."""
        return domain.Address(
            id=address_id,
            type=self.type,
            street=self.street,
            city=self.city,
            state=self.state,
            postal_code=self.postal_code,
            country=self.country,
            is_default=bool(self.is_default),
        )


@strawberry.input(description="Fields of a customer; on update, omitted fields stay as they are.")
class CustomerFields:
    email: str | None = strawberry.field(default=None, description="Email address.")
    first_name: str | None = strawberry.field(default=None, description="Given name.")
    last_name: str | None = strawberry.field(default=None, description="Family name.")
    phone: str | None = strawberry.field(
        default=None, description="Phone; TalkingShops requires it as the customer's mobile."
    )
    segment: str | None = strawberry.field(default=None, description="Tier or segment.")
    tags: list[str] | None = strawberry.field(default=None, description="Tags, where kept.")

    def to_domain(self) -> domain.CustomerInput:
        """The domain input."""
        return domain.CustomerInput(
            email=self.email,
            first_name=self.first_name,
            last_name=self.last_name,
            phone=self.phone,
            segment=self.segment,
            tags=None if self.tags is None else tuple(self.tags),
        )


@strawberry.input(description="A customer to create at one vendor.")
class CreateCustomerInput(CustomerFields):
    vendor: VendorEnum = strawberry.field(description="The vendor to create the customer at.")


@strawberry.input(description="One line of an order to create.")
class OrderLineInput:
    product_id: strawberry.ID = strawberry.field(description="Global id of a product.")
    quantity: int = strawberry.field(description="Units to order.")
    unit_price: MoneyInput | None = strawberry.field(
        default=None, description="Price of one unit, for vendors that take prices."
    )


@strawberry.input(
    description="An order to create: `customerId` (a global id), or `vendor` + `customerVendorId` "
    "for vendors that keep no customer records."
)
class CreateOrderInput:
    items: list[OrderLineInput] = strawberry.field(description="The lines ordered.")
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the customer."
    )
    vendor: VendorEnum | None = strawberry.field(
        default=None, description="The vendor, with customerVendorId."
    )
    customer_vendor_id: str | None = strawberry.field(
        default=None, description="The vendor's own customer id."
    )
    shipping_address: AddressInput | None = strawberry.field(
        default=None, description="Where to ship."
    )
    shipping_address_id: str | None = strawberry.field(
        default=None, description="A saved address of the customer to ship to."
    )
    payment_method: str | None = strawberry.field(default=None, description="e.g. credit_card.")
    shipping_method: str | None = strawberry.field(default=None, description="e.g. standard.")
    notes: str | None = strawberry.field(default=None, description="Notes for the vendor.")


@strawberry.type(description="The result of a customer mutation.")
class CustomerPayload:
    customer: Customer | None = strawberry.field(default=None, description="The customer stored.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why the write was refused, if it was."
    )


@strawberry.type(description="The result of deleting a customer.")
class DeleteCustomerPayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the deleted customer."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why the delete was refused, if it was."
    )


@strawberry.type(description="The result of an order mutation.")
class OrderPayload:
    order: Order | None = strawberry.field(default=None, description="The order as stored.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why the write was refused, if it was."
    )


@strawberry.type(description="The result of an inventory mutation.")
class InventoryPayload:
    inventory: Inventory | None = strawberry.field(default=None, description="Stock afterwards.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why the write was refused, if it was."
    )


def check_text(values: dict[str, str | None]) -> list[FieldIssue]:
    """Over-long strings, whatever the vendor."""
    return [
        FieldIssue(name, f"must be at most {MAX_TEXT} characters", "TOO_LONG")
        for name, value in values.items()
        if value is not None and len(value) > MAX_TEXT
    ]


def check_customer_fields(fields: CustomerFields) -> list[FieldIssue]:
    """Email format and text lengths."""
    issues = check_text(
        {
            "email": fields.email,
            "firstName": fields.first_name,
            "lastName": fields.last_name,
            "phone": fields.phone,
            "segment": fields.segment,
        }
    )
    if fields.email is not None and not EMAIL.match(fields.email):
        issues.append(FieldIssue("email", "must be a valid email address", "INVALID"))
    return issues


def check_lines(lines: list[OrderLineInput]) -> list[FieldIssue]:
    """Positive quantities, non-negative prices, ISO currency codes."""
    issues: list[FieldIssue] = []
    for i, line in enumerate(lines):
        if line.quantity < 1:
            issues.append(FieldIssue(f"items[{i}].quantity", "must be at least 1", "INVALID"))
        price = line.unit_price
        if price is not None and price.amount < 0:
            issues.append(FieldIssue(f"items[{i}].unitPrice", "must not be negative", "INVALID"))
        if price is not None and not CURRENCY.match(price.currency):
            issues.append(
                FieldIssue(f"items[{i}].unitPrice.currency", "must be an ISO 4217 code", "INVALID")
            )
    if not lines:
        issues.append(FieldIssue("items", "an order needs at least one item", "INVALID"))
    return issues


def check_idempotency_key(key: str | None) -> list[FieldIssue]:
    """A key, when given, names one write: not blank, and short enough to send as a header."""
    if key is None:
        return []
    if not key.strip():
        return [FieldIssue("idempotencyKey", "must not be blank", "INVALID")]
    return check_text({"idempotencyKey": key})
