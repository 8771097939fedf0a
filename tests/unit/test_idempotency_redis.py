"""Idempotency keys in a real Redis shared by two store "replicas" with their own clients."""

from __future__ import annotations

import asyncio
import hashlib
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from redis.asyncio import Redis

from tests.support.redis import RedisServer, running_redis
from vendorgraph.domain import Money, Order, OrderItem, OrderStatus
from vendorgraph.errors import Code, GatewayError
from vendorgraph.idempotency_codec import ORDER_CODEC
from vendorgraph.idempotency_redis import IN_PROGRESS, RedisIdempotencyStore
from vendorgraph.upstream.resilience import deadline_scope

Store = RedisIdempotencyStore[Order]
PREFIX = "vendorgraph:idempotency:"
MARGIN_S = 1.0


class Vendor:
    """Counts writes across replicas, fails them as told, and can hold a write until released."""

    def __init__(self, *failures: GatewayError) -> None:
        self.failures = list(failures)
        self.writes = 0
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.release.set()

    def hold(self) -> None:
        """Make the next writes wait for `release`."""
        self.release.clear()

    async def write(self) -> Order:
        self.writes += 1
        self.started.set()
        await self.release.wait()
        await asyncio.sleep(0.01)
        if self.failures:
            raise self.failures.pop(0)
        return Order(
            "v",
            f"order-{self.writes}",
            OrderStatus.PENDING,
            items=(OrderItem("p1", 2, Money(Decimal("9.50"), "USD")),),
            total=Money(Decimal("19.00"), "USD"),
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )


@pytest.fixture(scope="module")
def server() -> Iterator[RedisServer]:
    """A real redis-server both replicas share."""
    with running_redis() as found:
        yield found


@pytest.fixture
async def clients(server: RedisServer) -> AsyncIterator[tuple[Redis, Redis]]:
    """Two separate clients of one emptied server, as two gateway processes would hold."""
    one, two = Redis.from_url(server.url), Redis.from_url(server.url)
    await one.flushdb()
    yield one, two
    await one.aclose()
    await two.aclose()


@pytest.fixture
def replicas(clients: tuple[Redis, Redis]) -> tuple[Store, Store]:
    """Two stores, one per client: two replicas of the gateway."""
    one, two = clients
    return (
        RedisIdempotencyStore(one, ORDER_CODEC, pending_margin_s=MARGIN_S),
        RedisIdempotencyStore(two, ORDER_CODEC, pending_margin_s=MARGIN_S),
    )


async def _refused(store: Store, vendor: Vendor, fingerprint: str = "in") -> GatewayError:
    with pytest.raises(GatewayError) as caught:
        await store.run("v", "k", fingerprint, vendor.write)
    return caught.value


async def test_concurrent_calls_across_two_replicas_make_one_write(
    replicas: tuple[Store, Store],
) -> None:
    vendor = Vendor()
    calls = [store.run("v", "k", "in", vendor.write) for store in replicas for _ in range(3)]
    results = await asyncio.gather(*calls)
    later = [await store.run("v", "k", "in", vendor.write) for store in replicas]
    assert vendor.writes == 1
    assert {r.vendor_id for r in [*results, *later]} == {"order-1"}
    assert all(r == results[0] for r in [*results, *later]), "a replayed order changed"


async def test_a_changed_input_on_another_replica_is_a_conflict_without_a_write(
    replicas: tuple[Store, Store],
) -> None:
    first, second = replicas
    vendor = Vendor()
    await first.run("v", "k", "in", vendor.write)
    refused = await _refused(second, vendor, "other input")
    assert (refused.code, refused.field, vendor.writes) == (Code.CONFLICT, "idempotencyKey", 1)


@pytest.mark.parametrize(
    "refusal",
    [
        GatewayError(Code.UPSTREAM_UNAVAILABLE, "503", vendor="v", upstream_status=503),
        GatewayError(Code.RATE_LIMITED, "429", vendor="v", upstream_status=429, retry_after=3),
        GatewayError(Code.BAD_USER_INPUT, "422", vendor="v", upstream_status=422),
    ],
    ids=["503", "429", "422"],
)
async def test_a_refused_write_frees_the_key_for_the_other_replica(
    replicas: tuple[Store, Store], refusal: GatewayError
) -> None:
    first, second = replicas
    vendor = Vendor(refusal)
    assert await _refused(first, vendor) is refusal
    assert (await second.run("v", "k", "in", vendor.write)).vendor_id == "order-2"


