"""Rate-limit budgets: reading vendors' headers and the pure rules for spending a budget."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Any

from vendorgraph.upstream.dialect import ResetStyle

# A reset value this large can only be a Unix time, and one this small only a delay: the vendor
# docs disagree on the style (TechCorp says Unix time, the overview says seconds), so the
# declared style is the first reading and an impossible value falls back to the other.
_UNIX_TIME_FLOOR = 1_000_000_000.0


@dataclass(frozen=True, slots=True)
class RateHeaders:
    """What one response's `X-RateLimit-*` headers said."""

    remaining: int
    reset_at: float | None
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class Budget:
    """One (vendor, credential) budget as last observed, plus this gateway's reservations.

    `in_flight` counts requests admitted against `remaining` whose answers have not arrived;
    `epoch` numbers the rate-limit window so a reservation from an old window is not released
    against a new one; `strikes` counts consecutive 429s for the doubling backoff.
    """

    remaining: int | None = None
    reset_at: float | None = None
    in_flight: int = 0
    epoch: int = 0
    blocked_until: float = 0.0
    strikes: int = 0


@dataclass(frozen=True, slots=True)
class Admission:
    """The budget's answer to "may I send one request now?".

    Granted: a reservation in window `epoch`. Refused and `spent`: nothing is left until `wait`
    seconds pass. Refused and not spent: every remaining request is reserved by one in flight;
    `wait` is how long until the window resets, if known (0.0 otherwise).
    """

    granted: bool
    epoch: int = 0
    wait: float = 0.0
    spent: bool = False


def budget_key(vendor: str, headers: Mapping[str, str], credential_headers: Iterable[str]) -> str:
    """The store key for a vendor and the credential a request carries (hashed, never stored)."""
    credential = "\n".join(headers.get(name, "") for name in credential_headers)
    digest = hashlib.sha256(credential.encode()).hexdigest()[:24]
    return f"{vendor}:{digest}"


def parse_rate_headers(
    headers: Mapping[str, str], style: ResetStyle | None, now: float
) -> RateHeaders | None:
    """The response's rate-limit headers in absolute time, or None when the vendor sent none."""
    if style is None:
        return None
    remaining = _int_or_none(headers.get("x-ratelimit-remaining"))
    if remaining is None:
        return None
    reset = _float_or_none(headers.get("x-ratelimit-reset"))
    reset_at = None if reset is None else _reset_at(reset, style, now)
    return RateHeaders(max(0, remaining), reset_at, _int_or_none(headers.get("x-ratelimit-limit")))


def _reset_at(value: float, style: ResetStyle, now: float) -> float:
    looks_unix = value >= _UNIX_TIME_FLOOR
    if style == "unix" and looks_unix:
        return value
    if style == "seconds" and not looks_unix:
        return now + value
    return value if looks_unix else now + value


def retry_after_seconds(body: Any, headers: Mapping[str, str], now: float) -> float | None:
    """A 429's wait: the body's `retry_after` (top level or one level down), else `Retry-After`."""
    from_body = _body_retry_after(body)
    if from_body is not None:
        return from_body
    header = headers.get("retry-after")
    return None if header is None else _header_retry_after(header.strip(), now)


def _body_retry_after(body: Any) -> float | None:
    if not isinstance(body, dict):
        return None
    nested = [v for v in body.values() if isinstance(v, dict)]
    for candidate in (body, *nested):
        for name in ("retry_after", "retryAfter"):
            value = _float_or_none(candidate.get(name))
            if value is not None and value >= 0:
                return value
    return None


def _header_retry_after(value: str, now: float) -> float | None:
    seconds = _float_or_none(value)
    if seconds is not None:
        return max(0.0, seconds)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def admit(budget: Budget, now: float) -> tuple[Budget, Admission]:
    """Reserve one request if the budget allows it."""
    budget = _rolled_over(budget, now)
    if budget.blocked_until > now:
        return budget, Admission(False, budget.epoch, budget.blocked_until - now, spent=True)
    if budget.remaining is None or budget.remaining - budget.in_flight > 0:
        return _reserve(budget), Admission(True, budget.epoch)
    if budget.reset_at is None:
        # Without a reset time a spent budget cannot be waited out; the vendor's 429 will say how
        # long. Reserved slots still hold later requests back until answers free them.
        if budget.remaining <= 0:
            return _reserve(budget), Admission(True, budget.epoch)
        return budget, Admission(False, budget.epoch)
    spent = budget.remaining <= 0
    return budget, Admission(False, budget.epoch, budget.reset_at - now, spent=spent)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A 429: the wait the vendor named (None: unnamed) and the doubling backoff's bounds."""

    told: float | None
    first: float
    cap: float


def settle(
    budget: Budget, now: float, epoch: int, seen: RateHeaders | None, rejection: Rejection | None
) -> tuple[Budget, float | None]:
    """Release a reservation and record the answer; for a 429, also how long the budget blocks.

    Without a named wait, a 429 blocks for 60 s, doubling with each consecutive 429 up to
    15 min (TechCorp's documented backoff); any other answer clears the strikes.
    """
    budget = release(budget, now, epoch)
    if seen is not None:
        budget = replace(budget, remaining=seen.remaining, reset_at=seen.reset_at)
    if rejection is None:
        return replace(budget, strikes=0), None
    wait = rejection.told
    if wait is None:
        wait = min(rejection.cap, rejection.first * 2**budget.strikes)
    blocked_until = max(budget.blocked_until, now + wait)
    return replace(budget, blocked_until=blocked_until, strikes=budget.strikes + 1), wait


def release(budget: Budget, now: float, epoch: int) -> Budget:
    """Give back a reservation whose request never got an answer."""
    budget = _rolled_over(budget, now)
    if epoch == budget.epoch and budget.in_flight > 0:
        return replace(budget, in_flight=budget.in_flight - 1)
    return budget


def retry_after_hint(wait: float) -> int:
    """A wait as the whole seconds a client is told (`retryAfter`), at least 1."""
    return max(1, math.ceil(wait))


def _reserve(budget: Budget) -> Budget:
    return replace(budget, in_flight=budget.in_flight + 1)


def _rolled_over(budget: Budget, now: float) -> Budget:
    if budget.reset_at is None or now < budget.reset_at:
        return budget
    return Budget(
        epoch=budget.epoch + 1, blocked_until=budget.blocked_until, strikes=budget.strikes
    )


def _int_or_none(value: Any) -> int | None:
    number = _float_or_none(value)
    return None if number is None else int(number)


def _float_or_none(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
