"""The pure RFC 9111 policy functions, case by case."""

from __future__ import annotations

import math

import httpx
import pytest

from vendorgraph.upstream.cache.directives import cache_control, format_http_date, max_stale
from vendorgraph.upstream.cache.entry import Entry
from vendorgraph.upstream.cache.keys import credential_identity, normalise_url
from vendorgraph.upstream.cache.policy import (
    Credentials,
    Reuse,
    allows_stale,
    conditional_headers,
    current_age,
    freshen_with_304,
    freshness_lifetime,
    invalidation_targets,
    retention,
    reuse_decision,
    select_variant,
    storable,
    vary_digest,
)

NOW = 1_700_000_000.0


def headers(**fields: str) -> httpx.Headers:
    return httpx.Headers({k.replace("_", "-"): v for k, v in fields.items()})


def entry(selected: tuple[tuple[str, str | None], ...] = (), **fields: str) -> Entry:
    pairs = tuple((k.replace("_", "-"), v) for k, v in fields.items())
    return Entry(200, pairs, b"body", NOW, NOW, selected)


def test_cache_control_keeps_quoted_commas_and_the_first_duplicate() -> None:
    parsed = cache_control(headers(cache_control='private="a, b", max-age=5, MAX-AGE=9'))
    assert parsed == {"private": "a, b", "max-age": "5"}
    assert max_stale(cache_control(headers(cache_control="max-stale"))) == math.inf


@pytest.mark.parametrize(
    ("fields", "shared", "lifetime"),
    [
        ({"cache_control": "max-age=60, s-maxage=5"}, True, 5.0),
        ({"cache_control": "max-age=60, s-maxage=5"}, False, 60.0),
        ({"cache_control": "max-age=abc"}, True, 0.0),
        ({"expires": format_http_date(NOW + 30), "date": format_http_date(NOW)}, True, 30.0),
        ({"expires": "never"}, True, 0.0),
        ({"last_modified": format_http_date(NOW - 500)}, True, 50.0),
    ],
)
def test_freshness_lifetime_s4_2_1(fields: dict[str, str], shared: bool, lifetime: float) -> None:
    found = freshness_lifetime(200, headers(**fields), shared=shared, response_time=NOW)
    assert found == lifetime


def test_override_applies_only_without_cache_control_or_expires() -> None:
    assert freshness_lifetime(200, headers(), shared=True, response_time=NOW, fallback=9) == 9
    private = headers(cache_control="private")
    assert freshness_lifetime(200, private, shared=True, response_time=NOW, fallback=9) == 0


def test_current_age_takes_the_larger_of_apparent_and_corrected_age_s4_2_3() -> None:
    sent = headers(date=format_http_date(NOW - 10), age="3")
    assert current_age(sent, NOW - 2, NOW, NOW + 5) == 10 + 5
    assert current_age(headers(age="30"), NOW - 2, NOW, NOW + 5) == 30 + 2 + 5


def test_storable_rules_s3() -> None:
    def allowed(
        method: str = "GET",
        status: int = 200,
        request: dict[str, str | None] | None = None,
        response: httpx.Headers | None = None,
        shared: bool = True,
        keyed: bool = True,
    ) -> bool:
        fields = response if response is not None else headers(cache_control="max-age=5")
        return storable(
            method, status, request or {}, fields, shared=shared, credentials=Credentials(keyed)
        )

    assert allowed()
    assert not allowed(method="POST")
    assert not allowed(status=206)
    assert not allowed(request={"no-store": None})
    assert not allowed(response=headers(vary="*"))
    assert not allowed(response=headers(cache_control="private"), keyed=False)
    assert allowed(response=headers(cache_control="private"), keyed=False, shared=False)


