"""Vendor budgets are respected before the vendor has to say 429, and 429s are honoured."""

from __future__ import annotations

import asyncio
import math

import pytest

from tests.unit.resilience.scripted import (
    ClientFactory,
    FakeTime,
    Origin,
    Step,
    eventually,
    raised,
)
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.dialect import ResetStyle
from vendorgraph.upstream.resilience import deadline_scope


def limit_headers(remaining: int, reset: float) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(reset),
    }


def reset_in(style: ResetStyle, seconds: int, fake_time: FakeTime) -> tuple[float, float]:
    """The header value for a reset `seconds` away, and the wait it means on the fake clock."""
    if style == "unix":
        at = math.ceil(fake_time.now) + seconds
        return at, at - fake_time.now
    return seconds, seconds


@pytest.mark.parametrize("style", ["unix", "seconds"])
async def test_a_spent_budget_fails_fast_without_sending(
    style: ResetStyle, origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    reset, wait = reset_in(style, 120, fake_time)
    origin.reset(Step(headers=limit_headers(0, reset)))
    client, transport = await make_client(reset_style=style)
    await client.get("/customers/c1")

    with deadline_scope(10):
        error = await raised(client.get("/customers/c2"))

    assert isinstance(error, GatewayError)
    assert (error.code, error.vendor) == (Code.RATE_LIMITED, "acme")
    assert error.retry_after == math.ceil(wait)
    assert origin.count == 1
    assert (transport.stats.fast_failures, transport.stats.throttled_waits) == (1, 0)


@pytest.mark.parametrize("style", ["unix", "seconds"])
async def test_a_short_wait_for_the_budget_is_waited_out_then_sent(
    style: ResetStyle, origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    reset, wait = reset_in(style, 2, fake_time)
    origin.reset(Step(headers=limit_headers(0, reset)), Step(body={"id": "c2"}))
    client, transport = await make_client(reset_style=style)
    await client.get("/customers/c1")

    with deadline_scope(10):
        assert await client.get("/customers/c2") == {"id": "c2"}

    assert fake_time.slept == [pytest.approx(wait)]
    assert origin.count == 2
    assert transport.stats.throttled_waits == 1


async def test_without_rate_limit_headers_nothing_is_throttled(
    origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    client, _ = await make_client(reset_style="seconds")

    for n in range(5):
        await client.get(f"/parts/{n}")

    assert origin.count == 5
    assert fake_time.slept == []


async def test_a_vendor_declared_without_headers_ignores_stray_ones(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(default=Step(headers=limit_headers(0, 300)))
    client, _ = await make_client(reset_style=None)

    for n in range(3):
        await client.get(f"/parts/{n}")

    assert origin.count == 3


async def test_each_credential_has_its_own_budget(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(headers=limit_headers(0, 300)))
    client, _ = await make_client()
    await client.get("/customers/c1")

    await client.request("GET", "/customers/c2", headers={"Authorization": "Bearer key-2"})
    spent = await raised(client.get("/customers/c3"))

    assert isinstance(spent, GatewayError)
    assert spent.code is Code.RATE_LIMITED
    assert origin.count == 2


async def test_a_429_whose_wait_outlasts_the_deadline_fails_fast_and_blocks_the_budget(
    origin: Origin, make_client: ClientFactory
) -> None:
    body = {"error": {"code": "rate_limit_exceeded", "retry_after": 847}}
    origin.reset(Step(429, body=body))
    client, _ = await make_client()

    with deadline_scope(10):
        first = await raised(client.get("/customers/c1"))
        second = await raised(client.get("/customers/c2"))

    assert isinstance(first, GatewayError)
    assert (first.code, first.retry_after, first.upstream_status) == (Code.RATE_LIMITED, 847, 429)
    assert isinstance(second, GatewayError)
    assert second.code is Code.RATE_LIMITED
    assert origin.count == 1


async def test_a_429_with_a_short_retry_after_header_is_waited_out_and_retried(
    origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    origin.reset(Step(429, headers={"Retry-After": "3"}, body={}), Step(body={"id": "c1"}))
    client, transport = await make_client()

    with deadline_scope(10):
        assert await client.get("/customers/c1") == {"id": "c1"}

    assert origin.count == 2
    assert sum(fake_time.slept) == pytest.approx(3)
    assert transport.stats.retries == 1


async def test_a_429_without_a_wait_backs_off_60_seconds_then_doubles(
    origin: Origin, make_client: ClientFactory, fake_time: FakeTime
) -> None:
    origin.reset(Step(429, body={}), Step(429, body={}))
    client, _ = await make_client()

    first = await raised(client.get("/customers/c1"))
    fake_time.advance(61)
    second = await raised(client.get("/customers/c1"))

    assert isinstance(first, GatewayError)
    assert isinstance(second, GatewayError)
    assert (first.retry_after, second.retry_after) == (60, 120)
    assert origin.count == 2


async def test_a_post_answered_429_is_not_resent(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(Step(429, headers={"Retry-After": "1"}, body={}), Step(201))
    client, _ = await make_client()

    error = await raised(client.request("POST", "/orders", json_body={}))

    assert isinstance(error, GatewayError)
    assert (error.code, error.retry_after) == (Code.RATE_LIMITED, 1)
    assert origin.count == 1


async def test_concurrent_requests_never_exceed_the_remaining_budget(
    origin: Origin, make_client: ClientFactory
) -> None:
    origin.reset(
        Step(headers=limit_headers(5, 60)),
        default=Step(headers=limit_headers(100, 60), gated=True),
    )
    client, _ = await make_client(real_time=True)
    await client.get("/customers/c0")

    with deadline_scope(10):
        calls = [asyncio.create_task(client.get(f"/customers/c{n}")) for n in range(1, 21)]
        await eventually(lambda: origin.count >= 6)
        await asyncio.sleep(0.3)
        held_back = origin.count - 1
        origin.gate.set()
        results = await asyncio.gather(*calls)

    assert held_back == 5
    assert len(results) == 20
    assert origin.count == 21
