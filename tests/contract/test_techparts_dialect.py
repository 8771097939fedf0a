"""The TechParts dialect reads every reasonable shape of its error bodies, and errors translate."""

from __future__ import annotations

from typing import Any

import pytest

from vendorgraph.adapters.techparts.mapping import order_from_confirmation, parse_error
from vendorgraph.adapters.techparts.translate import translate_error
from vendorgraph.domain import OrderInput, OrderLineInput
from vendorgraph.errors import Code, FieldIssue, GatewayError


@pytest.mark.parametrize(
    ("body", "code", "message", "details"),
    [
        ({"error": "not_found", "message": "Product with ID 'X' does not exist"},
         "not_found", "Product with ID 'X' does not exist", []),
        ({"error": "validation_error", "message": "Invalid request body",
          "details": ["Field 'customer_id' is required",
                      "Field 'items' must contain at least 1 item"]},
         "validation_error", "Invalid request body",
         [("customer_id", "Field 'customer_id' is required"),
          ("items", "Field 'items' must contain at least 1 item")]),
        ({"error": {"code": "validation_error", "message": "Bad",
                    "details": [{"field": "items[0].quantity", "issue": "too big"}]}},
         "validation_error", "Bad", [("items[0].quantity", "too big")]),
        ({"error": "validation_error", "message": "Bad",
          "details": [{"field": "reason", "message": "too long"}]},
         "validation_error", "Bad", [("reason", "too long")]),
        ({"error": "validation_error", "message": "Bad", "details": {"quantity": ["must be >= 0"]}},
         "validation_error", "Bad", [("quantity", "must be >= 0")]),
        ("not json at all", None, None, []),
        (None, None, None, []),
    ],
    ids=["flat", "string-details", "nested-issue", "dict-message", "details-dict", "text", "none"],
)  # fmt: skip
def test_error_bodies_of_every_reasonable_shape_are_read(
    body: Any, code: str | None, message: str | None, details: list[tuple[str, str]]
) -> None:
    info = parse_error(body)
    assert (info.vendor_code, info.message) == (code, message)
    assert [(d.field, d.message) for d in info.details] == details


def test_insufficient_stock_becomes_a_coded_detail_with_its_extras() -> None:
    info = parse_error({
        "error": "insufficient_stock",
        "message": "Product 'PROD-4090-MSI-001' has only 5 units available. Requested: 10",
        "available_quantity": 5,
    })  # fmt: skip
    assert [d.code for d in info.details] == ["INSUFFICIENT_STOCK"]
    assert info.extra == {"available_quantity": 5}


def test_a_429_body_carries_retry_after() -> None:
    assert parse_error({"error": "rate_limit_exceeded", "retry_after": 12}).retry_after == 12.0


@pytest.mark.parametrize("status", [409, 422, 400])
def test_a_stock_shortfall_at_any_status_names_the_only_line(status: int) -> None:
    order = OrderInput("CUST-1", (OrderLineInput("PROD-A", 3),))
    stock = FieldIssue(None, "Not enough stock", "INSUFFICIENT_STOCK")
    code = Code.CONFLICT if status == 409 else Code.BAD_USER_INPUT
    raised = GatewayError(code, "Not enough stock", upstream_status=status, details=[stock])
    translated = translate_error(raised, order)
    assert translated.code is Code.BAD_USER_INPUT
    assert [(d.field, d.code) for d in translated.details] == [
        ("items[0].quantity", "INSUFFICIENT_STOCK")
    ]


def test_other_errors_pass_through_unchanged() -> None:
    raised = GatewayError(Code.UPSTREAM_UNAVAILABLE, "down", upstream_status=503)
    assert translate_error(raised, None) is raised


def test_a_confirmation_without_an_order_id_is_an_upstream_error() -> None:
    with pytest.raises(GatewayError) as caught:
        order_from_confirmation({"status": "pending"}, OrderInput("C", ()))
    assert caught.value.code is Code.UPSTREAM_ERROR
