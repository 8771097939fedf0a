"""The HTTP stack every adapter shares: client, transports, cache, limits."""

from vendorgraph.upstream.cache import (
    CacheStats,
    CacheStore,
    CacheTransport,
    FreshnessOverride,
    MemoryStore,
    RedisStore,
)

__all__ = [
    "CacheStats",
    "CacheStore",
    "CacheTransport",
    "FreshnessOverride",
    "MemoryStore",
    "RedisStore",
]
