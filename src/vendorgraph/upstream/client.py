"""One vendor's HTTP client: sends a request under the concurrency limit, decodes JSON or errors."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from vendorgraph.config import DEFAULT_CONCURRENCY
from vendorgraph.errors import Code, GatewayError
from vendorgraph.upstream.cache.transport import CACHE_HIT
from vendorgraph.upstream.dialect import ErrorInfo, VendorDialect
from vendorgraph.upstream.report import current_report

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PING_TIMEOUT_S = 2.0
STATUS_CODES: Mapping[int, Code] = {
    400: Code.BAD_USER_INPUT,
    401: Code.UNAUTHENTICATED,
    403: Code.FORBIDDEN,
    404: Code.NOT_FOUND,
    409: Code.CONFLICT,
    422: Code.BAD_USER_INPUT,
    429: Code.RATE_LIMITED,
    502: Code.UPSTREAM_UNAVAILABLE,
    503: Code.UPSTREAM_UNAVAILABLE,
    504: Code.UPSTREAM_TIMEOUT,
}


class Invalidator(Protocol):
    """The part of the cache a client needs: dropping every response under a URL prefix."""

    async def invalidate_prefix(self, url_prefix: str) -> int: ...


class VendorClient:
    """Talks to one vendor at one base URL with one credential.

    Requests name a route template (`/customers/{id}`) and its path values, so metrics and the
    upstream report can group calls by route. The transport below decides caching, retries and
    rate limits; this class only bounds concurrency and turns responses into data or errors.
    """

    def __init__(
        self,
        vendor: str,
        base_url: str,
        key: str,
        dialect: VendorDialect,
        *,
        transport: httpx.AsyncBaseTransport,
        timeout: float = 10.0,
        cache: Invalidator | None = None,
        probe: httpx.AsyncBaseTransport | None = None,
        max_concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        self.vendor = vendor
        self.dialect = dialect
        self._cache = cache
        self._probe = probe or transport
        self._limit = asyncio.Semaphore(max_concurrency)
        # Requests go straight to the transport stack: httpx's AsyncClient around it (URL
        # merging, cookies, auth and redirect hooks) cost about a third of a vendor call's CPU.
        self._transport = transport
        self._root = base_url.rstrip("/")
        self._headers = {"Accept": "application/json", **dialect.auth_headers(key)}
        self._timeouts = dict.fromkeys(("connect", "read", "write", "pool"), timeout)

    async def get(
        self,
        route: str,
        *,
        path: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        """GET a route and return its decoded JSON."""
        return await self.request("GET", route, path=path, params=params)

    async def request(
        self,
        method: str,
        route: str,
        *,
        path: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one request; return decoded JSON (None for an empty body) or raise GatewayError."""
        url = route.format(**{k: quote(str(v), safe="") for k, v in (path or {}).items()})
        query = {k: v for k, v in (params or {}).items() if v is not None}
        async with self._limit:
            started = time.perf_counter()
            response = None
            try:
                response = await self._send(method, url, query, json_body, headers)
            except httpx.TimeoutException as exc:
                raise GatewayError(
                    Code.UPSTREAM_TIMEOUT,
                    f"{self.vendor} did not answer in time",
                    vendor=self.vendor,
                ) from exc
            except httpx.TransportError as exc:
                raise GatewayError(
                    Code.UPSTREAM_UNAVAILABLE, f"{self.vendor} is unreachable", vendor=self.vendor
                ) from exc
            finally:
                self._report(method, route, started, response)
        writes = method not in SAFE_METHODS and route not in self.dialect.read_routes
        if writes and response.is_success:
            await self._drop_related(route)
        return self._decode(response)

    async def _send(
        self,
        method: str,
        url: str,
        query: Mapping[str, Any],
        json_body: Any,
        headers: Mapping[str, str] | None,
    ) -> httpx.Response:
        request = httpx.Request(
            method,
            self._root + url,
            params=query,
            json=json_body,
            headers={**self._headers, **(headers or {})},
            extensions={"timeout": self._timeouts},
        )
        response = await self._transport.handle_async_request(request)
        try:
            await response.aread()
        finally:
            await response.aclose()
        return response

    async def _drop_related(self, route: str) -> None:
        """After a write, forget cached responses it may have changed, for every tenant."""
        if self._cache is None:
            return
        top = "/" + route.strip("/").split("/")[0]
        for prefix in (top, *self.dialect.write_invalidates.get(top, ())):
            await self._cache.invalidate_prefix(self._root + prefix)

    def _report(
        self, method: str, route: str, started: float, response: httpx.Response | None
    ) -> None:
        report = current_report.get()
        if report is not None:
            hit = response is not None and bool(response.extensions.get(CACHE_HIT))
            elapsed = time.perf_counter() - started
            report.note(self.vendor, f"{method} {route}", elapsed, cache_hit=hit)

    def _decode(self, response: httpx.Response) -> Any:
        body = _json_or_none(response.content)
        if response.is_success:
            if response.content and body is _MALFORMED:
                raise GatewayError(
                    Code.UPSTREAM_ERROR,
                    f"{self.vendor} returned malformed JSON",
                    vendor=self.vendor,
                    upstream_status=response.status_code,
                )
            return None if body is _MALFORMED else body
        raise self._error(response, None if body is _MALFORMED else body)

    def _error(self, response: httpx.Response, body: Any) -> GatewayError:
        try:
            info = self.dialect.parse_error(body)
        except (TypeError, KeyError, ValueError, AttributeError):
            info = ErrorInfo()
        status = response.status_code
        code = STATUS_CODES.get(status, Code.UPSTREAM_ERROR)
        retry_after = info.retry_after
        if retry_after is None and "retry-after" in response.headers:
            retry_after = _seconds(response.headers["retry-after"])
        return GatewayError(
            code,
            info.message or f"{self.vendor} answered {status}",
            vendor=self.vendor,
            upstream_status=status,
            request_id=info.request_id or response.headers.get("x-request-id"),
            retry_after=retry_after,
            details=info.details,
        )

    async def ping(self) -> bool:
        """True when the vendor answers HTTP at its base URL, whatever the status.

        The probe goes straight to the connection pool, without the key: a health check must not
        spend the vendor's rate budget, be served from cache, or count in the breaker's verdict.
        """
        request = httpx.Request("GET", self._root + "/")
        try:
            async with asyncio.timeout(PING_TIMEOUT_S):
                response = await self._probe.handle_async_request(request)
                await response.aclose()
        except (httpx.HTTPError, GatewayError, TimeoutError):
            return False
        return True

    async def aclose(self) -> None:
        """Close the transport stack and its connection pool."""
        await self._transport.aclose()


_MALFORMED: Any = object()


def _json_or_none(content: bytes) -> Any:
    if not content:
        return _MALFORMED
    try:
        return json.loads(content)
    except ValueError:
        return _MALFORMED


def _seconds(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None