@pytest.mark.parametrize(
    "ambiguous",
    [
        GatewayError(Code.UPSTREAM_TIMEOUT, "timeout", vendor="v"),
        GatewayError(Code.UPSTREAM_ERROR, "500", vendor="v", upstream_status=500),
        GatewayError(Code.UPSTREAM_ERROR, "malformed JSON", vendor="v", upstream_status=201),
    ],
    ids=["timeout", "500", "unreadable-201"],
)
async def test_a_write_of_unknown_outcome_keeps_the_key_locked_on_every_replica(
    replicas: tuple[Store, Store], clients: tuple[Redis, Redis], ambiguous: GatewayError
) -> None:
    first = replicas[0]
    vendor = Vendor(ambiguous)
    assert await _refused(first, vendor) is ambiguous
    for store in replicas:
        retry = await _refused(store, vendor)
        assert retry.code is Code.CONFLICT
        assert "outcome is unknown" in retry.message
    assert vendor.writes == 1
    [slot] = await clients[0].keys(f"{PREFIX}*")
    assert await clients[0].pttl(slot) > 23 * 3600 * 1000, "an unknown outcome must stay a day"


async def test_a_replica_waits_for_a_pending_write_until_its_own_deadline(
    replicas: tuple[Store, Store],
) -> None:
    first, second = replicas
    vendor = Vendor()
    vendor.hold()
    writing = asyncio.create_task(first.run("v", "k", "in", vendor.write))
    await vendor.started.wait()
    with deadline_scope(0.2):
        waited = await _refused(second, vendor)
    assert (waited.code, waited.message) == (Code.CONFLICT, IN_PROGRESS)
    vendor.release.set()
    order = await writing
    assert await second.run("v", "k", "in", vendor.write) == order
    assert vendor.writes == 1


async def test_a_waiter_whose_pending_write_is_refused_claims_the_key_and_writes(
    replicas: tuple[Store, Store],
) -> None:
    first, second = replicas
    vendor = Vendor(GatewayError(Code.UPSTREAM_UNAVAILABLE, "503", upstream_status=503))
    vendor.hold()
    writing = asyncio.create_task(first.run("v", "k", "in", vendor.write))
    await vendor.started.wait()
    waiting = asyncio.create_task(second.run("v", "k", "in", vendor.write))
    vendor.release.set()
    with pytest.raises(GatewayError):
        await writing
    assert (await waiting).vendor_id == "order-2"
    assert vendor.writes == 2


async def test_the_key_is_hashed_and_a_claim_expires_with_the_request_deadline(
    replicas: tuple[Store, Store], clients: tuple[Redis, Redis]
) -> None:
    redis = clients[0]
    raw_key = "customer-42/secret-ish key"
    slot = f"{PREFIX}v:{hashlib.sha256(raw_key.encode()).hexdigest()}"
    claim_ttls: list[int] = []

    async def write() -> Order:
        claim_ttls.append(await redis.pttl(slot))
        return Order("v", "order-1")

    with deadline_scope(2.0):
        await replicas[0].run("v", raw_key, "in", write)
    assert await redis.keys("*") == [slot.encode()]
    [claim_ttl] = claim_ttls
    assert 0 < claim_ttl <= (2.0 + MARGIN_S) * 1000, "a crashed replica would lock the key"
    assert await redis.pttl(slot) > 23 * 3600 * 1000


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_an_unreachable_redis_refuses_the_write_without_calling_the_vendor() -> None:
    redis = Redis(host="127.0.0.1", port=_closed_port(), socket_connect_timeout=1)
    vendor = Vendor()
    try:
        refused = await _refused(RedisIdempotencyStore(redis, ORDER_CODEC), vendor)
    finally:
        await redis.aclose()
    assert refused.code is Code.UPSTREAM_UNAVAILABLE
    assert vendor.writes == 0
