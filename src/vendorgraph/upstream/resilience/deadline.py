"""The per-GraphQL-request deadline every upstream attempt is bounded by."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_DEADLINE_SECONDS = 10.0

_deadline_at: ContextVar[float | None] = ContextVar("vendorgraph_deadline_at", default=None)


@contextmanager
def deadline_scope(seconds: float = DEFAULT_DEADLINE_SECONDS) -> Iterator[float]:
    """Bound everything upstream inside the block to `seconds` from now; yields the monotonic end.

    A nested scope can only shorten the deadline: inner work never outlives the request around it.
    """
    at = time.monotonic() + seconds
    outer = _deadline_at.get()
    if outer is not None:
        at = min(at, outer)
    token = _deadline_at.set(at)
    try:
        yield at
    finally:
        _deadline_at.reset(token)


def deadline_at() -> float | None:
    """The current scope's end on the `time.monotonic()` clock, or None outside any scope."""
    return _deadline_at.get()


def remaining() -> float | None:
    """Seconds left in the current scope (never negative), or None outside any scope."""
    at = _deadline_at.get()
    return None if at is None else max(0.0, at - time.monotonic())
