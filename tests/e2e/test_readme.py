"""The README's walkthrough works when a newcomer pastes it, and GraphiQL is served."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.support.processes import Gateway

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
QUERIES = re.findall(r"```graphql\n(.*?)```", README, flags=re.DOTALL)


def test_the_readme_has_queries_to_paste() -> None:
    assert len(QUERIES) >= 3


@pytest.mark.parametrize("query", QUERIES, ids=[q.split("{")[0].strip() for q in QUERIES])
def test_each_readme_query_answers_without_errors(gw: Gateway, query: str) -> None:
    body = gw.query(query)
    assert "errors" not in body, body["errors"]
    assert all(value is not None for value in body["data"].values())


def test_graphiql_is_served_to_a_browser(gw: Gateway) -> None:
    page = httpx.get(gw.url, headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


def test_queries_work_over_get_but_mutations_do_not(gw: Gateway) -> None:
    ok = httpx.get(gw.url, params={"query": "{ vendors { vendor } }"}, timeout=10)
    assert ok.status_code == 200 and ok.json()["data"]["vendors"]
    refused = httpx.get(
        gw.url, params={"query": 'mutation { deleteCustomer(id: "x") { deletedId } }'}
    )
    assert refused.status_code in (400, 405)
