"""A scripted vendor stand-in for loopback tests, and a fake clock the transport can sleep on."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.dialect import ErrorInfo, VendorDialect
from vendorgraph.upstream.resilience import ResilientTransport

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]

ClientFactory = Callable[..., Awaitable[tuple[VendorClient, ResilientTransport]]]


@dataclass(frozen=True)
class Step:
    """How the origin answers one request: a status, headers, a JSON body, and stalls."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = field(default_factory=lambda: {"ok": True})
    hang: float = 0.0
    stall_body: float = 0.0
    gated: bool = False


@dataclass(frozen=True)
class Seen:
    """One request as the origin received it."""

    method: str
    path: str
    headers: Mapping[str, str]


@dataclass
class Origin:
    """The vendor stand-in: answers requests with the scripted steps, then with `default`."""

    url: str = ""
    script: list[Step] = field(default_factory=list)
    default: Step = field(default_factory=Step)
    seen: list[Seen] = field(default_factory=list)
    gate: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self, *steps: Step, default: Step | None = None) -> None:
        """Forget past requests and answer the next ones with `steps`."""
        with self.lock:
            self.script = list(steps)
            self.default = default or Step()
            self.seen = []
            self.gate.clear()

    @property
    def count(self) -> int:
        """Requests received since the last reset."""
        return len(self.seen)

    def _next(self, request: Request) -> Step:
        with self.lock:
            self.seen.append(Seen(request.method, request.url.path, dict(request.headers)))
            return self.script.pop(0) if self.script else self.default

    async def handle(self, request: Request) -> Response:
        step = self._next(request)
        if step.gated:
            await asyncio.to_thread(self.gate.wait, 10)
        if step.hang:
            await asyncio.sleep(step.hang)
        if step.stall_body:
            return StreamingResponse(_stalled(step.stall_body), headers=dict(step.headers))
        return JSONResponse(step.body, step.status, headers=dict(step.headers))


async def _stalled(seconds: float) -> AsyncIterator[bytes]:
    yield b'{"partial": '
    await asyncio.sleep(seconds)
    yield b"true}"


@dataclass
class FakeTime:
    """A wall clock that only moves when told to, or when the code under test sleeps."""

    now: float = field(default_factory=time.time)
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.now += seconds


DIALECT = VendorDialect(
    auth_headers=lambda key: {"Authorization": f"Bearer {key}"},
    credential_header="authorization",
    parse_error=lambda body: ErrorInfo(),
)


async def raised(call: Awaitable[Any]) -> Any:
    """The GatewayError (or other exception) an awaited call raises; fails if it returns."""
    try:
        await call
    except Exception as exc:
        return exc
    raise AssertionError("expected an error")


async def eventually(condition: Callable[[], bool]) -> None:
    """Wait (up to 5 s) until `condition` holds, e.g. until requests reach the origin."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")
