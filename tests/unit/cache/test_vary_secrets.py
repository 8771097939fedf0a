"""A vendor varying on its credential header: each key gets its own variant, none is stored raw."""

from __future__ import annotations

import httpx

from vendorgraph.upstream import CacheTransport, MemoryStore
from vendorgraph.upstream.cache.entry import encode_variants

KEYS = ("Bearer sk_live_alpha_secret", "Bearer sk_live_beta_secret")


def by_credential(request: httpx.Request) -> httpx.Response:
    """Public and fresh for a minute, varying on Authorization, its body naming which key asked."""
    who = request.headers["authorization"].split("_")[-2]
    headers = {"cache-control": "public, max-age=60", "vary": "Authorization"}
    return httpx.Response(200, headers=headers, content=who.encode())


async def test_a_response_varying_on_authorization_never_stores_the_credential() -> None:
    store = MemoryStore()
    cache = CacheTransport(
        httpx.MockTransport(by_credential), store=store, credential_headers=()
    )  # credential left out of the key on purpose: only Vary tells the tenants apart here
    async with httpx.AsyncClient(transport=cache, base_url="http://vendor.test") as client:
        answers = [
            (await client.get("/me", headers={"authorization": key})).text for key in (*KEYS, *KEYS)
        ]
        [key] = list(store._lru.keys())
        stored = encode_variants(await store.load(key))
    assert answers == ["alpha", "beta", "alpha", "beta"]
    assert (cache.stats.misses, cache.stats.hits) == (2, 2)
    assert b"sk_live" not in stored
