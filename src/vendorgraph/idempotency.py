"""Idempotency keys for writes: a retry replays the first result; a changed input conflicts."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from cachetools import TTLCache

from vendorgraph.errors import Code, GatewayError

T = TypeVar("T")
R = TypeVar("R")
DAY = 24 * 3600.0


class IdempotencyGuard(Protocol[R]):
    """What a write needs of an idempotency store, in memory or shared by replicas."""

    async def run(
        self, scope: str, key: str, input_fingerprint: str, write: Callable[[], Awaitable[R]]
    ) -> R:
        """Run `write` once per (scope, key); replay its result for retries with the same input."""
        ...


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

    Concurrent calls with one key share the first call. A write that certainly did not happen
    (refused, rate limited, circuit open) is forgotten so the client may retry it; one whose
    outcome is unknown keeps the key locked, so a retry can never create a second record. The
    same key with a different input is a CONFLICT.
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
                raise conflict(DIFFERENT_INPUT)
            result: T = await asyncio.shield(entry.outcome)
            return result
        outcome: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._entries[(scope, key)] = _Entry(input_fingerprint, outcome)
        try:
            value = await write()
        except BaseException as error:
            self._settle_failure((scope, key), outcome, error)
            raise
        outcome.set_result(value)
        return value

    def _settle_failure(
        self, slot: tuple[str, str], outcome: asyncio.Future[Any], error: BaseException
    ) -> None:
        if outcome_unknown(error):
            outcome.set_exception(conflict(UNKNOWN_OUTCOME))
        else:
            self._entries.pop(slot, None)
            outcome.set_exception(error if isinstance(error, Exception) else conflict(str(error)))
        outcome.exception()  # mark retrieved: waiters re-raise it themselves


DIFFERENT_INPUT = "this idempotency key was used with a different input"
UNKNOWN_OUTCOME = (
    "the first request with this idempotency key may have reached the vendor and its outcome is "
    "unknown; check the vendor's records before retrying with a new key"
)
AMBIGUOUS_STATUSES = frozenset({500, 502, 504})


def outcome_unknown(error: BaseException) -> bool:
    """Whether a failed write may still have happened at the vendor.

    A timeout after sending, a 500/502/504 or an unreadable answer may hide a created record;
    a refusal (4xx, 503, rate limit, open circuit, refused connection) means nothing was done.
    """
    if not isinstance(error, GatewayError):
        return True
    if error.code in (Code.UPSTREAM_TIMEOUT, Code.UPSTREAM_ERROR):
        return True
    return error.upstream_status in AMBIGUOUS_STATUSES


def conflict(message: str) -> GatewayError:
    """CONFLICT on the idempotencyKey argument."""
    return GatewayError(Code.CONFLICT, message, field="idempotencyKey")
