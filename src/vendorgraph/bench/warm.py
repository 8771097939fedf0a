"""The warm scenario: repeats served by the gateway's cache, then revalidated with 304s."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from vendorgraph.bench.measure import Calls, Client, count_calls
from vendorgraph.bench.processes import Sandboxes
from vendorgraph.bench.scenarios import Scenario

MAX_AGE_S = 5  # the sandboxes' --max-age in the warm run: margin for a loaded machine
HITS_WINDOW_S = 1.0  # repeats start within 1 s, well inside max-age (Date has whole seconds)


@dataclass
class Warm:
    """Calls of the first run, of repeats inside max-age, and of a run after it expired."""

    fill: Calls
    repeats: int
    repeat_calls: int
    revalidate_calls: int
    not_modified: int
    hit_latencies_s: list[float]


async def run_warm(scenario: Scenario, client: Client, vendors: Sandboxes, repeats: int) -> Warm:
    """Fill the cache, repeat inside max-age (no vendor call), repeat after it (only 304s)."""
    fill = await count_calls(scenario, client.post, vendors)
    filled = time.monotonic()
    await asyncio.to_thread(vendors.reset)
    latencies: list[float] = []
    while len(latencies) < repeats and time.monotonic() - filled < HITS_WINDOW_S:
        started = time.perf_counter()
        await scenario.run(client.post)
        latencies.append(time.perf_counter() - started)
    repeat_calls = _total(await asyncio.to_thread(vendors.stats))
    await asyncio.sleep(max(0.0, filled + MAX_AGE_S + 0.5 - time.monotonic()))
    await asyncio.to_thread(vendors.reset)
    await scenario.run(client.post)
    after = await asyncio.to_thread(vendors.stats)
    return Warm(
        fill=fill,
        repeats=len(latencies),
        repeat_calls=repeat_calls,
        revalidate_calls=_total(after),
        not_modified=sum(int(s["not_modified"]) for s in after.values()),
        hit_latencies_s=latencies,
    )


def _total(stats: dict[str, dict[str, object]]) -> int:
    return sum(int(str(s["total"])) for s in stats.values())
