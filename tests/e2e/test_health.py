"""Health checks: /readyz and `vendors` report without touching the breaker or the rate budget."""

from __future__ import annotations

import httpx

from tests.support.processes import gateway, sandboxes, vendor_env

CUSTOMER = "{ customers(vendors: [TECHCORP], first: 1) { nodes { id } } }"
HEALTH = "{ vendors { vendor healthy circuit } }"


def circuit(body: dict[str, object]) -> str:
    vendors = body["data"]["vendors"]  # type: ignore[index]
    return str(next(v["circuit"] for v in vendors if v["vendor"] == "TECHCORP"))  # type: ignore[union-attr]


def test_a_health_check_between_failures_does_not_reset_the_breaker() -> None:
    knobs = {"VENDORGRAPH_BREAKER_THRESHOLD": "2", "VENDORGRAPH_MAX_ATTEMPTS": "1"}
    with (
        sandboxes("--rate-limit", "1000000", vendor="techcorp") as found,
        gateway({**vendor_env(found), **knobs}) as gw,
    ):
        admin = found["techcorp"]["admin"]
        httpx.post(f"{admin}/config", json={"fault_rate": 1.0, "fault_kinds": ["500"]})
        first = gw.query(CUSTOMER)
        health = gw.query(HEALTH)
        second = gw.query(CUSTOMER)
        after = gw.query(HEALTH)
        ready = httpx.get(gw.url.replace("/graphql", "/readyz"), timeout=10).json()
    assert first["errors"][0]["extensions"]["code"] == "UPSTREAM_ERROR"
    assert circuit(health) == "closed"
    assert second["errors"][0]["extensions"]["upstreamStatus"] == 500
    assert circuit(after) == "open"
    assert ready["vendors"]["TECHCORP"] == {"reachable": True, "circuit": "open"}


def test_health_checks_spend_no_rate_budget() -> None:
    with (
        sandboxes("--rate-limit", "2", vendor="techcorp") as found,
        gateway(vendor_env(found)) as gw,
    ):
        for _ in range(5):
            assert circuit(gw.query(HEALTH)) == "closed"
        answers = [gw.query(CUSTOMER) for _ in range(2)]
        stats = httpx.get(found["techcorp"]["admin"] + "/stats", timeout=10).json()
    assert all("errors" not in a for a in answers)
    assert stats["rate_limited"] == 0
