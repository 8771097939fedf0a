"""The numbers that tune the resilience layer, with production defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ResiliencePolicy:
    """How hard to try, how long to wait, and when to stop calling a vendor.

    `default_timeout` bounds one call (retries and waits included) made outside any
    `deadline_scope`; `attempt_timeout` (None: the deadline alone) bounds one attempt so a
    hung connection can be retried while the deadline still has room.
    """

    default_timeout: float = 10.0
    attempt_timeout: float | None = None
    max_attempts: int = 3
    backoff_base: float = 0.1
    backoff_cap: float = 2.0
    retry_statuses: frozenset[int] = frozenset({502, 503, 504})
    idempotency_header: str = "idempotency-key"
    rate_limit_backoff_first: float = 60.0
    rate_limit_backoff_max: float = 900.0
    contention_poll: float = 0.05
    breaker_threshold: int = 5
    breaker_cooldown: float = 5.0


DEFAULT_POLICY = ResiliencePolicy()
