"""RFC 9111 conformance: each table case runs against a real loopback origin, on both stores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import httpx
import pytest

from tests.unit.cache.casekit import Case, Step
from tests.unit.cache.cases_freshness import FRESHNESS, REQUEST_DIRECTIVES
from tests.unit.cache.cases_reuse import (
    INVALIDATION,
    OVERRIDES_AND_KEYS,
    STALE,
    VALIDATION,
    VARY_CASES,
)
from tests.unit.cache.conftest import OriginServer
from vendorgraph.upstream import CacheTransport
from vendorgraph.upstream.cache import CacheStore
from vendorgraph.upstream.cache.keys import DEFAULT_CREDENTIAL_HEADERS
from vendorgraph.upstream.transport import pooled_transport

CASES = [
    *FRESHNESS,
    *REQUEST_DIRECTIVES,
    *VALIDATION,
    *VARY_CASES,
    *INVALIDATION,
    *STALE,
    *OVERRIDES_AND_KEYS,
]


def test_the_table_covers_at_least_forty_distinct_rules() -> None:
    assert len({case.id for case in CASES}) == len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
async def test_cache_rule(
    case: Case, store: CacheStore, origin_server: OriginServer, token: str
) -> None:
    root = f"/{token}"
    base = f"{origin_server.url}{root}"
    for target, replies in case.replies.items():
        method, _, path = target.rpartition(" ")
        filled = [replace(r, headers=_filled(r.headers, base, root)) for r in replies]
        origin_server.origin.script(f"{method} {root}{path}".strip(), filled)
    cache = CacheTransport(
        pooled_transport(),
        store=store,
        namespace=f"conformance-{token}",
        shared=case.shared,
        credential_headers=case.credential_headers or DEFAULT_CREDENTIAL_HEADERS,
        overrides=case.overrides,
        clock=origin_server.clock,
    )
    async with httpx.AsyncClient(transport=cache, base_url=base) as client:
        for number, step in enumerate(case.steps, start=1):
            origin_server.clock.advance(step.advance)
            response = await client.request(step.method, step.path, headers=dict(step.headers))
            if step.drain:
                await cache.drain()
            _check(step, number, response, origin_server, root)


def _filled(headers: Mapping[str, str], base: str, root: str) -> dict[str, str]:
    """Reply headers with `{base}` (origin URL + test root) and `{root}` (test path) filled in."""
    return {k: v.replace("{base}", base).replace("{root}", root) for k, v in headers.items()}


def _check(
    step: Step, number: int, response: httpx.Response, server: OriginServer, root: str
) -> None:
    expect = step.expect
    where = f"step {number} ({step.method} {step.path})"
    assert response.status_code == expect.status, where
    if expect.body is not None:
        assert response.text == expect.body, where
    if expect.origin is not None:
        assert server.origin.calls(root) == expect.origin, f"{where}: origin requests"
    if expect.age is not None:
        assert response.headers.get("age") == str(expect.age), f"{where}: Age"
    for name, value in expect.headers.items():
        assert response.headers.get(name) == value, f"{where}: {name}"
    seen_by_origin = server.origin.last_request_headers(root)
    for name, sent in expect.sent.items():
        assert seen_by_origin.get(name) == sent, f"{where}: origin saw {name}"
