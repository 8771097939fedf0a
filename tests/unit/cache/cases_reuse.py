"""Conformance cases: validation, Vary, invalidation, stale extensions, overrides, keys."""

from __future__ import annotations

import re

from tests.unit.cache.casekit import AUTH_A, AUTH_B, Case, R, cc, get
from vendorgraph.upstream import FreshnessOverride

OLD = "Tue, 01 Jan 2019 00:00:00 GMT"
E1 = '"e1"'
SWR = "max-age=10, stale-while-revalidate=60"
SIE = "max-age=10, stale-if-error=60"
EN = {"Accept-Language": "en"}
FR = {"Accept-Language": "fr"}
VARY = {"Vary": "Accept-Language"}

VALIDATION = [
    Case(
        "revalidation-sends-if-none-match-s4.3.1",
        {"/r": [R(cc="max-age=10", etag=E1), R(cc="max-age=10", etag=E1, body="v2")]},
        [get("/r"), get("/r", advance=30, body="v1", origin=2, sent={"if-none-match": E1})],
    ),
    Case(
        "revalidation-sends-if-modified-since-s4.3.1",
        {"/r": [R(cc="max-age=10", headers={"Last-Modified": OLD})] * 2},
        [get("/r"), get("/r", advance=30, body="v1", origin=2, sent={"if-modified-since": OLD})],
    ),
    Case(
        "304-yields-200-with-stored-body-s4.3.4",
        {"/r": [R(cc="max-age=10", etag=E1), R(cc="max-age=10", etag=E1, body="new")]},
        [get("/r"), get("/r", advance=30, status=200, body="v1", origin=2)],
    ),
    Case(
        "304-refreshes-stored-headers-and-freshness-s4.3.4",
        {
            "/r": [
                R(cc="max-age=10", etag=E1, headers={"X-Version": "1"}),
                R(cc="max-age=100", etag=E1, headers={"X-Version": "2"}),
            ]
        },
        [
            get("/r"),
            get("/r", advance=30, body="v1", seen={"x-version": "2"}, origin=2),
            get("/r", advance=50, body="v1", seen={"x-version": "2"}, origin=2),
        ],
    ),
    Case(
        "304-restarts-the-age-s4.3.4",
        {"/r": [R(cc="max-age=10", etag=E1)] * 2},
        [get("/r"), get("/r", advance=30, age=0, origin=2), get("/r", advance=4, age=4, origin=2)],
    ),
    Case(
        "changed-representation-replaces-the-stored-one-s4.3.3",
        {"/r": [R(cc="max-age=10", etag=E1), R(cc="max-age=10", etag='"e2"', body="v2")]},
        [get("/r"), get("/r", advance=30, body="v2", origin=2), get("/r", body="v2", origin=2)],
    ),
    Case(
        "304-for-another-etag-is-not-used-s4.3.4",
        {
            "/r": [
                R(cc="max-age=10", etag=E1),
                R(status=304, cc="max-age=10", etag='"e2"', conditional=False),
                R(cc="max-age=10", etag='"e3"', body="v3"),
            ]
        },
        [get("/r"), get("/r", advance=30, body="v3", origin=3)],
    ),
    Case(
        "response-no-cache-is-stored-but-always-revalidated-s5.2.2.4",
        {"/r": [R(cc="no-cache", etag=E1), R(cc="no-cache", etag=E1, body="v2")]},
        [
            get("/r", origin=1),
            get("/r", body="v1", origin=2, sent={"if-none-match": E1}),
            get("/r", headers=cc("max-stale"), body="v1", origin=3),
        ],
    ),
]

VARY_CASES = [
    Case(
        "vary-selects-the-matching-variant-s4.1",
        {"/r": [R(cc="max-age=60", headers=VARY), R(cc="max-age=60", headers=VARY, body="v2")]},
        [
            get("/r", headers=EN, body="v1", origin=1),
            get("/r", headers=FR, body="v2", origin=2),
            get("/r", headers=EN, body="v1", origin=2),
            get("/r", headers=FR, body="v2", origin=2),
        ],
    ),
    Case(
        "vary-star-never-matches-s4.1",
        {"/r": [R(cc="max-age=60", headers={"Vary": "*"}), R(body="v2")]},
        [get("/r", origin=1), get("/r", body="v2", origin=2)],
    ),
    Case(
        "vary-field-absent-in-both-requests-matches-s4.1",
        {"/r": [R(cc="max-age=60", headers=VARY), R(cc="max-age=60", headers=VARY, body="v2")]},
        [get("/r"), get("/r", body="v1", origin=1), get("/r", headers=EN, body="v2", origin=2)],
    ),
    Case(
        "vary-values-compare-after-whitespace-normalisation-s4.1",
        {"/r": [R(cc="max-age=60", headers={"Vary": "Accept"}), R(body="v2")]},
        [
            get("/r", headers={"Accept": "a/b,  c/d"}),
            get("/r", headers={"Accept": "a/b, c/d"}, body="v1", origin=1),
        ],
    ),
]

