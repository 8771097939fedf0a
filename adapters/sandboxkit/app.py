"""Builds one vendor sandbox: wraps each documented route with the behaviour every vendor shares."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from vendorgraph.adapters.sandboxkit.admin import Tally, admin_routes
from vendorgraph.adapters.sandboxkit.ratelimit import FixedWindows

Handler = Callable[[Request], Awaitable[Response]]
ErrorKind = Literal[
    "unauthorized",
    "forbidden",
    "not_found",
    "rate_limited",
    "validation",
    "malformed",
    "conflict",
    "internal",
    "unavailable",
]


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """A sandbox API key: the tenant whose data it sees and whether it may write."""

    tenant: str
    can_write: bool = True


@dataclass(frozen=True, slots=True)
class RateLimit:
    """A vendor's documented limit and how its `X-RateLimit-Reset` reads (None: no headers)."""

    limit: int
    window_s: float
    reset_style: Literal["unix", "seconds"] | None


@dataclass
class SandboxOptions:
    """Knobs every sandbox takes; the admin endpoint can change them while it runs.

    Fault kinds: "500", "503", "hang" (no answer for `hang_s`), "garbage" (200 with broken JSON).
    """

    seed: int = 42
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    fault_rate: float = 0.0
    fault_kinds: tuple[str, ...] = ("500", "503", "hang")
    hang_s: float = 30.0
    rate_limit: int | None = None
    rate_window_s: float | None = None
    caching: bool | None = None
    max_age: int = 300


@dataclass(frozen=True, slots=True)
class SandboxSpec:
    """What differs between vendors at the HTTP edge: keys, auth, error shape, limits, caching."""

    name: str
    base_path: str
    keys: Mapping[str, KeyInfo]
    read_key: Callable[[Request], str | None]
    error_body: Callable[[int, str, str, Any], dict[str, Any]]
    error_codes: Mapping[str, str]
    rate_limit: RateLimit | None
    caching: bool = False
    extra_headers: Callable[[Request], Mapping[str, str]] | None = None


