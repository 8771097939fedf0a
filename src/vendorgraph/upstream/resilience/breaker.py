"""A circuit breaker per vendor: after a run of failures, stop calling until a probe succeeds."""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    """Where the breaker stands; the gateway shows these words on /readyz and in `vendors`."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Closed: every call goes. Open: none go until `cooldown` passes. Half-open: one probe goes.

    A run of `threshold` consecutive failures opens it; the probe's success closes it and its
    failure re-opens it for another cool-down. `on_change` hears every state change.
    """

    def __init__(
        self,
        *,
        threshold: int = 5,
        cooldown: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[BreakerState, BreakerState], None] | None = None,
    ) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self._on_change = on_change
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False

    @property
    def state(self) -> BreakerState:
        """The current state; an open breaker whose cool-down has passed reads half-open."""
        if self._state is BreakerState.OPEN and self._clock() >= self._opened_at + self.cooldown:
            self._move(BreakerState.HALF_OPEN)
        return self._state

    @property
    def seconds_until_probe(self) -> float:
        """How long until an open breaker lets a probe through (0 when it is not open)."""
        if self.state is not BreakerState.OPEN:
            return 0.0
        return max(0.0, self._opened_at + self.cooldown - self._clock())

    def admit(self) -> bool | None:
        """May a call go? None: no. False: yes, an ordinary call. True: yes, as the probe."""
        state = self.state
        if state is BreakerState.CLOSED:
            return False
        if state is BreakerState.HALF_OPEN and not self._probing:
            self._probing = True
            return True
        return None

    def succeeded(self, probe: bool) -> None:
        """A call got an answer that says the vendor is working (2xx-4xx)."""
        if probe:
            self._probing = False
            self._failures = 0
            self._move(BreakerState.CLOSED)
        elif self._state is BreakerState.CLOSED:
            self._failures = 0

    def failed(self, probe: bool) -> None:
        """A call failed: no connection, no answer in time, or a 5xx."""
        self._failures += 1
        if probe:
            self._probing = False
            self._open()
        elif self._state is BreakerState.CLOSED and self._failures >= self.threshold:
            self._open()

    def abandoned(self, probe: bool) -> None:
        """A call ended without a verdict (cancelled); a probe slot is given back."""
        if probe:
            self._probing = False

    def _open(self) -> None:
        self._opened_at = self._clock()
        self._move(BreakerState.OPEN)

    def _move(self, state: BreakerState) -> None:
        before, self._state = self._state, state
        if before is not state and self._on_change is not None:
            self._on_change(before, state)
