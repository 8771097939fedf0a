"""An httpx transport that bounds, paces, retries and short-circuits calls to one vendor."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx

from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.dialect import ResetStyle
from vendorgraph.upstream.resilience.breaker import BreakerState, CircuitBreaker
from vendorgraph.upstream.resilience.deadline import deadline_at
from vendorgraph.upstream.resilience.metrics import FastFailure, ResilienceStats, Telemetry
from vendorgraph.upstream.resilience.policy import DEFAULT_POLICY, ResiliencePolicy
from vendorgraph.upstream.resilience.ratelimit import (
    Admission,
    Rejection,
    admit,
    budget_key,
    parse_rate_headers,
    release,
    retry_after_hint,
    retry_after_seconds,
    settle,
)
from vendorgraph.upstream.resilience.retry import backoff_delay, is_retry_safe
from vendorgraph.upstream.resilience.store import BudgetStore, InMemoryBudgetStore
from vendorgraph.upstream.resilience.streams import DeadlineStream

Sleep = Callable[[float], Awaitable[None]]


@dataclass(slots=True)
class _Call:
    """One request on its way through the layer: what it is, whose budget, when it must end.

    `vendor_failed` says whether its latest attempt failed at the vendor (no connection, no
    answer in time, a 5xx); the breaker hears it once the call ends, so a fault a retry absorbed
    never counts towards opening the circuit.
    """

    request: httpx.Request
    key: str
    retry_safe: bool
    ends_at: float
    vendor_failed: bool = False

    def remaining(self) -> float:
        return max(0.0, self.ends_at - time.monotonic())


@dataclass(frozen=True, slots=True)
class _Answer:
    """An attempt's response, and for a 429 how long the vendor's budget is blocked."""

    response: httpx.Response
    blocked_for: float | None


class ResilientTransport(httpx.AsyncBaseTransport):
    """Deadlines, rate-limit budgets, safe retries and a circuit breaker around one vendor.

    Raises `GatewayError` itself when it answers without (further) waiting on the vendor:
    RATE_LIMITED (with `retry_after`) when the budget cannot refill within the deadline,
    UPSTREAM_UNAVAILABLE while the circuit is open, UPSTREAM_TIMEOUT at the deadline. Other
    outcomes (responses, httpx transport errors) pass to the client unchanged. `clock` is wall
    time (budgets and breaker cool-downs); deadlines run on `time.monotonic()`.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        vendor: str,
        reset_style: ResetStyle | None,
        credential_headers: Iterable[str] = ("authorization", "x-tenant-api-key"),
        policy: ResiliencePolicy = DEFAULT_POLICY,
        store: BudgetStore | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.vendor = vendor
        self.policy = policy
        self._inner = inner
        self._reset_style = reset_style
        self._credential_headers = tuple(h.lower() for h in credential_headers)
        self._store: BudgetStore = store if store is not None else InMemoryBudgetStore()
        self._clock = clock
        self._sleep = sleep
        self._rng = rng if rng is not None else random.Random()
        self._telemetry = Telemetry(vendor)
        self.breaker = CircuitBreaker(
            threshold=policy.breaker_threshold,
            cooldown=policy.breaker_cooldown,
            clock=clock,
            on_change=self._telemetry.breaker_changed,
        )
        self._released = asyncio.Event()

    @property
    def breaker_state(self) -> BreakerState:
        """`closed`, `open` or `half_open`."""
        return self.breaker.state

    @property
    def stats(self) -> ResilienceStats:
        """Attempts, retries, throttled waits, fast failures and breaker changes so far."""
        return self._telemetry.stats

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request`, retrying where safe, within its deadline and the vendor's budget."""
        ends_at = deadline_at()
        if ends_at is None:
            ends_at = time.monotonic() + self.policy.default_timeout
        call = _Call(
            request,
            budget_key(self.vendor, request.headers, self._credential_headers),
            is_retry_safe(request, self.policy),
            ends_at,
        )
        try:
            response = await self._attempts(call)
        except (httpx.TransportError, GatewayError):
            self._judge(call)
            raise
        self._judge(call)
        return response

    def _judge(self, call: _Call) -> None:
        """One failed call (its retries spent) is one step towards opening the circuit."""
        if call.vendor_failed:
            self.breaker.failed(probe=False)

    async def _attempts(self, call: _Call) -> httpx.Response:
        attempt = 1
        while True:
            last = attempt >= self.policy.max_attempts or not call.retry_safe
            try:
                answer = await self._attempt(call)
            except httpx.TransportError:
                if last or not await self._back_off(call, attempt):
                    raise
                attempt += 1
                continue
            if answer.blocked_for is not None:
                await self._after_rejection(call, answer, last)
            elif last or not await self._retrying(call, attempt, answer.response):
                return answer.response
            attempt += 1

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self._inner.aclose()

    async def _attempt(self, call: _Call) -> _Answer:
        probe = self.breaker.admit()
        if probe is None:
            raise self._fast_failure(
                FastFailure.CIRCUIT_OPEN,
                Code.UPSTREAM_UNAVAILABLE,
                f"{self.vendor} is failing; circuit open",
                retry_after_hint(self.breaker.seconds_until_probe),
            )
        try:
            epoch = await self._admit_to_budget(call)
        except BaseException:
            self.breaker.abandoned(probe)
            raise
        if call.remaining() <= 0:
            self.breaker.abandoned(probe)
            await self._release(call, epoch)
            raise self._deadline_passed()
        self._telemetry.attempt()
        try:
            response = await self._send(call)
        except (httpx.TransportError, GatewayError):
            self._verdict(call, probe, ok=False)
            await self._release(call, epoch)
            raise
        except BaseException:
            self.breaker.abandoned(probe)
            await self._release(call, epoch)
            raise
        self._verdict(call, probe, ok=response.status_code < 500)
        return await self._settle(call, epoch, response)

    def _verdict(self, call: _Call, probe: bool, *, ok: bool) -> None:
        """A probe's answer moves the breaker at once; other failures wait for the call's end."""
        call.vendor_failed = not ok and not probe
        if ok:
            self.breaker.succeeded(probe)
        elif probe:
            self.breaker.failed(probe=True)

    async def _admit_to_budget(self, call: _Call) -> int:
        """Reserve one request in the budget, waiting for it when the wait fits the deadline."""
        throttled = False
        while True:
            now = self._clock()
            admission = await self._store.update(call.key, partial(admit, now=now))
            if admission.granted:
                return admission.epoch
            await self._wait_for_budget(call, admission)
            if not throttled:
                throttled = True
                self._telemetry.throttled()

    async def _wait_for_budget(self, call: _Call, admission: Admission) -> None:
        left = call.remaining()
        if admission.spent and admission.wait < left:
            await self._sleep(admission.wait)
        elif not admission.spent and left > 0:
            # Every remaining request is reserved: wait for an answer to free one.
            released = self._released
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(released.wait(), min(self.policy.contention_poll, left))
        else:
            raise self._rate_limited(admission.wait)

    async def _send(self, call: _Call) -> httpx.Response:
        left = call.remaining()
        cap = self.policy.attempt_timeout
        limit = left if cap is None else min(left, cap)
        timeout = asyncio.timeout(limit)
        try:
            async with timeout:
                response = await self._inner.handle_async_request(call.request)
        except httpx.ConnectTimeout as exc:
            raise _refused_or_timeout(exc, call.request) from exc.__cause__
        except TimeoutError as exc:
            if not timeout.expired():
                raise
            if limit < left:
                message = f"{self.vendor} attempt timed out"
                raise httpx.ReadTimeout(message, request=call.request) from exc
            raise self._deadline_passed() from exc
        if isinstance(response.stream, httpx.AsyncByteStream):
            response.stream = DeadlineStream(response.stream, call.ends_at, self._deadline_passed)
        return response

    async def _settle(self, call: _Call, epoch: int, response: httpx.Response) -> _Answer:
        now = self._clock()
        seen = parse_rate_headers(response.headers, self._reset_style, now)
        rejection = None
        if response.status_code == 429:
            told = retry_after_seconds(await _json_body(response), response.headers, now)
            first, most = self.policy.rate_limit_backoff_first, self.policy.rate_limit_backoff_max
            rejection = Rejection(told, first, most)
        blocked_for = await self._store.update(
            call.key, lambda b: settle(b, now, epoch, seen, rejection)
        )
        self._wake_waiters()
        return _Answer(response, blocked_for)

    async def _release(self, call: _Call, epoch: int) -> None:
        now = self._clock()
        await self._store.update(call.key, lambda b: (release(b, now, epoch), None))
        self._wake_waiters()

    def _wake_waiters(self) -> None:
        released, self._released = self._released, asyncio.Event()
        released.set()

    async def _after_rejection(self, call: _Call, answer: _Answer, last: bool) -> None:
        """After a 429: retry once the budget unblocks if that fits the deadline, else fail now."""
        wait = answer.blocked_for or 0.0
        if last or wait > call.remaining():
            await answer.response.aclose()
            raise self._rate_limited(wait, answer.response)
        await answer.response.aclose()
        self._telemetry.retry()

    async def _retrying(self, call: _Call, attempt: int, response: httpx.Response) -> bool:
        """Back off before retrying a 502/503/504; False when the answer stands."""
        if response.status_code not in self.policy.retry_statuses:
            return False
        return await self._back_off(call, attempt, response)

    async def _back_off(
        self, call: _Call, attempt: int, response: httpx.Response | None = None
    ) -> bool:
        """Sleep before the next attempt; False when the backoff would outlast the deadline.

        A 503's `Retry-After` (RFC 9110 §10.2.3) says when the vendor expects to be back: the
        retry waits at least that long, or the answer stands when that is past the deadline.
        """
        delay = backoff_delay(attempt, self.policy, self._rng)
        if response is not None and "retry-after" in response.headers:
            told = retry_after_seconds(None, response.headers, self._clock())
            delay = max(delay, told or 0.0)
        if delay >= call.remaining():
            return False
        if response is not None:
            await response.aclose()
        self._telemetry.retry()
        await self._sleep(delay)
        return True

    def _rate_limited(self, wait: float, response: httpx.Response | None = None) -> GatewayError:
        seconds = retry_after_hint(wait)
        error = self._fast_failure(
            FastFailure.RATE_LIMITED,
            Code.RATE_LIMITED,
            f"{self.vendor} rate limit reached; retry in {seconds} s",
            seconds,
        )
        if response is not None:
            error.upstream_status = response.status_code
            error.request_id = response.headers.get("x-request-id")
        return error

    def _deadline_passed(self) -> GatewayError:
        return self._fast_failure(
            FastFailure.DEADLINE,
            Code.UPSTREAM_TIMEOUT,
            f"{self.vendor} did not answer before the request deadline",
        )

    def _fast_failure(
        self, reason: FastFailure, code: Code, message: str, retry_after: int | None = None
    ) -> GatewayError:
        self._telemetry.fast_failure(reason)
        return GatewayError(code, message, vendor=self.vendor, retry_after=retry_after)


def _refused_or_timeout(exc: httpx.ConnectTimeout, request: httpx.Request) -> httpx.TransportError:
    """httpx-aiohttp reports a refused connection as ConnectTimeout; a dead vendor is not slow."""
    if exc.__cause__ is None or isinstance(exc.__cause__, TimeoutError):
        return exc
    return httpx.ConnectError(str(exc), request=request)


async def _json_body(response: httpx.Response) -> Any:
    try:
        return json.loads(await response.aread())
    except (httpx.HTTPError, GatewayError, ValueError):
        return None
