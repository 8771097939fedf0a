"""Counts the vendor calls one GraphQL request makes, for the opt-in upstream report."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class UpstreamReport:
    """Calls per vendor and route, cache hits, and time spent waiting on vendors."""

    calls: dict[str, dict[str, int]] = field(default_factory=dict)
    cache_hits: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The report as `extensions.upstream` shows it."""
        vendors = sorted(set(self.calls) | set(self.cache_hits))
        return {
            v.upper(): {
                "calls": sum(self.calls.get(v, {}).values()),
                "routes": dict(sorted(self.calls.get(v, {}).items())),
                "cacheHits": self.cache_hits.get(v, 0),
                "seconds": round(self.seconds.get(v, 0.0), 4),
            }
            for v in vendors
        }


current_report: ContextVar[UpstreamReport | None] = ContextVar("current_report", default=None)


@asynccontextmanager
async def record_call(vendor: str, method: str, route: str) -> AsyncIterator[None]:
    """Record one call (and its duration) in the current request's report, if one is open."""
    report = current_report.get()
    started = time.perf_counter()
    try:
        yield
    finally:
        if report is not None:
            routes = report.calls.setdefault(vendor, {})
            key = f"{method} {route}"
            routes[key] = routes.get(key, 0) + 1
            report.seconds[vendor] = report.seconds.get(vendor, 0.0) + time.perf_counter() - started
