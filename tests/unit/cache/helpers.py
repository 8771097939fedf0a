"""Shared helpers for the cache tests that go beyond the conformance table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import httpx

from tests.unit.cache.conftest import OriginServer
from tests.unit.cache.origin import Reply
from vendorgraph.upstream import CacheTransport
from vendorgraph.upstream.cache import CacheStore
from vendorgraph.upstream.transport import pooled_transport


def script(server: OriginServer, token: str, replies: Mapping[str, Sequence[Reply]]) -> str:
    """Script the origin under the test's root; returns the base URL for clients."""
    for path, answers in replies.items():
        server.origin.script(f"/{token}{path}", answers)
    return f"{server.url}/{token}"


def cached_client(
    server: OriginServer, base: str, store: CacheStore, namespace: str
) -> tuple[httpx.AsyncClient, CacheTransport]:
    """A client over a cache transport on the shared fake clock."""
    cache = CacheTransport(pooled_transport(), store=store, namespace=namespace, clock=server.clock)
    return httpx.AsyncClient(transport=cache, base_url=base), cache
