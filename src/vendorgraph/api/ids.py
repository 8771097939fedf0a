"""Global ids: an opaque encoding of entity type, vendor and the vendor's own id."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from vendorgraph.errors import bad_input

TYPES = ("Customer", "Order", "Product")


@dataclass(frozen=True, slots=True)
class GlobalId:
    """A decoded global id."""

    type: str
    vendor: str
    vendor_id: str

    def encode(self) -> str:
        """The opaque string clients see."""
        raw = f"{self.type}:{self.vendor}:{self.vendor_id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def encode(type_name: str, vendor: str, vendor_id: str) -> str:
    """The global id of one record."""
    return GlobalId(type_name, vendor, vendor_id).encode()


def decode(
    value: str, argument: str, vendors: frozenset[str], expect: str | None = None
) -> GlobalId:
    """Decode a client-given id, or raise BAD_USER_INPUT naming the argument."""
    try:
        padded = value + "=" * (-len(value) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise bad_input(argument, f"{argument} is not a valid id") from None
    type_name, _, rest = text.partition(":")
    vendor, _, vendor_id = rest.partition(":")
    if type_name not in TYPES or vendor not in vendors or not vendor_id:
        raise bad_input(argument, f"{argument} is not a valid id")
    if expect is not None and type_name != expect:
        raise bad_input(argument, f"{argument} is a {type_name} id, not a {expect} id")
    return GlobalId(type_name, vendor, vendor_id)
