"""Runs one scenario against a gateway: vendor calls against the minimum, latency, throughput."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from vendorgraph.bench.processes import Process, Sandboxes
from vendorgraph.bench.scenarios import Exchange, Operation, Post, Scenario


@dataclass(frozen=True)
class Plan:
    """How hard to run a scenario: timed runs one at a time, then runs per concurrency."""

    latency_runs: int
    throughput: Mapping[int, int]
    """concurrency → how many scenario runs to complete at it."""


@dataclass
class Calls:
    """Vendor calls one run made (sandbox admin counts) and the fewest it needed."""

    made: dict[str, int]
    routes: dict[str, dict[str, int]]
    minimum: dict[str, int]
    levels: int
    errors: int
    error_samples: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Calls made, all vendors."""
        return sum(self.made.values())

    @property
    def least(self) -> int:
        """The minimum, all vendors."""
        return sum(self.minimum.values())


@dataclass
class Timing:
    """Latency of whole scenario runs and throughput at each concurrency."""

    latencies_s: list[float]
    runs_per_s: dict[int, float] = field(default_factory=dict)
    requests: int = 0
    cpu_s: float = 0.0
    peak_rss_mb: float = 0.0

    def percentile(self, q: float) -> float:
        """A latency percentile in seconds (nearest rank)."""
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]

    @property
    def cpu_per_request_s(self) -> float:
        """Gateway CPU seconds per GraphQL request over the timed runs."""
        return self.cpu_s / self.requests if self.requests else 0.0


class Client:
    """Posts GraphQL to the gateway over one aiohttp session (httpx's pool would bias timings)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sent = 0
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Client:
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        timeout = aiohttp.ClientTimeout(total=300)
        self._session = aiohttp.ClientSession(connector=connector, timeout=timeout)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def post(self, operation: Operation) -> Mapping[str, Any]:
        """One GraphQL request; its decoded body."""
        assert self._session is not None
        self.sent += 1
        payload = {"query": operation.query, "variables": dict(operation.variables)}
        async with self._session.post(self.url, json=payload) as response:
            body: Mapping[str, Any] = await response.json()
            return body


async def count_calls(scenario: Scenario, post: Post, vendors: Sandboxes) -> Calls:
    """Run once from zeroed counters; compare the sandboxes' counts with the minimum."""
    await asyncio.to_thread(vendors.reset)
    exchanges = await scenario.run(post)
    stats = await asyncio.to_thread(vendors.stats)
    least = scenario.minimum(exchanges)
    return Calls(
        made={v: s["total"] for v, s in sorted(stats.items()) if s["total"]},
        routes={v: s["requests"] for v, s in sorted(stats.items()) if s["total"]},
        minimum=least.calls,
        levels=least.levels,
        errors=sum(len(e.errors) for e in exchanges),
        error_samples=_samples(exchanges),
    )


def _samples(exchanges: list[Exchange], most: int = 3) -> list[str]:
    """The first few GraphQL errors as `CODE path: message`, to explain a short count."""
    errors = [error for e in exchanges for error in e.errors][:most]
    return [
        f"{(e.get('extensions') or {}).get('code')} {e.get('path')}: {e.get('message')}"
        for e in errors
    ]


async def time_runs(scenario: Scenario, client: Client, gateway: Process, plan: Plan) -> Timing:
    """Latency one run at a time, then throughput at each concurrency; gateway CPU and RSS."""
    sent, cpu = client.sent, gateway.cpu_seconds()
    latencies = []
    for _ in range(plan.latency_runs):
        started = time.perf_counter()
        await scenario.run(client.post)
        latencies.append(time.perf_counter() - started)
    timing = Timing(latencies)
    for concurrency, runs in plan.throughput.items():
        timing.runs_per_s[concurrency] = await _throughput(scenario, client, concurrency, runs)
    timing.requests = client.sent - sent
    timing.cpu_s = gateway.cpu_seconds() - cpu
    timing.peak_rss_mb = gateway.peak_rss_mb()
    return timing


async def _throughput(scenario: Scenario, client: Client, concurrency: int, runs: int) -> float:
    """Complete `runs` runs with `concurrency` at once; runs per second."""
    left = runs

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await scenario.run(client.post)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return runs / (time.perf_counter() - started)


def median_ms(values: list[float]) -> float:
    """The median of seconds, in milliseconds."""
    return statistics.median(values) * 1000 if values else 0.0
