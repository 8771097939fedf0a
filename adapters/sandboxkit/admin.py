"""The sandbox admin endpoint: request counts and journal for tests and benches, and live knobs."""

from __future__ import annotations

import base64
from collections import Counter, deque
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

JOURNAL_LIMIT = 5_000  # entries kept: a long-running sandbox must not grow without limit


@dataclass(frozen=True, slots=True)
class Entry:
    """One answered request, as a replay needs it; never its credentials.

    `path` is the raw path and query from the sandbox root; `body_base64` the exact request body
    (None for GET and HEAD); `arrived`/`answered` are `time.monotonic()` readings, a clock every
    process on the machine shares.
    """

    method: str
    route: str
    """The route template it matched, as the stats count it: `/v3/customers/{id}`."""
    path: str
    body_base64: str | None
    content_type: str | None
    arrived: float
    answered: float
    status: int


@dataclass
class Journal:
    """The last `JOURNAL_LIMIT` answered requests, oldest first, and how many fell off the front."""

    entries: deque[Entry] = field(default_factory=lambda: deque(maxlen=JOURNAL_LIMIT))
    dropped: int = 0

    def add(
        self,
        request: Request,
        route: str,
        body: bytes | None,
        times: tuple[float, float],
        status: int,
    ) -> None:
        """Record one answered request: `times` is (arrived, answered)."""
        if len(self.entries) == self.entries.maxlen:
            self.dropped += 1
        query = request.scope.get("query_string", b"").decode("latin-1")
        raw_path = request.scope.get("raw_path") or request.scope["path"].encode()
        path = raw_path.decode("latin-1") + (f"?{query}" if query else "")
        encoded = None if body is None else base64.b64encode(body).decode("ascii")
        content_type = request.headers.get("content-type")
        entry = Entry(request.method, route, path, encoded, content_type, *times, status)
        self.entries.append(entry)

    def as_json(self) -> dict[str, Any]:
        """The journal as `GET /_admin/journal` returns it."""
        return {"dropped": self.dropped, "entries": [asdict(e) for e in self.entries]}

    def clear(self) -> None:
        """Forget every entry."""
        self.entries.clear()
        self.dropped = 0


@dataclass
class Tally:
    """Requests seen, by `METHOD /route/{template}`, with 304s and 429s counted apart."""

    routes: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    journal: Journal = field(default_factory=Journal)

    def count(self, method: str, route: str, status: int) -> None:
        """Count one answered request."""
        self.routes[f"{method} {route}"] += 1
        self.statuses[status] += 1

    def as_json(self) -> dict[str, Any]:
        """The counts as `GET /_admin/stats` returns them."""
        return {
            "total": sum(self.routes.values()),
            "requests": dict(sorted(self.routes.items())),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "not_modified": self.statuses[304],
            "rate_limited": self.statuses[429],
        }

    def reset(self) -> None:
        """Zero every count and empty the journal."""
        self.routes.clear()
        self.statuses.clear()
        self.journal.clear()


def admin_routes(runtime: Any) -> list[Route]:
    """`GET /stats`, `GET /journal`, `POST /reset` (counts, journal, rate windows), `/config`."""

    async def stats(_: Request) -> JSONResponse:
        return JSONResponse(runtime.tally.as_json())

    async def journal(_: Request) -> JSONResponse:
        return JSONResponse(runtime.tally.journal.as_json())

    async def reset(_: Request) -> JSONResponse:
        runtime.tally.reset()
        runtime.windows.reset()
        return JSONResponse(runtime.tally.as_json())

    async def config(request: Request) -> JSONResponse:
        options = runtime.options
        if request.method == "POST":
            changes = await request.json()
            known = {f.name for f in fields(options)}
            unknown = sorted(set(changes) - known)
            if unknown:
                return JSONResponse({"error": f"unknown knobs: {unknown}"}, status_code=400)
            for name, value in changes.items():
                setattr(options, name, tuple(value) if name == "fault_kinds" else value)
            if "seed" in changes:
                runtime.rng.seed(options.seed)
        return JSONResponse({f.name: getattr(options, f.name) for f in fields(options)})

    return [
        Route("/stats", stats, methods=["GET"]),
        Route("/journal", journal, methods=["GET"]),
        Route("/reset", reset, methods=["POST"]),
        Route("/config", config, methods=["GET", "POST"]),
    ]
