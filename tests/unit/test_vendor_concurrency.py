"""A vendor client keeps at most its configured number of calls in flight; the rest queue."""

from __future__ import annotations

import asyncio

import httpx

from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.dialect import ErrorInfo, VendorDialect

DIALECT = VendorDialect(
    auth_headers=lambda key: {"X-Key": key},
    credential_header="X-Key",
    parse_error=lambda _: ErrorInfo(),
)


class Gate:
    """An origin that holds every request until released, counting how many wait at once."""

    def __init__(self, full_at: int) -> None:
        self.in_flight = 0
        self.most = 0
        self.full_at = full_at
        self.full = asyncio.Event()
        self.release = asyncio.Event()

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        if self.in_flight == self.full_at:
            self.full.set()
        await self.release.wait()
        self.in_flight -= 1
        return httpx.Response(200, json={"path": request.url.path})


async def test_calls_beyond_the_limit_wait_and_all_complete() -> None:
    gate = Gate(full_at=3)
    transport = httpx.MockTransport(gate.handle)
    client = VendorClient(
        "acme", "http://acme/v1", "k", DIALECT, transport=transport, max_concurrency=3
    )
    calls = [asyncio.create_task(client.get("/items/{id}", path={"id": str(n)})) for n in range(10)]
    await gate.full.wait()
    for _ in range(20):  # give the queued calls every chance to slip past the limit
        await asyncio.sleep(0)
    assert gate.in_flight == 3
    gate.release.set()
    answers = await asyncio.gather(*calls)
    assert [a["path"] for a in answers] == [f"/v1/items/{n}" for n in range(10)]
    assert gate.most == 3
