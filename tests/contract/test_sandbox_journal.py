"""The sandbox journal records each answered request exactly, never its key, until a reset."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.servers import admin, running_sandbox
from vendorgraph.adapters import plugin
from vendorgraph.adapters.sandboxkit import admin as sandbox_admin
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress
from vendorgraph.adapters.techcorp.seed import generate

PRODUCT = generate(42).inventory[0]["product_id"]
STOCK_QUERY = {"product_ids": [PRODUCT]}


@pytest.fixture
def sandbox() -> Iterator[SandboxAddress]:
    with running_sandbox("techcorp") as address:
        yield address


def _client(address: SandboxAddress) -> httpx.Client:
    auth = dict(plugin("techcorp").dialect.auth_headers(address.key))
    return httpx.Client(base_url=address.url, headers=auth, timeout=10)


def _journal_page(address: SandboxAddress) -> dict[str, Any]:
    response = httpx.get(f"{address.admin_url}/journal", timeout=10)
    response.raise_for_status()
    page: dict[str, Any] = response.json()
    return page


def _journal(address: SandboxAddress) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = _journal_page(address)["entries"]
    return entries


def test_the_journal_records_path_query_body_and_status_but_not_the_key(
    sandbox: SandboxAddress,
) -> None:
    with _client(sandbox) as http:
        got = http.get(f"/inventory/{PRODUCT}", params={"x": "1"})
        posted = http.post("/inventory/bulk", json=STOCK_QUERY)
    base = urlsplit(sandbox.url).path
    [read, bulk] = _journal(sandbox)
    assert (read["method"], read["path"], read["status"]) == (
        "GET",
        f"{base}/inventory/{PRODUCT}?x=1",
        got.status_code,
    )
    assert read["body_base64"] is None
    assert read["route"] == f"{base}/inventory/{{product_id}}"
    assert (bulk["method"], bulk["path"], bulk["status"]) == (
        "POST",
        f"{base}/inventory/bulk",
        posted.status_code,
    )
    assert json.loads(base64.b64decode(bulk["body_base64"])) == STOCK_QUERY
    assert bulk["content_type"] == "application/json"
    assert all(e["arrived"] <= e["answered"] for e in (read, bulk))
    assert sandbox.key not in json.dumps(_journal(sandbox))


def test_a_reset_empties_the_journal_and_admin_calls_are_never_journaled(
    sandbox: SandboxAddress,
) -> None:
    with _client(sandbox) as http:
        http.get(f"/inventory/{PRODUCT}")
    admin(sandbox, "stats")
    assert [e["path"] for e in _journal(sandbox)] == [
        f"{urlsplit(sandbox.url).path}/inventory/{PRODUCT}"
    ]
    admin(sandbox, "reset")
    assert _journal(sandbox) == []


def test_the_journal_keeps_only_the_latest_entries_and_says_how_many_it_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sandbox_admin, "JOURNAL_LIMIT", 2)
    with running_sandbox("techcorp") as address, _client(address) as http:
        for query in ("a", "b", "c"):
            http.get(f"/inventory/{PRODUCT}", params={"q": query})
        journal = _journal_page(address)
    assert [e["path"].rsplit("=", 1)[1] for e in journal["entries"]] == ["b", "c"]
    assert journal["dropped"] == 1
