"""The breaker counts failed calls, not failed attempts: faults retries absorb never trip it."""

from __future__ import annotations

from tests.unit.resilience.scripted import ClientFactory, FakeTime, Origin, Step, raised
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.resilience import ResiliencePolicy


async def test_faults_absorbed_by_retries_never_open_the_circuit(
    origin: Origin, make_client: ClientFactory
) -> None:
    # Six 503s in a row at the vendor, each call rescued by its retry: every answer is data.
    origin.reset(*[Step(503), Step(503), Step(200, body={"ok": 1})] * 3)
    policy = ResiliencePolicy(breaker_threshold=2, max_attempts=3)
    client, transport = await make_client(vendor="calls-a", policy=policy)

    answers = [await client.get("/customers/c1") for _ in range(3)]

    assert answers == [{"ok": 1}] * 3
    assert origin.count == 9
    assert transport.breaker_state == "closed"


async def test_a_call_whose_retries_are_spent_counts_once(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(default=Step(503))
    policy = ResiliencePolicy(breaker_threshold=2, max_attempts=3)
    client, transport = await make_client(vendor="calls-b", policy=policy)

    await raised(client.get("/customers/c1"))
    after_one = transport.breaker_state
    await raised(client.get("/customers/c1"))

    assert after_one == "closed"
    assert origin.count == 6
    assert transport.breaker_state == "open"


async def test_a_success_between_failed_calls_starts_the_run_again(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(503), Step(200), Step(503), default=Step(200))
    policy = ResiliencePolicy(breaker_threshold=2, max_attempts=1)
    client, transport = await make_client(vendor="calls-c", policy=policy)

    await raised(client.get("/customers/c1"))
    assert await client.get("/customers/c1") == {"ok": True}
    await raised(client.get("/customers/c1"))

    assert transport.breaker_state == "closed"


async def test_a_failed_probe_is_not_retried_into_the_open_circuit(
    origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    origin.reset(default=Step(503))
    policy = ResiliencePolicy(breaker_threshold=1, max_attempts=3)
    client, transport = await make_client(vendor="calls-d", policy=policy)
    await raised(client.get("/customers/c1"))
    fake_time.advance(policy.breaker_cooldown)
    sent_before_probe = origin.count

    error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert error.code is Code.UPSTREAM_UNAVAILABLE
    assert "circuit open" in error.message
    assert origin.count == sent_before_probe + 1
    assert transport.breaker_state == "open"
