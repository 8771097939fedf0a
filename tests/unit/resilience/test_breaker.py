"""A failing vendor costs microseconds, not timeouts, until a probe shows it is back."""

from __future__ import annotations

import asyncio

from prometheus_client import REGISTRY

from tests.unit.resilience.scripted import (
    ClientFactory,
    FakeTime,
    Origin,
    Step,
    eventually,
    raised,
)
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.resilience import CircuitBreaker, ResiliencePolicy


def test_the_breaker_opens_after_a_run_of_failures_only() -> None:
    breaker = CircuitBreaker(threshold=3, cooldown=5, clock=FakeTime().clock)
    for _ in range(2):
        breaker.failed(probe=False)
    breaker.succeeded(probe=False)
    for _ in range(2):
        breaker.failed(probe=False)
    assert breaker.state == "closed"

    breaker.failed(probe=False)

    assert breaker.state == "open"
    assert breaker.admit() is None


def test_half_open_lets_exactly_one_probe_through() -> None:
    time = FakeTime()
    breaker = CircuitBreaker(threshold=1, cooldown=5, clock=time.clock)
    breaker.failed(probe=False)
    time.advance(5)

    assert breaker.state == "half_open"
    assert breaker.admit() is True
    assert breaker.admit() is None


def test_a_failed_probe_reopens_for_another_cool_down() -> None:
    time = FakeTime()
    breaker = CircuitBreaker(threshold=1, cooldown=5, clock=time.clock)
    breaker.failed(probe=False)
    time.advance(5)
    probe = breaker.admit()
    assert probe is True

    breaker.failed(probe)
    time.advance(4)

    assert breaker.state == "open"
    time.advance(1)
    assert breaker.state == "half_open"


def test_an_abandoned_probe_lets_another_one_through() -> None:
    time = FakeTime()
    breaker = CircuitBreaker(threshold=1, cooldown=5, clock=time.clock)
    breaker.failed(probe=False)
    time.advance(5)
    assert breaker.admit() is True

    breaker.abandoned(probe=True)

    assert breaker.admit() is True


async def test_an_open_circuit_fails_fast_then_a_good_probe_closes_it(
    origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    origin.reset(*[Step(503)] * 5)
    client, transport = await make_client(vendor="breaker-a")
    for _ in range(5):
        await raised(client.request("POST", "/orders", json_body={}))
    assert transport.breaker_state == "open"

    error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert (error.code, error.vendor) == (Code.UPSTREAM_UNAVAILABLE, "breaker-a")
    assert "circuit open" in error.message
    assert origin.count == 5

    fake_time.advance(ResiliencePolicy().breaker_cooldown)
    assert transport.breaker_state == "half_open"
    assert await client.get("/customers/c1") == {"ok": True}
    assert transport.breaker_state == "closed"
    assert origin.count == 6


async def test_a_failed_probe_keeps_the_vendor_fenced_off(
    origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    origin.reset(*[Step(503)] * 6)
    policy = ResiliencePolicy(breaker_threshold=5, max_attempts=1)
    client, transport = await make_client(vendor="breaker-b", policy=policy)
    for _ in range(5):
        await raised(client.get("/customers/c1"))
    fake_time.advance(policy.breaker_cooldown)

    probe = await raised(client.get("/customers/c1"))
    fenced = await raised(client.get("/customers/c1"))

    assert isinstance(probe, GatewayError)
    assert probe.upstream_status == 503
    assert isinstance(fenced, GatewayError)
    assert "circuit open" in fenced.message
    assert transport.breaker_state == "open"
    assert origin.count == 6


async def test_while_half_open_only_the_probe_reaches_the_vendor(
    origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    origin.reset(*[Step(503)] * 5, default=Step(gated=True))
    client, transport = await make_client(vendor="breaker-c")
    for _ in range(5):
        await raised(client.request("POST", "/orders", json_body={}))
    fake_time.advance(ResiliencePolicy().breaker_cooldown)

    probe = asyncio.create_task(client.get("/customers/c1"))
    await eventually(lambda: origin.count == 6)
    bystander = await raised(client.get("/customers/c2"))
    origin.gate.set()

    assert await probe == {"ok": True}
    assert isinstance(bystander, GatewayError)
    assert bystander.code is Code.UPSTREAM_UNAVAILABLE
    assert origin.count == 6
    assert transport.breaker_state == "closed"


async def test_client_errors_do_not_open_the_circuit(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(default=Step(404, body={}))
    client, transport = await make_client(vendor="breaker-d")

    for _ in range(10):
        await raised(client.get("/customers/missing"))

    assert transport.breaker_state == "closed"
    assert origin.count == 10


async def test_breaker_changes_show_in_stats_and_metrics(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(*[Step(503)] * 5)
    client, transport = await make_client(vendor="breaker-e")
    for _ in range(5):
        await raised(client.request("POST", "/orders", json_body={}))
    await raised(client.get("/customers/c1"))

    def sample(name: str, **labels: str) -> float | None:
        return REGISTRY.get_sample_value(name, {"vendor": "breaker-e", **labels})

    assert transport.stats.breaker_changes == 1
    assert transport.stats.fast_failures == 1
    assert sample("vendorgraph_upstream_breaker_state", state="open") == 1
    assert sample("vendorgraph_upstream_breaker_state", state="closed") == 0
    assert sample("vendorgraph_upstream_fast_failures_total", reason="circuit_open") == 1
