"""The load clients: reads across vendors and keyed createOrder writes retried like real clients."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from vendorgraph.loadkit.targets import CREATE_ORDER, WRITE_VENDORS, Targets

CLIENT_RETRIES = 4  # sends of one createOrder before the client gives up on it
RETRY_PAUSE_S = 0.2
REPLAY_EVERY = 3  # every third confirmed write is sent once more, as if its answer was lost


@dataclass
class Write:
    """One logical write: its vendor, how often it was sent, and the order ids it got back."""

    vendor: str
    sends: int = 0
    order_ids: set[str] = field(default_factory=set)
    rejected: bool = False

    @property
    def confirmed(self) -> bool:
        """An order came back."""
        return bool(self.order_ids)


@dataclass
class Tally:
    """Everything the clients saw."""

    statuses: Counter[int] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    transport_errors: int = 0
    latencies: list[float] = field(default_factory=list)
    writes: dict[str, Write] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        """HTTP requests sent to the gateway (answered or not)."""
        return sum(self.statuses.values()) + self.transport_errors


@dataclass(frozen=True)
class Plan:
    """How the clients behave."""

    url: str
    clients: int
    duration_s: float
    write_every: int
    timeout_s: float
    seed: int


async def drive(plan: Plan, targets: Targets, tally: Tally) -> float:
    """Run every client until the duration ends (writes in flight finish); the seconds taken."""
    limits = httpx.Limits(max_connections=plan.clients, max_keepalive_connections=plan.clients)
    started = time.monotonic()
    until = started + plan.duration_s
    async with httpx.AsyncClient(timeout=plan.timeout_s, limits=limits) as http:
        session = _Session(http, plan, targets, tally)
        await asyncio.gather(*(session.client(n, until) for n in range(plan.clients)))
    return time.monotonic() - started


@dataclass
class _Session:
    http: httpx.AsyncClient
    plan: Plan
    targets: Targets
    tally: Tally

    async def client(self, number: int, until: float) -> None:
        rng = random.Random(self.plan.seed * 1000 + number)
        operation = 0
        while time.monotonic() < until:
            operation += 1
            if operation % self.plan.write_every == 0:
                await self.write(f"load-{self.plan.seed}-{number}-{operation}", rng)
            else:
                query, variables = self.targets.read(rng)
                await self.post(query, variables)

    async def write(self, key: str, rng: random.Random) -> None:
        vendor = rng.choice(WRITE_VENDORS)
        write = self.tally.writes[key] = Write(vendor)
        variables = {"input": self.targets.order(rng, vendor), "key": key}
        for _ in range(CLIENT_RETRIES):
            if self.record(write, await self.post(CREATE_ORDER, variables)):
                break
            await asyncio.sleep(RETRY_PAUSE_S)
        if write.confirmed and len(self.tally.writes) % REPLAY_EVERY == 0:
            self.record(write, await self.post(CREATE_ORDER, variables))

    def record(self, write: Write, body: dict[str, Any] | None) -> bool:
        """Note what one send of a write got; True when the write has an answer that stands."""
        write.sends += 1
        payload = (body or {}).get("data", {}) or {}
        created = payload.get("createOrder")
        if not created:
            return False
        if created.get("order"):
            write.order_ids.add(created["order"]["vendorId"])
            return True
        write.rejected = bool(created.get("userErrors"))
        return write.rejected

    async def post(self, query: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        started = time.perf_counter()
        try:
            response = await self.http.post(
                self.plan.url, json={"query": query, "variables": variables}
            )
        except httpx.HTTPError:
            self.tally.transport_errors += 1
            return None
        self.tally.latencies.append(time.perf_counter() - started)
        self.tally.statuses[response.status_code] += 1
        try:
            body: dict[str, Any] = response.json()
        except ValueError:
            return None
        for error in body.get("errors") or []:
            self.tally.codes[(error.get("extensions") or {}).get("code", "NONE")] += 1
        return body


def rss_mib(pid: int) -> float | None:
    """A process's resident set size now (VmRSS) in MiB; None where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/status") as status:
            found = re.search(r"^VmRSS:\s+(\d+) kB", status.read(), re.MULTILINE)
    except OSError:
        return None
    return int(found.group(1)) / 1024 if found else None


async def sample_rss(pid: int, every_s: float, samples: list[float], stop: asyncio.Event) -> None:
    """Append the process's RSS every `every_s` seconds until `stop` is set."""
    while not stop.is_set():
        value = rss_mib(pid)
        if value is not None:
            samples.append(value)
        try:
            await asyncio.wait_for(stop.wait(), every_s)
        except TimeoutError:
            continue
