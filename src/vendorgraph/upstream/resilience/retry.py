"""Which requests may be sent twice, and how long to back off between attempts."""

from __future__ import annotations

import random

import httpx

from vendorgraph.upstream.resilience.policy import ResiliencePolicy

SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_retry_safe(request: httpx.Request, policy: ResiliencePolicy) -> bool:
    """GET and HEAD, or a write the vendor de-duplicates by its idempotency key."""
    return request.method in SAFE_METHODS or bool(request.headers.get(policy.idempotency_header))


def backoff_delay(attempt: int, policy: ResiliencePolicy, rng: random.Random) -> float:
    """Full-jitter exponential backoff after the given (1-based) failed attempt."""
    ceiling = min(policy.backoff_cap, policy.backoff_base * 2 ** (attempt - 1))
    return rng.uniform(0.0, ceiling)
