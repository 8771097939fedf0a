"""The sandbox admin endpoint: request counts for tests and benches, and live knobs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class Tally:
    """Requests seen, by `METHOD /route/{template}`, with 304s and 429s counted apart."""

    routes: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)

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
        """Zero every count."""
        self.routes.clear()
        self.statuses.clear()


def admin_routes(runtime: Any) -> list[Route]:
    """`GET /stats`, `POST /reset` (counts and rate windows), `GET|POST /config` (knobs)."""

    async def stats(_: Request) -> JSONResponse:
        return JSONResponse(runtime.tally.as_json())

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
        Route("/reset", reset, methods=["POST"]),
        Route("/config", config, methods=["GET", "POST"]),
    ]
