"""The Vendor enum (built from the installed adapters) and the small value types of the schema."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from vendorgraph import domain
from vendorgraph.adapters import plugins


def _vendor_enum() -> type[Enum]:
    members = [(p.name.upper(), p.name) for p in plugins()]
    return Enum("Vendor", members)  # type: ignore[return-value]


if TYPE_CHECKING:
    VendorEnum = Enum
else:
    VendorEnum = strawberry.enum(
        _vendor_enum(), name="Vendor", description="The vendor whose API holds a record."
    )


def vendor_value(name: str) -> VendorEnum:
    """The enum member of a vendor's lower-case name."""
    return VendorEnum(name)


OrderStatus = domain.OrderStatus
strawberry.enum(
    domain.OrderStatus,
    name="OrderStatus",
    description="The normalised order lifecycle; `vendorStatus` keeps the vendor's own word.",
)


@strawberry.type(description="An amount of money in decimal units (never cents).")
class Money:
    amount: Decimal = strawberry.field(description="The amount, e.g. 49.99.")
    currency: str = strawberry.field(description="ISO 4217 currency code, e.g. USD.")


def money(value: domain.Money | None) -> Money | None:
    """The GraphQL Money of a domain amount."""
    return None if value is None else Money(amount=value.amount, currency=value.currency)


@strawberry.type(description="A postal address a customer keeps with a vendor.")
class Address:
    id: str | None = strawberry.field(description="The vendor's id of this address.")
    type: str | None = strawberry.field(description="shipping, billing, ... as the vendor says.")
    street: str | None = strawberry.field(description="Street and number.")
    city: str | None = strawberry.field(description="City.")
    state: str | None = strawberry.field(description="State or region.")
    postal_code: str | None = strawberry.field(description="Postal or ZIP code.")
    country: str | None = strawberry.field(description="Country code.")
    is_default: bool = strawberry.field(description="Whether this is the default address.")


def address(value: domain.Address) -> Address:
    """The GraphQL Address of a domain address."""
    return Address(
        id=value.id,
        type=value.type,
        street=value.street,
        city=value.city,
        state=value.state,
        postal_code=value.postal_code,
        country=value.country,
        is_default=value.is_default,
    )


@strawberry.type(description="Where an order is on its way to the customer.")
class Shipment:
    carrier: str | None = strawberry.field(description="The carrier, e.g. UPS.")
    tracking_number: str | None = strawberry.field(description="The carrier's tracking number.")
    shipped_at: datetime | None = strawberry.field(description="When it left the warehouse.")
    estimated_delivery: datetime | None = strawberry.field(description="Expected delivery time.")


def shipment(value: domain.Shipment | None) -> Shipment | None:
    """The GraphQL Shipment of a domain shipment."""
    if value is None:
        return None
    return Shipment(
        carrier=value.carrier,
        tracking_number=value.tracking_number,
        shipped_at=value.shipped_at,
        estimated_delivery=value.estimated_delivery,
    )


@strawberry.type(description="Stock held at one warehouse or location.")
class InventoryLocation:
    location: str = strawberry.field(description="The warehouse or location name.")
    available: int | None = strawberry.field(description="Units available there.")
    reserved: int | None = strawberry.field(description="Units reserved there.")


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More records follow this page.")
    has_previous_page: bool = strawberry.field(description="Records precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last edge; pass as `after`."
    )