def test_select_variant_prefers_the_most_recent_match_s4_1() -> None:
    older = entry(selected=(("accept", vary_digest("a")),), vary="Accept")
    newer = Entry(200, older.headers, b"new", NOW, NOW + 1, older.vary)
    other = entry(selected=(("accept", vary_digest("b")),), vary="Accept")
    chosen = select_variant([older, newer, other], headers(accept="a"))
    assert chosen is newer
    assert select_variant([older], headers(accept="c")) is None
    assert select_variant([older], headers()) is None
    assert select_variant([entry(vary="*")], headers()) is None


def test_conditional_headers_use_both_validators_s4_3_1() -> None:
    stored = entry(etag='"x"', last_modified="Tue, 01 Jan 2019 00:00:00 GMT")
    assert conditional_headers(stored) == {
        "if-none-match": '"x"',
        "if-modified-since": "Tue, 01 Jan 2019 00:00:00 GMT",
    }


def test_freshen_with_304_keeps_content_length_and_restarts_the_clock_s4_3_4() -> None:
    stored = entry(etag='W/"x"', content_length="4", x_a="1")
    update = headers(etag='"x"', content_length="0", x_a="2", cache_control="max-age=9")
    fresh = freshen_with_304(stored, update, NOW + 50, NOW + 51)
    assert fresh is not None
    assert fresh.fields["content-length"] == "4"
    assert (fresh.fields["x-a"], fresh.fields["cache-control"]) == ("2", "max-age=9")
    assert (fresh.request_time, fresh.response_time, fresh.body) == (NOW + 50, NOW + 51, b"body")
    assert freshen_with_304(stored, headers(etag='"y"'), NOW, NOW) is None


def test_invalidation_targets_same_origin_only_s4_4() -> None:
    response = headers(location="/a", content_location="https://other.example/b")
    targets = invalidation_targets("POST", 201, "https://api.example/x", response)
    assert targets == ["https://api.example/x", "https://api.example/a"]
    assert invalidation_targets("GET", 200, "https://api.example/x", response) == []
    assert invalidation_targets("DELETE", 404, "https://api.example/x", response) == []


def test_allows_stale_windows_rfc5861() -> None:
    swr = {"stale-while-revalidate": "30"}
    assert allows_stale(swr, {}, 20, shared=True, situation="revalidating")
    assert not allows_stale(swr, {}, 40, shared=True, situation="revalidating")
    assert not allows_stale(swr, {}, 20, shared=True, situation="error")
    assert allows_stale({}, {"stale-if-error": "30"}, 20, shared=True, situation="error")
    assert not allows_stale(
        {"s-maxage": "1"}, {"max-stale": None}, 1, shared=True, situation="client"
    )


def test_reuse_decision_s4() -> None:
    stored = entry(cache_control="max-age=60")
    assert reuse_decision(stored, {}, 60, 10, shared=True) is Reuse.FRESH
    assert reuse_decision(stored, {"max-age": "5"}, 60, 10, shared=True) is Reuse.VALIDATE
    assert reuse_decision(stored, {"min-fresh": "55"}, 60, 10, shared=True) is Reuse.VALIDATE
    assert reuse_decision(stored, {"max-stale": "5"}, 60, 62, shared=True) is Reuse.STALE


def test_retention_keeps_revalidatable_entries_longer() -> None:
    plain = entry(cache_control="max-age=60, stale-if-error=30")
    assert retention(plain, 60, 10, shared=True, revalidation_window=1000) == 80
    tagged = entry(cache_control="max-age=60, must-revalidate, stale-if-error=30", etag='"e"')
    assert retention(tagged, 60, 10, shared=True, revalidation_window=1000) == 1000


def test_keys_sort_query_and_hash_credentials() -> None:
    assert normalise_url("HTTP://H:80/p?b=2&a=1&a=0#f") == "http://h/p?a=1&a=0&b=2"
    identity = credential_identity(headers(authorization="Bearer secret"), ["authorization"])
    assert "secret" not in identity and len(identity) == 64
    assert credential_identity(headers(), ["authorization"]) == ""
