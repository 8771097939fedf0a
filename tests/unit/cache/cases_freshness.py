"""Conformance cases: freshness, age, heuristics, storability and request directives."""

from __future__ import annotations

from tests.unit.cache.casekit import AUTH_A, Case, R, cc, get

ETAG_SENT = {"if-none-match": '"e1"'}
OLD = "Tue, 01 Jan 2019 00:00:00 GMT"

FRESHNESS = [
    Case(
        "max-age-fresh-is-served-from-cache-s4.2.1",
        {"/r": [R(cc="max-age=60"), R(body="v2")]},
        [get("/r", body="v1", origin=1), get("/r", advance=30, body="v1", origin=1)],
    ),
    Case(
        "max-age-expired-goes-to-origin-s4.2",
        {"/r": [R(cc="max-age=60"), R(body="v2", cc="max-age=60")]},
        [get("/r", origin=1), get("/r", advance=61, body="v2", origin=2)],
    ),
    Case(
        "served-response-carries-age-s5.1",
        {"/r": [R(cc="max-age=60")]},
        [get("/r", origin=1), get("/r", advance=42, age=42, origin=1)],
    ),
    Case(
        "s-maxage-overrides-max-age-in-shared-cache-s5.2.2.10",
        {"/r": [R(cc="max-age=10, s-maxage=100"), R(body="v2")]},
        [get("/r", origin=1), get("/r", advance=50, body="v1", origin=1)],
    ),
    Case(
        "s-maxage-ignored-by-private-cache-s5.2.2.10",
        {"/r": [R(cc="max-age=10, s-maxage=100"), R(body="v2")]},
        [get("/r", origin=1), get("/r", advance=50, body="v2", origin=2)],
        shared=False,
    ),
    Case(
        "expires-minus-date-gives-lifetime-s4.2.1",
        {"/r": [R(expires_in=60), R(body="v2")]},
        [get("/r"), get("/r", advance=30, body="v1", origin=1), get("/r", advance=31, origin=2)],
    ),
    Case(
        "expires-in-the-past-is-stale-s4.2.1",
        {"/r": [R(expires_in=-10, etag=None), R(body="v2")]},
        [get("/r", origin=1), get("/r", body="v2", origin=2)],
    ),
    Case(
        "invalid-expires-means-stale-s5.3",
        {"/r": [R(headers={"Expires": "0"}, last_modified_ago=10_000), R(body="v2")]},
        [get("/r", origin=1), get("/r", advance=1, body="v2", origin=2)],
    ),
    Case(
        "max-age-wins-over-expires-s5.3",
        {"/r": [R(cc="max-age=60", expires_in=-10), R(body="v2")]},
        [get("/r", origin=1), get("/r", advance=30, body="v1", origin=1)],
    ),
    Case(
        "age-header-from-origin-counts-toward-current-age-s4.2.3",
        {"/r": [R(cc="max-age=60", headers={"Age": "50"}), R(body="v2")]},
        [
            get("/r", origin=1),
            get("/r", advance=5, age=55, body="v1", origin=1),
            get("/r", advance=10, body="v2", origin=2),
        ],
    ),
    Case(
        "date-in-the-past-gives-apparent-age-s4.2.3",
        {"/r": [R(cc="max-age=60", date_offset=-40), R(body="v2")]},
        [
            get("/r", origin=1),
            get("/r", advance=10, age=50, origin=1),
            get("/r", advance=15, body="v2", origin=2),
        ],
    ),
    Case(
        "heuristic-is-ten-percent-of-date-minus-last-modified-s4.2.2",
        {"/r": [R(last_modified_ago=1000), R(body="v2", conditional=False)]},
        [
            get("/r", origin=1),
            get("/r", advance=90, body="v1", origin=1),
            get("/r", advance=20, body="v2", origin=2),
        ],
    ),
    Case(
        "heuristic-is-capped-s4.2.2",
        {"/r": [R(headers={"Last-Modified": OLD}), R(body="v2", conditional=False)]},
        [
            get("/r", origin=1),
            get("/r", advance=80_000, body="v1", origin=1),
            get("/r", advance=10_000, body="v2", origin=2),
        ],
    ),
    Case(
        "no-heuristic-without-last-modified-s4.2.2",
        {"/r": [R(), R(body="v2")]},
        [get("/r", origin=1), get("/r", body="v2", origin=2)],
    ),
    Case(
        "no-heuristic-when-explicit-expiry-given-s4.2.2",
        {
            "/r": [
                R(cc="max-age=5", headers={"Last-Modified": OLD}),
                R(body="v2", conditional=False),
            ]
        },
        [get("/r", origin=1), get("/r", advance=10, body="v2", origin=2)],
    ),
    Case(
        "heuristically-cacheable-405-uses-heuristic-s4.2.2",
        {"/r": [R(status=405, last_modified_ago=1000), R(body="v2")]},
        [get("/r", status=405, origin=1), get("/r", advance=50, status=405, origin=1)],
    ),
    Case(
        "404-with-max-age-is-stored-s3",
        {"/r": [R(status=404, body="gone", cc="max-age=60"), R(body="v2")]},
        [get("/r", status=404, origin=1), get("/r", status=404, body="gone", origin=1)],
    ),
    Case(
        "301-with-max-age-is-stored-s3",
        {"/r": [R(status=301, headers={"Location": "/x"}, cc="max-age=60"), R(body="v2")]},
        [get("/r", status=301, origin=1), get("/r", status=301, seen={"location": "/x"}, origin=1)],
    ),
    Case(
        "204-with-max-age-is-stored-s3",
        {"/r": [R(status=204, body="", cc="max-age=60"), R(body="v2")]},
        [get("/r", status=204, origin=1), get("/r", status=204, body="", origin=1)],
    ),
    Case(
        "500-is-not-stored-even-with-max-age-s3",
        {"/r": [R(status=500, body="boom", cc="max-age=60"), R(body="v2")]},
        [get("/r", status=500, origin=1), get("/r", body="v2", origin=2)],
    ),
    Case(
        "post-response-is-not-stored-s3",
        {"POST /r": [R(status=200, cc="max-age=60")], "/r": [R(body="g1")]},
        [get("/r", method="POST", origin=1), get("/r", method="POST", origin=2)],
    ),
    Case(
        "response-no-store-is-not-stored-s5.2.2.5",
        {"/r": [R(cc="no-store, max-age=60"), R(body="v2")]},
        [get("/r", origin=1), get("/r", body="v2", origin=2)],
    ),
    Case(
        "private-stored-when-keyed-to-the-credential-s5.2.2.7",
        {"/r": [R(cc="private, max-age=60"), R(body="v2")]},
        [get("/r", headers=AUTH_A, origin=1), get("/r", headers=AUTH_A, body="v1", origin=1)],
    ),
    Case(
        "private-not-stored-without-a-credential-s5.2.2.7",
        {"/r": [R(cc="private, max-age=60"), R(body="v2")]},
        [get("/r", origin=1), get("/r", body="v2", origin=2)],
    ),
    Case(
        "unkeyed-authorization-not-stored-without-public-s3.5",
        {"/r": [R(cc="max-age=60"), R(body="v2")]},
        [get("/r", headers=AUTH_A, origin=1), get("/r", headers=AUTH_A, body="v2", origin=2)],
        credential_headers=("x-tenant-api-key",),
    ),
    Case(
        "unkeyed-authorization-stored-with-public-s3.5",
        {"/r": [R(cc="public, max-age=60"), R(body="v2")]},
        [get("/r", headers=AUTH_A, origin=1), get("/r", headers=AUTH_A, body="v1", origin=1)],
        credential_headers=("x-tenant-api-key",),
    ),
]

