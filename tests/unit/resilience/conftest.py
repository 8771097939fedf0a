"""Fixtures: the scripted origin on a real loopback socket, a fake clock, resilient clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from tests.support.servers import serving
from tests.unit.resilience.scripted import DIALECT, METHODS, ClientFactory, FakeTime, Origin
from vendorgraph.serving import ServerGroup, bind, port_of
from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.dialect import ResetStyle
from vendorgraph.upstream.resilience import ResiliencePolicy, ResilientTransport
from vendorgraph.upstream.transport import pooled_transport


@pytest.fixture(scope="session")
def origin_server() -> Iterator[Origin]:
    origin = Origin()
    app = Starlette(routes=[Route("/{path:path}", origin.handle, methods=METHODS)])
    group = ServerGroup()
    sock = bind("127.0.0.1", 0)
    group.add(app, sock, timeout_graceful_shutdown=1)
    origin.url = f"http://127.0.0.1:{port_of(sock)}"
    with serving(group):
        yield origin
    origin.gate.set()


@pytest.fixture
def origin(origin_server: Origin) -> Iterator[Origin]:
    origin_server.reset()
    yield origin_server
    origin_server.gate.set()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def make_client(origin: Origin, fake_time: FakeTime) -> AsyncIterator[ClientFactory]:
    """Builds vendor clients over resilient transports (fake clock and sleep unless told)."""
    clients: list[VendorClient] = []

    async def build(
        *,
        vendor: str = "acme",
        reset_style: ResetStyle | None = "seconds",
        policy: ResiliencePolicy | None = None,
        url: str | None = None,
        real_time: bool = False,
        key: str = "key-1",
    ) -> tuple[VendorClient, ResilientTransport]:
        timing: dict[str, Any] = (
            {} if real_time else {"clock": fake_time.clock, "sleep": fake_time.sleep}
        )
        transport = ResilientTransport(
            pooled_transport(),
            vendor=vendor,
            reset_style=reset_style,
            policy=policy or ResiliencePolicy(),
            **timing,
        )
        client = VendorClient(vendor, url or origin.url, key, DIALECT, transport=transport)
        clients.append(client)
        return client, transport

    yield build
    for client in clients:
        await client.aclose()
