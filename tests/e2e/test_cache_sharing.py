"""Gateway processes sharing one Redis: a fill in one is a hit in another; tenants never mix."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from tests.e2e.cache_support import (
    Admin,
    Override,
    ask,
    assert_order_write_drops_cached_listing,
    customer,
    first_ids,
    key_env,
    only,
    upstream,
    write_config,
)
from tests.support.processes import Gateway, gateway, sandboxes
from tests.support.redis import RedisServer, running_redis

KNOBS = ("--rate-limit", "1000000")
TENANT_KEYS = {"alpha": "ts_tenant_alpha_key", "beta": "ts_tenant_beta_key"}
TS_CUSTOMERS = "{ customers(vendors: [TALKINGSHOPS], first: 5) { nodes { vendorId fullName } } }"


@pytest.fixture(scope="module")
def redis() -> Iterator[RedisServer]:
    """A real redis-server the gateways of this module share."""
    with running_redis() as server:
        yield server


@pytest.fixture(scope="module")
def two_vendors() -> Iterator[dict[str, dict[str, str]]]:
    """The sandboxes; TechCorp sends ETag/Cache-Control, E-Commerce sends none."""
    with sandboxes(*KNOBS) as found:
        yield found


@pytest.fixture(scope="module")
def replicas(
    two_vendors: dict[str, dict[str, str]],
    redis: RedisServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Gateway, Gateway]]:
    """Two `vendorgraph serve --config` processes with one Redis store; E-Commerce orders are
    cached by an override (300 s) so a missed invalidation would show."""
    config = write_config(
        tmp_path_factory.mktemp("config") / "gateway.toml",
        {name: two_vendors[name]["url"] for name in ("techcorp", "ecommerce")},
        [Override("ecommerce", "/v2/orders*", 300)],
        redis_url=redis.url,
    )
    env = {key_env(name): two_vendors[name]["key"] for name in ("techcorp", "ecommerce")}
    with ExitStack() as stack:
        first, second = (
            stack.enter_context(gateway(env, "--config", str(config))) for _ in range(2)
        )
        yield first, second


def test_a_fill_in_one_gateway_process_is_a_hit_in_another(
    replicas: tuple[Gateway, Gateway], two_vendors: dict[str, dict[str, str]]
) -> None:
    first, second = replicas
    vendor_id = first_ids("techcorp", "customers", two_vendors["techcorp"], 1)[0]
    admin = Admin(two_vendors["techcorp"]["admin"])
    admin.reset()
    filled = customer(first, "techcorp", vendor_id)
    after_fill = admin.stats().total
    served = customer(second, "techcorp", vendor_id)
    assert served["data"] == filled["data"]
    assert served["data"]["customer"]["vendorId"] == vendor_id
    assert (after_fill, admin.stats().total) == (1, 1), "the second process called the vendor"
    assert (upstream(served, "techcorp").calls, upstream(served, "techcorp").hits) == (0, 1)


@pytest.fixture(scope="module")
def talkingshops() -> Iterator[dict[str, str]]:
    """A TalkingShops sandbox sending ETag/Cache-Control, so its answers are cached."""
    with sandboxes(*KNOBS, "--caching", vendor="talkingshops") as found:
        yield found["talkingshops"]


@pytest.fixture(scope="module")
def tenants(talkingshops: dict[str, str], redis: RedisServer) -> Iterator[dict[str, Gateway]]:
    """One gateway process per TalkingShops tenant key, both caching in the same Redis."""
    found = {"talkingshops": talkingshops}
    with ExitStack() as stack:
        yield {
            tenant: stack.enter_context(
                gateway({**only(found, "talkingshops", key), "VENDORGRAPH_REDIS_URL": redis.url})
            )
            for tenant, key in TENANT_KEYS.items()
        }


def tenant_ids(talkingshops: dict[str, str], tenant: str) -> list[str]:
    """A tenant's customer ids, in the vendor's order, read straight from the sandbox."""
    return first_ids("talkingshops", "customers", {**talkingshops, "key": TENANT_KEYS[tenant]}, 5)


def listed(body: dict[str, Any]) -> list[str]:
    """The vendor ids of a customers listing."""
    return [node["vendorId"] for node in body["data"]["customers"]["nodes"]]


def test_each_tenant_sees_only_its_own_data_and_never_the_others_cached_answer(
    tenants: dict[str, Gateway], talkingshops: dict[str, str]
) -> None:
    expected = {tenant: tenant_ids(talkingshops, tenant)[:5] for tenant in TENANT_KEYS}
    assert not set(expected["alpha"]) & set(expected["beta"])
    admin = Admin(talkingshops["admin"])
    admin.reset()
    alpha_first = ask(tenants["alpha"], TS_CUSTOMERS)
    beta_first = ask(tenants["beta"], TS_CUSTOMERS)
    calls_after_both = admin.stats().total
    alpha_again = ask(tenants["alpha"], TS_CUSTOMERS)
    beta_again = ask(tenants["beta"], TS_CUSTOMERS)
    assert listed(alpha_first) == listed(alpha_again) == expected["alpha"]
    assert listed(beta_first) == listed(beta_again) == expected["beta"]
    assert upstream(beta_first, "talkingshops").calls == 1, "beta was served alpha's entry"
    assert upstream(beta_first, "talkingshops").hits == 0
    assert calls_after_both == 2
    assert admin.stats().total == 2, "a tenant's repeat reached the vendor"
    assert [upstream(b, "talkingshops").hits for b in (alpha_again, beta_again)] == [1, 1]


def test_a_record_cached_for_one_tenant_is_not_found_for_the_other(
    tenants: dict[str, Gateway], talkingshops: dict[str, str]
) -> None:
    alphas_customer = tenant_ids(talkingshops, "alpha")[-1]
    admin = Admin(talkingshops["admin"])
    seen_by_alpha = customer(tenants["alpha"], "talkingshops", alphas_customer)
    admin.reset()
    seen_by_beta = customer(tenants["beta"], "talkingshops", alphas_customer)
    assert seen_by_alpha["data"]["customer"]["vendorId"] == alphas_customer
    assert seen_by_beta["data"]["customer"] is None
    assert [e["extensions"]["code"] for e in seen_by_beta["errors"]] == ["NOT_FOUND"]
    assert admin.stats().statuses == {"404": 1}
    assert upstream(seen_by_beta, "talkingshops").hits == 0


def test_a_write_through_one_process_drops_the_listing_another_process_cached(
    replicas: tuple[Gateway, Gateway],
) -> None:
    reader, writer = replicas
    assert_order_write_drops_cached_listing(reader, writer)
