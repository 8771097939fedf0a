"""Counts the vendor calls one GraphQL request makes, for the opt-in upstream report."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class UpstreamReport:
    """Calls per vendor and route, cache hits, and time spent waiting on vendors."""

    calls: dict[str, dict[str, int]] = field(default_factory=dict)
    cache_hits: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def note(self, vendor: str, route: str, seconds: float, *, cache_hit: bool) -> None:
        """Count one request: a vendor call, or an answer the cache gave without one."""
        if cache_hit:
            self.cache_hits[vendor] = self.cache_hits.get(vendor, 0) + 1
        else:
            routes = self.calls.setdefault(vendor, {})
            routes[route] = routes.get(route, 0) + 1
        self.seconds[vendor] = self.seconds.get(vendor, 0.0) + seconds

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
