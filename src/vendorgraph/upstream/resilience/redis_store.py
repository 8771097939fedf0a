"""Rate-limit budgets in Redis, so every gateway replica spends the same vendor budget."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError, WatchError

from vendorgraph.upstream.resilience.ratelimit import Budget
from vendorgraph.upstream.resilience.store import BudgetStore, InMemoryBudgetStore

T = TypeVar("T")

log = logging.getLogger(__name__)


class BudgetContention(RuntimeError):
    """Too many replicas changed one budget at once for an update to land."""


class RedisBudgetStore:
    """Budgets as JSON under `prefix + key`, changed with WATCH/MULTI (optimistic, atomic).

    Keys expire `ttl` seconds after their last change (longer while a 429 block lasts). When
    Redis cannot be reached the store uses this process's memory for `outage_pause` seconds
    before trying Redis again, so an outage loses cross-replica sharing, not vendor traffic or
    latency. The Redis client belongs to the caller; give it short socket timeouts.
    """

    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str = "vendorgraph:budget:",
        ttl: float = 3600.0,
        max_conflicts: int = 50,
        fallback: BudgetStore | None = None,
        outage_pause: float = 5.0,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._ttl = ttl
        self._max_conflicts = max_conflicts
        self._fallback: BudgetStore = fallback if fallback is not None else InMemoryBudgetStore()
        self._outage_pause = outage_pause
        self._local_until: float | None = None

    async def update(self, key: str, change: Callable[[Budget], tuple[Budget, T]]) -> T:
        """Apply `change` to the budget at `key` atomically across replicas."""
        if self._local_until is not None and time.monotonic() < self._local_until:
            return await self._fallback.update(key, change)
        try:
            result = await self._update_shared(self._prefix + key, change)
        except (RedisError, OSError) as exc:
            if self._local_until is None:
                log.warning("budget store unreachable, using local budgets: %s", type(exc).__name__)
            self._local_until = time.monotonic() + self._outage_pause
            return await self._fallback.update(key, change)
        if self._local_until is not None:
            log.warning("budget store reachable again, sharing budgets")
            self._local_until = None
        return result

    async def _update_shared(self, name: str, change: Callable[[Budget], tuple[Budget, T]]) -> T:
        for _ in range(self._max_conflicts):
            async with self._redis.pipeline(transaction=True) as pipe:
                try:
                    await pipe.watch(name)
                    budget, result = change(_decode(await pipe.get(name)))
                    pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves it untyped
                    pipe.set(name, _encode(budget), px=self._expiry_ms(budget))
                    await pipe.execute()
                    return result
                except WatchError:
                    continue
        raise BudgetContention(f"budget {name!r} changed {self._max_conflicts} times mid-update")

    def _expiry_ms(self, budget: Budget) -> int:
        blocked_for = budget.blocked_until - time.time()
        return int(max(self._ttl, blocked_for + 60.0) * 1000)

    async def aclose(self) -> None:
        """The Redis client is the caller's to close; nothing else is held."""


def _encode(budget: Budget) -> str:
    return json.dumps(asdict(budget))


def _decode(raw: bytes | str | None) -> Budget:
    if raw is None:
        return Budget()
    try:
        return Budget(**json.loads(raw))
    except (TypeError, ValueError):
        return Budget()
