"""Every upstream attempt ends by the GraphQL request's deadline."""

from __future__ import annotations

import asyncio

from tests.unit.resilience.scripted import ClientFactory, Origin, Step, raised
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.resilience import ResiliencePolicy, deadline_scope, remaining


def test_remaining_is_none_outside_a_scope_and_bounded_inside() -> None:
    assert remaining() is None
    with deadline_scope(5):
        left = remaining()
        assert left is not None
        assert 0 < left <= 5
    assert remaining() is None


def test_a_nested_scope_cannot_extend_the_outer_deadline() -> None:
    with deadline_scope(1), deadline_scope(60):
        left = remaining()
        assert left is not None
        assert left <= 1


async def test_the_deadline_follows_tasks_started_inside_the_scope() -> None:
    with deadline_scope(2):
        left = await asyncio.create_task(_remaining_in_task())
    assert left is not None
    assert left <= 2


async def _remaining_in_task() -> float | None:
    return remaining()


async def test_a_hung_origin_answers_upstream_timeout_at_the_deadline(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(hang=3))
    client, transport = await make_client()

    with deadline_scope(0.3):
        error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert (error.code, error.vendor) == (Code.UPSTREAM_TIMEOUT, "acme")
    assert origin.count == 1
    assert transport.stats.fast_failures == 1


async def test_without_a_scope_the_default_call_timeout_applies(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(hang=3))
    client, _ = await make_client(policy=ResiliencePolicy(default_timeout=0.3))

    error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert error.code is Code.UPSTREAM_TIMEOUT


async def test_a_body_that_stalls_after_the_headers_ends_at_the_deadline(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(stall_body=3))
    client, _ = await make_client()

    with deadline_scope(0.3):
        error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert error.code is Code.UPSTREAM_TIMEOUT


async def test_a_spent_deadline_sends_nothing_and_blames_no_vendor(
    origin: Origin, make_client: ClientFactory
) -> None:
    client, transport = await make_client(policy=ResiliencePolicy(breaker_threshold=1))

    with deadline_scope(0):
        error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert error.code is Code.UPSTREAM_TIMEOUT
    assert origin.count == 0
    assert (transport.stats.attempts, transport.breaker_state) == (0, "closed")


async def test_a_hung_attempt_is_retried_when_the_deadline_has_room(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(hang=3), Step(200, body={"id": "c1"}))
    client, _ = await make_client(policy=ResiliencePolicy(attempt_timeout=0.2))

    with deadline_scope(5):
        assert await client.get("/customers/c1") == {"id": "c1"}
    assert origin.count == 2


async def test_a_hung_write_is_not_retried(origin: Origin, make_client: ClientFactory) -> None:
    origin.reset(Step(hang=3), Step(201))
    client, _ = await make_client(policy=ResiliencePolicy(attempt_timeout=0.2))

    with deadline_scope(5):
        error = await raised(client.request("POST", "/orders", json_body={}))

    assert isinstance(error, GatewayError)
    assert error.code is Code.UPSTREAM_TIMEOUT
    assert origin.count == 1