INVALIDATION = [
    Case(
        "successful-post-invalidates-the-target-s4.4",
        {"/r": [R(cc="max-age=60"), R(cc="max-age=60", body="v2")], "POST /r": [R(status=201)]},
        [get("/r"), get("/r", method="POST", status=201), get("/r", body="v2", origin=3)],
    ),
    Case(
        "put-invalidates-same-origin-location-s4.4",
        {
            "/o": [R(cc="max-age=60"), R(cc="max-age=60", body="v2")],
            "PUT /r": [R(headers={"Location": "{root}/o"})],
        },
        [get("/o"), get("/r", method="PUT"), get("/o", body="v2", origin=3)],
    ),
    Case(
        "delete-invalidates-same-origin-content-location-s4.4",
        {
            "/o": [R(cc="max-age=60"), R(cc="max-age=60", body="v2")],
            "DELETE /r": [R(status=204, body="", headers={"Content-Location": "{base}/o"})],
        },
        [get("/o"), get("/r", method="DELETE", status=204), get("/o", body="v2", origin=3)],
    ),
    Case(
        "location-on-another-origin-is-not-invalidated-s4.4",
        {
            "/o": [R(cc="max-age=60"), R(body="v2")],
            "PUT /r": [R(headers={"Location": "http://elsewhere.invalid{root}/o"})],
        },
        [get("/o"), get("/r", method="PUT"), get("/o", body="v1", origin=2)],
    ),
    Case(
        "failed-unsafe-request-does-not-invalidate-s4.4",
        {"/r": [R(cc="max-age=60"), R(body="v2")], "PATCH /r": [R(status=422)]},
        [get("/r"), get("/r", method="PATCH", status=422), get("/r", body="v1", origin=2)],
    ),
    Case(
        "invalidation-reaches-every-credential-s4.4",
        {"/r": [R(cc="max-age=60")] * 2 + [R(cc="max-age=60", body="v3")]},
        [
            get("/r", headers=AUTH_A),
            get("/r", headers=AUTH_B, origin=2),
            get("/r", method="POST", headers=AUTH_A, origin=3),
            get("/r", headers=AUTH_B, body="v3", origin=4),
        ],
    ),
]

STALE = [
    Case(
        "stale-while-revalidate-serves-stale-then-refreshes-rfc5861-s3",
        {"/r": [R(cc=SWR), R(cc=SWR, body="v2")]},
        [
            get("/r"),
            get("/r", advance=30, body="v1", age=30, drain=True, origin=2),
            get("/r", body="v2", origin=2),
        ],
    ),
    Case(
        "stale-while-revalidate-window-exceeded-fetches-rfc5861-s3",
        {"/r": [R(cc=SWR), R(cc=SWR, body="v2")]},
        [get("/r"), get("/r", advance=100, body="v2", origin=2)],
    ),
    Case(
        "must-revalidate-forbids-stale-while-revalidate-s5.2.2.2",
        {"/r": [R(cc=SWR + ", must-revalidate"), R(body="v2")]},
        [get("/r"), get("/r", advance=30, body="v2", origin=2)],
    ),
    Case(
        "stale-if-error-serves-stale-on-5xx-rfc5861-s4",
        {"/r": [R(cc=SIE), R(status=503, body="down")]},
        [get("/r"), get("/r", advance=30, status=200, body="v1", origin=2)],
    ),
    Case(
        "stale-if-error-window-exceeded-passes-the-error-rfc5861-s4",
        {"/r": [R(cc=SIE), R(status=500, body="boom")]},
        [get("/r"), get("/r", advance=100, status=500, body="boom", origin=2)],
    ),
    Case(
        "must-revalidate-forbids-stale-if-error-s5.2.2.2",
        {"/r": [R(cc=SIE + ", must-revalidate"), R(status=500, body="boom")]},
        [get("/r"), get("/r", advance=30, status=500, body="boom", origin=2)],
    ),
    Case(
        "request-stale-if-error-grants-stale-rfc5861-s4",
        {"/r": [R(cc="max-age=10"), R(status=502, body="bad")]},
        [get("/r"), get("/r", advance=30, headers=cc("stale-if-error=60"), body="v1", origin=2)],
    ),
]

OVERRIDES_AND_KEYS = [
    Case(
        "override-freshens-responses-without-caching-headers-non-rfc",
        {"/products/1": [R(), R(body="v2")]},
        [get("/products/1"), get("/products/1", advance=30, body="v1", origin=1)],
        overrides=[FreshnessOverride("*/products/*", max_age=60)],
    ),
    Case(
        "override-ignored-when-origin-sends-cache-control-non-rfc",
        {"/products/1": [R(cc="max-age=5"), R(body="v2")]},
        [get("/products/1"), get("/products/1", advance=30, body="v2", origin=2)],
        overrides=[FreshnessOverride("*/products/*", max_age=60)],
    ),
    Case(
        "override-ignored-when-origin-sends-expires-non-rfc",
        {"/products/1": [R(expires_in=5), R(body="v2")]},
        [get("/products/1"), get("/products/1", advance=30, body="v2", origin=2)],
        overrides=[FreshnessOverride(re.compile(r".*/products/\d+"), max_age=60)],
    ),
    Case(
        "override-applies-only-to-its-path-pattern-non-rfc",
        {"/orders/1": [R(), R(body="v2")]},
        [get("/orders/1"), get("/orders/1", advance=1, body="v2", origin=2)],
        overrides=[FreshnessOverride("*/products/*", max_age=60)],
    ),
    Case(
        "query-parameter-order-is-normalised-in-the-key-s4",
        {"/r": [R(cc="max-age=60"), R(body="v2")]},
        [get("/r?a=1&b=2"), get("/r?b=2&a=1", body="v1", origin=1)],
    ),
    Case(
        "different-credentials-never-share-entries-s4",
        {"/r": [R(cc="max-age=60"), R(cc="max-age=60", body="v2")]},
        [
            get("/r", headers=AUTH_A, body="v1"),
            get("/r", headers=AUTH_B, body="v2", origin=2),
            get("/r", headers=AUTH_A, body="v1", origin=2),
        ],
    ),
]
