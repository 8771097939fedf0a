"""RFC 9111 (and RFC 5861) cache policy as small pure functions, each citing its section."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from vendorgraph.upstream.cache.directives import (
    HOP_BY_HOP,
    Directives,
    cache_control,
    delta_seconds,
    directive_seconds,
    http_date,
    max_stale,
    normalise_field,
    split_list,
)
from vendorgraph.upstream.cache.entry import Entry

HEURISTICALLY_CACHEABLE = frozenset({200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501})
# 206 needs range assembly, which this cache does not do, so it is never stored.
STORABLE_STATUSES = HEURISTICALLY_CACHEABLE - {206}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
NOT_FRESHENED = HOP_BY_HOP | {"content-length", "content-encoding", "content-range"}

Situation = Literal["client", "revalidating", "error"]
StaleWindows = Callable[[Directives, Directives], tuple[float | None, ...]]


@dataclass(frozen=True)
class Heuristic:
    """Heuristic freshness: a fraction of the time since Last-Modified, capped (RFC 9111 §4.2.2)."""

    fraction: float = 0.1
    cap: float = 86_400.0


@dataclass(frozen=True)
class Credentials:
    """How the request that fetched a response relates to the cache key's credential part."""

    keyed: bool
    """The request carried a credential header that is part of the cache key."""
    authorization_unkeyed: bool = False
    """The request carried Authorization, but Authorization is not part of the key."""


def storable(
    method: str,
    status: int,
    request_directives: Directives,
    response: httpx.Headers,
    *,
    shared: bool,
    credentials: Credentials,
) -> bool:
    """Whether a response may be stored (RFC 9111 §3, §3.5, §5.2.2.5, §5.2.2.7, §4.1).

    Only GET responses with a status this cache understands are stored; never with `no-store` in
    the request or response, never with `Vary: *` (it can never be selected). `private` is stored
    by a shared cache only when the entry is keyed to the credential that fetched it (then the
    entry is, in effect, that credential's private cache). A request with Authorization that is
    not part of the key is stored only with `public`, `s-maxage` or `must-revalidate` (§3.5).
    """
    directives = cache_control(response)
    if method != "GET" or status not in STORABLE_STATUSES:
        return False
    if "no-store" in request_directives or "no-store" in directives:
        return False
    if "*" in vary_names(response):
        return False
    if shared and "private" in directives and not credentials.keyed:
        return False
    permits_authorized = {"public", "s-maxage", "must-revalidate"} & directives.keys()
    return not (shared and credentials.authorization_unkeyed and not permits_authorized)


def freshness_lifetime(
    status: int,
    headers: httpx.Headers,
    *,
    shared: bool,
    response_time: float,
    heuristic: Heuristic = Heuristic(),
    fallback: float | None = None,
) -> float:
    """Seconds a response stays fresh (RFC 9111 §4.2.1, heuristics §4.2.2).

    `s-maxage` (shared caches only), then `max-age`, then `Expires` - `Date` (an invalid Expires
    means already stale, §5.3). `fallback` is the operator's opt-in override, outside the RFC:
    it applies only when the response has neither Cache-Control nor Expires. Otherwise a
    heuristic applies only to a heuristically cacheable status (or `public`) with Last-Modified.
    """
    directives = cache_control(headers)
    if shared and "s-maxage" in directives:
        return directive_seconds(directives, "s-maxage") or 0.0
    if "max-age" in directives:
        return directive_seconds(directives, "max-age") or 0.0
    if "expires" in headers:
        expires = http_date(headers.get("expires"))
        if expires is None:
            return 0.0
        return max(0.0, expires - (http_date(headers.get("date")) or response_time))
    if fallback is not None and "cache-control" not in headers:
        return fallback
    return heuristic_lifetime(status, directives, headers, response_time, heuristic)


def heuristic_lifetime(
    status: int,
    directives: Directives,
    headers: httpx.Headers,
    response_time: float,
    heuristic: Heuristic,
) -> float:
    """A fraction of Date - Last-Modified, capped; 0 where no heuristic is allowed (§4.2.2)."""
    if status not in HEURISTICALLY_CACHEABLE and "public" not in directives:
        return 0.0
    last_modified = http_date(headers.get("last-modified"))
    if last_modified is None:
        return 0.0
    date = http_date(headers.get("date")) or response_time
    return min(heuristic.cap, max(0.0, (date - last_modified) * heuristic.fraction))


