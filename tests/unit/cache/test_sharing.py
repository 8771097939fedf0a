"""Who sees whose cached responses: credentials, namespaces, and processes sharing Redis."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

from tests.support.redis import RedisServer
from tests.unit.cache.conftest import OriginServer
from tests.unit.cache.helpers import cached_client, script
from tests.unit.cache.origin import Reply
from vendorgraph.upstream import RedisStore
from vendorgraph.upstream.cache import CacheStore

FRESH = "max-age=60"


async def test_two_credentials_never_see_each_others_responses(
    store: CacheStore, origin_server: OriginServer, token: str
) -> None:
    replies = [Reply(cc=FRESH, body=f"tenant-{n}") for n in ("one", "two")]
    base = script(origin_server, token, {"/me": replies})
    client, _ = cached_client(origin_server, base, store, token)
    async with client:
        keys = [{"x-tenant-api-key": "alpha"}, {"x-tenant-api-key": "beta"}]
        first = [(await client.get("/me", headers=k)).text for k in keys]
        again = [(await client.get("/me", headers=k)).text for k in keys]
    assert first == again == ["tenant-one", "tenant-two"]
    assert origin_server.origin.calls(f"/{token}") == 2


async def test_namespaces_sharing_a_store_stay_apart(
    store: CacheStore, origin_server: OriginServer, token: str
) -> None:
    base = script(origin_server, token, {"/r": [Reply(cc=FRESH), Reply(cc=FRESH, body="v2")]})
    one, _ = cached_client(origin_server, base, store, f"{token}-one")
    two, _ = cached_client(origin_server, base, store, f"{token}-two")
    async with one, two:
        assert (await one.get("/r")).text == "v1"
        assert (await two.get("/r")).text == "v2"


async def test_a_fill_in_one_gateway_is_a_hit_in_another(
    redis_server: RedisServer, origin_server: OriginServer, token: str
) -> None:
    base = script(origin_server, token, {"/r": [Reply(cc=FRESH), Reply(cc=FRESH, body="v2")]})
    stores = [RedisStore(redis_server.url, prefix=token) for _ in range(2)]
    first, _ = cached_client(origin_server, base, stores[0], "shared")
    second, cache = cached_client(origin_server, base, stores[1], "shared")
    async with first, second:
        await first.get("/r", headers={"Authorization": "Bearer k"})
        served = await second.get("/r", headers={"Authorization": "Bearer k"})
    for store in stores:
        await store.aclose()
    assert served.text == "v1"
    assert origin_server.origin.calls(f"/{token}") == 1
    assert cache.stats.hits == 1


FILL_IN_CHILD = textwrap.dedent(
    """
    import asyncio, sys, httpx
    from vendorgraph.upstream import CacheTransport, RedisStore
    from vendorgraph.upstream.transport import pooled_transport

    async def main(redis_url, prefix, url, now):
        store = RedisStore(redis_url, prefix=prefix)
        cache = CacheTransport(pooled_transport(), store=store, namespace="shared",
                               clock=lambda: now)
        async with httpx.AsyncClient(transport=cache) as client:
            response = await client.get(url, headers={"Authorization": "Bearer k"})
        await store.aclose()
        print(response.text)

    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])))
    """
)


async def test_a_fill_in_another_process_is_a_hit_here(
    redis_server: RedisServer, origin_server: OriginServer, token: str
) -> None:
    base = script(origin_server, token, {"/r": [Reply(cc=FRESH), Reply(cc=FRESH, body="v2")]})
    args = [redis_server.url, token, f"{base}/r", str(origin_server.clock())]
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", FILL_IN_CHILD, *args, stdout=subprocess.PIPE
    )
    output, _ = await child.communicate()
    assert child.returncode == 0
    assert output.decode().strip() == "v1"
    store = RedisStore(redis_server.url, prefix=token)
    client, _ = cached_client(origin_server, base, store, "shared")
    async with client:
        served = await client.get("/r", headers={"Authorization": "Bearer k"})
    await store.aclose()
    assert served.text == "v1"
    assert origin_server.origin.calls(f"/{token}") == 1
