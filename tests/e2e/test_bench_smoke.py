"""`vendorgraph bench --quick` runs every scenario and writes a well-formed JSON report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCENARIOS = {"dashboard", "lookups", "walk"}


def test_quick_bench_writes_a_report_with_every_scenario_in_both_modes(tmp_path: Path) -> None:
    report_path = tmp_path / "nested" / "bench.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VENDORGRAPH_")}
    done = subprocess.run(
        [sys.executable, "-m", "vendorgraph.cli", "bench", "--quick", "--json", str(report_path)],
        capture_output=True,
        text=True,
        timeout=110,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| dashboard | on |" in done.stdout
    report = json.loads(report_path.read_text())
    rows = report["scenarios"]
    assert {(r["scenario"], r["batching"]) for r in rows} == {
        (name, mode) for name in SCENARIOS for mode in (True, False)
    }
    for row in rows:
        assert row["graphql_errors"] == 0
        assert row["calls"]["minimum"] > 0
        assert row["floor_ms"] == row["levels"] * report["latency_ms"] > 0
        assert row["latency_ms"]["p50"] > 0
        assert row["gateway_cpu_ms_per_request"] > 0
        assert row["gateway_peak_rss_mb"] > 0
        assert row["replay_ms"] > 0
        assert row["replay"]["calls"] == row["calls"]["made"]
        assert 0 < row["replay"]["waves"] <= row["replay"]["calls"]
    assert all(report["targets"]["calls_at_minimum"].values())
    unbatched = {r["scenario"]: r["calls"] for r in rows if not r["batching"]}
    assert unbatched["dashboard"]["made"] > unbatched["dashboard"]["minimum"]
    warm = report["warm"]
    assert warm["first_run"]["made"] == warm["first_run"]["minimum"]
    assert warm["repeats"] > 0 and warm["repeat_calls"] == 0
    assert warm["after_max_age_calls"] == warm["after_max_age_not_modified"] > 0
