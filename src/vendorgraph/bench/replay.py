"""The replay floor: the same vendor calls, in the same dependency waves, from a bare client."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
from yarl import URL

from vendorgraph.adapters import plugins
from vendorgraph.bench.measure import Timing
from vendorgraph.bench.processes import Sandboxes
from vendorgraph.bench.scenarios import Operation, Post, Scenario


@dataclass(frozen=True)
class Call:
    """One vendor call a sandbox journaled: what to send again, and when it was in flight."""

    vendor: str
    method: str
    route: str
    path: str
    """Raw path and query from the sandbox root, e.g. `/v2/products/p1?x=1`."""
    body: bytes | None
    content_type: str | None
    arrived: float
    answered: float
    status: int


@dataclass(frozen=True)
class Replay:
    """Whole replays of one scenario run's vendor calls: how many waves and calls, and the p50."""

    waves: int
    calls: int
    runs: int
    p50_ms: float


def journaled_calls(journals: Mapping[str, Mapping[str, object]]) -> list[Call]:
    """Every sandbox's journal (as `GET /_admin/journal` answers) as calls, earliest first."""
    calls = []
    for vendor, journal in journals.items():
        if journal.get("dropped"):
            raise RuntimeError(f"{vendor}'s journal overflowed: the replay would be incomplete")
        entries = journal.get("entries")
        assert isinstance(entries, list)
        calls += [_call(vendor, entry) for entry in entries]
    return sorted(calls, key=lambda c: c.arrived)


def _call(vendor: str, entry: Mapping[str, object]) -> Call:
    body = entry["body_base64"]
    return Call(
        vendor=vendor,
        method=str(entry["method"]),
        route=str(entry["route"]),
        path=str(entry["path"]),
        body=None if body is None else base64.b64decode(str(body)),
        content_type=None if entry["content_type"] is None else str(entry["content_type"]),
        arrived=float(str(entry["arrived"])),
        answered=float(str(entry["answered"])),
        status=int(str(entry["status"])),
    )


def assign_waves(calls: Sequence[Call]) -> list[int]:
    """The waves of one GraphQL request's calls.

    A route's first call waits for every call answered before it arrived: its wave is 1 + the
    highest of theirs. Later calls to the same route go in the same wave: they are siblings of
    one batch that a busy gateway sent over time, and a bare client would send them together.
    (The bench's scenarios read each route at one depth per request.) Calls in arrival order meet
    answered ones in answer order; anything answered before a call arrived also arrived before it.
    """
    by_arrival = sorted(range(len(calls)), key=lambda i: calls[i].arrived)
    by_answer = sorted(range(len(calls)), key=lambda i: calls[i].answered)
    waves = [0] * len(calls)
    route_waves: dict[tuple[str, str, str], int] = {}
    done, highest_done = 0, 0
    for i in by_arrival:
        while done < len(calls) and calls[by_answer[done]].answered < calls[i].arrived:
            highest_done = max(highest_done, waves[by_answer[done]])
            done += 1
        route = (calls[i].vendor, calls[i].method, calls[i].route)
        waves[i] = route_waves.setdefault(route, highest_done + 1)
    return waves


def group_waves(calls: Sequence[Call]) -> list[list[Call]]:
    """The calls grouped by wave, first wave first."""
    waves = assign_waves(calls)
    grouped: list[list[Call]] = [[] for _ in range(max(waves, default=0))]
    for call, wave in zip(calls, waves, strict=True):
        grouped[wave - 1].append(call)
    return grouped


async def journaled_run(scenario: Scenario, post: Post, vendors: Sandboxes) -> list[list[Call]]:
    """Run the scenario once more, reading the journals after each request: its calls by request."""
    requests: list[list[Call]] = []

    async def journaled(operation: Operation) -> Mapping[str, Any]:
        await asyncio.to_thread(vendors.reset)
        body = await post(operation)
        requests.append(journaled_calls(await asyncio.to_thread(vendors.journal)))
        return body

    await scenario.run(journaled)
    return requests


async def replay(vendors: Sandboxes, requests: list[list[Call]], runs: int) -> Replay:
    """Send the requests' calls again, request after request: one warm-up, then `runs` timed."""
    waves = [wave for calls in requests for wave in group_waves(calls)]
    sender = _Sender(vendors)
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        await sender.run(session, waves)
        latencies = [await sender.run(session, waves) for _ in range(runs)]
    p50 = Timing(latencies).percentile(0.5) * 1000 if latencies else 0.0
    calls = sum(len(wave) for wave in waves)
    return Replay(waves=len(waves), calls=calls, runs=runs, p50_ms=p50)


class _Sender:
    """Sends journaled calls to the sandboxes they came from, with each vendor's own auth."""

    def __init__(self, vendors: Sandboxes) -> None:
        dialects = {p.name: p.dialect for p in plugins()}
        self._roots = {v: w["admin"].removesuffix("/_admin") for v, w in vendors.found.items()}
        self._auth = {
            vendor: dict(dialects[vendor].auth_headers(where["key"]))
            for vendor, where in vendors.found.items()
        }

    async def run(self, session: aiohttp.ClientSession, waves: list[list[Call]]) -> float:
        """Each wave's calls all at once, the next wave once they are answered; seconds taken."""
        started = time.perf_counter()
        for wave in waves:
            await asyncio.gather(*(self._send(session, call) for call in wave))
        return time.perf_counter() - started

    async def _send(self, session: aiohttp.ClientSession, call: Call) -> None:
        headers = dict(self._auth[call.vendor])
        if call.content_type is not None:
            headers["Content-Type"] = call.content_type
        url = URL(self._roots[call.vendor] + call.path, encoded=True)
        async with session.request(call.method, url, data=call.body, headers=headers) as answer:
            await answer.read()
            if answer.status != call.status:
                raise RuntimeError(
                    f"replayed {call.method} {call.path} at {call.vendor} answered "
                    f"{answer.status}, not {call.status} as journaled"
                )
