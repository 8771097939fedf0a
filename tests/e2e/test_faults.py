"""Vendor faults on real processes: retries absorb 503s, a dead vendor costs milliseconds once its
circuit opens and comes back after a probe, budgets hold requests back, deadlines bound hangs."""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from tests.e2e.faults_support import (
    REPORT,
    admin,
    circuits,
    connections_waiting,
    errors_by_path,
    free_port,
    sandbox_on_port,
    silent_listener,
)
from tests.support.direct import AUTH
from tests.support.processes import Gateway, gateway, sandboxes, vendor_env

GENEROUS = ("--rate-limit", "1000000")
NO_CACHE = {"VENDORGRAPH_CACHE": "false"}

READS = [
    "{ customers(vendors: [TECHCORP], first: 20) { nodes { vendorId email status } } }",
    "{ customers(vendors: [ECOMMERCE], first: 20) { nodes { vendor vendorId email"
    "  orders(first: 3) { nodes { vendorId total { amount } } } } } }",
    "{ customers(vendors: [TALKINGSHOPS], first: 20) { nodes { vendor vendorId email"
    "  orders(first: 3) { nodes { vendorId total { amount } } } } } }",
    "{ products(first: 20) { nodes { vendorId name price { amount } inventory { available } } } }",
    "{ orders(vendors: [ECOMMERCE], first: 20) { nodes { vendorId status"
    "  items { vendorProductId quantity } customer { email } } } }",
    '{ p: product(vendor: TECHPARTS, vendorId: "PROD-4090-MSI-001") {'
    "  name price { amount } inventory { available } } }",
]

SPLIT = (
    "{ tc: customers(vendors: [TECHCORP], first: 2) { nodes { vendorId } }"
    "  ec: customers(vendors: [ECOMMERCE], first: 2) { nodes { vendorId } }"
    "  both: customers(vendors: [ECOMMERCE, TALKINGSHOPS], first: 5) { nodes { vendor } } }"
)


def test_with_20_percent_503s_every_query_returns_full_data() -> None:
    # 8 attempts: a call fails only after eight 503s in a row (0.2^8, about 3 in a million).
    env = {**NO_CACHE, "VENDORGRAPH_MAX_ATTEMPTS": "8", "VENDORGRAPH_BACKOFF_CAP_S": "0.4"}
    with sandboxes(*GENEROUS) as found, gateway({**vendor_env(found), **env}) as gw:
        clean = [gw.query(q) for q in READS]
        for where in found.values():
            admin(where, "config", {"fault_rate": 0.2, "fault_kinds": ["503"], "seed": 7})
            admin(where, "reset")
        faulty = [gw.query(q) for q in READS]
        injected = sum(admin(w, "stats")["statuses"].get("503", 0) for w in found.values())
    assert all("errors" not in body for body in clean)
    assert faulty == clean
    assert injected >= 5  # the vendors really failed, and the retries hid it
    assert all(len(body["data"]["customers"]["nodes"]) == 20 for body in clean[:3])


def test_a_stopped_vendor_fails_fast_behind_its_circuit_then_recovers() -> None:
    port = free_port()
    env = {**NO_CACHE, "VENDORGRAPH_BREAKER_THRESHOLD": "2", "VENDORGRAPH_BREAKER_COOLDOWN_S": "3"}
    with sandboxes(*GENEROUS) as found, ExitStack() as lone:
        ecommerce = lone.enter_context(sandbox_on_port("ecommerce", port, *GENEROUS))
        with gateway({**vendor_env({**found, **ecommerce}), **env}) as gw:
            before = gw.query(SPLIT)
            lone.close()
            down = gw.query(SPLIT)  # two failed calls: the circuit opens
            opened = circuits(gw.query)
            with silent_listener(port) as listener:
                fenced = gw.query(SPLIT)
                reached = connections_waiting(listener)
            with sandbox_on_port("ecommerce", port, *GENEROUS):
                back = _until_ecommerce_answers(gw)
                closed = circuits(gw.query)
    assert "errors" not in before
    _assert_partial(down, "UPSTREAM_UNAVAILABLE")
    assert "unreachable" in _message(down, "ec")
    assert opened["ECOMMERCE"] == "open"
    assert opened["TECHCORP"] == "closed"
    _assert_partial(fenced, "UPSTREAM_UNAVAILABLE")
    assert "circuit open" in _message(fenced, "ec")
    assert 1 <= errors_by_path(fenced)[("ec",)]["retryAfter"] <= 3
    assert reached == 0  # while open, not even a connection is attempted
    assert back == before
    assert closed["ECOMMERCE"] == "closed"


def _until_ecommerce_answers(gw: Gateway) -> dict[str, Any]:
    """Query until the breaker's probe gets through (bounded); fenced answers are expected."""
    for _ in range(200):
        body = gw.query(SPLIT)
        if "errors" not in body:
            return body
        assert {e["code"] for e in errors_by_path(body).values()} == {"UPSTREAM_UNAVAILABLE"}
        time.sleep(0.1)
    raise AssertionError("ecommerce never came back")