def current_age(
    headers: httpx.Headers, request_time: float, response_time: float, now: float
) -> float:
    """The response's age now (RFC 9111 §4.2.3)."""
    age_value = delta_seconds(headers.get("age")) or 0.0
    date_value = http_date(headers.get("date")) or response_time
    apparent_age = max(0.0, response_time - date_value)
    corrected_age_value = age_value + (response_time - request_time)
    corrected_initial_age = max(apparent_age, corrected_age_value)
    return corrected_initial_age + (now - response_time)


def is_fresh(lifetime: float, age: float) -> bool:
    """A response is fresh while its lifetime exceeds its current age (RFC 9111 §4.2)."""
    return lifetime > age


def vary_names(headers: httpx.Headers) -> list[str]:
    """The request field names a response's Vary lists, lower-cased (RFC 9110 §12.5.5)."""
    return [name.lower() for line in headers.get_list("vary") for name in split_list(line)]


def vary_values(
    response: httpx.Headers, request: httpx.Headers
) -> tuple[tuple[str, str | None], ...]:
    """The request values of the fields the response's Vary names (RFC 9111 §4.1), as digests:
    a vendor may vary on `Authorization`, and a stored entry must never hold a credential."""
    names = dict.fromkeys(name for name in vary_names(response) if name != "*")
    return tuple((name, vary_digest(request.get(name))) for name in names)


def vary_digest(value: str | None) -> str | None:
    """A SHA-256 digest of a request field value after whitespace normalisation (None stays)."""
    normalised = normalise_field(value)
    return None if normalised is None else hashlib.sha256(normalised.encode()).hexdigest()


def select_variant(variants: Sequence[Entry], request: httpx.Headers) -> Entry | None:
    """The most recent stored variant whose Vary'd fields match the request (RFC 9111 §4.1).

    `Vary: *` never matches; a field absent from both requests matches.
    """
    matching = [
        entry
        for entry in variants
        if "*" not in vary_names(entry.fields)
        and all(vary_digest(request.get(name)) == value for name, value in entry.vary)
        and {name for name, _ in entry.vary} >= set(vary_names(entry.fields))
    ]
    return max(matching, key=lambda entry: entry.response_time, default=None)


def conditional_headers(entry: Entry) -> dict[str, str]:
    """Validators for revalidating a stored response (RFC 9111 §4.3.1)."""
    validators = {"if-none-match": entry.fields.get("etag")}
    validators["if-modified-since"] = entry.fields.get("last-modified")
    return {name: value for name, value in validators.items() if value}


def _opaque_tag(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def freshen_with_304(
    entry: Entry, response: httpx.Headers, request_time: float, response_time: float
) -> Entry | None:
    """The stored response updated by a 304, or None when the 304 is not for it (RFC 9111 §4.3.4).

    The 304 selects the entry by its ETag, else its Last-Modified, else (no validators) as the
    only candidate. Its fields replace the stored ones, except content metadata (§3.2), and the
    exchange times restart the entry's age.
    """
    stored = entry.fields
    if "etag" in response:
        if _opaque_tag(response["etag"]) != _opaque_tag(stored.get("etag", "")):
            return None
    elif "last-modified" in response and response["last-modified"] != stored.get("last-modified"):
        return None
    updates = [(k.lower(), v) for k, v in response.multi_items() if k.lower() not in NOT_FRESHENED]
    replaced = {name for name, _ in updates}
    kept = [(k, v) for k, v in entry.headers if k not in replaced]
    return replace(
        entry,
        headers=tuple(kept + updates),
        request_time=request_time,
        response_time=response_time,
    )


def invalidation_targets(
    method: str, status: int, request_url: str, response: httpx.Headers
) -> list[str]:
    """URIs an unsafe request's success invalidates (RFC 9111 §4.4).

    The target URI, plus Location and Content-Location when they share its origin; only for a
    non-error (2xx/3xx) response to an unsafe method.
    """
    if method.upper() in SAFE_METHODS or not 200 <= status < 400:
        return []
    origin = _origin(request_url)
    candidates = [
        urljoin(request_url, response[name])
        for name in ("location", "content-location")
        if name in response
    ]
    return [request_url, *(url for url in candidates if _origin(url) == origin)]


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), f"{(parts.hostname or '').lower()}:{parts.port or default}"


