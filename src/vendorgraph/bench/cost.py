"""The fewest vendor calls a GraphQL response needed, from the entities it touched."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from vendorgraph.adapters import plugin, plugins
from vendorgraph.adapters.base import Adapter, Capability
from vendorgraph.api import ids
from vendorgraph.api.pagination import Position, decode_cursor

TYPE_READS: Mapping[str, Capability] = {
    "Customer": Capability.CUSTOMER_GET,
    "Order": Capability.ORDER_GET,
    "Product": Capability.PRODUCT_GET,
    "Inventory": Capability.INVENTORY_BY_PRODUCT,
}
"""The by-id read that fetches an entity of each GraphQL type (Inventory: by its product)."""

Key = tuple[str, Capability, str]
"""(vendor, read, vendor id), after `answered_by`: the read that really fetches the record."""


@dataclass(frozen=True, slots=True)
class Window:
    """Records [start, end) of one vendor's list that one connection showed."""

    vendor: str
    start: int
    end: int


@dataclass
class Touched:
    """What responses show the gateway needed: reads by id, records in hand, list windows.

    Levels count vendor round trips: a record read at level 2 waited for two calls in a row.
    """

    loads: dict[Key, int] = field(default_factory=dict)
    in_hand: set[Key] = field(default_factory=set)
    windows: list[tuple[Window, int]] = field(default_factory=list)
    levels: int = 0
    """Round trips in a row across every request walked (a list walk adds its pages)."""

    def need(self, key: Key, level: int) -> None:
        """Note a read first needed at `level`."""
        self.loads[key] = min(level, self.loads.get(key, level))


@dataclass(frozen=True, slots=True)
class Minimum:
    """The fewest calls per vendor, and the vendor round trips on the critical path."""

    calls: dict[str, int]
    levels: int

    @property
    def total(self) -> int:
        """All vendors' calls together."""
        return sum(self.calls.values())


@cache
def adapter_of(vendor: str) -> type[Adapter]:
    """The adapter class of a vendor: where its cost model is declared."""
    return plugin(vendor).adapter


def source_key(vendor: str, read: Capability, vendor_id: str) -> Key:
    """The read that really fetches a record (`answered_by`: TechParts stock is in the product)."""
    return vendor, adapter_of(vendor).answered_by.get(read, read), vendor_id


