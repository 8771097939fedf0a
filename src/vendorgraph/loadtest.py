"""`vendorgraph loadtest`: concurrent clients for a fixed time against a gateway whose vendors fail.

Starts the sandboxes (their own process, 503s and latency injected) and a gateway process, runs
the clients, then reports zero-5xx, zero-duplicate-write and flat-memory figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

import httpx

from vendorgraph.bench.processes import Sandboxes, gateway, sandboxes
from vendorgraph.loadkit.report import Result, markdown, summarise
from vendorgraph.loadkit.targets import WRITE_VENDORS, Targets, discover
from vendorgraph.loadkit.workload import Plan, Tally, drive, sample_rss

MAX_DURATION_S = 600.0
RSS_EVERY_S = 0.5
DEADLINE_S = 10.0


def main(argv: list[str]) -> int:
    """Run one load test; exit 1 when the gateway answered 5xx or a write was duplicated."""
    args = _parser().parse_args(argv)
    result = run(args)
    print(markdown(result))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result.as_json(), indent=2) + "\n")
    return 0 if result.ok else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vendorgraph loadtest", description=__doc__)
    parser.add_argument("--clients", type=_positive_int, default=16)
    parser.add_argument("--duration", type=_duration, default=20.0, help="seconds (max 600)")
    parser.add_argument("--fault-rate", type=float, default=0.1, help="share of vendor 503s")
    parser.add_argument("--latency-ms", type=float, default=5.0)
    parser.add_argument("--jitter-ms", type=float, default=10.0)
    parser.add_argument("--write-every", type=_positive_int, default=5, help="1 in N is a write")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _duration(text: str) -> float:
    value = float(text)
    if not 0 < value <= MAX_DURATION_S:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_DURATION_S:.0f} seconds")
    return value


def run(args: argparse.Namespace) -> Result:
    """Start the processes, find ids, switch faults on, load, and collect the figures."""
    knobs = ("--jitter-ms", str(args.jitter_ms), "--seed", str(args.seed))
    with sandboxes(args.latency_ms, *knobs) as vendors:
        settings = {"VENDORGRAPH_DEADLINE_S": str(DEADLINE_S)}
        with gateway(vendors, settings) as (url, process):
            targets = discover(url, args.seed)
            _faults_on(vendors, args.fault_rate, args.seed)
            plan = Plan(
                url=url,
                clients=args.clients,
                duration_s=args.duration,
                write_every=args.write_every,
                timeout_s=DEADLINE_S + 5,
                seed=args.seed,
            )
            tally = Tally()
            rss: list[float] = []
            elapsed = asyncio.run(_load(plan, targets, tally, process.pid, rss))
        stats = vendors.stats()
    created = {v: stats[v.lower()]["statuses"].get("201", 0) for v in WRITE_VENDORS}
    injected = sum(s["statuses"].get("503", 0) for s in stats.values())
    return summarise(
        tally,
        clients=args.clients,
        elapsed=elapsed,
        fault_rate=args.fault_rate,
        created=created,
        vendor_503s=injected,
        rss=rss,
    )


def _faults_on(vendors: Sandboxes, rate: float, seed: int) -> None:
    """503s at `rate` on every vendor, then zero the counts the figures are read from."""
    for where in vendors.found.values():
        knobs = {"fault_rate": rate, "fault_kinds": ["503"], "seed": seed}
        httpx.post(f"{where['admin']}/config", json=knobs, timeout=10).raise_for_status()
    vendors.reset()


async def _load(plan: Plan, targets: Targets, tally: Tally, pid: int, rss: list[float]) -> float:
    """Drive the clients while sampling the gateway's RSS; the seconds the clients took."""
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, RSS_EVERY_S, rss, stop))
    try:
        return await drive(plan, targets, tally)
    finally:
        stop.set()
        await sampler
