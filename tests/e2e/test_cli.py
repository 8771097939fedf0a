"""The command line: sandboxes announce themselves once listening and stop cleanly on signals."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import httpx
import pytest

from tests.support.processes import vendorgraph


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sandbox_json_line_then_clean_exit_on_signal(sig: signal.Signals) -> None:
    args = ["sandbox", "--json", "--base-port", "0", "--vendor", "techparts"]
    with vendorgraph(args, r"^\{") as process:
        announced = json.loads(process.announced)
        assert list(announced) == ["techparts"]
        assert set(announced["techparts"]) >= {"url", "key"}
        url, key = announced["techparts"]["url"], announced["techparts"]["key"]
        product = httpx.get(
            f"{url}/products/PROD-4090-MSI-001", headers={"Authorization": f"Bearer {key}"}
        )
        assert product.status_code == 200
        process.popen.send_signal(sig)
        assert process.popen.wait(timeout=15) == 0


def test_serve_without_configuration_starts_sandboxes_and_prints_graphiql() -> None:
    with vendorgraph(["serve", "--port", "0"], r"GraphiQL: ") as process:
        url = process.announced.split("GraphiQL: ", 1)[1]
        body = httpx.post(url, json={"query": "{ vendors { vendor healthy } }"}, timeout=30).json()
        assert [v["vendor"] for v in body["data"]["vendors"]] == [
            "TECHCORP",
            "ECOMMERCE",
            "TECHPARTS",
            "TALKINGSHOPS",
        ]
        assert all(v["healthy"] for v in body["data"]["vendors"])
        process.popen.send_signal(signal.SIGTERM)
        assert process.popen.wait(timeout=15) == 0


def test_check_config_accepts_the_example_file() -> None:
    env = {"VENDORGRAPH_TECHCORP_KEY": "k1", "ECOMMERCE_TEST_KEY": "k2", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vendorgraph.cli",
            "check-config",
            "--config",
            "vendorgraph.example.toml",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "techcorp at https://sandbox-api.techcorp.com/v3" in result.stdout
    assert "k1" not in result.stdout + result.stderr
