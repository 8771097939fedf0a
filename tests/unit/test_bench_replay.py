"""The replay's waves: a route's first call waits for every call answered before it arrived."""

from __future__ import annotations

import base64

from vendorgraph.bench.replay import Call, assign_waves, group_waves, journaled_calls


def _call(name: str, arrived: float, answered: float, route: str | None = None) -> Call:
    template = f"/v3/{route or name}"
    return Call("techcorp", "GET", template, f"/v3/{name}", None, None, arrived, answered, 200)


def test_a_chain_takes_one_wave_per_link() -> None:
    chain = [_call("a", 0.0, 1.0), _call("b", 1.1, 2.0), _call("c", 2.1, 3.0)]
    assert assign_waves(chain) == [1, 2, 3]


def test_concurrent_siblings_share_a_wave_and_their_children_wait_for_the_slowest_seen() -> None:
    calls = [
        _call("root", 0.0, 1.0),
        _call("sibling-1", 1.1, 2.0),
        _call("sibling-2", 1.2, 2.5),  # arrived while sibling-1 was in flight
        _call("child-of-1", 2.1, 3.0),  # sibling-2 not yet answered: not its parent
        _call("after-both", 2.6, 3.5),
    ]
    assert assign_waves(calls) == [1, 2, 2, 3, 3]


def test_waves_do_not_depend_on_the_order_calls_are_listed_in() -> None:
    calls = [_call("c", 2.1, 3.0), _call("a", 0.0, 1.0), _call("x", 0.5, 1.5), _call("b", 1.1, 2.0)]
    assert assign_waves(calls) == [3, 1, 1, 2]
    assert [[c.path for c in wave] for wave in group_waves(calls)] == [
        ["/v3/a", "/v3/x"],
        ["/v3/b"],
        ["/v3/c"],
    ]


def test_later_calls_to_a_route_go_with_its_first_however_late_a_busy_gateway_sent_them() -> None:
    calls = [
        _call("orders", 0.0, 1.0),
        _call("products/1", 1.1, 2.0, route="products/{id}"),
        _call("stock/1", 1.2, 2.1, route="stock/{id}"),
        _call("products/2", 2.5, 3.5, route="products/{id}"),  # after products/1 was answered
        _call("stock/2", 2.6, 3.6, route="stock/{id}"),
    ]
    assert assign_waves(calls) == [1, 2, 2, 2, 2]


def test_a_call_arriving_the_instant_another_is_answered_does_not_wait_for_it() -> None:
    assert assign_waves([_call("a", 0.0, 1.0), _call("b", 1.0, 2.0)]) == [1, 1]


def test_no_calls_make_no_waves() -> None:
    assert assign_waves([]) == []
    assert group_waves([]) == []


def test_journals_of_every_vendor_merge_into_calls_in_arrival_order() -> None:
    body = base64.b64encode(b'{"product_ids": ["p1"]}').decode()
    journals = {
        "techcorp": {
            "dropped": 0,
            "entries": [
                {
                    "method": "POST",
                    "route": "/v3/inventory/bulk",
                    "path": "/v3/inventory/bulk",
                    "body_base64": body,
                    "content_type": "application/json",
                    "arrived": 2.0,
                    "answered": 3.0,
                    "status": 200,
                }
            ],
        },
        "techparts": {
            "dropped": 0,
            "entries": [
                {
                    "method": "GET",
                    "route": "/api/v1/products",
                    "path": "/api/v1/products?ids=1",
                    "body_base64": None,
                    "content_type": None,
                    "arrived": 1.0,
                    "answered": 1.5,
                    "status": 200,
                }
            ],
        },
    }
    [first, second] = journaled_calls(journals)
    assert (first.vendor, first.path, first.body) == ("techparts", "/api/v1/products?ids=1", None)
    assert (second.vendor, second.body) == ("techcorp", b'{"product_ids": ["p1"]}')
