"""Idempotency keys for writes: a retry replays the first result; a changed input conflicts."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from cachetools import TTLCache

from vendorgraph.errors import Code, GatewayError

T = TypeVar("T")
DAY = 24 * 3600.0


@dataclass
class _Entry:
    fingerprint: str
    outcome: asyncio.Future[Any]


def fingerprint(value: Any) -> str:
    """A stable hash of a write's input (dataclasses and enums via their repr)."""
    text = json.dumps(value, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


class IdempotencyStore:
    """Remembers (scope, key) → the write's result for a day, in memory.

    Concurrent calls with one key share the first call; a failed call is forgotten so the client
    may retry it; the same key with a different input is a CONFLICT.
    """

    def __init__(self, ttl_s: float = DAY, max_entries: int = 100_000) -> None:
        self._entries: TTLCache[tuple[str, str], _Entry] = TTLCache(max_entries, ttl_s)

    async def run(
        self, scope: str, key: str, input_fingerprint: str, write: Callable[[], Awaitable[T]]
    ) -> T:
        """Run `write` once per (scope, key); replay its result for retries with the same input."""
        entry = self._entries.get((scope, key))
        if entry is not None:
            if entry.fingerprint != input_fingerprint:
                raise GatewayError(
                    Code.CONFLICT,
                    "this idempotency key was used with a different input",
                    field="idempotencyKey",
                )
            result: T = await asyncio.shield(entry.outcome)
            return result
        outcome: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._entries[(scope, key)] = _Entry(input_fingerprint, outcome)
        try:
            value = await write()
        except BaseException as error:
            self._entries.pop((scope, key), None)
            outcome.set_exception(
                error if isinstance(error, Exception) else asyncio.CancelledError()
            )
            outcome.exception()  # mark retrieved: waiters re-raise it themselves
            raise
        outcome.set_result(value)
        return value
