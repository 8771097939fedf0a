"""Request-body validation for the E-Commerce sandbox: field rules as data, 422 with details."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NoReturn

from starlette.requests import Request

from vendorgraph.adapters.ecommerce.store import WAREHOUSES, Record
from vendorgraph.adapters.sandboxkit import VendorHTTPError, read_json

Issues = list[dict[str, str]]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,19}$")
ORDER_STATUSES = ("pending", "processing", "shipped", "delivered", "cancelled")
PRODUCT_STATUSES = ("active", "draft", "archived")
SHIPPING_METHODS = ("standard", "express", "overnight")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


KIND_CHECKS: Mapping[str, tuple[Callable[[Any], bool], str]] = {
    "text": (lambda v: isinstance(v, str), "Must be a string"),
    "email": (
        lambda v: isinstance(v, str) and bool(EMAIL.match(v)),
        "Must be a valid email address",
    ),
    "phone": (
        lambda v: isinstance(v, str) and bool(PHONE.match(v)),
        "Must be a valid phone number",
    ),
    "number": (_is_number, "Must be a number"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "Must be an integer"),
    "bool": (lambda v: isinstance(v, bool), "Must be true or false"),
    "texts": (
        lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        "Must be a list of strings",
    ),
    "objects": (
        lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
        "Must be a list of objects",
    ),
    "object": (lambda v: isinstance(v, dict), "Must be an object"),
}


@dataclass(frozen=True, slots=True)
class Rule:
    """What one body field must be."""

    kind: str
    required: bool = False
    max_len: int = 255
    minimum: float | None = None
    choices: tuple[str, ...] = ()


CUSTOMER = {
    "email": Rule("email", required=True, max_len=254),
    "first_name": Rule("text", max_len=100),
    "last_name": Rule("text", max_len=100),
    "phone": Rule("phone"),
    "tags": Rule("texts"),
    "addresses": Rule("objects"),
}
ADDRESS = {
    "type": Rule("text", choices=("shipping", "billing")),
    "street": Rule("text", required=True),
    "city": Rule("text", required=True, max_len=100),
    "state": Rule("text", max_len=100),
    "zip": Rule("text", max_len=20),
    "postal_code": Rule("text", max_len=20),
    "country": Rule("text", max_len=56),
    "is_default": Rule("bool"),
}
PRODUCT = {
    "name": Rule("text", required=True),
    "description": Rule("text", max_len=5000),
    "price": Rule("number", required=True, minimum=0),
    "sku": Rule("text", required=True, max_len=64),
    "status": Rule("text", choices=PRODUCT_STATUSES),
    "categories": Rule("texts"),
    "variants": Rule("objects"),
    "images": Rule("texts"),
}
VARIANT = {
    "sku": Rule("text", required=True, max_len=64),
    "price": Rule("number", minimum=0),
    "inventory": Rule("int", minimum=0),
    "attributes": Rule("object"),
    "image": Rule("text", max_len=2048),
}
ORDER = {
    "customer_id": Rule("text", required=True),
    "items": Rule("objects", required=True),
    "shipping_address": Rule("object"),
    "billing_address": Rule("object"),
    "payment_method": Rule("text", max_len=50),
    "shipping_method": Rule("text", choices=SHIPPING_METHODS),
}
ORDER_ITEM = {
    "product_id": Rule("text", required=True),
    "variant_id": Rule("text"),
    "quantity": Rule("int", required=True, minimum=1),
    "price": Rule("number", minimum=0),
}
STATUS_CHANGE = {
    "status": Rule("text", required=True, choices=ORDER_STATUSES),
    "note": Rule("text", max_len=1000),
}
CANCEL = {"reason": Rule("text"), "refund": Rule("bool"), "note": Rule("text", max_len=1000)}
ADJUST = {
    "quantity": Rule("int", required=True),
    "reason": Rule("text", max_len=100),
    "location": Rule("text", choices=WAREHOUSES),
    "note": Rule("text", max_len=1000),
}


def check(
    body: Record, rules: Mapping[str, Rule], *, partial: bool = False, prefix: str = ""
) -> Issues:
    """Every problem with the body's fields; `partial` bodies may leave required fields out."""
    issues: Issues = []
    for name, rule in rules.items():
        problem = _problem(body, name, rule, partial)
        if problem:
            issues.append({"field": prefix + name, "message": problem})
    return issues


def _problem(body: Record, name: str, rule: Rule, partial: bool) -> str | None:
    value = body.get(name)
    if value is None:
        needed = rule.required and (not partial or name in body)
        return "This field is required" if needed else None
    accepts, message = KIND_CHECKS[rule.kind]
    if not accepts(value):
        return message
    if isinstance(value, str) and rule.required and not value.strip():
        return "This field is required"
    if isinstance(value, str) and len(value) > rule.max_len:
        return f"Must be at most {rule.max_len} characters"
    if rule.choices and value not in rule.choices:
        return f"Must be one of: {', '.join(rule.choices)}"
    if rule.minimum is not None and Decimal(str(value)) < Decimal(str(rule.minimum)):
        return f"Must be at least {rule.minimum:g}"
    return None


def reject(issues: Issues) -> NoReturn:
    """Raise the documented 422 validation_error carrying every issue."""
    message = issues[0]["message"] if len(issues) == 1 else "Request validation failed"
    if len(issues) == 1:
        message = f"Invalid {issues[0]['field']}: {message}"
    raise VendorHTTPError(422, "validation", message, issues)


def ensure(issues: Issues) -> None:
    """Reject the request if there is any issue."""
    if issues:
        reject(issues)


async def body_object(request: Request, *, optional: bool = False) -> Record:
    """The JSON body, which must be an object (400 otherwise); `optional` bodies may be empty."""
    if optional and not (await request.body()).strip():
        return {}
    body = await read_json(request)
    if not isinstance(body, dict):
        raise VendorHTTPError(400, "malformed", "Request body must be a JSON object")
    return body


def not_found(kind: str, key: str) -> VendorHTTPError:
    """The documented 404 for a record that does not exist."""
    return VendorHTTPError(404, "not_found", f"{kind} '{key}' not found")


def conflict(field: str, message: str) -> VendorHTTPError:
    """The documented 409 for a duplicate or a state that forbids the change."""
    return VendorHTTPError(409, "conflict", message, [{"field": field, "message": message}])
