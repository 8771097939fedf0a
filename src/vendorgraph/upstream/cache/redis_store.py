"""Cache store in Redis, shared by every gateway process that points at the same server."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis

from vendorgraph.upstream.cache.entry import Entry, decode_variants, encode_variants
from vendorgraph.upstream.cache.keys import CacheKey
from vendorgraph.upstream.cache.metrics import StoreUsage

DEFAULT_PREFIX = "vendorgraph:cache"


class RedisStore:
    """Stored responses in Redis with a TTL per key and a URL index for invalidation.

    `redis` is a URL (`redis://host:port/db`; the store then owns and closes its client) or a
    `redis.asyncio.Redis` built with `decode_responses=False` (the caller closes it).

    Layout under `prefix`:
    - `{prefix}:e:{namespace}:{digest}` — a key's variants, serialised, with the TTL the
      transport computed (see `CacheTransport`: freshness left + allowed staleness, or the
      revalidation window when a validator makes the entry revalidatable), at least 1 s;
    - `{prefix}:u:{namespace}:{url}` — a set of the entry keys stored for one normalised URL
      (one per credential);
    - `{prefix}:urls:{namespace}` — a sorted set of the namespace's URLs (all score 0), so a
      prefix invalidation is one ZRANGEBYLEX, not a SCAN of the keyspace.
    Index keys get the longest TTL of what they index; a set member whose entry expired first
    is harmless (deleting it is a no-op). Redis evicts by its own policy, so usage() is zero.
    """

    def __init__(self, redis: str | Redis, *, prefix: str = DEFAULT_PREFIX) -> None:
        self._owns_client = isinstance(redis, str)
        self._redis = Redis.from_url(redis) if isinstance(redis, str) else redis
        self.prefix = prefix

    async def load(self, key: CacheKey) -> list[Entry]:
        """The stored variants of a key (empty when none)."""
        data = await self._redis.get(self._entry_key(key))
        return decode_variants(_as_bytes(data)) if data else []

    async def save(self, key: CacheKey, variants: Sequence[Entry], ttl: float) -> None:
        """Replace a key's variants and index them by URL, all expiring after `ttl` seconds."""
        seconds = max(1, math.ceil(ttl))
        entry_key = self._entry_key(key)
        url_set = self._url_key(key.namespace, key.url)
        url_index = self._urls_key(key.namespace)
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.set(entry_key, encode_variants(variants), ex=seconds)
            pipe.sadd(url_set, entry_key)
            pipe.zadd(url_index, {key.url: 0})
            for index_key in (url_set, url_index):
                pipe.expire(index_key, seconds, nx=True)
                pipe.expire(index_key, seconds, gt=True)
            await pipe.execute()

    async def invalidate(self, namespace: str, url: str) -> int:
        """Drop every credential's entries of one normalised URL."""
        return await self._drop_urls(namespace, [url])

    async def invalidate_prefix(self, namespace: str, url_prefix: str) -> int:
        """Drop every entry whose normalised URL starts with `url_prefix`."""
        start = b"[" + url_prefix.encode()
        urls = await self._redis.zrangebylex(self._urls_key(namespace), start, start + b"\xff")
        return await self._drop_urls(namespace, [_as_bytes(url).decode() for url in urls])

    def usage(self, namespace: str) -> StoreUsage:
        """Redis holds the bytes and does its own eviction; it reports them itself."""
        return StoreUsage()

    async def aclose(self) -> None:
        """Close the client if this store created it."""
        if self._owns_client:
            await self._redis.aclose()

    async def _drop_urls(self, namespace: str, urls: Sequence[str]) -> int:
        if not urls:
            return 0
        url_sets = [self._url_key(namespace, url) for url in urls]
        async with self._redis.pipeline(transaction=False) as pipe:
            for url_set in url_sets:
                pipe.smembers(url_set)
            members: list[set[Any]] = await pipe.execute()
        entry_keys = [key for group in members for key in group]
        async with self._redis.pipeline(transaction=False) as pipe:
            if entry_keys:
                pipe.delete(*entry_keys)
            pipe.delete(*url_sets)
            pipe.zrem(self._urls_key(namespace), *urls)
            results: list[int] = await pipe.execute()
        return results[0] if entry_keys else 0

    def _entry_key(self, key: CacheKey) -> str:
        return f"{self.prefix}:e:{key.namespace}:{key.digest}"

    def _url_key(self, namespace: str, url: str) -> str:
        return f"{self.prefix}:u:{namespace}:{url}"

    def _urls_key(self, namespace: str) -> str:
        return f"{self.prefix}:urls:{namespace}"


def _as_bytes(value: bytes | str) -> bytes:
    """Redis replies are bytes unless a caller's client decodes them."""
    return value.encode() if isinstance(value, str) else value
