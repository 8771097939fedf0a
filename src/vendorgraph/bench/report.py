"""The bench report: one row per scenario and mode, as a markdown table and as JSON."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vendorgraph.bench.measure import Calls, Timing
from vendorgraph.bench.replay import Replay
from vendorgraph.bench.warm import Warm

FLOOR_TARGET = 1.25  # cold p50 at most this many times the critical-path floor


@dataclass
class Row:
    """One scenario run in one mode."""

    name: str
    title: str
    batching: bool
    calls: Calls
    timing: Timing
    latency_ms: float
    replay: Replay

    @property
    def floor_ms(self) -> float:
        """Vendor round trips on the critical path times the sandboxes' latency."""
        return self.calls.levels * self.latency_ms

    @property
    def ratio(self) -> float:
        """Calls made over the minimum (1.00: nothing wasted)."""
        return self.calls.total / self.calls.least if self.calls.least else 0.0

    @property
    def p50_over_replay(self) -> float | None:
        """Gateway p50 over the replay's p50: what the gateway adds to the calls themselves."""
        p50_ms = self.timing.percentile(0.5) * 1000
        return p50_ms / self.replay.p50_ms if self.replay.p50_ms else None

    def as_json(self) -> dict[str, Any]:
        """The row as the JSON report keeps it."""
        vendors = sorted(set(self.calls.made) | set(self.calls.minimum))
        p50, p95 = self.timing.percentile(0.5) * 1000, self.timing.percentile(0.95) * 1000
        return {
            "scenario": self.name,
            "title": self.title,
            "batching": self.batching,
            "calls": {
                "made": self.calls.total,
                "minimum": self.calls.least,
                "ratio": round(self.ratio, 3),
                "by_vendor": {
                    v: {"made": self.calls.made.get(v, 0), "minimum": self.calls.minimum.get(v, 0)}
                    for v in vendors
                },
                "routes": self.calls.routes,
            },
            "graphql_errors": self.calls.errors,
            "error_samples": self.calls.error_samples,
            "levels": self.calls.levels,
            "floor_ms": self.floor_ms,
            "latency_ms": {
                "p50": round(p50, 1),
                "p95": round(p95, 1),
                "runs": len(self.timing.latencies_s),
            },
            "p50_over_floor": round(p50 / self.floor_ms, 2) if self.floor_ms else None,
            "replay_ms": round(self.replay.p50_ms, 1),
            "p50_over_replay": _rounded(self.p50_over_replay),
            "replay": {
                "waves": self.replay.waves,
                "calls": self.replay.calls,
                "runs": self.replay.runs,
            },
            "throughput_runs_per_s": {
                str(c): round(r, 2) for c, r in self.timing.runs_per_s.items()
            },
            "gateway_cpu_ms_per_request": round(self.timing.cpu_per_request_s * 1000, 2),
            "gateway_peak_rss_mb": round(self.timing.peak_rss_mb, 1),
        }


def markdown(rows: list[Row], warm: Warm | None, latency_ms: float) -> str:
    """The report as markdown tables."""
    concurrencies = sorted({c for r in rows for c in r.timing.runs_per_s})
    head = [
        "scenario",
        "batching",
        "vendor calls",
        "minimum",
        "ratio",
        "floor ms",
        "p50 ms",
        "p95 ms",
        "p50/floor",
        "replay ms (waves)",
        "p50/replay",
        *(f"runs/s @{c}" for c in concurrencies),
        "CPU ms/req",
        "peak RSS MiB",
    ]
    lines = [
        f"Sandboxes at {latency_ms:g} ms latency; floor = vendor round trips in a row x latency;",
        "replay = the same vendor calls, wave by wave, from a bare client (see the README).",
        "",
        _row(head),
        _row(["---"] * len(head)),
    ]
    for r in rows:
        data = r.as_json()
        lines.append(
            _row(
                [
                    r.name,
                    "on" if r.batching else "off",
                    str(r.calls.total),
                    str(r.calls.least),
                    f"{r.ratio:.2f}",
                    f"{r.floor_ms:g}",
                    f"{data['latency_ms']['p50']:.1f}",
                    f"{data['latency_ms']['p95']:.1f}",
                    f"{data['p50_over_floor']:.2f}" if r.floor_ms else "-",
                    f"{data['replay_ms']:.1f} ({r.replay.waves})",
                    _ratio(r.p50_over_replay),
                    *(_rate(r.timing.runs_per_s.get(c)) for c in concurrencies),
                    f"{data['gateway_cpu_ms_per_request']:.1f}",
                    f"{data['gateway_peak_rss_mb']:.0f}",
                ]
            )
        )
    if warm is not None:
        lines += ["", *_warm_table(warm)]
    return "\n".join(lines)


def _warm_table(warm: Warm) -> list[str]:
    hits = sorted(warm.hit_latencies_s)
    p50 = hits[len(hits) // 2] * 1000 if hits else 0.0
    head = [
        "warm",
        "first run calls",
        "minimum",
        "repeats",
        "repeat calls",
        "after max-age calls",
        "of which 304",
        "repeat p50 ms",
    ]
    values = [
        "lookups",
        str(warm.fill.total),
        str(warm.fill.least),
        str(warm.repeats),
        str(warm.repeat_calls),
        str(warm.revalidate_calls),
        str(warm.not_modified),
        f"{p50:.1f}",
    ]
    return [_row(head), _row(["---"] * len(head)), _row(values)]


def _rounded(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio, 2)


def _ratio(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.2f}"


def _rate(runs_per_s: float | None) -> str:
    return "-" if runs_per_s is None else f"{runs_per_s:.1f}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def document(rows: list[Row], warm: Warm | None, latency_ms: float, quick: bool) -> dict[str, Any]:
    """The whole JSON report."""
    cold = [r for r in rows if r.batching]
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "latency_ms": latency_ms,
        "cpus": os.cpu_count(),
        "scenarios": [r.as_json() for r in rows],
        "warm": None if warm is None else _warm_json(warm),
        "targets": {
            "calls_at_minimum": {r.name: r.calls.total == r.calls.least for r in cold},
            "p50_within_floor_target": {
                r.name: r.timing.percentile(0.5) * 1000 <= FLOOR_TARGET * r.floor_ms for r in cold
            },
        },
    }


def _warm_json(warm: Warm) -> dict[str, Any]:
    hits = sorted(warm.hit_latencies_s)
    return {
        "first_run": {"made": warm.fill.total, "minimum": warm.fill.least},
        "repeats": warm.repeats,
        "repeat_calls": warm.repeat_calls,
        "after_max_age_calls": warm.revalidate_calls,
        "after_max_age_not_modified": warm.not_modified,
        "repeat_p50_ms": round(hits[len(hits) // 2] * 1000, 2) if hits else None,
    }


def write(path: Path, report: dict[str, Any]) -> None:
    """Write the JSON report, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
