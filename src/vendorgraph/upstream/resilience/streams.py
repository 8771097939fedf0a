"""A response body stream that stops at the request's deadline."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import httpx

from vendorgraph.errors import GatewayError


class DeadlineStream(httpx.AsyncByteStream):
    """Wraps a body stream so a vendor that sends headers and then stalls cannot outlast the
    deadline: each chunk is awaited only until `ends_at` (`time.monotonic()`)."""

    def __init__(
        self, inner: httpx.AsyncByteStream, ends_at: float, expired: Callable[[], GatewayError]
    ) -> None:
        self._inner = inner
        self._ends_at = ends_at
        self._expired = expired

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = self._inner.__aiter__()
        while True:
            timeout = asyncio.timeout(max(0.0, self._ends_at - time.monotonic()))
            try:
                async with timeout:
                    chunk = await anext(chunks)
            except StopAsyncIteration:
                return
            except TimeoutError as exc:
                if timeout.expired():
                    raise self._expired() from exc
                raise
            yield chunk

    async def aclose(self) -> None:
        """Close the wrapped stream."""
        await self._inner.aclose()
