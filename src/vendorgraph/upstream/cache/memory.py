"""In-process cache store: an LRU bounded by total bytes, indexed by URL for invalidation."""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from cachetools import LRUCache

from vendorgraph.upstream.cache.entry import Entry
from vendorgraph.upstream.cache.keys import CacheKey
from vendorgraph.upstream.cache.metrics import BYTES_HELD, EVENTS, StoreUsage

DEFAULT_MAX_BYTES = 64 * 2**20


@dataclass(frozen=True)
class _Slot:
    variants: tuple[Entry, ...]
    expires_at: float
    size: int


class _BytesLRU(LRUCache[CacheKey, _Slot]):
    """An LRU whose evictions are reported, so the URL index and byte counts stay true."""

    def __init__(self, max_bytes: int, on_evict: Callable[[CacheKey, _Slot], None]) -> None:
        super().__init__(maxsize=max_bytes, getsizeof=lambda slot: slot.size)
        self._on_evict = on_evict

    def popitem(self) -> tuple[CacheKey, _Slot]:
        key, slot = super().popitem()
        self._on_evict(key, slot)
        return key, slot


@dataclass
class _UrlIndex:
    """One namespace's URLs in sorted order (prefix scans by bisection) and their keys."""

    urls: list[str] = field(default_factory=list)
    keys: dict[str, set[CacheKey]] = field(default_factory=dict)

    def add(self, key: CacheKey) -> None:
        if key.url not in self.keys:
            bisect.insort(self.urls, key.url)
            self.keys[key.url] = set()
        self.keys[key.url].add(key)

    def discard(self, key: CacheKey) -> None:
        keys = self.keys.get(key.url)
        if keys is None:
            return
        keys.discard(key)
        if not keys:
            del self.keys[key.url]
            del self.urls[bisect.bisect_left(self.urls, key.url)]

    def starting_with(self, prefix: str) -> Iterator[str]:
        for url in self.urls[bisect.bisect_left(self.urls, prefix) :]:
            if not url.startswith(prefix):
                return
            yield url


class MemoryStore:
    """Stored responses in this process, least recently used dropped first beyond `max_bytes`.

    Entries also expire after the TTL the transport gives (measured on `time.monotonic`).
    Invalidation finds keys through a per-namespace sorted index of normalised URLs, so a
    prefix costs a bisection plus the matching URLs, not a scan of the whole cache.
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._lru = _BytesLRU(max_bytes, self._evicted)
        self._index: dict[str, _UrlIndex] = {}
        self._bytes: dict[str, int] = {}
        self._evictions: dict[str, int] = {}

    async def load(self, key: CacheKey) -> list[Entry]:
        """The stored variants of a key (empty when none or expired)."""
        slot = self._lru.get(key)
        if slot is None:
            return []
        if slot.expires_at <= time.monotonic():
            self._remove(key)
            return []
        return list(slot.variants)

    async def save(self, key: CacheKey, variants: Sequence[Entry], ttl: float) -> None:
        """Replace a key's variants; a value larger than the whole store is not kept."""
        self._remove(key)
        size = sum(entry.size for entry in variants) + len(key.url) + 128
        if not variants or size > self.max_bytes:
            return
        self._lru[key] = _Slot(tuple(variants), time.monotonic() + ttl, size)
        self._index.setdefault(key.namespace, _UrlIndex()).add(key)
        self._add_bytes(key.namespace, size)

    async def invalidate(self, namespace: str, url: str) -> int:
        """Drop every credential's entries of one normalised URL."""
        index = self._index.get(namespace)
        keys = list(index.keys.get(url, ())) if index else []
        for key in keys:
            self._remove(key)
        return len(keys)

    async def invalidate_prefix(self, namespace: str, url_prefix: str) -> int:
        """Drop every entry whose normalised URL starts with `url_prefix`."""
        index = self._index.get(namespace)
        urls = list(index.starting_with(url_prefix)) if index else []
        counts = [await self.invalidate(namespace, url) for url in urls]
        return sum(counts)

    def usage(self, namespace: str) -> StoreUsage:
        """Bytes held and LRU evictions so far for a namespace."""
        return StoreUsage(self._bytes.get(namespace, 0), self._evictions.get(namespace, 0))

    @property
    def bytes_held(self) -> int:
        """Bytes held across every namespace (never more than `max_bytes`)."""
        return int(self._lru.currsize)

    async def aclose(self) -> None:
        """Nothing to release."""

    def _remove(self, key: CacheKey) -> None:
        slot = self._lru.pop(key, None)
        if slot is not None:
            self._forget(key, slot)

    def _evicted(self, key: CacheKey, slot: _Slot) -> None:
        self._forget(key, slot)
        self._evictions[key.namespace] = self._evictions.get(key.namespace, 0) + 1
        EVENTS["evictions"].labels(key.namespace).inc()

    def _forget(self, key: CacheKey, slot: _Slot) -> None:
        index = self._index.get(key.namespace)
        if index is not None:
            index.discard(key)
        self._add_bytes(key.namespace, -slot.size)

    def _add_bytes(self, namespace: str, delta: int) -> None:
        self._bytes[namespace] = self._bytes.get(namespace, 0) + delta
        BYTES_HELD.labels(namespace).set(self._bytes[namespace])
