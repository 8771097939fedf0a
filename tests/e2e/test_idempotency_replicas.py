"""createOrder keys across gateway processes sharing one Redis: one key is one order anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any

import pytest

from tests.e2e.cache_support import only
from tests.e2e.mutations_support import (
    CREATE_ORDER,
    KNOBS,
    ask,
    data_of,
    ecommerce_orders,
    order_input,
    refusal,
    route_count,
    token,
    vendor_ids,
)
from tests.support.processes import Gateway, gateway, sandboxes
from tests.support.redis import running_redis

POSTS = "POST /v2/orders"
Found = dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[Found, list[Gateway]]]:
    """An E-Commerce sandbox of our own and two gateway processes on it sharing one Redis."""
    with running_redis() as redis, sandboxes(*KNOBS, vendor="ecommerce") as found:
        env = {**only(found, "ecommerce"), "VENDORGRAPH_REDIS_URL": redis.url}
        with ExitStack() as stack:
            yield found, [stack.enter_context(gateway(env)) for _ in range(2)]


def _order_id(gw: Gateway, variables: dict[str, Any], key: str) -> str:
    body = ask(gw, CREATE_ORDER, {"input": variables, "key": key})
    order_id: str = data_of(body, "createOrder")["order"]["id"]
    return order_id


def test_one_key_sent_to_both_gateways_at_once_creates_one_order(
    shared: tuple[Found, list[Gateway]],
) -> None:
    found, gateways = shared
    where = found["ecommerce"]
    variables = order_input(gateways[0], found, "ecommerce")
    key = f"replicas-{token()}"
    posts = route_count(where, POSTS)
    senders = gateways * 3
    with ThreadPoolExecutor(len(senders)) as pool:
        ids = list(pool.map(lambda gw: _order_id(gw, variables, key), senders))
    retried = [_order_id(gw, variables, key) for gw in gateways]
    assert len(set(ids)) == 1, ids
    assert retried == [ids[0]] * 2
    assert route_count(where, POSTS) == posts + 1
    assert len(ecommerce_orders(where, vendor_ids(variables)[0])) == 1


def test_a_key_reused_with_another_input_at_the_other_gateway_is_a_conflict(
    shared: tuple[Found, list[Gateway]],
) -> None:
    found, (first, second) = shared
    where = found["ecommerce"]
    variables = order_input(first, found, "ecommerce")
    key = f"changed-{token()}"
    _order_id(first, variables, key)
    posts = route_count(where, POSTS)
    changed = {**variables, "items": [{**variables["items"][0], "quantity": 2}]}
    body = ask(second, CREATE_ORDER, {"input": changed, "key": key})
    assert refusal(body, "createOrder") == [("idempotencyKey", "CONFLICT")]
    assert route_count(where, POSTS) == posts
