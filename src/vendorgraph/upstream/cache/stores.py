"""The storage contract both stores implement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from vendorgraph.upstream.cache.entry import Entry
from vendorgraph.upstream.cache.keys import CacheKey
from vendorgraph.upstream.cache.metrics import StoreUsage


class CacheStore(Protocol):
    """Variants by cache key, with invalidation by URL across every credential of a namespace."""

    async def load(self, key: CacheKey) -> list[Entry]:
        """The stored variants of a key (empty when none)."""
        ...

    async def save(self, key: CacheKey, variants: Sequence[Entry], ttl: float) -> None:
        """Replace a key's variants; the store may drop them after `ttl` seconds."""
        ...

    async def invalidate(self, namespace: str, url: str) -> int:
        """Drop every entry of a normalised URL in a namespace; returns how many keys went."""
        ...

    async def invalidate_prefix(self, namespace: str, url_prefix: str) -> int:
        """Drop every entry whose normalised URL starts with the prefix; returns the count."""
        ...

    def usage(self, namespace: str) -> StoreUsage:
        """Bytes held and evictions so far for a namespace (zero where the store cannot tell)."""
        ...

    async def aclose(self) -> None:
        """Release connections the store opened itself."""
        ...
