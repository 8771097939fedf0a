"""Retries happen only where a second send is safe, on transient failures, within bounds."""

from __future__ import annotations

import socket

from tests.unit.resilience.scripted import ClientFactory, FakeTime, Origin, Step, raised
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.resilience import ResiliencePolicy, deadline_scope


async def test_a_get_is_retried_through_503s_and_succeeds(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(503), Step(503), Step(200, body={"id": "c1"}))
    client, transport = await make_client()

    assert await client.get("/customers/c1") == {"id": "c1"}
    assert origin.count == 3
    assert transport.stats.retries == 2


async def test_a_get_gives_up_after_the_attempt_limit(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(502), Step(504), Step(503), Step(503))
    client, _ = await make_client()

    error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert error.code is Code.UPSTREAM_UNAVAILABLE
    assert origin.count == 3


async def test_a_post_without_an_idempotency_key_is_sent_exactly_once_on_503(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(503), Step(201))
    client, transport = await make_client()

    error = await raised(client.request("POST", "/orders", json_body={"sku": "A"}))

    assert isinstance(error, GatewayError)
    assert (error.code, error.upstream_status, error.vendor) == (
        Code.UPSTREAM_UNAVAILABLE,
        503,
        "acme",
    )
    assert origin.count == 1
    assert transport.stats.retries == 0


async def test_writes_without_a_key_are_never_retried_whatever_the_method(
    origin: Origin, make_client: ClientFactory
) -> None:
    client, _ = await make_client()
    for method in ("PUT", "PATCH", "DELETE"):
        origin.reset(Step(502), Step(200))
        error = await raised(client.request(method, "/customers/c1", json_body={}))
        assert isinstance(error, GatewayError)
        assert origin.count == 1, method


async def test_a_post_with_an_idempotency_key_is_retried_with_the_same_key(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(503), Step(201, body={"order_id": "o1"}))
    client, _ = await make_client()

    result = await client.request(
        "POST", "/orders", json_body={"sku": "A"}, headers={"Idempotency-Key": "order-1"}
    )

    assert result == {"order_id": "o1"}
    assert [seen.headers["idempotency-key"] for seen in origin.seen] == ["order-1", "order-1"]


async def test_a_500_is_not_retried(origin: Origin, make_client: ClientFactory) -> None:
    origin.reset(Step(500), Step(200))
    client, _ = await make_client()

    error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert error.code is Code.UPSTREAM_ERROR
    assert origin.count == 1


async def test_a_client_error_is_answered_at_once(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(404, body={"error": "not_found"}), Step(200))
    client, _ = await make_client()

    error = await raised(client.get("/customers/nope"))

    assert isinstance(error, GatewayError)
    assert error.code is Code.NOT_FOUND
    assert origin.count == 1


async def test_connect_errors_are_retried_for_gets_then_reported(
    make_client: ClientFactory,
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    client, transport = await make_client(url=f"http://127.0.0.1:{port}")

    error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert (error.code, error.vendor) == (Code.UPSTREAM_UNAVAILABLE, "acme")
    assert transport.stats.attempts == 3


async def test_the_attempt_limit_is_configurable(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(*[Step(503)] * 5, Step(200))
    client, _ = await make_client(policy=ResiliencePolicy(max_attempts=5))

    error = await raised(client.get("/customers/c1"))

    assert isinstance(error, GatewayError)
    assert origin.count == 5


async def test_a_503_retry_waits_for_the_vendors_retry_after(
    origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    origin.reset(Step(503, headers={"Retry-After": "1"}), Step(200, body={"id": "c1"}))
    client, _ = await make_client()

    with deadline_scope(5):
        assert await client.get("/customers/c1") == {"id": "c1"}
    assert origin.count == 2
    assert max(fake_time.slept) >= 1


async def test_a_503_whose_retry_after_outlasts_the_deadline_is_answered_at_once(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(503, headers={"Retry-After": "30"}), Step(200))
    client, _ = await make_client()

    with deadline_scope(2):
        error = await raised(client.get("/customers/c1"))
    assert isinstance(error, GatewayError)
    assert (error.code, error.retry_after) == (Code.UPSTREAM_UNAVAILABLE, 30)
    assert origin.count == 1
