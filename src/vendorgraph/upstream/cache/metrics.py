"""Cache counters for Prometheus (created once, labelled by namespace) and per-instance stats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from prometheus_client import Counter, Gauge

Event = Literal[
    "hits", "misses", "revalidations", "not_modified", "stale_served", "evictions", "stores"
]

_DESCRIPTIONS: dict[Event, str] = {
    "hits": "Requests answered from the cache without the origin",
    "misses": "Requests with no usable stored response",
    "revalidations": "Conditional requests sent to the origin",
    "not_modified": "304 answers that refreshed a stored response",
    "stale_served": "Stale responses served where allowed",
    "evictions": "Entries evicted to stay under the byte bound",
    "stores": "Responses written to the store",
}
EVENTS: dict[Event, Counter] = {
    event: Counter(f"vendorgraph_upstream_cache_{event}", text, ["namespace"])
    for event, text in _DESCRIPTIONS.items()
}
BYTES_HELD = Gauge(
    "vendorgraph_upstream_cache_bytes", "Bytes held by in-memory cache stores", ["namespace"]
)


@dataclass
class CacheStats:
    """One transport's counts (evictions and bytes come from its store, for its namespace)."""

    hits: int = 0
    misses: int = 0
    revalidations: int = 0
    not_modified: int = 0
    stale_served: int = 0
    stores: int = 0
    evictions: int = 0
    bytes: int = 0


@dataclass(frozen=True)
class StoreUsage:
    """What a store holds for one namespace: bytes now and evictions so far."""

    bytes: int = 0
    evictions: int = 0


class Recorder:
    """Counts events in a transport's stats and the namespace's Prometheus counters."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.stats = CacheStats()
        for counter in EVENTS.values():  # every series exists from the start, at 0
            counter.labels(namespace)

    def record(self, event: Event) -> None:
        """Count one event."""
        setattr(self.stats, event, getattr(self.stats, event) + 1)
        EVENTS[event].labels(self.namespace).inc()
