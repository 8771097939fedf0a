"""Concurrent misses and revalidations of one key make one origin call."""

from __future__ import annotations

import asyncio

from tests.unit.cache.conftest import OriginServer
from tests.unit.cache.helpers import cached_client, script
from tests.unit.cache.origin import Reply
from vendorgraph.upstream.cache import CacheStore


async def test_twenty_concurrent_misses_make_one_origin_call(
    store: CacheStore, origin_server: OriginServer, token: str
) -> None:
    base = script(origin_server, token, {"/slow": [Reply(cc="max-age=60", delay=0.2)]})
    client, cache = cached_client(origin_server, base, store, token)
    async with client:
        responses = await asyncio.gather(*(client.get("/slow") for _ in range(20)))
    assert [r.text for r in responses] == ["v1"] * 20
    assert origin_server.origin.calls(f"/{token}") == 1
    assert cache.stats.misses == 1
    assert cache.stats.hits == 19


async def test_concurrent_revalidations_share_one_conditional_request(
    store: CacheStore, origin_server: OriginServer, token: str
) -> None:
    reply = Reply(cc="max-age=10", etag='"e1"', delay=0.2)
    base = script(origin_server, token, {"/r": [reply]})
    client, cache = cached_client(origin_server, base, store, token)
    async with client:
        await client.get("/r")
        origin_server.clock.advance(30)
        responses = await asyncio.gather(*(client.get("/r") for _ in range(20)))
    assert {(r.status_code, r.text) for r in responses} == {(200, "v1")}
    assert origin_server.origin.calls(f"/{token}") == 2
    assert (cache.stats.revalidations, cache.stats.not_modified) == (1, 1)


async def test_concurrent_requests_for_other_variants_are_not_merged(
    store: CacheStore, origin_server: OriginServer, token: str
) -> None:
    vary = {"Vary": "Accept-Language"}
    replies = [Reply(cc="max-age=60", headers=vary, delay=0.2, body=f"v{n}") for n in (1, 2)]
    base = script(origin_server, token, {"/r": replies})
    client, _ = cached_client(origin_server, base, store, token)
    languages = ["en", "fr"] * 5
    async with client:
        responses = await asyncio.gather(
            *(client.get("/r", headers={"Accept-Language": lang}) for lang in languages)
        )
    bodies: dict[str, set[str]] = {"en": set(), "fr": set()}
    for response, language in zip(responses, languages, strict=True):
        bodies[language].add(response.text)
    assert len(bodies["en"]) == len(bodies["fr"]) == 1
    assert bodies["en"] != bodies["fr"]
    assert origin_server.origin.calls(f"/{token}") == 2
