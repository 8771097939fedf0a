"""Single-flight: concurrent callers with one key share one in-progress call."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class SingleFlight(Generic[T]):
    """Runs one call per key at a time; callers that arrive meanwhile await its result.

    The leader gets its result as returned; followers get `share(result)` (None tells a follower
    to do its own call). A failed call fails its followers too; a cancelled leader lets its
    followers fall back to their own calls.
    """

    def __init__(self) -> None:
        self._calls: dict[str, asyncio.Future[T | None]] = {}

    async def run(
        self, key: str, call: Callable[[], Awaitable[T]], share: Callable[[T], T | None]
    ) -> tuple[T | None, bool]:
        """(result, led): the call's result for the leader, or the shared one for a follower."""
        pending = self._calls.get(key)
        if pending is not None:
            return await asyncio.shield(pending), False
        future: asyncio.Future[T | None] = asyncio.get_running_loop().create_future()
        self._calls[key] = future
        try:
            result = await call()
        except asyncio.CancelledError:
            future.set_result(None)
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: no "never retrieved" log without followers
            raise
        finally:
            del self._calls[key]
        future.set_result(share(result))
        return result, True
