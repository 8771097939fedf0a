"""Helpers shared by the TalkingShops contract tests: keys, raw HTTP calls, admin counts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from tests.support.servers import admin, serving
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress, add_sandboxes
from vendorgraph.adapters.talkingshops import PLUGIN
from vendorgraph.serving import ServerGroup

ALPHA_KEY = "ts_tenant_alpha_key"
BETA_KEY = "ts_tenant_beta_key"
KEY_HEADER = "x-tenant-api-key"
UNKNOWN_ID = "0123456789abcdef01234567"


@contextmanager
def running_talkingshops(**options: Any) -> Iterator[SandboxAddress]:
    """`running_sandbox("talkingshops", ...)` without discovering the other vendors' plugins,
    so these tests do not depend on other vendor folders importing cleanly."""
    group = ServerGroup()
    [address] = add_sandboxes(group, [PLUGIN], SandboxOptions(**options))
    with serving(group):
        yield address


def client(address: SandboxAddress, key: str | None = ALPHA_KEY) -> httpx.Client:
    """A sync client on the sandbox's base URL carrying a tenant key (None: no key)."""
    headers = {KEY_HEADER: key} if key is not None else {}
    return httpx.Client(base_url=address.url, headers=headers, timeout=10)


def all_customers(http: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """Every customer of the list, walked 100 at a time."""
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        body = http.get("/customers", params={**params, "page": page, "limit": 100}).json()
        found += body["customers"]
        if page >= body["totalPages"]:
            return found
        page += 1


def calls(address: SandboxAddress, route: str) -> int:
    """How many requests the sandbox answered on `METHOD /v1/route/{template}`."""
    counts: dict[str, int] = admin(address, "stats")["requests"]
    return counts.get(route, 0)


def reset(address: SandboxAddress) -> None:
    """Zero the sandbox's counts and rate-limit windows."""
    admin(address, "reset")


def new_mobile(serial: int) -> str:
    """A mobile number no seeded customer has (seeded ones are 91 then 6-9)."""
    return f"915{serial:09d}"
