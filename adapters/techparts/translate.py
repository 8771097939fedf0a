"""Turns TechParts write errors into gateway errors that name the unified input fields."""

from __future__ import annotations

import re

from vendorgraph.adapters.techparts.mapping import unified_field
from vendorgraph.domain import OrderInput
from vendorgraph.errors import Code, FieldIssue, GatewayError

INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
_QUOTED = re.compile(r"'([^']+)'")


def translate_error(exc: GatewayError, order: OrderInput | None) -> GatewayError:
    """Stock shortfalls and unknown products (on orders) and validation errors become
    BAD_USER_INPUT naming unified fields; anything else passes through unchanged."""
    if any(d.code == INSUFFICIENT_STOCK for d in exc.details):
        return _rebuilt(exc, [_stock_issue(exc, order)])
    if order is not None and exc.code is Code.NOT_FOUND:
        index = _line_named(exc.message, order)
        if index is not None:
            field = f"items[{index}].productId"
            return _rebuilt(exc, [FieldIssue(field, exc.message, "NOT_FOUND")])
    if exc.code is Code.BAD_USER_INPUT:
        issues = [FieldIssue(unified_field(d.field), d.message, d.code) for d in exc.details]
        return _rebuilt(exc, issues or [FieldIssue(None, exc.message, "INVALID")])
    return exc


def _stock_issue(exc: GatewayError, order: OrderInput | None) -> FieldIssue:
    index = _line_named(exc.message, order) if order else None
    if index is None and order is not None and len(order.items) == 1:
        index = 0
    field = "items" if index is None else f"items[{index}].quantity"
    return FieldIssue(field, exc.message, INSUFFICIENT_STOCK)


def _line_named(message: str, order: OrderInput | None) -> int | None:
    """The first order line whose product the vendor's message names (quoted, or anywhere)."""
    if order is None:
        return None
    ids = [line.product_id for line in order.items]
    for quoted in _QUOTED.findall(message):
        if quoted in ids:
            return ids.index(quoted)
    return next((i for i, pid in enumerate(ids) if pid and pid in message), None)


def _rebuilt(exc: GatewayError, issues: list[FieldIssue]) -> GatewayError:
    return GatewayError(
        Code.BAD_USER_INPUT,
        exc.message,
        vendor=exc.vendor,
        upstream_status=exc.upstream_status,
        request_id=exc.request_id,
        field=issues[0].field if len(issues) == 1 else None,
        details=issues,
    )
