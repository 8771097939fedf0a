"""What the resilience layer counts: per-transport stats and Prometheus collectors by vendor."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from prometheus_client import Counter, Gauge

from vendorgraph.upstream.resilience.breaker import BreakerState

# Created once at import: Prometheus refuses a second collector with the same name, and tests
# build many transports.
RETRIES = Counter(
    "vendorgraph_upstream_retries", "Upstream attempts repeated after a failure", ["vendor"]
)
THROTTLED_WAITS = Counter(
    "vendorgraph_upstream_throttled_waits",
    "Times a request waited for a vendor's rate-limit budget before being sent",
    ["vendor"],
)
FAST_FAILURES = Counter(
    "vendorgraph_upstream_fast_failures",
    "Requests answered with an error without waiting for the vendor",
    ["vendor", "reason"],
)
BREAKER_STATE = Gauge(
    "vendorgraph_upstream_breaker_state",
    "1 for the state each vendor's circuit breaker is in, 0 for the others",
    ["vendor", "state"],
)
BREAKER_CHANGES = Counter(
    "vendorgraph_upstream_breaker_changes", "Circuit breaker state changes", ["vendor", "to"]
)


class FastFailure(StrEnum):
    """Why a request failed without (further) waiting on the vendor."""

    RATE_LIMITED = "rate_limited"
    CIRCUIT_OPEN = "circuit_open"
    DEADLINE = "deadline"


@dataclass(slots=True)
class ResilienceStats:
    """Counts for one transport since it was built."""

    attempts: int = 0
    retries: int = 0
    throttled_waits: int = 0
    fast_failures: int = 0
    breaker_changes: int = 0


class Telemetry:
    """Counts one vendor's events in its stats and in the Prometheus collectors at once."""

    def __init__(self, vendor: str) -> None:
        self.vendor = vendor
        self._stats = ResilienceStats()
        self.breaker_state(BreakerState.CLOSED)

    @property
    def stats(self) -> ResilienceStats:
        """A snapshot of the counts."""
        return replace(self._stats)

    def attempt(self) -> None:
        """A request is about to be sent to the vendor."""
        self._stats.attempts += 1

    def retry(self) -> None:
        """A failed attempt will be repeated."""
        self._stats.retries += 1
        RETRIES.labels(self.vendor).inc()

    def throttled(self) -> None:
        """A request waits for the rate-limit budget."""
        self._stats.throttled_waits += 1
        THROTTLED_WAITS.labels(self.vendor).inc()

    def fast_failure(self, reason: FastFailure) -> None:
        """A request fails without waiting for the vendor."""
        self._stats.fast_failures += 1
        FAST_FAILURES.labels(self.vendor, reason.value).inc()

    def breaker_changed(self, before: BreakerState, after: BreakerState) -> None:
        """The vendor's circuit breaker moved from `before` to `after`."""
        self._stats.breaker_changes += 1
        BREAKER_CHANGES.labels(self.vendor, after.value).inc()
        self.breaker_state(after)

    def breaker_state(self, current: BreakerState) -> None:
        """Set the state gauge: 1 for `current`, 0 for the rest."""
        for state in BreakerState:
            BREAKER_STATE.labels(self.vendor, state.value).set(1 if state is current else 0)