class VendorHTTPError(Exception):
    """Raised by a sandbox handler; rendered in the vendor's own error shape."""

    def __init__(
        self,
        status: int,
        kind: ErrorKind | str,
        message: str,
        details: Any = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.details = details
        self.extra = dict(extra or {})


async def read_json(request: Request) -> Any:
    """The request body as JSON, or a 400 `malformed` error in the vendor's shape."""
    raw = await request.body()
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise VendorHTTPError(400, "malformed", "Request body is not valid JSON") from exc


@dataclass
class _Runtime:
    spec: SandboxSpec
    options: SandboxOptions
    tally: Tally = field(default_factory=Tally)
    windows: FixedWindows = field(default_factory=FixedWindows)
    rng: random.Random = field(default_factory=random.Random)

    @property
    def caching(self) -> bool:
        return self.spec.caching if self.options.caching is None else self.options.caching

    def limit(self) -> RateLimit | None:
        base = self.spec.rate_limit
        if self.options.rate_limit is None:
            return base
        window = self.options.rate_window_s or (base.window_s if base else 60.0)
        style = base.reset_style if base else "seconds"
        return RateLimit(self.options.rate_limit, window, style)


def build_sandbox(
    spec: SandboxSpec, routes: Sequence[Route], options: SandboxOptions | None = None
) -> Starlette:
    """A Starlette app serving `routes` under the vendor's base path, plus `/_admin`."""
    runtime = _Runtime(spec, options or SandboxOptions())
    runtime.rng.seed(runtime.options.seed)
    wrapped: list[BaseRoute] = [
        Route(r.path, _wrap(runtime, r.path, r.endpoint), methods=sorted(r.methods or ()))
        for r in routes
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        runtime.tally.count(request.method, "<unmatched>", status)
        kind = "not_found" if status == 404 else "malformed"
        return _error(spec, status, kind, f"No route for {request.method} {request.url.path}")

    app = Starlette(
        routes=[
            Mount(spec.base_path, routes=wrapped),
            Mount("/_admin", routes=admin_routes(runtime)),
        ],
        exception_handlers={404: not_found, 405: not_found},
    )
    app.state.sandbox = runtime
    return app


def _error(
    spec: SandboxSpec,
    status: int,
    kind: str,
    message: str,
    details: Any = None,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = spec.error_body(status, spec.error_codes.get(kind, kind), message, details)
    nested = body.get("error")
    target: dict[str, Any] = nested if isinstance(nested, dict) else body
    target.update(extra or {})
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _wrap(runtime: _Runtime, template: str, endpoint: Callable[..., Any]) -> Handler:
    spec = runtime.spec
    route_name = spec.base_path + template

    async def handle(request: Request) -> Response:
        arrived = time.monotonic()
        response = await _respond(request)
        body = None if request.method in ("GET", "HEAD") else await request.body()
        await _delay(runtime, arrived)
        runtime.tally.count(request.method, route_name, response.status_code)
        answered = time.monotonic()
        runtime.tally.journal.add(
            request, route_name, body, (arrived, answered), response.status_code
        )
        return response

    async def _respond(request: Request) -> Response:
        fault = _draw_fault(runtime)
        if fault == "hang":
            await asyncio.sleep(runtime.options.hang_s)
        if fault == "garbage":
            return Response(b'{"truncated": ', status_code=200, media_type="application/json")
        if fault in ("500", "503"):
            kind = "internal" if fault == "500" else "unavailable"
            return _error(spec, int(fault), kind, "Injected fault")
        key = spec.read_key(request)
        info = spec.keys.get(key or "")
        if info is None:
            return _error(spec, 401, "unauthorized", "Missing or invalid API key")
        if request.method not in ("GET", "HEAD") and not info.can_write:
            return _error(spec, 403, "forbidden", "API key lacks the write scope")
        limit_headers, retry_after = runtime.windows.take(key or "", runtime.limit())
        if retry_after is not None:
            headers = {**limit_headers, "Retry-After": str(retry_after)}
            message = f"API rate limit exceeded. Try again in {retry_after} seconds."
            return _error(
                spec, 429, "rate_limited", message, None, {"retry_after": retry_after}, headers
            )
        request.state.tenant = info.tenant
        try:
            response: Response = await endpoint(request)
        except VendorHTTPError as exc:
            response = _error(spec, exc.status, exc.kind, exc.message, exc.details, exc.extra)
        response.headers.update(limit_headers)
        if spec.extra_headers:
            response.headers.update(spec.extra_headers(request))
        if runtime.caching and request.method == "GET" and response.status_code == 200:
            return _conditional(request, response, runtime.options.max_age)
        return response

    return handle


async def _delay(runtime: _Runtime, arrived: float) -> None:
    """Wait until `latency` after the request arrived: the answer's time, not extra on top."""
    opts = runtime.options
    delay = opts.latency_ms + (runtime.rng.uniform(0, opts.jitter_ms) if opts.jitter_ms else 0.0)
    if delay > 0:
        await asyncio.sleep(max(0.0, arrived + delay / 1000 - time.monotonic()))


def _draw_fault(runtime: _Runtime) -> str | None:
    opts = runtime.options
    if opts.fault_rate <= 0 or runtime.rng.random() >= opts.fault_rate:
        return None
    return runtime.rng.choice(opts.fault_kinds)


def _conditional(request: Request, response: Response, max_age: int) -> Response:
    etag = '"' + hashlib.sha256(response.body).hexdigest()[:32] + '"'
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = f"max-age={max_age}, must-revalidate"
    wanted = request.headers.get("if-none-match", "")
    tags = {t.strip().removeprefix("W/") for t in wanted.split(",") if t.strip()}
    if etag in tags or "*" in tags:
        keep = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return Response(status_code=304, headers=keep)
    return response
