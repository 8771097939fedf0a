"""Customer writes through the gateway land at each vendor as its own API then shows them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.mutations_support import (
    CREATE_CUSTOMER,
    UPDATE_CUSTOMER,
    Vendors,
    ask,
    assert_unsupported,
    create_customer,
    data_of,
    fresh_email,
    fresh_mobile,
    gid,
    refusal,
    stored,
    token,
    totals,
    vendor_get,
)
from tests.support.processes import Gateway

DELETE_CUSTOMER = """mutation($id: ID!) { deleteCustomer(id: $id) {
  deletedId userErrors { field message code } } }"""
ADD_ADDRESS = """mutation($id: ID!, $input: AddressInput!) {
  addCustomerAddress(customerId: $id, input: $input) {
  customer { addresses { id type street city postalCode country isDefault } }
  userErrors { field message code } } }"""
UPDATE_ADDRESS = """mutation($id: ID!, $address: String!, $input: AddressInput!) {
  updateCustomerAddress(customerId: $id, addressId: $address, input: $input) {
  customer { addresses { id street city isDefault } } userErrors { field message code } } }"""
DELETE_ADDRESS = """mutation($id: ID!, $address: String!) {
  deleteCustomerAddress(customerId: $id, addressId: $address) {
  customer { addresses { id } } userErrors { field message code } } }"""
READ_NAME = "query($id: ID!) { customer(id: $id) { firstName } }"
REPORT = {"X-Vendorgraph-Upstream-Report": "1"}


def _stored_customer(vendors: Vendors, vendor: str, vendor_id: str) -> dict[str, Any]:
    """The vendor's record in unified terms, read through the vendor's own API."""
    raw = stored(vendor, vendors[vendor], f"/customers/{vendor_id}")
    if vendor == "talkingshops":
        return {"email": raw.get("email"), "name": raw.get("name"), "phone": raw["mobile"]}
    unified = {"email": raw["email"], "name": f"{raw['first_name']} {raw['last_name']}"}
    return {**unified, "phone": raw["phone"]}


@pytest.mark.parametrize("vendor", ["techcorp", "ecommerce", "talkingshops"])
def test_create_customer_is_stored_at_the_vendor(
    gw: Gateway, vendors: Vendors, vendor: str
) -> None:
    email = fresh_email()
    phone = fresh_mobile() if vendor == "talkingshops" else "+1-555-0142"
    customer = create_customer(
        gw, vendor, email=email, firstName="Ada", lastName="Lovelace", phone=phone
    )
    assert customer["vendor"] == vendor.upper()
    assert (customer["email"], customer["firstName"], customer["phone"]) == (email, "Ada", phone)
    assert _stored_customer(vendors, vendor, customer["vendorId"]) == {
        "email": email,
        "name": "Ada Lovelace",
        "phone": phone,
    }


@pytest.mark.parametrize(
    ("vendor", "extra", "check"),
    [
        ("techcorp", {"segment": "gold"}, lambda raw: raw["metadata"]["tier"] == "gold"),
        ("ecommerce", {"tags": ["vip"]}, lambda raw: raw["tags"] == ["vip"]),
        ("talkingshops", {"segment": "vip"}, lambda raw: raw["segment"] == "vip"),
    ],
)
def test_update_customer_changes_only_the_given_fields(
    gw: Gateway, vendors: Vendors, vendor: str, extra: dict[str, Any], check: Any
) -> None:
    customer = create_customer(gw, vendor, firstName="Grace", lastName="Hopper")
    variables = {"id": customer["id"], "input": {"lastName": "Murray", **extra}}
    updated = data_of(ask(gw, UPDATE_CUSTOMER, variables), "updateCustomer")["customer"]
    assert (updated["firstName"], updated["lastName"]) == ("Grace", "Murray")
    assert _stored_customer(vendors, vendor, customer["vendorId"]) == {
        "email": customer["email"],
        "name": "Grace Murray",
        "phone": customer["phone"],
    }
    assert check(stored(vendor, vendors[vendor], f"/customers/{customer['vendorId']}"))


def test_delete_customer_removes_it_at_talkingshops(gw: Gateway, vendors: Vendors) -> None:
    customer = create_customer(gw, "talkingshops")
    body = ask(gw, DELETE_CUSTOMER, {"id": customer["id"]})
    assert data_of(body, "deleteCustomer")["deletedId"] == customer["id"]
    gone = vendor_get("talkingshops", vendors["talkingshops"], f"/customers/{customer['vendorId']}")
    assert gone.status_code == 404
    again = ask(gw, DELETE_CUSTOMER, {"id": customer["id"]})
    assert refusal(again, "deleteCustomer") == [("id", "NOT_FOUND")]


def test_addresses_are_added_updated_and_removed_at_ecommerce(
    gw: Gateway, vendors: Vendors
) -> None:
    customer = create_customer(gw, "ecommerce")
    where, path = vendors["ecommerce"], f"/customers/{customer['vendorId']}"
    home = {"street": "1 Home St", "city": "Oslo", "postalCode": "0150", "country": "NO"}
    first = ask(gw, ADD_ADDRESS, {"id": customer["id"], "input": home})
    [added] = data_of(first, "addCustomerAddress")["customer"]["addresses"]
    assert (added["type"], added["isDefault"], added["postalCode"]) == ("shipping", True, "0150")
    work = {"street": "2 Work Rd", "city": "Bergen", "isDefault": True}
    second = data_of(
        ask(gw, ADD_ADDRESS, {"id": customer["id"], "input": work}), "addCustomerAddress"
    )
    other = next(a for a in second["customer"]["addresses"] if a["id"] != added["id"])
    defaults = {a["id"]: a["is_default"] for a in stored("ecommerce", where, path)["addresses"]}
    assert defaults == {added["id"]: False, other["id"]: True}

    change = {"id": customer["id"], "address": added["id"], "input": {"city": "Trondheim"}}
    data_of(ask(gw, UPDATE_ADDRESS, change), "updateCustomerAddress")
    kept = {
        a["id"]: (a["street"], a["city"]) for a in stored("ecommerce", where, path)["addresses"]
    }
    assert kept[added["id"]] == ("1 Home St", "Trondheim")

    removal = {"id": customer["id"], "address": other["id"]}
    left = data_of(ask(gw, DELETE_ADDRESS, removal), "deleteCustomerAddress")
    assert [a["id"] for a in left["customer"]["addresses"]] == [added["id"]]
    assert [a["id"] for a in stored("ecommerce", where, path)["addresses"]] == [added["id"]]


UNSUPPORTED_CASES = [
    (CREATE_CUSTOMER, {"input": {"vendor": "TECHPARTS", "email": "x@example.com"}}, "techparts"),
    (UPDATE_CUSTOMER, {"id": gid("Customer", "techparts", "C1"), "input": {}}, "techparts"),
    (DELETE_CUSTOMER, {"id": gid("Customer", "techcorp", "cust_1")}, "techcorp"),
    (DELETE_CUSTOMER, {"id": gid("Customer", "ecommerce", "cust_1")}, "ecommerce"),
    (ADD_ADDRESS, {"id": gid("Customer", "techcorp", "cust_1"), "input": {}}, "techcorp"),
    (ADD_ADDRESS, {"id": gid("Customer", "talkingshops", "a" * 24), "input": {}}, "talkingshops"),
    (
        UPDATE_ADDRESS,
        {"id": gid("Customer", "talkingshops", "a" * 24), "address": "a1", "input": {}},
        "talkingshops",
    ),
    (DELETE_ADDRESS, {"id": gid("Customer", "techcorp", "cust_1"), "address": "a1"}, "techcorp"),
]


@pytest.mark.parametrize(("document", "variables", "vendor"), UNSUPPORTED_CASES)
def test_customer_writes_a_vendor_lacks_are_unsupported_without_calling_it(
    gw: Gateway, vendors: Vendors, document: str, variables: dict[str, Any], vendor: str
) -> None:
    before = totals(vendors)
    assert_unsupported(ask(gw, document, variables), vendor)
    assert totals(vendors) == before


REJECTED_CREATES = [
    ("techcorp", {"email": "not-an-email"}, [("email", "INVALID")]),
    ("ecommerce", {"email": "two@@example.com"}, [("email", "INVALID")]),
    ("talkingshops", {"phone": fresh_mobile(), "email": "a b@x.io"}, [("email", "INVALID")]),
    ("techcorp", {"email": None, "firstName": "No"}, [("email", "INVALID")]),
    ("ecommerce", {"firstName": "x" * 256}, [("firstName", "TOO_LONG")]),
    ("techcorp", {"lastName": "y" * 300}, [("lastName", "TOO_LONG")]),
    ("talkingshops", {"phone": None, "firstName": "Mo"}, [("phone", "REQUIRED")]),
    ("talkingshops", {"phone": "   "}, [("phone", "REQUIRED")]),
    ("techcorp", {"tags": ["vip"]}, [("tags", "UNSUPPORTED")]),
    ("ecommerce", {"segment": "gold"}, [("segment", "UNSUPPORTED")]),
]


@pytest.mark.parametrize(("vendor", "fields", "expected"), REJECTED_CREATES)
def test_rejected_customer_input_is_a_user_error_with_no_vendor_call(
    gw: Gateway,
    vendors: Vendors,
    vendor: str,
    fields: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    variables = {"input": {"vendor": vendor.upper(), "email": fresh_email(), **fields}}
    if vendor == "talkingshops" and "phone" not in fields:
        variables["input"]["phone"] = fresh_mobile()
    before = totals(vendors)
    assert refusal(ask(gw, CREATE_CUSTOMER, variables), "createCustomer") == expected
    assert totals(vendors) == before


@pytest.mark.parametrize("vendor", ["techcorp", "ecommerce", "talkingshops"])
def test_rejected_update_names_the_field_and_calls_no_vendor(
    gw: Gateway, vendors: Vendors, vendor: str
) -> None:
    customer = create_customer(gw, vendor)
    before = totals(vendors)
    variables = {"id": customer["id"], "input": {"email": "nope", "firstName": "z" * 256}}
    body = ask(gw, UPDATE_CUSTOMER, variables)
    assert refusal(body, "updateCustomer") == [("firstName", "TOO_LONG"), ("email", "INVALID")]
    assert totals(vendors) == before


@pytest.mark.parametrize(
    ("vendor", "search"),
    [("techcorp", ("/customers/search", "q")), ("ecommerce", ("/customers", "email"))],
)
def test_vendor_validation_errors_arrive_on_the_unified_field_names(
    gw: Gateway, vendors: Vendors, vendor: str, search: tuple[str, str]
) -> None:
    """Both vendors cap names at 100 characters and check phones, each in its own error shape."""
    email = fresh_email()
    fields = {"vendor": vendor.upper(), "email": email, "firstName": "n" * 150, "phone": "abc"}
    body = ask(gw, CREATE_CUSTOMER, {"input": fields})
    assert refusal(body, "createCustomer") == [("firstName", "INVALID"), ("phone", "INVALID")]
    route, parameter = search
    assert stored(vendor, vendors[vendor], route, **{parameter: email})["data"] == []


@pytest.mark.parametrize(
    ("vendor", "clash"),
    [
        ("techcorp", lambda c: {"email": c["email"]}),
        ("ecommerce", lambda c: {"email": c["email"].upper()}),
        ("talkingshops", lambda c: {"phone": c["phone"]}),
    ],
)
def test_a_taken_email_or_mobile_is_a_duplicate_user_error(
    gw: Gateway, vendors: Vendors, vendor: str, clash: Any
) -> None:
    first = create_customer(gw, vendor)
    fields = {"email": fresh_email(), **clash(first)}
    if vendor == "talkingshops":
        fields["email"] = fresh_email()
    body = ask(gw, CREATE_CUSTOMER, {"input": {"vendor": vendor.upper(), **fields}})
    field = "phone" if vendor == "talkingshops" else "email"
    assert refusal(body, "createCustomer") == [(field, "DUPLICATE")]
    second = create_customer(gw, vendor)
    body = ask(gw, UPDATE_CUSTOMER, {"id": second["id"], "input": clash(first)})
    assert refusal(body, "updateCustomer") == [(field, "DUPLICATE")]
    assert _stored_customer(vendors, vendor, second["vendorId"])[field] == second[field]


@pytest.mark.parametrize(
    ("vendor", "vendor_id"),
    [("techcorp", "cust_000000000000"), ("ecommerce", "cust_nobody"), ("talkingshops", "f" * 24)],
)
def test_an_unknown_customer_is_not_found_in_user_errors(
    gw: Gateway, vendor: str, vendor_id: str
) -> None:
    variables = {"id": gid("Customer", vendor, vendor_id), "input": {"firstName": "Who"}}
    assert refusal(ask(gw, UPDATE_CUSTOMER, variables), "updateCustomer") == [("id", "NOT_FOUND")]


def test_unknown_customer_or_address_at_ecommerce_is_not_found_on_its_field(
    gw: Gateway,
) -> None:
    nobody = gid("Customer", "ecommerce", "cust_nobody")
    known = create_customer(gw, "ecommerce")["id"]
    cases: list[tuple[str, str, dict[str, Any], str]] = [
        (ADD_ADDRESS, "addCustomerAddress", {"id": nobody, "input": {"city": "c"}}, "customerId"),
        (DELETE_ADDRESS, "deleteCustomerAddress", {"id": nobody, "address": "a"}, "customerId"),
        (DELETE_ADDRESS, "deleteCustomerAddress", {"id": known, "address": "a"}, "addressId"),
        (
            UPDATE_ADDRESS,
            "updateCustomerAddress",
            {"id": known, "address": "a", "input": {}},
            "addressId",
        ),
    ]
    for document, name, variables, field in cases:
        assert refusal(ask(gw, document, variables), name) == [(field, "NOT_FOUND")], name


@pytest.mark.parametrize(
    "bad_id", ["%%%", gid("Product", "techcorp", "prod_1"), gid("Customer", "acme", "1")]
)
def test_a_malformed_or_foreign_id_is_a_user_error_with_no_vendor_call(
    gw: Gateway, vendors: Vendors, bad_id: str
) -> None:
    before = totals(vendors)
    body = ask(gw, UPDATE_CUSTOMER, {"id": bad_id, "input": {"firstName": "x"}})
    assert refusal(body, "updateCustomer") == [("id", "BAD_USER_INPUT")]
    assert totals(vendors) == before


def test_an_unknown_vendor_enum_is_a_request_error_before_execution(
    gw: Gateway, vendors: Vendors
) -> None:
    literal = (
        'mutation { createCustomer(input: {vendor: ACME, email: "a@b.co"}) { customer { id } } }'
    )
    as_variable = {"input": {"vendor": "ACME", "email": fresh_email()}}
    before = totals(vendors)
    for body in (ask(gw, literal), ask(gw, CREATE_CUSTOMER, as_variable)):
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT"}
        assert "ACME" in error["message"]
    assert totals(vendors) == before


def test_a_cached_techcorp_customer_is_read_fresh_after_an_update(gw: Gateway) -> None:
    customer = create_customer(gw, "techcorp", firstName="Before")
    variables = {"id": customer["id"]}
    ask(gw, READ_NAME, variables, REPORT)
    cached = ask(gw, READ_NAME, variables, REPORT)
    assert cached["data"]["customer"]["firstName"] == "Before"
    assert cached["extensions"]["upstream"]["TECHCORP"]["cacheHits"] == 1
    rename = {"id": customer["id"], "input": {"firstName": "After-" + token()}}
    new_name = data_of(ask(gw, UPDATE_CUSTOMER, rename), "updateCustomer")["customer"]["firstName"]
    after = ask(gw, READ_NAME, variables, REPORT)
    assert after["data"]["customer"]["firstName"] == new_name
    assert after["extensions"]["upstream"]["TECHCORP"]["cacheHits"] == 0
