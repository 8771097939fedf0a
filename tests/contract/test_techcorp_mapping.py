"""The TechCorp dialect reads every reasonable error shape; mapping survives the doc's slips."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from vendorgraph.adapters.techcorp import DIALECT
from vendorgraph.adapters.techcorp.errors import unified
from vendorgraph.adapters.techcorp.mapping import customer, inventory, order
from vendorgraph.domain import Money, OrderStatus
from vendorgraph.errors import Code, FieldIssue, GatewayError

DOC_ERROR = {  # doc 6.1, verbatim
    "error": {
        "code": "validation_error",
        "message": "Invalid email format",
        "details": [{"field": "email", "issue": "Must be a valid email address"}],
        "request_id": "req_abc123xyz789",
    }
}


def test_the_documented_error_body_is_read_in_full() -> None:
    info = DIALECT.parse_error(DOC_ERROR)
    assert (info.vendor_code, info.message, info.request_id) == (
        "validation_error",
        "Invalid email format",
        "req_abc123xyz789",
    )
    assert info.details == (FieldIssue("email", "Must be a valid email address"),)


def test_the_documented_rate_limit_body_gives_retry_after() -> None:
    body = {
        "error": {
            "code": "rate_limit_exceeded",
            "message": "API rate limit exceeded. Try again in 847 seconds.",
            "retry_after": 847,
        }
    }
    info = DIALECT.parse_error(body)
    assert (info.vendor_code, info.retry_after) == ("rate_limit_exceeded", 847.0)


@pytest.mark.parametrize(
    ("body", "details"),
    [
        (  # flat, details with `message`
            {
                "code": "validation_error",
                "message": "m",
                "details": [{"field": "email", "message": "bad"}],
            },
            (FieldIssue("email", "bad"),),
        ),
        (  # details as a list of strings
            {"error": {"code": "invalid_request", "message": "m", "details": ["limit too big"]}},
            (FieldIssue(None, "limit too big"),),
        ),
        (  # details as a field → message(s) mapping
            {"error": {"message": "m", "details": {"email": ["taken", "bad"], "phone": "short"}}},
            (
                FieldIssue("email", "taken"),
                FieldIssue("email", "bad"),
                FieldIssue("phone", "short"),
            ),
        ),
        (  # a single detail object
            {"error": {"message": "m", "details": {"field": "email", "issue": "bad"}}},
            (FieldIssue("email", "bad"),),
        ),
        ({"error": "resource_not_found", "message": "m"}, ()),  # error as a bare word
    ],
)
def test_other_readings_of_the_error_shape_are_accepted(
    body: dict[str, Any], details: tuple[FieldIssue, ...]
) -> None:
    info = DIALECT.parse_error(body)
    assert info.message == "m"
    assert info.details == details


def test_non_json_and_odd_bodies_do_not_break_the_parser() -> None:
    assert DIALECT.parse_error(None).message is None
    assert DIALECT.parse_error("Service Unavailable").message == "Service Unavailable"
    assert DIALECT.parse_error({"error": {"retry_after": "60"}}).retry_after == 60.0
    assert DIALECT.parse_error([1, 2]).details == ()


def test_dialect_sends_the_bearer_key_and_the_version() -> None:
    assert DIALECT.auth_headers("k") == {"Authorization": "Bearer k", "X-API-Version": "3.2"}
    assert DIALECT.credential_header == "authorization"
    assert DIALECT.rate_limit_reset == "unix"


def test_vendor_field_names_become_unified_ones() -> None:
    error = GatewayError(
        Code.BAD_USER_INPUT,
        "Validation failed",
        vendor="techcorp",
        upstream_status=422,
        details=[
            FieldIssue("metadata.tier", "Must be a string"),
            FieldIssue("items[1].quantity", "x"),
        ],
    )
    assert [(d.field, d.code) for d in unified(error).details] == [
        ("segment", "INVALID"),
        ("items[1].quantity", "INVALID"),
    ]
    snake = GatewayError(
        Code.BAD_USER_INPUT,
        "m",
        upstream_status=422,
        details=[FieldIssue("items[0].unit_price", "x")],
    )
    assert unified(snake).details[0].field == "items[0].unitPrice"
    conflict = GatewayError(Code.CONFLICT, "dup", vendor="techcorp", upstream_status=409)
    assert unified(conflict).details == (FieldIssue(None, "dup", "DUPLICATE"),)


def test_the_doc_order_example_with_its_unclosed_items_array_still_maps() -> None:
    # Doc 5.2.1's response, read the way its broken JSON parses most naturally: the timestamps
    # object lands inside `items`.
    body = {
        "id": "order_x1y2z3a4b5",
        "customer_id": "cust_1a2b3c4d5e6f",
        "status": "pending",
        "subtotal": 229.97,
        "tax": 20.70,
        "shipping": 8.99,
        "total": 259.66,
        "currency": "USD",
        "items": [
            {
                "id": "item_111",
                "product_id": "prod_abc123",
                "product_name": "Widget Pro",
                "quantity": 2,
                "unit_price": 49.99,
                "total": 99.98,
            },
            {
                "id": "item_222",
                "product_id": "prod_def456",
                "product_name": "Gadget Plus",
                "quantity": 1,
                "unit_price": 129.99,
                "total": 129.99,
            },
            {
                "created_at": "2025-02-12T09:30:00Z",
                "updated_at": "2025-02-12T09:30:00Z",
                "estimated_delivery": "2025-02-18T00:00:00Z",
            },
        ],
    }
    mapped = order(body)
    assert [i.name for i in mapped.items or ()] == ["Widget Pro", "Gadget Plus"]
    assert mapped.tax == Money(Decimal("20.7"), "USD")
    assert mapped.created_at == datetime(2025, 2, 12, 9, 30, tzinfo=UTC)
    assert mapped.shipment is not None
    assert mapped.shipment.estimated_delivery == datetime(2025, 2, 18, tzinfo=UTC)
    assert mapped.status is OrderStatus.PENDING


def test_unknown_status_words_are_kept_but_normalised_to_unknown() -> None:
    mapped = order({"id": "order_1", "status": "on_hold"})
    assert (mapped.status, mapped.vendor_status, mapped.shipment) == (
        OrderStatus.UNKNOWN,
        "on_hold",
        None,
    )


def test_a_sparse_customer_maps_without_inventing_data() -> None:
    mapped = customer({"id": "6f1c2a9e-0b7d-4c55-9a0e-2f9a4f1d8c33", "email": "a@b.co"})
    assert mapped.vendor_id == "6f1c2a9e-0b7d-4c55-9a0e-2f9a4f1d8c33"
    assert (mapped.full_name, mapped.segment, mapped.lifetime_value, mapped.addresses) == (
        None,
        None,
        None,
        (),
    )


def test_the_doc_inventory_example_with_its_unclosed_warehouses_array_still_maps() -> None:
    body = {
        "product_id": "prod_abc123",
        "sku": "WGT-PRO-001",
        "available_quantity": 1247,
        "reserved_quantity": 53,
        "warehouses": [
            {"location": "US-WEST-1", "quantity": 842},
            {"location": "US-EAST-1", "quantity": 405},
            {"restock_date": "2025-02-20T00:00:00Z", "status": "in_stock"},
        ],
    }
    mapped = inventory(body)
    assert [(w.location, w.available) for w in mapped.locations] == [
        ("US-WEST-1", 842),
        ("US-EAST-1", 405),
    ]
    assert (mapped.status, mapped.restock_date) == ("in_stock", datetime(2025, 2, 20, tzinfo=UTC))
    assert (mapped.available, mapped.reserved, mapped.sku) == (1247, 53, "WGT-PRO-001")
