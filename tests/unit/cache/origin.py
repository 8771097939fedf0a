"""A scriptable origin for cache tests: per-path replies, hit counts, 304s, a controllable clock."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from vendorgraph.upstream.cache.directives import format_http_date


class FakeClock:
    """Seconds since the epoch that move only when a test says so (shared with the origin)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass(frozen=True)
class Reply:
    """One scripted origin answer; times are relative to the fake clock when it is sent."""

    status: int = 200
    body: str = "v1"
    cc: str | None = None
    etag: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    date_offset: float | None = 0.0
    expires_in: float | None = None
    last_modified_ago: float | None = None
    conditional: bool = True
    delay: float = 0.0

    def fields(self, now: float) -> dict[str, str]:
        """The response headers this reply sends at `now`."""
        timed = {
            "Date": self.date_offset,
            "Expires": self.expires_in,
            "Last-Modified": None if self.last_modified_ago is None else -self.last_modified_ago,
        }
        fields = {name: format_http_date(now + o) for name, o in timed.items() if o is not None}
        if self.cc is not None:
            fields["Cache-Control"] = self.cc
        if self.etag is not None:
            fields["ETag"] = self.etag
        return {**fields, **self.headers}


DEFAULT_REPLY = Reply(body="ok")


class Origin:
    """Serves scripted replies per `METHOD /path`; the n-th request gets the n-th reply (the
    last one repeats) and counts. A conditional GET whose validator matches gets a 304."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.scripts: dict[str, list[Reply]] = {}
        self.hits: Counter[str] = Counter()
        self.last_headers: dict[str, dict[str, str]] = {}

    def script(self, target: str, replies: Sequence[Reply]) -> None:
        """Script `METHOD /path` (a bare path means GET)."""
        method, _, path = target.rpartition(" ")
        self.scripts[f"{method or 'GET'} {path}"] = list(replies)

    def calls(self, path_prefix: str) -> int:
        """Requests received (any method) for paths under a prefix."""
        return sum(
            n for key, n in self.hits.items() if key.split(" ", 1)[1].startswith(path_prefix)
        )

    def last_request_headers(self, path_prefix: str) -> dict[str, str]:
        """The headers of the latest request under a prefix."""
        return self.last_headers.get(path_prefix, {})

    def app(self) -> Starlette:
        """The ASGI app."""
        return Starlette(routes=[Route("/{path:path}", self._handle, methods=_METHODS)])

    async def _handle(self, request: Request) -> Response:
        target = f"{request.method} {request.url.path}"
        replies = self.scripts.get(target, [DEFAULT_REPLY])
        reply = replies[min(self.hits[target], len(replies) - 1)]
        self.hits[target] += 1
        headers = {k.lower(): v for k, v in request.headers.items()}
        self.last_headers["/" + request.url.path.split("/")[1]] = headers
        if reply.delay:
            await asyncio.sleep(reply.delay)
        fields = reply.fields(self.clock())
        if reply.conditional and _matches(headers, fields):
            return Response(status_code=304, headers=_without_content(fields))
        return Response(reply.body.encode(), status_code=reply.status, headers=fields)


_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


def _matches(request: Mapping[str, str], fields: Mapping[str, str]) -> bool:
    etag = fields.get("ETag")
    if "if-none-match" in request:
        return etag is not None and request["if-none-match"] == etag
    modified = fields.get("Last-Modified")
    return modified is not None and request.get("if-modified-since") == modified


def _without_content(fields: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in fields.items() if not k.lower().startswith("content-")}
