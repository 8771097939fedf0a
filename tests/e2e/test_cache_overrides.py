"""Opt-in freshness for a vendor sending no caching headers; writes drop what they change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.cache_support import (
    Admin,
    Override,
    ask,
    assert_order_write_drops_cached_listing,
    key_env,
    only,
    upstream,
    write_config,
)
from tests.support.processes import Gateway, gateway, sandboxes

PRODUCTS = "{ products(vendors: [ECOMMERCE], first: 5) { nodes { vendorId name } } }"
CUSTOMERS = "{ customers(vendors: [ECOMMERCE], first: 5) { nodes { vendorId } } }"
OVERRIDES = [Override("ecommerce", "/v2/products*", 60), Override("ecommerce", "/v2/orders*", 60)]


@pytest.fixture(scope="module")
def ecommerce() -> Iterator[dict[str, str]]:
    """An E-Commerce sandbox as documented: no ETag, no Cache-Control."""
    with sandboxes("--rate-limit", "1000000", vendor="ecommerce") as found:
        yield found["ecommerce"]


@pytest.fixture(scope="module")
def overridden(
    ecommerce: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gateway]:
    """`vendorgraph serve --config gateway.toml`: products and orders fresh 60 s, key from env."""
    path = tmp_path_factory.mktemp("config") / "gateway.toml"
    config = write_config(path, {"ecommerce": ecommerce["url"]}, OVERRIDES)
    with gateway({key_env("ecommerce"): ecommerce["key"]}, "--config", str(config)) as running:
        yield running


@pytest.fixture(scope="module")
def plain(ecommerce: dict[str, str]) -> Iterator[Gateway]:
    """A gateway with no overrides (the default)."""
    with gateway(only({"ecommerce": ecommerce}, "ecommerce")) as running:
        yield running


def vendor_calls(admin: Admin, gw: Gateway, query: str, times: int) -> list[int]:
    """The vendor requests each of `times` identical queries caused, per the sandbox."""
    counts = []
    for _ in range(times):
        admin.reset()
        ask(gw, query)
        counts.append(admin.stats().total)
    return counts


def test_an_override_makes_a_repeat_inside_its_max_age_a_hit(
    overridden: Gateway, ecommerce: dict[str, str]
) -> None:
    admin = Admin(ecommerce["admin"])
    assert vendor_calls(admin, overridden, PRODUCTS, 3) == [1, 0, 0]
    assert upstream(ask(overridden, PRODUCTS), "ecommerce").hits == 1


def test_routes_without_an_override_are_not_cached(
    overridden: Gateway, ecommerce: dict[str, str]
) -> None:
    assert vendor_calls(Admin(ecommerce["admin"]), overridden, CUSTOMERS, 3) == [1, 1, 1]


def test_without_overrides_every_repeat_calls_the_vendor(
    plain: Gateway, ecommerce: dict[str, str]
) -> None:
    assert vendor_calls(Admin(ecommerce["admin"]), plain, PRODUCTS, 3) == [1, 1, 1]


def test_an_order_write_drops_the_customers_cached_order_listing(overridden: Gateway) -> None:
    assert_order_write_drops_cached_listing(overridden, overridden)
