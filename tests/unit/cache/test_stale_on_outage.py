"""stale-if-error covers the resilience layer's own outage answers: circuit open, deadline hit."""

from __future__ import annotations

import httpx
import pytest

from tests.unit.cache.origin import FakeClock
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream import CacheTransport, MemoryStore
from vendorgraph.upstream.resilience import ResiliencePolicy, ResilientTransport


class Vendor:
    """A vendor that answers once with `first`, then only with 503s."""

    def __init__(self, first: httpx.Response) -> None:
        self.first: httpx.Response | None = first
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        answer, self.first = self.first, None
        return answer or httpx.Response(503)


def cached(cache_control: str) -> httpx.Response:
    return httpx.Response(200, headers={"cache-control": cache_control}, content=b"v1")


@pytest.mark.parametrize(
    ("cache_control", "served"),
    [
        ("max-age=10, stale-if-error=600", "v1"),
        ("max-age=10, stale-if-error=600, must-revalidate", None),
    ],
    ids=["stale-if-error-covers-an-open-circuit", "must-revalidate-lets-it-surface"],
)
async def test_an_open_circuit_serves_stale_where_the_vendor_allows_it(
    cache_control: str, served: str | None
) -> None:
    vendor = Vendor(cached(cache_control))
    policy = ResiliencePolicy(max_attempts=1, breaker_threshold=1, breaker_cooldown=600)
    resilience = ResilientTransport(
        httpx.MockTransport(vendor), vendor="outage", reset_style=None, policy=policy
    )
    clock = FakeClock()
    cache = CacheTransport(resilience, store=MemoryStore(), clock=clock)
    async with httpx.AsyncClient(transport=cache, base_url="http://vendor.test") as client:
        await client.get("/r")
        clock.advance(30)
        await client.get("/r")  # a 503: the circuit opens
        assert resilience.breaker_state == "open"
        if served is None:
            with pytest.raises(GatewayError) as caught:
                await client.get("/r")
            assert caught.value.code is Code.UPSTREAM_UNAVAILABLE
        else:
            response = await client.get("/r")
            assert (response.status_code, response.text) == (200, served)
    assert vendor.calls == 2


class RateLimitedAfterOne(httpx.AsyncBaseTransport):
    """Answers once with a cacheable response; then the budget is spent (RATE_LIMITED)."""

    def __init__(self) -> None:
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.calls == 1:
            return cached("max-age=10, stale-if-error=600")
        raise GatewayError(Code.RATE_LIMITED, "spent", vendor="limited", retry_after=30)


async def test_a_spent_rate_limit_is_not_an_outage_and_is_not_hidden() -> None:
    clock = FakeClock()
    cache = CacheTransport(RateLimitedAfterOne(), store=MemoryStore(), clock=clock)
    async with httpx.AsyncClient(transport=cache, base_url="http://vendor.test") as client:
        await client.get("/r")
        clock.advance(30)
        with pytest.raises(GatewayError) as caught:
            await client.get("/r")
    assert caught.value.code is Code.RATE_LIMITED
