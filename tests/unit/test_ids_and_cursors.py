"""Global ids and cursors: opaque, round-trip, and rejected with the argument named when forged."""

from __future__ import annotations

import base64

import pytest

from vendorgraph.api import ids
from vendorgraph.api.pagination import Position, check_first, decode_cursor
from vendorgraph.errors import Code, GatewayError

VENDORS = frozenset({"techcorp", "ecommerce"})


def test_global_id_round_trips_type_vendor_and_vendor_id() -> None:
    encoded = ids.encode("Customer", "techcorp", "cust_1a:2b")
    assert "techcorp" not in encoded
    assert ids.decode(encoded, "id", VENDORS) == ids.GlobalId("Customer", "techcorp", "cust_1a:2b")


@pytest.mark.parametrize(
    "forged",
    [
        "not base64 !!",
        base64.urlsafe_b64encode(b"Customer:acme:1").decode(),
        base64.urlsafe_b64encode(b"Invoice:techcorp:1").decode(),
        base64.urlsafe_b64encode(b"Customer:techcorp:").decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_forged_or_malformed_ids_are_bad_user_input_naming_the_argument(forged: str) -> None:
    with pytest.raises(GatewayError) as caught:
        ids.decode(forged, "customerId", VENDORS)
    assert caught.value.code is Code.BAD_USER_INPUT
    assert caught.value.extensions()["field"] == "customerId"


def test_an_id_of_another_type_is_rejected_where_a_type_is_expected() -> None:
    order_id = ids.encode("Order", "ecommerce", "ord_1")
    with pytest.raises(GatewayError) as caught:
        ids.decode(order_id, "id", VENDORS, expect="Customer")
    assert "not a Customer id" in caught.value.message


def test_cursor_round_trips_and_rejects_unknown_vendors() -> None:
    cursor = Position("ecommerce", 40).cursor()
    assert decode_cursor(cursor, ["techcorp", "ecommerce"]) == Position("ecommerce", 40)
    with pytest.raises(GatewayError) as caught:
        decode_cursor(cursor, ["techcorp"])
    assert caught.value.extensions() == {
        "code": "BAD_USER_INPUT",
        "field": "after",
    }


@pytest.mark.parametrize("first", [-1, 101])
def test_page_size_outside_0_to_100_is_bad_user_input(first: int) -> None:
    with pytest.raises(GatewayError) as caught:
        check_first(first)
    assert caught.value.code is Code.BAD_USER_INPUT


def test_page_size_defaults_to_20_and_allows_100() -> None:
    assert check_first(None) == 20
    assert check_first(100) == 100
