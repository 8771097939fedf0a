"""The `vendorgraph bench` command: start the processes, run every scenario, write the report."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from vendorgraph.bench.measure import Client, Plan, count_calls, time_runs
from vendorgraph.bench.processes import Process, Sandboxes, gateway, sandboxes
from vendorgraph.bench.replay import journaled_run, replay
from vendorgraph.bench.report import Row, document, markdown, write
from vendorgraph.bench.scenarios import Scenario, fixtures, scenarios, warm_scenario
from vendorgraph.bench.warm import MAX_AGE_S, Warm, run_warm

RESULTS = Path("bench/results")
DEADLINE_S = "120"  # a run at concurrency 64 without batching is slow; it must not time out

FULL: Mapping[str, Plan] = {
    "dashboard": Plan(latency_runs=10, throughput={1: 2, 16: 16, 64: 64}),
    "lookups": Plan(latency_runs=30, throughput={1: 20, 16: 160, 64: 320}),
    "walk": Plan(latency_runs=5, throughput={1: 2, 16: 16, 64: 64}),
}
FULL_UNBATCHED: Mapping[str, Plan] = {
    **FULL,
    # ~1 s of gateway CPU a run: 64 at once would take minutes and show nothing new
    "dashboard": Plan(latency_runs=5, throughput={1: 1, 16: 16}),
}
REPLAY_MIN_RUNS = 3  # a replay is cheap; even a quick run times a few for its p50
QUICK: Mapping[str, Plan] = {
    "dashboard": Plan(latency_runs=1, throughput={2: 2}),
    "lookups": Plan(latency_runs=3, throughput={2: 4}),
    "walk": Plan(latency_runs=1, throughput={2: 2}),
}


def main(argv: list[str]) -> int:
    """Run the bench; print the markdown table and write the JSON report."""
    args = _parser().parse_args(argv)
    rows: list[Row] = []
    with sandboxes(args.latency_ms) as vendors:
        for batching in (True, False):
            plans = QUICK if args.quick else FULL if batching else FULL_UNBATCHED
            rows += _cold(vendors, batching, plans, args.latency_ms)
        vendors.configure(caching=True, max_age=MAX_AGE_S)  # = --caching --max-age 5
        warm = _warm(vendors, repeats=5 if args.quick else 100)
    print(markdown(rows, warm, args.latency_ms), flush=True)
    path = args.json or RESULTS / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    write(path, document(rows, warm, args.latency_ms, args.quick))
    print(f"\nJSON report: {path}", flush=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vendorgraph bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (few iterations)")
    parser.add_argument("--json", type=Path, default=None, help="where to write the JSON report")
    parser.add_argument("--latency-ms", type=float, default=20.0, help="the sandboxes' latency")
    return parser


def _cold(
    vendors: Sandboxes, batching: bool, plans: Mapping[str, Plan], latency_ms: float
) -> list[Row]:
    settings = {
        "VENDORGRAPH_CACHE": "false",
        "VENDORGRAPH_BATCHING": str(batching).lower(),
        "VENDORGRAPH_DEADLINE_S": DEADLINE_S,
    }
    with gateway(vendors, settings) as (url, process):
        return asyncio.run(_cold_rows(url, process, vendors, batching, plans, latency_ms))


async def _cold_rows(
    url: str,
    process: Process,
    vendors: Sandboxes,
    batching: bool,
    plans: Mapping[str, Plan],
    latency_ms: float,
) -> list[Row]:
    async with Client(url) as client:
        found = await fixtures(client.post)
        rows = []
        for scenario in scenarios(found):
            rows.append(await _row(scenario, client, process, vendors, batching, plans, latency_ms))
        return rows


async def _row(
    scenario: Scenario,
    client: Client,
    process: Process,
    vendors: Sandboxes,
    batching: bool,
    plans: Mapping[str, Plan],
    latency_ms: float,
) -> Row:
    plan = plans[scenario.name]
    calls = await count_calls(scenario, client.post, vendors)
    timing = await time_runs(scenario, client, process, plan)
    journaled = await journaled_run(scenario, client.post, vendors)  # warm, like the timed runs
    replayed = await replay(vendors, journaled, runs=max(REPLAY_MIN_RUNS, plan.latency_runs))
    return Row(scenario.name, scenario.title, batching, calls, timing, latency_ms, replayed)


def _warm(vendors: Sandboxes, repeats: int) -> Warm:
    settings = {"VENDORGRAPH_BATCHING": "true", "VENDORGRAPH_DEADLINE_S": DEADLINE_S}
    with gateway(vendors, settings) as (url, _):
        return asyncio.run(_warm_run(url, vendors, repeats))


async def _warm_run(url: str, vendors: Sandboxes, repeats: int) -> Warm:
    async with Client(url) as client:
        return await run_warm(warm_scenario(await fixtures(client.post)), client, vendors, repeats)
