"""Fixtures for the cache tests: a scripted origin on loopback, a real Redis, both stores."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest

from tests.support.redis import RedisServer, running_redis
from tests.support.servers import serving
from tests.unit.cache.origin import FakeClock, Origin
from vendorgraph.serving import ServerGroup, bind, port_of
from vendorgraph.upstream import MemoryStore, RedisStore
from vendorgraph.upstream.cache import CacheStore


@dataclass(frozen=True)
class OriginServer:
    """The running origin: its base URL, its script and counters, and the shared clock."""

    url: str
    origin: Origin
    clock: FakeClock


@pytest.fixture(scope="session")
def origin_server() -> Iterator[OriginServer]:
    clock = FakeClock()
    origin = Origin(clock)
    sock = bind("127.0.0.1", 0)
    group = ServerGroup()
    group.add(origin.app(), sock, date_header=False, server_header=False)
    with serving(group):
        yield OriginServer(f"http://127.0.0.1:{port_of(sock)}", origin, clock)
    sock.close()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    with running_redis() as server:
        yield server


@pytest.fixture
def token() -> str:
    """A unique path segment / key prefix, so tests never see each other's entries."""
    return f"t{uuid.uuid4().hex[:12]}"


@pytest.fixture(params=["memory", "redis"])
async def store(
    request: pytest.FixtureRequest, redis_server: RedisServer, token: str
) -> AsyncIterator[CacheStore]:
    """Each store kind in turn; Redis stores get a prefix of their own on the real server."""
    made: CacheStore = (
        MemoryStore() if request.param == "memory" else RedisStore(redis_server.url, prefix=token)
    )
    yield made
    await made.aclose()
