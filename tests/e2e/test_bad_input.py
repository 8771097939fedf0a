"""Bad input gets a clear error with a code and the argument named; vendor garbage stays put."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.processes import Gateway, gateway, sandboxes, vendor_env


def codes(body: dict[str, object]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]  # type: ignore[index,union-attr]


def test_malformed_global_id_is_bad_user_input_naming_the_argument(gw: Gateway) -> None:
    body = gw.query('{ customer(id: "%%%") { id } }')
    assert body["data"] == {"customer": None}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    assert error["path"] == ["customer"]


def test_forged_global_id_naming_an_unknown_vendor_is_rejected(gw: Gateway) -> None:
    forged = base64.urlsafe_b64encode(b"Customer:acme:42").decode()
    body = gw.query("query($id: ID!) { node(id: $id) { id } }", {"id": forged})
    assert codes(body) == ["BAD_USER_INPUT"]


def test_page_size_over_100_or_negative_is_bad_user_input(gw: Gateway) -> None:
    for first in (101, -1):
        body = gw.query("query($n: Int) { customers(first: $n) { nodes { id } } }", {"n": first})
        assert codes(body) == ["BAD_USER_INPUT"], first
        assert body["errors"][0]["extensions"]["field"] == "first"


def test_a_cursor_from_elsewhere_is_bad_user_input(gw: Gateway) -> None:
    body = gw.query('{ products(after: "bm90LWEtY3Vyc29y") { nodes { id } } }')
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "after"


def test_unknown_fields_are_a_request_error_with_a_code(gw: Gateway) -> None:
    body = gw.query("{ customers { nodes { shoeSize } } }")
    assert body.get("data") is None
    assert codes(body) == ["BAD_USER_INPUT"]


def test_vendor_returning_malformed_json_is_upstream_error_on_that_path_only() -> None:
    with sandboxes("--rate-limit", "1000000") as found, gateway(vendor_env(found)) as gw:
        httpx.post(
            found["techcorp"]["admin"] + "/config",
            json={"fault_rate": 1.0, "fault_kinds": ["garbage"]},
        ).raise_for_status()
        body = gw.query(
            "{ tc: customers(vendors: [TECHCORP], first: 2) { nodes { id } }"
            "  ec: customers(vendors: [ECOMMERCE], first: 2) { nodes { id } } }"
        )
    assert body["data"]["tc"] is None
    assert len(body["data"]["ec"]["nodes"]) == 2
    [error] = body["errors"]
    assert error["path"] == ["tc"]
    assert error["extensions"]["code"] == "UPSTREAM_ERROR"
    assert error["extensions"]["vendor"] == "TECHCORP"


def test_missing_key_variable_stops_start_up_naming_it() -> None:
    env = {"VENDORGRAPH_ECOMMERCE_URL": "http://127.0.0.1:9/v2"}
    result = _run_expecting_failure(["serve", "--port", "0"], env)
    assert result.returncode == 2
    assert "VENDORGRAPH_ECOMMERCE_KEY" in result.stderr


def test_unknown_vendor_section_stops_start_up_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "vg.toml"
    config.write_text('[vendors.acme]\nurl = "http://127.0.0.1:9"\n')
    result = _run_expecting_failure(["check-config", "--config", str(config)], {})
    assert result.returncode == 2
    assert "vendors.acme" in result.stderr


def _run_expecting_failure(
    args: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VENDORGRAPH_")}
    return subprocess.run(
        [sys.executable, "-m", "vendorgraph.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
