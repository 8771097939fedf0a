"""Idempotency keys in Redis, so every gateway replica that shares it runs a key's write once."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any, Generic, Protocol, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from vendorgraph.errors import Code, GatewayError
from vendorgraph.idempotency import (
    DAY,
    DIFFERENT_INPUT,
    UNKNOWN_OUTCOME,
    conflict,
    outcome_unknown,
)
from vendorgraph.upstream.resilience import DEFAULT_DEADLINE_SECONDS, remaining

T = TypeVar("T")
log = logging.getLogger(__name__)

PENDING, DONE, UNKNOWN = "pending", "done", "unknown"
IN_PROGRESS = "a request with this key is still in progress"
UNREACHABLE = "the idempotency store is unreachable; nothing was sent to the vendor, retry later"

SETTLE = """
local now = redis.call('GET', KEYS[1])
if now and now ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1])
else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1
"""
"""Replace (or with an empty value delete) a key only while it still holds our claim, or
nothing: a claim that expired and was taken by another replica is never overwritten."""


class ResultCodec(Protocol[T]):
    """Turns a write's result into JSON-ready values and back."""

    def encode(self, value: T) -> Any:
        """The result as plain JSON values."""
        ...

    def decode(self, data: Any) -> T:
        """The result `encode` was given."""
        ...


@dataclass(frozen=True)
class _Record:
    """What Redis holds for one key: the input's fingerprint, the state, and when done the
    encoded result. `claim` tells one replica's pending record from another's."""

    fingerprint: str
    state: str
    result: Any = None
    claim: str | None = None

    def dump(self) -> bytes:
        return json.dumps(asdict(self), separators=(",", ":")).encode()

    @classmethod
    def load(cls, raw: bytes | str) -> _Record:
        return cls(**json.loads(raw))


class RedisIdempotencyStore(Generic[T]):
    """The rules of `IdempotencyStore`, shared by every replica using one Redis.

    A call claims `{prefix}{scope}:{sha256(key)}` with SET NX as `pending` for the request's
    deadline plus `pending_margin_s` (a crashed replica frees the key then). The write's result
    is stored as `done` for `ttl_s`; a write of unknown outcome as `unknown` for `ttl_s`; a
    refused one deletes the key. A call that finds the key pending polls until it settles or
    its own deadline passes (then CONFLICT: still in progress); if the key was freed meanwhile
    it claims the key and writes itself. If Redis cannot be reached nothing is written. The
    Redis client belongs to the caller.
    """

    def __init__(
        self,
        redis: Redis,
        codec: ResultCodec[T],
        *,
        prefix: str = "vendorgraph:idempotency:",
        ttl_s: float = DAY,
        pending_margin_s: float = 10.0,
        poll_s: float = 0.05,
    ) -> None:
        self._redis = redis
        self._codec = codec
        self._prefix = prefix
        self._ttl_ms = int(ttl_s * 1000)
        self._pending_margin_s = pending_margin_s
        self._poll_s = poll_s
        self._settle = redis.register_script(SETTLE)

    async def run(
        self, scope: str, key: str, input_fingerprint: str, write: Callable[[], Awaitable[T]]
    ) -> T:
        """Run `write` once per (scope, key) across replicas; replay its result for retries."""
        slot = f"{self._prefix}{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
        until = time.monotonic() + _time_left()
        while True:
            claim = _Record(input_fingerprint, PENDING, claim=secrets.token_hex(8)).dump()
            if await self._guarded(self._redis.set(slot, claim, nx=True, px=self._pending_ms())):
                return await self._write(slot, claim, input_fingerprint, write)
            settled = await self._settled(slot, input_fingerprint, until)
            if settled is not None:
                return self._replay(settled)

    def _pending_ms(self) -> int:
        """A claim lives as long as the write may: the deadline, plus a margin."""
        return max(1, int((_time_left() + self._pending_margin_s) * 1000))

    async def _settled(self, slot: str, input_fingerprint: str, until: float) -> _Record | None:
        """The key's record once it is no longer pending, or None once it is free to claim."""
        while (raw := await self._guarded(self._redis.get(slot))) is not None:
            record = _Record.load(raw)
            if record.fingerprint != input_fingerprint:
                raise conflict(DIFFERENT_INPUT)
            if record.state != PENDING:
                return record
            left = until - time.monotonic()
            if left <= 0:
                raise conflict(IN_PROGRESS)
            await asyncio.sleep(min(self._poll_s, left))
        return None

    def _replay(self, record: _Record) -> T:
        if record.state == UNKNOWN:
            raise conflict(UNKNOWN_OUTCOME)
        return self._codec.decode(record.result)

    async def _write(
        self, slot: str, claim: bytes, input_fingerprint: str, write: Callable[[], Awaitable[T]]
    ) -> T:
        try:
            value = await write()
        except BaseException as error:
            after = _Record(input_fingerprint, UNKNOWN) if outcome_unknown(error) else None
            await asyncio.shield(self._store(slot, claim, after))
            raise
        done = _Record(input_fingerprint, DONE, self._codec.encode(value))
        await asyncio.shield(self._store(slot, claim, done))
        return value

    async def _store(self, slot: str, claim: bytes, record: _Record | None) -> None:
        """Settle our claim; a failure here is logged, never hides the write's own outcome."""
        value = b"" if record is None else record.dump()
        try:
            kept = await self._settle(keys=[slot], args=[claim, value, self._ttl_ms])
        except (RedisError, OSError) as error:
            log.warning("could not settle an idempotency key: %s", type(error).__name__)
            return
        if not kept:
            log.warning("an idempotency claim expired before its write settled")

    async def _guarded(self, command: Awaitable[Any]) -> Any:
        """A Redis command; an unreachable Redis refuses the write (nothing was sent)."""
        try:
            return await command
        except (RedisError, OSError) as error:
            raise GatewayError(Code.UPSTREAM_UNAVAILABLE, UNREACHABLE) from error


def _time_left() -> float:
    """Seconds left in this request's deadline (the default deadline outside a request)."""
    left = remaining()
    return DEFAULT_DEADLINE_SECONDS if left is None else left
