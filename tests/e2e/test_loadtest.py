"""`vendorgraph loadtest`, briefly: vendors failing under concurrent load cost no 5xx and no
duplicated order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_a_short_load_test_under_vendor_faults_has_no_5xx_and_no_duplicate_writes(
    tmp_path: Path,
) -> None:
    figures = tmp_path / "load.json"
    args = ["--clients", "4", "--duration", "5", "--fault-rate", "0.2", "--write-every", "3"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("VENDORGRAPH_")}
    run = subprocess.run(
        [sys.executable, "-m", "vendorgraph.cli", "loadtest", *args, "--json", str(figures)],
        capture_output=True,
        text=True,
        env=env,
        timeout=100,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(figures.read_text())
    assert "| gateway 5xx | 0 |" in run.stdout
    assert result["requests"] > 0
    assert result["vendor_503s"] > 0  # the vendors really failed during the run
    assert result["gateway_5xx"] == 0
    assert result["transport_errors"] == 0
    assert result["writes"]["confirmed"] > 0
    assert result["writes"]["sends"] > result["writes"]["keys"]  # keys were sent again
    assert result["duplicates"] == 0
    for vendor, orders in result["orders"].items():
        assert orders["created"] == orders["confirmed"], vendor
