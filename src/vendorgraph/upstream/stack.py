"""Builds the transport stack of each vendor client: cache over resilience over the aiohttp pool."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from redis.asyncio import Redis

from vendorgraph.config import DEFAULT_CONCURRENCY, ResilienceSettings, Settings
from vendorgraph.upstream.cache import CacheStore, CacheTransport, FreshnessOverride, MemoryStore
from vendorgraph.upstream.cache.redis_store import RedisStore
from vendorgraph.upstream.dialect import VendorDialect
from vendorgraph.upstream.resilience import (
    BreakerState,
    BudgetStore,
    InMemoryBudgetStore,
    RedisBudgetStore,
    ResiliencePolicy,
    ResilientTransport,
)
from vendorgraph.upstream.transport import pooled_transport


@dataclass
class VendorStack:
    """The transport a vendor client sends through, and the layers the gateway inspects."""

    transport: httpx.AsyncBaseTransport
    resilience: ResilientTransport
    cache: CacheTransport | None
    pool: httpx.AsyncBaseTransport
    """The bare connection pool, for health probes that must bypass every layer above it."""

    @property
    def breaker(self) -> BreakerState:
        """The vendor's circuit breaker: closed, open or half_open."""
        return self.resilience.breaker_state


@dataclass
class SharedStores:
    """Stores every vendor's stack shares: one cache budget, one place for rate budgets."""

    cache: CacheStore
    budgets: BudgetStore
    redis: Redis | None = None

    async def aclose(self) -> None:
        """Close the Redis connection pool, if any."""
        if self.redis is not None:
            await self.redis.aclose()


def shared_stores(settings: Settings) -> SharedStores:
    """In-memory stores, or Redis-backed ones when the configuration names Redis."""
    cache = settings.cache
    if cache.store == "redis" and cache.redis_url:
        redis = Redis.from_url(cache.redis_url, decode_responses=False)
        return SharedStores(RedisStore(redis), RedisBudgetStore(redis), redis)
    return SharedStores(MemoryStore(max_bytes=cache.max_bytes), InMemoryBudgetStore())


def resilience_policy(settings: ResilienceSettings) -> ResiliencePolicy:
    """The operator's `[resilience]` knobs as the policy every vendor's transport follows."""
    return ResiliencePolicy(
        max_attempts=settings.max_attempts,
        backoff_base=settings.backoff_base_s,
        backoff_cap=settings.backoff_cap_s,
        attempt_timeout=settings.attempt_timeout_s,
        breaker_threshold=settings.breaker_threshold,
        breaker_cooldown=settings.breaker_cooldown_s,
    )


def build_stack(
    vendor: str,
    dialect: VendorDialect,
    settings: Settings,
    stores: SharedStores,
    connections: int = DEFAULT_CONCURRENCY,
) -> VendorStack:
    """Resilience (deadline, budget, retries, breaker) around the pool; the cache around that,
    so a cache hit spends no rate budget and stale-if-error sees the vendor's failures."""
    credentials = (dialect.credential_header,)
    pool = pooled_transport(max_connections=connections)
    resilience = ResilientTransport(
        pool,
        vendor=vendor,
        reset_style=dialect.rate_limit_reset,
        credential_headers=credentials,
        policy=resilience_policy(settings.resilience),
        store=stores.budgets,
    )
    if not settings.cache.enabled:
        return VendorStack(resilience, resilience, None, pool)
    overrides = [
        FreshnessOverride(path_pattern=o.path, max_age=o.max_age)
        for o in settings.cache.overrides.get(vendor, [])
    ]
    cache = CacheTransport(
        resilience,
        store=stores.cache,
        namespace=vendor,
        credential_headers=credentials,
        overrides=overrides,
    )
    return VendorStack(cache, resilience, cache, pool)
