"""Request-body validation for the TechParts sandbox, with the doc's `Field '…' …` messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_ITEMS = 50
QUANTITY_RANGE = (1, 999)
STOCK_RANGE = (0, 9999)
MAX_REASON = 200

_TYPES: Mapping[str, tuple[type, ...]] = {
    "a string": (str,),
    "an object": (dict,),
    "an array": (list,),
    "an integer": (int,),
}


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """A validated `POST /orders` body."""

    customer_id: str
    items: tuple[tuple[str, int], ...]
    shipping_address: dict[str, Any]


@dataclass(frozen=True, slots=True)
class InventoryRequest:
    """A validated `PATCH /inventory/{sku}` body."""

    quantity: int
    reason: str | None


def order_problems(body: Any) -> list[str]:
    """Everything wrong with an order body (empty: valid)."""
    if not isinstance(body, dict):
        return ["Request body must be a JSON object"]
    problems = _typed(body, "customer_id", "a string", required=True)
    if not problems and not body["customer_id"].strip():
        problems.append("Field 'customer_id' is required")
    problems += _items(body)
    problems += _typed(body, "shipping_address", "an object", required=True)
    return problems


def order_request(body: dict[str, Any]) -> OrderRequest:
    """The parts of a valid order body the store needs."""
    items = tuple((item["product_id"], item["quantity"]) for item in body["items"])
    return OrderRequest(body["customer_id"], items, body["shipping_address"])


def inventory_problems(body: Any) -> list[str]:
    """Everything wrong with an inventory update body (empty: valid)."""
    if not isinstance(body, dict):
        return ["Request body must be a JSON object"]
    problems = _typed(body, "quantity", "an integer", required=True)
    problems += _in_range(body, "quantity", STOCK_RANGE) if not problems else []
    reason = _typed(body, "reason", "a string", required=False)
    if not reason and len(body.get("reason") or "") > MAX_REASON:
        reason.append(f"Field 'reason' must be at most {MAX_REASON} characters")
    return problems + reason


def inventory_request(body: dict[str, Any]) -> InventoryRequest:
    """The parts of a valid inventory body the store needs."""
    return InventoryRequest(body["quantity"], body.get("reason"))


def _items(body: dict[str, Any]) -> list[str]:
    problems = _typed(body, "items", "an array", required=True)
    if problems:
        return problems
    items = body["items"]
    if not items:
        return ["Field 'items' must contain at least 1 item"]
    if len(items) > MAX_ITEMS:
        return [f"Field 'items' must contain at most {MAX_ITEMS} items"]
    for index, item in enumerate(items):
        prefix = f"items[{index}]."
        if not isinstance(item, dict):
            problems.append(f"Field 'items[{index}]' must be an object")
            continue
        problems += _typed(item, "product_id", "a string", required=True, prefix=prefix)
        quantity = _typed(item, "quantity", "an integer", required=True, prefix=prefix)
        problems += quantity or _in_range(item, "quantity", QUANTITY_RANGE, prefix)
    return problems


def _typed(
    body: dict[str, Any], name: str, kind: str, *, required: bool, prefix: str = ""
) -> list[str]:
    value = body.get(name)
    if value is None or value == "":
        return [f"Field '{prefix}{name}' is required"] if required else []
    if isinstance(value, bool) or not isinstance(value, _TYPES[kind]):
        return [f"Field '{prefix}{name}' must be {kind}"]
    return []


def _in_range(
    body: dict[str, Any], name: str, bounds: tuple[int, int], prefix: str = ""
) -> list[str]:
    low, high = bounds
    if low <= body[name] <= high:
        return []
    return [f"Field '{prefix}{name}' must be between {low} and {high}"]