REQUEST_DIRECTIVES = [
    Case(
        "request-no-store-prevents-storing-s5.2.1.5",
        {"/r": [R(cc="max-age=60"), R(body="v2")]},
        [get("/r", headers=cc("no-store"), origin=1), get("/r", body="v2", origin=2)],
    ),
    Case(
        "request-no-store-may-use-a-stored-response-s5.2.1.5",
        {"/r": [R(cc="max-age=60"), R(body="v2")]},
        [get("/r", origin=1), get("/r", headers=cc("no-store"), body="v1", origin=1)],
    ),
    Case(
        "request-max-age-refuses-older-responses-s5.2.1.1",
        {"/r": [R(cc="max-age=100"), R(body="v2")]},
        [get("/r"), get("/r", advance=30, headers=cc("max-age=10"), body="v2", origin=2)],
    ),
    Case(
        "request-max-age-0-revalidates-s5.2.1.1",
        {"/r": [R(cc="max-age=100", etag='"e1"'), R(body="v2", etag='"e1"')]},
        [
            get("/r", origin=1),
            get("/r", advance=1, headers=cc("max-age=0"), body="v1", origin=2, sent=ETAG_SENT),
        ],
    ),
    Case(
        "request-min-fresh-needs-that-much-freshness-left-s5.2.1.3",
        {"/r": [R(cc="max-age=100"), R(body="v2")]},
        [
            get("/r"),
            get("/r", advance=60, headers=cc("min-fresh=30"), body="v1", origin=1),
            get("/r", advance=20, headers=cc("min-fresh=30"), body="v2", origin=2),
        ],
    ),
    Case(
        "request-max-stale-accepts-stale-within-bound-s5.2.1.2",
        {"/r": [R(cc="max-age=10"), R(body="v2")]},
        [get("/r"), get("/r", advance=30, headers=cc("max-stale=60"), body="v1", age=30, origin=1)],
    ),
    Case(
        "request-max-stale-bound-exceeded-goes-to-origin-s5.2.1.2",
        {"/r": [R(cc="max-age=10"), R(body="v2")]},
        [get("/r"), get("/r", advance=100, headers=cc("max-stale=60"), body="v2", origin=2)],
    ),
    Case(
        "request-max-stale-without-value-accepts-any-staleness-s5.2.1.2",
        {"/r": [R(cc="max-age=10"), R(body="v2")]},
        [get("/r"), get("/r", advance=10_000, headers=cc("max-stale"), body="v1", origin=1)],
    ),
    Case(
        "must-revalidate-forbids-max-stale-s5.2.2.2",
        {"/r": [R(cc="max-age=10, must-revalidate"), R(body="v2")]},
        [get("/r"), get("/r", advance=30, headers=cc("max-stale=60"), body="v2", origin=2)],
    ),
    Case(
        "proxy-revalidate-forbids-max-stale-in-shared-cache-s5.2.2.8",
        {"/r": [R(cc="max-age=10, proxy-revalidate"), R(body="v2")]},
        [get("/r"), get("/r", advance=30, headers=cc("max-stale=60"), body="v2", origin=2)],
    ),
    Case(
        "proxy-revalidate-does-not-bind-a-private-cache-s5.2.2.8",
        {"/r": [R(cc="max-age=10, proxy-revalidate"), R(body="v2")]},
        [get("/r"), get("/r", advance=30, headers=cc("max-stale=60"), body="v1", origin=1)],
        shared=False,
    ),
    Case(
        "s-maxage-implies-proxy-revalidate-s5.2.2.10",
        {"/r": [R(cc="s-maxage=10"), R(body="v2")]},
        [get("/r"), get("/r", advance=30, headers=cc("max-stale=60"), body="v2", origin=2)],
    ),
    Case(
        "request-no-cache-revalidates-a-fresh-response-s5.2.1.4",
        {"/r": [R(cc="max-age=60", etag='"e1"'), R(body="v2", cc="max-age=60", etag='"e1"')]},
        [
            get("/r", origin=1),
            get("/r", headers=cc("no-cache"), body="v1", origin=2, sent={"if-none-match": '"e1"'}),
        ],
    ),
    Case(
        "only-if-cached-without-entry-is-504-s5.2.1.7",
        {"/r": [R(cc="max-age=60")]},
        [get("/r", headers=cc("only-if-cached"), status=504, origin=0)],
    ),
    Case(
        "only-if-cached-with-fresh-entry-is-served-s5.2.1.7",
        {"/r": [R(cc="max-age=60")]},
        [get("/r"), get("/r", headers=cc("only-if-cached"), body="v1", origin=1)],
    ),
    Case(
        "only-if-cached-with-stale-entry-is-504-s5.2.1.7",
        {"/r": [R(cc="max-age=10")]},
        [get("/r"), get("/r", advance=30, headers=cc("only-if-cached"), status=504, origin=1)],
    ),
]