def pages_needed(window: Window) -> int:
    """Calls for one list window: 1 for offset/limit lists, else the fewest equal pages."""
    largest = adapter_of(window.vendor).list_page_limit
    if largest is None or window.end <= window.start:
        return 1
    last = window.end - 1
    return min(last // size - window.start // size + 1 for size in range(1, largest + 1))


def minimum(touched: Touched) -> Minimum:
    """Apply the adapters' cost model (bulk limits, list paging) to what responses touched."""
    calls: dict[str, int] = {}
    for window, _ in touched.windows:
        calls[window.vendor] = calls.get(window.vendor, 0) + pages_needed(window)
    groups: dict[tuple[str, Capability], int] = {}
    for vendor, read, _ in touched.loads:
        groups[(vendor, read)] = groups.get((vendor, read), 0) + 1
    for (vendor, read), count in groups.items():
        per_call = adapter_of(vendor).bulk_limit.get(read, 1)
        calls[vendor] = calls.get(vendor, 0) + math.ceil(count / per_call)
    return Minimum(dict(sorted(calls.items())), touched.levels)


def walk(
    data: Mapping[str, Any], after: str | None = None, touched: Touched | None = None
) -> Touched:
    """Add what one response's `data` touched; `after` is the cursor the request passed.

    Every entity object must select `__typename` and `id` (Inventory: `productId`), and every
    OrderItem `__typename`: the walk recognises fields by the types they hold.
    """
    found = touched if touched is not None else Touched()
    depth = 0
    start = _position(after)
    for value in data.values():
        if isinstance(value, Mapping) and _is_connection(value):
            depth = max(depth, _root_list(value, found, start))
        else:
            for entity in _objects(value):
                level, fetched = _load(entity, found, 0)
                depth = max(depth, _entity(entity, found, level, fetched=fetched))
    found.levels += depth
    return found


def _position(after: str | None) -> Position | None:
    return None if after is None else decode_cursor(after, sorted(_vendors()))


def _root_list(connection: Mapping[str, Any], found: Touched, after: Position | None) -> int:
    """A root connection walks vendors in turn: a window and a round trip per vendor."""
    nodes = _nodes(connection)
    counts: dict[str, int] = {}
    for node in nodes:
        vendor = _key(node)[0]
        counts[vendor] = counts.get(vendor, 0) + 1
    for level, (vendor, count) in enumerate(counts.items(), start=1):
        start = after.offset if after is not None and after.vendor == vendor else 0
        found.windows.append((Window(vendor, start, start + count), level))
    found.in_hand.update(_key(node) for node in nodes)
    return max((_entity(n, found, len(counts), fetched=False) for n in nodes), default=len(counts))


def _entity(entity: Mapping[str, Any], found: Touched, level: int, *, fetched: bool) -> int:
    """Follow an entity's nested fields; answer the deepest round trip below it."""
    deepest = level
    for value in entity.values():
        if isinstance(value, Mapping) and _is_connection(value):
            deepest = max(deepest, _customer_orders(entity, value, found, level, fetched=fetched))
            continue
        for child in _objects(value):
            if child["__typename"] in TYPE_READS:
                child_level, child_fetched = _load(child, found, level)
            else:  # an OrderItem: part of its order's record
                child_level, child_fetched = level, False
            deepest = max(deepest, _entity(child, found, child_level, fetched=child_fetched))
    return deepest


def _customer_orders(
    customer: Mapping[str, Any],
    orders: Mapping[str, Any],
    found: Touched,
    level: int,
    *,
    fetched: bool,
) -> int:
    """A customer's orders: in its by-id record where the vendor embeds them, else one list."""
    vendor, _, vendor_id = _key(customer)
    source = adapter_of(vendor).answered_by.get(Capability.CUSTOMER_ORDERS)
    nodes = _nodes(orders)
    here = level + 1
    if source is not None and fetched:
        here = level
    elif source is not None:  # a list gave this customer without its orders: read it by id
        found.need((vendor, source, vendor_id), here)
    else:
        found.windows.append((Window(vendor, 0, len(nodes)), here))
    found.in_hand.update(_key(node) for node in nodes)
    return max((_entity(n, found, here, fetched=False) for n in nodes), default=here)


def _load(entity: Mapping[str, Any], found: Touched, parent_level: int) -> tuple[int, bool]:
    """Note the by-id read of an entity unless it is in hand; its level, and if it was read."""
    key = _key(entity)
    if key in found.in_hand:
        return parent_level, False
    found.need(key, parent_level + 1)
    return found.loads[key], True


def _key(entity: Mapping[str, Any]) -> Key:
    read = TYPE_READS[str(entity["__typename"])]
    value = entity.get("id") or entity.get("productId")
    if not isinstance(value, str):
        raise ValueError(f"a {entity['__typename']} in the response has no id to count by")
    found = ids.decode(value, "id", _vendors())
    return source_key(found.vendor, read, found.vendor_id)


@cache
def _vendors() -> frozenset[str]:
    return frozenset(p.name for p in plugins())


def _is_connection(value: Mapping[str, Any]) -> bool:
    return "nodes" in value or "edges" in value


def _nodes(connection: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if connection.get("nodes") is not None:
        return [n for n in connection["nodes"] if isinstance(n, Mapping)]
    edges = connection.get("edges") or []
    return [e["node"] for e in edges if isinstance(e.get("node"), Mapping)]


def _objects(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, Mapping) and "__typename" in value:
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)
