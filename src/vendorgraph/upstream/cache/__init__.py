"""An RFC 9111 shared HTTP cache for the upstream stack, as an httpx transport."""

from vendorgraph.upstream.cache.entry import Entry
from vendorgraph.upstream.cache.keys import CacheKey
from vendorgraph.upstream.cache.memory import MemoryStore
from vendorgraph.upstream.cache.metrics import CacheStats, StoreUsage
from vendorgraph.upstream.cache.overrides import FreshnessOverride
from vendorgraph.upstream.cache.policy import Heuristic
from vendorgraph.upstream.cache.redis_store import RedisStore
from vendorgraph.upstream.cache.stores import CacheStore
from vendorgraph.upstream.cache.transport import CacheTransport

__all__ = [
    "CacheKey",
    "CacheStats",
    "CacheStore",
    "CacheTransport",
    "Entry",
    "FreshnessOverride",
    "Heuristic",
    "MemoryStore",
    "RedisStore",
    "StoreUsage",
]
