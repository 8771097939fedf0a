"""Budgets in Redis are shared by every replica and stay atomic under contention."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from tests.unit.resilience.scripted import FakeTime, Origin, Step, raised
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.resilience import Budget, RedisBudgetStore, ResilientTransport
from vendorgraph.upstream.resilience.ratelimit import Admission, admit
from vendorgraph.upstream.transport import pooled_transport


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    """A throwaway redis-server without persistence (scripts/ensure-system-deps.sh installs it)."""
    binary = shutil.which("redis-server")
    assert binary is not None, "redis-server missing: run scripts/ensure-system-deps.sh"
    port = _free_port()
    with tempfile.TemporaryDirectory() as workdir:
        args = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", workdir]
        args += ["--save", "", "--appendonly", "no"]
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for_port(port)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for_port(port: int) -> None:
    for _ in range(500):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.01)
    raise RuntimeError("redis-server did not start")


@pytest.fixture
async def redis(redis_port: int) -> AsyncIterator[Redis]:
    client = Redis(host="127.0.0.1", port=redis_port)
    await client.flushdb()
    yield client
    await client.aclose()


async def test_a_budget_spent_through_one_replica_holds_back_another(
    origin: Origin, redis: Redis, fake_time: FakeTime
) -> None:
    origin.reset(Step(headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "300"}))
    replicas = [
        ResilientTransport(
            pooled_transport(),
            vendor="acme",
            reset_style="seconds",
            store=RedisBudgetStore(redis),
            clock=fake_time.clock,
            sleep=fake_time.sleep,
        )
        for _ in range(2)
    ]
    headers = {"Authorization": "Bearer key-1"}
    async with (
        httpx.AsyncClient(base_url=origin.url, transport=replicas[0], headers=headers) as first,
        httpx.AsyncClient(base_url=origin.url, transport=replicas[1], headers=headers) as second,
    ):
        await first.get("/customers/c1")
        error = await raised(second.get("/customers/c2"))

    assert isinstance(error, GatewayError)
    assert (error.code, error.retry_after) == (Code.RATE_LIMITED, 300)
    assert origin.count == 1


async def test_concurrent_updates_from_many_clients_never_overspend(
    redis: Redis, redis_port: int
) -> None:
    others = [Redis(host="127.0.0.1", port=redis_port) for _ in range(4)]
    stores = [RedisBudgetStore(client) for client in [redis, *others]]
    now = time.time()
    await stores[0].update("acme:k", lambda _: (Budget(remaining=10, reset_at=now + 60), None))

    async def try_once(store: RedisBudgetStore) -> Admission:
        return await store.update("acme:k", lambda budget: admit(budget, now))

    try:
        verdicts = await asyncio.gather(*(try_once(stores[n % 5]) for n in range(40)))
    finally:
        for client in others:
            await client.aclose()

    assert sum(verdict.granted for verdict in verdicts) == 10


async def test_an_unreachable_redis_falls_back_to_local_budgets() -> None:
    client = Redis(host="127.0.0.1", port=_free_port(), retry=Retry(NoBackoff(), 0))
    store = RedisBudgetStore(client)
    now = time.time()
    try:
        await store.update("acme:k", lambda _: (Budget(remaining=0, reset_at=now + 60), None))
        verdict = await store.update("acme:k", lambda budget: admit(budget, now))
    finally:
        await client.aclose()

    assert not verdict.granted
    assert verdict.spent
