"""Transport behaviour beyond the table: origin outages, background refresh, metrics, stats."""

from __future__ import annotations

import gzip
import socket
from collections.abc import Iterator

import httpx
import pytest

from tests.unit.cache.origin import FakeClock
from vendorgraph.upstream import CacheTransport, MemoryStore, RedisStore
from vendorgraph.upstream.cache.metrics import EVENTS


class FlakyOrigin:
    """Answers from a script of responses; `None` in the script means the connection fails."""

    def __init__(self, script: list[httpx.Response | None]) -> None:
        self.script: Iterator[httpx.Response | None] = iter(script)
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        answer = next(self.script)
        if answer is None:
            raise httpx.ConnectError("connection refused", request=request)
        return answer


def fresh(cache_control: str, body: bytes = b"v1") -> httpx.Response:
    return httpx.Response(200, headers={"cache-control": cache_control}, content=body)


@pytest.mark.parametrize(
    ("cache_control", "served"),
    [
        ("max-age=10, stale-if-error=60", "v1"),
        ("max-age=10, stale-if-error=60, must-revalidate", None),
    ],
    ids=["stale-if-error-covers-a-refused-connection", "must-revalidate-lets-the-outage-surface"],
)
async def test_connection_failures_and_stale_if_error(
    cache_control: str, served: str | None
) -> None:
    origin = FlakyOrigin([fresh(cache_control), None])
    clock = FakeClock()
    cache = CacheTransport(httpx.MockTransport(origin), store=MemoryStore(), clock=clock)
    async with httpx.AsyncClient(transport=cache, base_url="http://vendor.test") as client:
        await client.get("/r")
        clock.advance(30)
        if served is None:
            with pytest.raises(httpx.ConnectError):
                await client.get("/r")
        else:
            response = await client.get("/r")
            assert (response.text, response.headers["age"]) == (served, "30")
            assert cache.stats.stale_served == 1
    assert origin.calls == 2


async def test_background_refresh_failure_keeps_the_stale_entry_usable() -> None:
    cc = "max-age=10, stale-while-revalidate=60, stale-if-error=600"
    origin = FlakyOrigin([fresh(cc), None, fresh(cc, b"v2")])
    clock = FakeClock()
    cache = CacheTransport(httpx.MockTransport(origin), clock=clock)
    async with httpx.AsyncClient(transport=cache, base_url="http://vendor.test") as client:
        await client.get("/r")
        clock.advance(30)
        assert (await client.get("/r")).text == "v1"
        await cache.drain()
        assert (await client.get("/r")).text == "v1"
        await cache.drain()
        assert (await client.get("/r")).text == "v2"
    assert origin.calls == 3


async def test_counters_are_labelled_by_namespace_and_stats_are_per_instance() -> None:
    origin = FlakyOrigin([fresh("max-age=60")])
    namespace = "metrics-probe"
    hits_before = EVENTS["hits"].labels(namespace)._value.get()
    caches = [CacheTransport(httpx.MockTransport(origin), namespace=namespace) for _ in range(2)]
    async with httpx.AsyncClient(transport=caches[0], base_url="http://vendor.test") as client:
        await client.get("/r")
        await client.get("/r")
        await client.get("/r")
    await caches[1].aclose()
    assert (caches[0].stats.misses, caches[0].stats.hits, caches[0].stats.stores) == (1, 2, 1)
    assert caches[1].stats.hits == 0
    assert EVENTS["hits"].labels(namespace)._value.get() - hits_before == 2


async def test_requests_with_their_own_validators_pass_through() -> None:
    origin = FlakyOrigin([fresh("max-age=60"), httpx.Response(304), httpx.Response(200)])
    cache = CacheTransport(httpx.MockTransport(origin))
    async with httpx.AsyncClient(transport=cache, base_url="http://vendor.test") as client:
        await client.get("/r")
        answer = await client.get("/r", headers={"If-None-Match": '"mine"'})
        await client.head("/r")
    assert answer.status_code == 304
    assert origin.calls == 3


async def test_gzip_bodies_are_stored_encoded_and_decoded_for_the_client() -> None:
    body = gzip.compress(b'{"ok": true}')
    headers = {"cache-control": "max-age=60", "content-encoding": "gzip"}
    origin = FlakyOrigin([httpx.Response(200, headers=headers, content=body)])
    cache = CacheTransport(httpx.MockTransport(origin))
    async with httpx.AsyncClient(transport=cache, base_url="http://vendor.test") as client:
        first = await client.get("/r")
        second = await client.get("/r")
    assert first.json() == second.json() == {"ok": True}
    assert origin.calls == 1


async def test_a_store_outage_degrades_to_the_origin_instead_of_failing() -> None:
    origin = FlakyOrigin([fresh("max-age=60"), fresh("max-age=60", b"v2")])
    store = RedisStore(f"redis://127.0.0.1:{closed_port()}/0")
    cache = CacheTransport(httpx.MockTransport(origin), store=store)
    async with httpx.AsyncClient(transport=cache, base_url="http://vendor.test") as client:
        bodies = [(await client.get("/r")).text for _ in range(2)]
    await store.aclose()
    assert bodies == ["v1", "v2"]
    assert cache.stats.stores == 0


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
