"""The stores: byte-bounded LRU eviction, TTLs, serialisation, and invalidation by URL."""

from __future__ import annotations

from tests.unit.cache.conftest import OriginServer
from tests.unit.cache.helpers import cached_client, script
from tests.unit.cache.origin import Reply
from vendorgraph.upstream import MemoryStore
from vendorgraph.upstream.cache import CacheKey, CacheStore, Entry
from vendorgraph.upstream.cache.entry import decode_variants, encode_variants
from vendorgraph.upstream.cache.metrics import BYTES_HELD, EVENTS


def _entry(body: bytes = b"x" * 1000) -> Entry:
    return Entry(200, (("etag", '"e"'),), body, 1.0, 2.0, (("accept", "a/b"),))


def _key(namespace: str, url: str, credential: str = "c") -> CacheKey:
    return CacheKey(namespace, credential, "GET", url)


async def test_memory_store_drops_least_recently_used_beyond_its_byte_bound() -> None:
    probe = MemoryStore()
    await probe.save(_key("lru", "http://h/a"), [_entry()], ttl=60)
    slot = probe.bytes_held
    store = MemoryStore(max_bytes=3 * slot + slot // 2)
    for name in "abc":
        await store.save(_key("lru", f"http://h/{name}"), [_entry()], ttl=60)
    assert await store.load(_key("lru", "http://h/a"))  # a is now the most recently used
    await store.save(_key("lru", "http://h/d"), [_entry()], ttl=60)
    kept = [n for n in "abcd" if await store.load(_key("lru", f"http://h/{n}"))]
    assert kept == ["a", "c", "d"]
    assert store.usage("lru").evictions == 1
    assert store.usage("lru").bytes == store.bytes_held <= store.max_bytes


async def test_bytes_stat_and_gauge_stay_within_the_bound_through_the_transport(
    origin_server: OriginServer, token: str
) -> None:
    big = Reply(cc="max-age=60", body="y" * 4000)
    base = script(origin_server, token, {f"/{n}": [big] for n in range(20)})
    store = MemoryStore(max_bytes=20_000)
    client, cache = cached_client(origin_server, base, store, token)
    evictions_before = EVENTS["evictions"].labels(token)._value.get()
    async with client:
        for n in range(20):
            await client.get(f"/{n}")
            assert cache.stats.bytes <= store.max_bytes
            assert BYTES_HELD.labels(token)._value.get() <= store.max_bytes
        assert (await client.get("/19")).headers["age"] == "0"
    assert cache.stats.evictions >= 15
    assert EVENTS["evictions"].labels(token)._value.get() - evictions_before >= 15
    assert cache.stats.stores == 20
    assert origin_server.origin.calls(f"/{token}") == 20


async def test_a_value_larger_than_the_store_is_not_kept() -> None:
    store = MemoryStore(max_bytes=500)
    await store.save(_key("big", "http://h/a"), [_entry()], ttl=60)
    assert await store.load(_key("big", "http://h/a")) == []
    assert store.usage("big").bytes == 0


async def test_memory_entries_expire_after_their_ttl() -> None:
    store = MemoryStore()
    await store.save(_key("ttl", "http://h/a"), [_entry()], ttl=-1)
    assert await store.load(_key("ttl", "http://h/a")) == []
    assert store.usage("ttl").bytes == 0


def test_variants_survive_serialisation() -> None:
    variants = [_entry(b"\x00\xffbinary"), _entry(b"")]
    assert decode_variants(encode_variants(variants)) == variants


async def test_store_roundtrips_variants_and_invalidates_by_url(store: CacheStore) -> None:
    keys = [_key("inv", "http://h/o?page=1", cred) for cred in ("a", "b")]
    keys.append(_key("inv", "http://h/o/5"))
    keys.append(_key("inv", "http://h/c"))
    keys.append(_key("other", "http://h/o?page=1"))
    for key in keys:
        await store.save(key, [_entry()], ttl=60)
    assert await store.load(keys[0]) == [_entry()]
    assert await store.invalidate("inv", "http://h/o?page=1") == 2
    assert [bool(await store.load(k)) for k in keys] == [False, False, True, True, True]


async def test_prefix_invalidation_drops_a_listing_for_every_credential(
    store: CacheStore, origin_server: OriginServer, token: str
) -> None:
    paths = ["/customers/7/orders?page=1", "/customers/7/orders?page=2", "/customers/8/orders"]
    replies = {p.split("?")[0]: [Reply(cc="max-age=60")] for p in paths}
    base = script(origin_server, token, replies)
    client, cache = cached_client(origin_server, base, store, token)
    async with client:
        for key in ("alpha", "beta"):
            for path in paths:
                await client.get(path, headers={"x-tenant-api-key": key})
        dropped = await cache.invalidate_prefix(f"{base}/customers/7/orders")
        for path in paths:
            await client.get(path, headers={"x-tenant-api-key": "beta"})
        assert await cache.invalidate(f"{base}/customers/8/orders") == 2
    assert dropped == 4
    assert origin_server.origin.calls(f"/{token}") == 6 + 2
