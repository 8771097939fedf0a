"""CacheTransport: an RFC 9111 shared HTTP cache as an httpx transport wrapping another one."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import httpx

from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.cache.directives import Directives, cache_control, storable_fields
from vendorgraph.upstream.cache.entry import Entry
from vendorgraph.upstream.cache.flight import SingleFlight
from vendorgraph.upstream.cache.keys import (
    DEFAULT_CREDENTIAL_HEADERS,
    CacheKey,
    KeyMaker,
    normalise_prefix,
    normalise_url,
)
from vendorgraph.upstream.cache.memory import MemoryStore
from vendorgraph.upstream.cache.metrics import CacheStats, Recorder
from vendorgraph.upstream.cache.overrides import FreshnessOverride, override_for
from vendorgraph.upstream.cache.policy import (
    Credentials,
    Heuristic,
    Reuse,
    allows_stale,
    conditional_headers,
    current_age,
    freshen_with_304,
    freshness_lifetime,
    invalidation_targets,
    retention,
    reuse_decision,
    select_variant,
    storable,
    vary_values,
)
from vendorgraph.upstream.cache.stores import CacheStore

log = logging.getLogger(__name__)
DEFAULT_HEURISTIC = Heuristic()
COLLAPSE_ROUNDS = 3
ERROR_STATUSES = frozenset({500, 502, 503, 504})  # RFC 5861 §4
# The resilience layer below answers a dead, hung or fenced-off (circuit open) vendor with these
# errors rather than an httpx transport error; for stale-if-error they are the same outage.
OUTAGE_CODES = frozenset({Code.UPSTREAM_UNAVAILABLE, Code.UPSTREAM_TIMEOUT})
CLIENT_CONDITIONS = ("if-none-match", "if-modified-since", "if-match", "if-unmodified-since")
BYPASS_FIELDS = (*CLIENT_CONDITIONS, "if-range", "range")


@dataclass(frozen=True)
class _Outcome:
    """A response ready to serve; `shareable` when collapsed requests may reuse it."""

    entry: Entry
    shareable: bool
    from_storage: bool


CACHE_HIT = "vendorgraph.cache_hit"


class CacheTransport(httpx.AsyncBaseTransport):
    """A shared HTTP cache (RFC 9111, with RFC 5861's stale extensions) in front of `inner`.

    Args:
        inner: the transport that reaches the origin (e.g. `pooled_transport()`); closed by
            `aclose()`.
        store: `MemoryStore()` (the default, 64 MiB) or a `RedisStore`; shared stores are
            never closed by the transport.
        namespace: the vendor label; part of every key and of the metrics' labels.
        shared: behave as a shared cache (honour `s-maxage`, `proxy-revalidate`, `private`).
        credential_headers: request headers whose values (SHA-256 hashed) key entries per
            credential, so nothing crosses tenants. `private` responses are stored only for
            requests carrying one of them (the entry is then that credential's own).
        overrides: opt-in `FreshnessOverride`s for vendors that send no caching headers; they
            apply only to responses with neither Cache-Control nor Expires (outside the RFC).
        clock: seconds since the epoch; tests pass a fake one to move time without sleeping.
        heuristic: heuristic freshness (10% of Date - Last-Modified, capped at a day).
        revalidation_window: how long a response with a validator stays stored after it is
            no longer usable, for a cheap 304 revalidation (the store's TTL rule).
        max_variants: the most Vary variants kept per key (most recent first).

    Only GET responses are stored; requests that carry their own conditional or Range headers
    pass through untouched. Successful unsafe requests invalidate their target (RFC 9111 §4.4).
    Concurrent misses and revalidations of one key share one origin call.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        store: CacheStore | None = None,
        namespace: str = "default",
        shared: bool = True,
        credential_headers: Sequence[str] = DEFAULT_CREDENTIAL_HEADERS,
        overrides: Sequence[FreshnessOverride] = (),
        clock: Callable[[], float] = time.time,
        heuristic: Heuristic = DEFAULT_HEURISTIC,
        revalidation_window: float = 86_400.0,
        max_variants: int = 8,
    ) -> None:
        self._inner = inner
        self.store: CacheStore = store if store is not None else MemoryStore()
        self.namespace = namespace
        self.shared = shared
        self._keys = KeyMaker(namespace, tuple(h.lower() for h in credential_headers))
        self._overrides = tuple(overrides)
        self._clock = clock
        self._heuristic = heuristic
        self._revalidation_window = revalidation_window
        self._max_variants = max_variants
        self._recorder = Recorder(namespace)
        self._flights: SingleFlight[_Outcome] = SingleFlight()
        self._background: set[asyncio.Task[None]] = set()

    @property
    def stats(self) -> CacheStats:
        """A snapshot of this transport's counts, with its store's bytes and evictions."""
        usage = self.store.usage(self.namespace)
        return replace(self._recorder.stats, bytes=usage.bytes, evictions=usage.evictions)

    async def invalidate(self, url: str) -> int:
        """Drop every credential's stored responses for a URL; returns the keys dropped."""
        return await self.store.invalidate(self.namespace, normalise_url(url))

    async def invalidate_prefix(self, url_prefix: str) -> int:
        """Drop every stored response whose normalised URL (query sorted) starts with the prefix."""
        return await self.store.invalidate_prefix(self.namespace, normalise_prefix(url_prefix))

    async def drain(self) -> None:
        """Wait for background revalidations (stale-while-revalidate) to finish."""
        while self._background:
            await asyncio.gather(*self._background)

    async def aclose(self) -> None:
        """Stop background revalidations and close the inner transport."""
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self._inner.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer from the cache where RFC 9111 allows, else from the origin."""
        if request.method == "GET" and not any(f in request.headers for f in BYPASS_FIELDS):
            return await self._get(request)
        response = await self._inner.handle_async_request(request)
        targets = invalidation_targets(
            request.method, response.status_code, str(request.url), response.headers
        )
        for url in targets:
            await self.invalidate(url)
        return response

    async def _get(self, request: httpx.Request) -> httpx.Response:
        key = self._keys.key_for(request)
        directives = cache_control(request.headers)
        entry = select_variant(await self._load(key), request.headers)
        if entry is not None:
            decision = self._decide(entry, directives, request)
            if decision is not Reuse.VALIDATE:
                self._recorder.record("hits" if decision is Reuse.FRESH else "stale_served")
                if decision is Reuse.STALE_WHILE_REVALIDATE:
                    self._revalidate_later(request, key, entry)
                return self._respond(entry, request, from_storage=True, hit=True)
        if "only-if-cached" in directives:
            return httpx.Response(504, request=request)  # RFC 9111 §5.2.1.7
        return await self._collapsed(request, key, entry)

    def _decide(self, entry: Entry, directives: Directives, request: httpx.Request) -> Reuse:
        lifetime = self._lifetime(entry, request)
        age = self._age(entry)
        return reuse_decision(entry, directives, lifetime, age, shared=self.shared)

    async def _collapsed(
        self, request: httpx.Request, key: CacheKey, entry: Entry | None
    ) -> httpx.Response:
        """Join (or lead) the key's in-flight call; a follower whose Vary'd fields select another
        variant joins the next call, so each variant is fetched once."""
        for _ in range(COLLAPSE_ROUNDS):
            outcome, led = await self._flight(request, key, entry)
            if outcome is None:
                break
            if led:
                return self._respond(outcome.entry, request, from_storage=outcome.from_storage)
            if select_variant([outcome.entry], request.headers) is not None:
                self._recorder.record("hits")
                return self._respond(
                    outcome.entry, request, from_storage=outcome.from_storage, hit=True
                )
        outcome = await self._fetch(request, key, entry)
        return self._respond(outcome.entry, request, from_storage=outcome.from_storage)

    async def _flight(
        self, request: httpx.Request, key: CacheKey, entry: Entry | None
    ) -> tuple[_Outcome | None, bool]:
        """Run `_fetch` as the key's single in-flight origin call, or join the running one."""
        return await self._flights.run(
            f"{key.namespace}:{key.digest}",
            lambda: self._fetch(request, key, entry),
            lambda result: result if result.shareable else None,
        )

    async def _fetch(self, request: httpx.Request, key: CacheKey, entry: Entry | None) -> _Outcome:
        """One origin exchange: conditional when a stored response has validators."""
        validators = conditional_headers(entry) if entry is not None else {}
        self._recorder.record("revalidations" if validators else "misses")
        outbound = httpx.Request(
            request.method,
            request.url,
            headers=[*request.headers.multi_items(), *validators.items()],
            extensions=request.extensions,
        )
        request_time = self._clock()
        try:
            response = await self._inner.handle_async_request(outbound)
            body = await _read_raw(response)
        except (httpx.TransportError, GatewayError) as exc:
            outage = not isinstance(exc, GatewayError) or exc.code in OUTAGE_CODES
            if outage and entry is not None and self._stale_on_error(entry, request):
                return _Outcome(entry, shareable=True, from_storage=True)
            raise
        response_time = self._clock()
        if response.status_code == 304 and entry is not None and validators:
            return await self._freshen(request, key, entry, response, request_time, response_time)
        failed = response.status_code in ERROR_STATUSES
        if failed and entry is not None and self._stale_on_error(entry, request):
            return _Outcome(entry, shareable=True, from_storage=True)
        fetched = Entry(
            status=response.status_code,
            headers=storable_fields(response.headers),
            body=body,
            request_time=request_time,
            response_time=response_time,
            vary=vary_values(response.headers, request.headers),
        )
        stored = await self._store(request, key, fetched)
        return _Outcome(fetched, shareable=stored, from_storage=False)

    async def _freshen(
        self,
        request: httpx.Request,
        key: CacheKey,
        entry: Entry,
        response: httpx.Response,
        request_time: float,
        response_time: float,
    ) -> _Outcome:
        freshened = freshen_with_304(entry, response.headers, request_time, response_time)
        if freshened is None:  # the 304 is not for this entry: ask again, unconditionally
            return await self._fetch(request, key, None)
        self._recorder.record("not_modified")
        await self._store(request, key, freshened)
        return _Outcome(freshened, shareable=True, from_storage=True)

    def _stale_on_error(self, entry: Entry, request: httpx.Request) -> bool:
        staleness = self._age(entry) - self._lifetime(entry, request)
        directives = cache_control(request.headers)
        allowed = allows_stale(
            entry.directives, directives, staleness, shared=self.shared, situation="error"
        )
        if allowed:
            self._recorder.record("stale_served")
        return allowed

    async def _store(self, request: httpx.Request, key: CacheKey, entry: Entry) -> bool:
        """Store a response where RFC 9111 §3 allows and it can be used again; True if stored."""
        credentials = Credentials(
            keyed=self._keys.has_credential(request),
            authorization_unkeyed=self._keys.authorization_unkeyed(request),
        )
        request_directives = cache_control(request.headers)
        if not storable(
            request.method,
            entry.status,
            request_directives,
            entry.fields,
            shared=self.shared,
            credentials=credentials,
        ):
            return False
        if self._retention(entry, request) <= 0:
            return False
        others = [v for v in await self._load(key) if not select_variant([v], request.headers)]
        variants = [*others, entry][-self._max_variants :]
        ttl = max(self._retention(variant, request) for variant in variants)
        try:
            await self.store.save(key, variants, ttl)
        except Exception as exc:  # a store outage degrades to no caching, never to a failure
            log.warning("cache store save failed (%s): %s", self.namespace, type(exc).__name__)
            return False
        self._recorder.record("stores")
        return True

    async def _load(self, key: CacheKey) -> list[Entry]:
        try:
            return await self.store.load(key)
        except Exception as exc:  # a store outage degrades to no caching, never to a failure
            log.warning("cache store load failed (%s): %s", self.namespace, type(exc).__name__)
            return []

    def _retention(self, entry: Entry, request: httpx.Request) -> float:
        return retention(
            entry,
            self._lifetime(entry, request),
            self._age(entry),
            shared=self.shared,
            revalidation_window=self._revalidation_window,
        )

    def _lifetime(self, entry: Entry, request: httpx.Request) -> float:
        return freshness_lifetime(
            entry.status,
            entry.fields,
            shared=self.shared,
            response_time=entry.response_time,
            heuristic=self._heuristic,
            fallback=override_for(self._overrides, request.method, str(request.url)),
        )

    def _age(self, entry: Entry) -> float:
        return current_age(entry.fields, entry.request_time, entry.response_time, self._clock())

    def _respond(
        self, entry: Entry, request: httpx.Request, *, from_storage: bool, hit: bool = False
    ) -> httpx.Response:
        """The client's response; `extensions[CACHE_HIT]` says no origin call was made for it."""
        headers = list(entry.headers)
        if from_storage:  # RFC 9111 §5.1: a cache sends Age with a response it serves
            age = str(int(self._age(entry)))
            headers = [(k, v) for k, v in headers if k != "age"] + [("age", age)]
        return httpx.Response(
            entry.status,
            headers=headers,
            content=entry.body,
            request=request,
            extensions={CACHE_HIT: hit},
        )

    def _revalidate_later(self, request: httpx.Request, key: CacheKey, entry: Entry) -> None:
        """stale-while-revalidate (RFC 5861 §3): refresh in a background task."""
        copy = httpx.Request(
            request.method, request.url, headers=request.headers, extensions=request.extensions
        )
        task = asyncio.create_task(self._refresh_quietly(copy, key, entry))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _refresh_quietly(self, request: httpx.Request, key: CacheKey, entry: Entry) -> None:
        try:
            await self._flight(request, key, entry)
        except Exception as exc:  # nobody awaits this task; the stale entry stays as it was
            log.warning(
                "background revalidation failed (%s): %s", self.namespace, type(exc).__name__
            )


async def _read_raw(response: httpx.Response) -> bytes:
    """The response body exactly as sent (still content-encoded), with the stream closed."""
    stream = response.stream
    try:
        if not isinstance(stream, httpx.AsyncByteStream):
            raise TypeError("CacheTransport needs an async transport below it")
        return b"".join([chunk async for chunk in stream])
    finally:
        await response.aclose()