def _assert_partial(body: dict[str, Any], code: str) -> None:
    errors = errors_by_path(body)
    assert len(body["data"]["tc"]["nodes"]) == 2
    assert body["data"]["ec"] is None
    assert {n["vendor"] for n in body["data"]["both"]["nodes"]} == {"TALKINGSHOPS"}
    assert (errors[("ec",)]["code"], errors[("ec",)]["vendor"]) == (code, "ECOMMERCE")
    assert (errors[("both",)]["code"], errors[("both",)]["vendor"]) == (code, "ECOMMERCE")


def _message(body: dict[str, Any], path: str) -> str:
    found: list[str] = [e["message"] for e in body["errors"] if e["path"] == [path]]
    return found[0]


def _list(vendor: str, size: int = 2) -> str:
    return f"{{ customers(vendors: [{vendor}], first: {size}) {{ nodes {{ vendorId }} }} }}"


@pytest.mark.parametrize("vendor", ["techcorp", "talkingshops"])  # Unix-time and seconds resets
def test_a_spent_budget_answers_rate_limited_without_calling_the_vendor(vendor: str) -> None:
    query = _list(vendor.upper())
    with sandboxes("--rate-limit", "5", vendor=vendor) as found:
        where = found[vendor]
        with gateway({**vendor_env(found), **NO_CACHE}) as first:
            spent = [first.query(query) for _ in range(5)]
            refused = [first.query(query) for _ in range(3)]
            after_first = admin(where, "stats")
        with gateway({**vendor_env(found), **NO_CACHE}) as replica:
            taught = [replica.query(query) for _ in range(3)]
            after_replica = admin(where, "stats")
        vendor_says = _retry_after_at_the_vendor(vendor, where)
    assert all("errors" not in body for body in spent)
    # The headers of the 5th answer said the budget was spent: nothing more was sent.
    assert (after_first["total"], after_first["rate_limited"]) == (5, 0)
    codes = [errors_by_path(body)[("customers",)] for body in refused + taught]
    assert {c["code"] for c in codes} == {"RATE_LIMITED"}
    # A replica that never saw the headers sends one request, learns from its 429, then waits.
    assert (after_replica["total"], after_replica["rate_limited"]) == (6, 1)
    for extensions in codes:
        assert 0 <= extensions["retryAfter"] - vendor_says <= 5


def _retry_after_at_the_vendor(vendor: str, where: dict[str, str]) -> int:
    """The vendor's own Retry-After for this key, asked directly (the check spends a 429)."""
    path = "/customers/search" if vendor == "techcorp" else "/customers"
    answer = httpx.get(where["url"] + path, headers=AUTH[vendor](where["key"]), timeout=10)
    assert answer.status_code == 429
    return int(answer.headers["retry-after"])


def test_a_hung_vendor_times_out_at_the_deadline_and_the_rest_answers() -> None:
    env = {**NO_CACHE, "VENDORGRAPH_DEADLINE_S": "1"}
    with sandboxes(*GENEROUS) as found, gateway({**vendor_env(found), **env}) as gw:
        hang = {"fault_rate": 1.0, "fault_kinds": ["hang"], "hang_s": 1.5}
        admin(found["ecommerce"], "config", hang)
        hung = gw.query(SPLIT)
        admin(found["ecommerce"], "config", {"fault_rate": 0.0})
    _assert_partial(hung, "UPSTREAM_TIMEOUT")


def test_must_revalidate_lets_a_vendor_outage_surface_once_max_age_passes() -> None:
    port = free_port()
    fresh_query, short_query = _list("TECHCORP", 2), _list("TECHCORP", 3)
    with ExitStack() as techcorp:
        found = techcorp.enter_context(sandbox_on_port("techcorp", port))
        with gateway(vendor_env(found)) as gw:
            cached = gw.query(fresh_query, headers=REPORT)
            techcorp.close()
            fresh_while_down = gw.query(fresh_query, headers=REPORT)
            with sandbox_on_port("techcorp", port, "--max-age", "1"):
                short_lived = gw.query(short_query)
            time.sleep(1.5)  # past max-age=1: must-revalidate forbids serving it stale
            stale_refused = gw.query(short_query)
    assert fresh_while_down["data"] == cached["data"]
    assert fresh_while_down["extensions"]["upstream"]["TECHCORP"]["cacheHits"] == 1
    assert len(short_lived["data"]["customers"]["nodes"]) == 3
    assert stale_refused["data"]["customers"] is None
    error = errors_by_path(stale_refused)[("customers",)]
    assert (error["code"], error["vendor"]) == ("UPSTREAM_UNAVAILABLE", "TECHCORP")