def forbids_stale(directives: Directives, *, shared: bool) -> bool:
    """Whether the response forbids serving it stale at all (RFC 9111 §4.2.4, §5.2.2.2/4/8/10)."""
    forbidding = {"must-revalidate", "no-cache"} | (
        {"proxy-revalidate", "s-maxage"} if shared else set()
    )
    return bool(forbidding & directives.keys())


def allows_stale(
    response: Directives,
    request: Directives,
    staleness: float,
    *,
    shared: bool,
    situation: Situation,
) -> bool:
    """Whether a response `staleness` seconds stale may be served (RFC 9111 §4.2.4, RFC 5861).

    `situation` is "client" (the request's max-stale, RFC 9111 §5.2.1.2), "revalidating"
    (`stale-while-revalidate`, RFC 5861 §3) or "error" (`stale-if-error` from the response or
    request, RFC 5861 §4, or the request's max-stale). `must-revalidate`, `no-cache`, and for a
    shared cache `proxy-revalidate` and `s-maxage`, forbid all of these.
    """
    if forbids_stale(response, shared=shared):
        return False
    windows = _STALE_WINDOWS[situation](response, request)
    return any(window is not None and staleness <= window for window in windows)


_STALE_WINDOWS: Mapping[Situation, StaleWindows] = {
    "client": lambda response, request: (max_stale(request),),
    "revalidating": lambda response, request: (
        directive_seconds(response, "stale-while-revalidate"),
    ),
    "error": lambda response, request: (
        directive_seconds(response, "stale-if-error"),
        directive_seconds(request, "stale-if-error"),
        max_stale(request),
    ),
}


class Reuse(Enum):
    """What to do with a selected stored response."""

    FRESH = "fresh"
    STALE = "stale"
    STALE_WHILE_REVALIDATE = "stale-while-revalidate"
    VALIDATE = "validate"


def reuse_decision(
    entry: Entry, request: Directives, lifetime: float, age: float, *, shared: bool
) -> Reuse:
    """Whether a stored response can answer a request as it is (RFC 9111 §4, §4.2.4, §5.2.1).

    `no-cache` on either side forces validation (§5.2.1.4, §5.2.2.4); the request's `max-age`
    and `min-fresh` narrow what counts as fresh (§5.2.1.1, §5.2.1.3); a stale response is used
    only where `allows_stale` permits it.
    """
    response = entry.directives
    if "no-cache" in request or "no-cache" in response:
        return Reuse.VALIDATE
    oldest = directive_seconds(request, "max-age")
    if oldest is not None and age > oldest:
        return Reuse.VALIDATE
    if is_fresh(lifetime, age + (directive_seconds(request, "min-fresh") or 0.0)):
        return Reuse.FRESH
    staleness = age - lifetime
    if staleness <= 0:
        return Reuse.VALIDATE
    if allows_stale(response, request, staleness, shared=shared, situation="client"):
        return Reuse.STALE
    if allows_stale(response, request, staleness, shared=shared, situation="revalidating"):
        return Reuse.STALE_WHILE_REVALIDATE
    return Reuse.VALIDATE


def retention(
    entry: Entry, lifetime: float, age: float, *, shared: bool, revalidation_window: float
) -> float:
    """Seconds a store should keep a response: while it can still be used or revalidated.

    Freshness left plus the longest staleness the response grants (`stale-while-revalidate`,
    `stale-if-error`; none when stale use is forbidden, §4.2.4); a response with a validator
    (ETag or Last-Modified, §4.3.1) is kept at least `revalidation_window` so it can be
    revalidated with a cheap 304. Zero or less means not worth storing.
    """
    windows = [
        directive_seconds(entry.directives, name) or 0.0
        for name in ("stale-while-revalidate", "stale-if-error")
    ]
    grace = 0.0 if forbids_stale(entry.directives, shared=shared) else max(windows)
    keep = lifetime - age + grace
    if conditional_headers(entry):
        keep = max(keep, revalidation_window)
    return keep
