"""TalkingShops adapter writes change the sandbox's store; vendor errors arrive in unified terms."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.contract.talkingshops_support import (
    KEY_HEADER,
    UNKNOWN_ID,
    calls,
    new_mobile,
    reset,
    running_talkingshops,
)
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.talkingshops.adapter import DIALECT, TalkingShopsAdapter
from vendorgraph.adapters.talkingshops.errors import parse_error
from vendorgraph.domain import CustomerInput
from vendorgraph.errors import Code, FieldIssue, GatewayError
from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.transport import pooled_transport


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxAddress]:
    with running_talkingshops() as address:
        yield address


@pytest.fixture
async def adapter(sandbox: SandboxAddress) -> AsyncIterator[TalkingShopsAdapter]:
    reset(sandbox)
    client = VendorClient(
        "talkingshops", sandbox.url, sandbox.key, DIALECT, transport=pooled_transport()
    )
    yield TalkingShopsAdapter(client)
    await client.aclose()


@pytest.fixture
async def raw(sandbox: SandboxAddress) -> AsyncIterator[httpx.AsyncClient]:
    headers = {KEY_HEADER: sandbox.key}
    async with httpx.AsyncClient(base_url=sandbox.url, headers=headers, timeout=10) as http:
        yield http


async def stored(raw: httpx.AsyncClient, customer_id: str) -> dict[str, Any]:
    response = await raw.get(f"/customers/{customer_id}")
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    return record


async def customer_count(raw: httpx.AsyncClient) -> int:
    total: int = (await raw.get("/customers/stats")).json()["totalCustomers"]
    return total


def issue_codes(error: GatewayError) -> dict[str | None, str | None]:
    return {d.field: d.code for d in error.details}


async def test_create_returns_the_stored_customer(
    adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    data = CustomerInput(
        email="mira@example.com",
        first_name="Mira",
        last_name="van Dijk",
        phone=new_mobile(101),
        segment="premium",
    )
    customer = await adapter.create_customer(data)
    record = await stored(raw, customer.vendor_id)
    assert record["name"] == "Mira van Dijk" and record["mobile"] == new_mobile(101)
    assert (record["email"], record["segment"]) == ("mira@example.com", "premium")
    assert (customer.first_name, customer.last_name) == ("Mira", "van Dijk")
    assert customer.full_name == "Mira van Dijk" and customer.phone == new_mobile(101)
    assert customer.orders == () and customer.lifetime_value is not None
    lookup = await raw.get("/customers/lookup", params={"mobile": new_mobile(101)})
    assert lookup.json()["_id"] == customer.vendor_id


async def test_a_one_word_name_stays_whole(adapter: TalkingShopsAdapter) -> None:
    customer = await adapter.create_customer(
        CustomerInput(first_name="Cher", phone=new_mobile(102))
    )
    assert customer.full_name == "Cher"
    assert (customer.first_name, customer.last_name) == (None, None)
    assert customer.email is None and customer.segment is None


async def test_invalid_input_is_rejected_before_any_call(
    sandbox: SandboxAddress, adapter: TalkingShopsAdapter
) -> None:
    bad = CustomerInput(email="not-an-email", first_name="No", last_name="Phone", tags=("x",))
    issues = adapter.check_customer(bad, creating=True)
    assert {(i.field, i.code) for i in issues} == {
        ("phone", "REQUIRED"),
        ("email", "INVALID_FORMAT"),
        ("tags", "UNSUPPORTED"),
    }
    assert adapter.check_customer(CustomerInput(segment="vip"), creating=False) == []
    with pytest.raises(GatewayError) as caught:
        await adapter.create_customer(bad)
    assert caught.value.code is Code.BAD_USER_INPUT
    assert issue_codes(caught.value)["phone"] == "REQUIRED"
    assert calls(sandbox, "POST /v1/customers") == 0


async def test_duplicate_mobile_is_marked_and_stores_nothing(
    adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    taken = (await raw.get("/customers", params={"limit": 1})).json()["customers"][0]["mobile"]
    before = await customer_count(raw)
    with pytest.raises(GatewayError) as caught:
        await adapter.create_customer(CustomerInput(phone=taken, first_name="Copy"))
    assert caught.value.code is Code.BAD_USER_INPUT and caught.value.upstream_status == 400
    assert issue_codes(caught.value) == {"phone": "DUPLICATE"}
    assert await customer_count(raw) == before


async def test_vendor_validation_errors_use_unified_field_names(
    adapter: TalkingShopsAdapter,
) -> None:
    with pytest.raises(GatewayError) as caught:
        await adapter.client.request("POST", "/customers", json_body={"mobile": 5, "email": "x"})
    assert caught.value.code is Code.BAD_USER_INPUT
    assert {d.field for d in caught.value.details} == {"phone", "email"}


async def test_update_changes_fields_and_moves_updated_at(
    adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    before = (await raw.get("/customers", params={"page": 7})).json()["customers"][0]
    updated = await adapter.update_customer(
        before["_id"], CustomerInput(email="ana@example.com", segment="vip-gold")
    )
    record = await stored(raw, before["_id"])
    assert (record["email"], record["segment"]) == ("ana@example.com", "vip-gold")
    assert (record["name"], record["mobile"]) == (before["name"], before["mobile"])
    assert record["updated_at"] > before["updated_at"]
    assert updated.email == "ana@example.com" and updated.segment == "vip-gold"
    assert updated.updated_at is not None
    assert updated.updated_at.isoformat().replace("+00:00", "Z") == record["updated_at"]


async def test_changing_one_name_part_keeps_the_other(
    adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    created = await adapter.create_customer(
        CustomerInput(phone=new_mobile(104), first_name="Ravi", last_name="Shah")
    )
    renamed = await adapter.update_customer(created.vendor_id, CustomerInput(last_name="Mehta"))
    assert (await stored(raw, created.vendor_id))["name"] == "Ravi Mehta"
    assert (renamed.first_name, renamed.last_name) == ("Ravi", "Mehta")
    await adapter.update_customer(created.vendor_id, CustomerInput(first_name="Dev"))
    assert (await stored(raw, created.vendor_id))["name"] == "Dev Mehta"


async def test_update_with_nothing_to_change_sends_no_put(
    sandbox: SandboxAddress, adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    customer_id = (await raw.get("/customers", params={"limit": 1})).json()["customers"][0]["_id"]
    customer = await adapter.update_customer(customer_id, CustomerInput())
    assert customer.vendor_id == customer_id
    assert calls(sandbox, "PUT /v1/customers/{customerId}") == 0


async def test_update_to_a_taken_mobile_is_duplicate_but_keeping_ones_own_is_not(
    adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    first, second = (await raw.get("/customers", params={"limit": 2})).json()["customers"]
    with pytest.raises(GatewayError) as caught:
        await adapter.update_customer(first["_id"], CustomerInput(phone=second["mobile"]))
    assert issue_codes(caught.value) == {"phone": "DUPLICATE"}
    assert (await stored(raw, first["_id"]))["mobile"] == first["mobile"]
    same = await adapter.update_customer(first["_id"], CustomerInput(phone=first["mobile"]))
    assert same.phone == first["mobile"]


async def test_delete_removes_the_customer(
    adapter: TalkingShopsAdapter, raw: httpx.AsyncClient
) -> None:
    created = await adapter.create_customer(CustomerInput(phone=new_mobile(105)))
    await adapter.delete_customer(created.vendor_id)
    assert (await raw.get(f"/customers/{created.vendor_id}")).status_code == 404
    for attempt in (
        adapter.delete_customer(created.vendor_id),
        adapter.update_customer(UNKNOWN_ID, CustomerInput(segment="vip")),
    ):
        with pytest.raises(GatewayError) as caught:
            await attempt
        assert caught.value.code is Code.NOT_FOUND


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"error": {"code": "ValidationError", "message": "bad", "details": {"mobile": "x"}}},
            [FieldIssue("phone", "x")],
        ),
        (
            {
                "error": {
                    "code": "ValidationError",
                    "message": "bad",
                    "details": [{"field": "updates.email", "issue": "bad email"}],
                }
            },
            [FieldIssue("email", "bad email")],
        ),
        (
            {"error": "ValidationError", "message": "bad", "details": ["mobile is required"]},
            [FieldIssue(None, "mobile is required")],
        ),
        (
            {
                "code": "ValidationError",
                "message": "bad",
                "details": {"email": ["too long", "invalid"]},
            },
            [FieldIssue("email", "too long; invalid")],
        ),
    ],
)
def test_parse_error_reads_every_reasonable_shape(
    body: dict[str, Any], expected: list[FieldIssue]
) -> None:
    info = parse_error(body)
    assert info.vendor_code == "ValidationError" and info.message == "bad"
    assert list(info.details) == expected


def test_parse_error_reads_retry_after_and_survives_non_json() -> None:
    body = {"error": {"code": "RateLimitError", "message": "slow", "details": {"retry_after": 7}}}
    info = parse_error(body)
    assert info.retry_after == 7 and info.details == ()
    assert parse_error(None).message is None and parse_error("oops").details == ()
