"""The pure rules behind budgets: reading headers, 429 waits, reservations and windows."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from vendorgraph.upstream.dialect import ResetStyle
from vendorgraph.upstream.resilience.ratelimit import (
    Budget,
    RateHeaders,
    Rejection,
    admit,
    budget_key,
    parse_rate_headers,
    retry_after_seconds,
    settle,
)

NOW = 1_750_000_000.0
TECHCORP_BACKOFF = Rejection(None, 60.0, 900.0)


def headers(remaining: str, reset: str) -> dict[str, str]:
    return {"x-ratelimit-remaining": remaining, "x-ratelimit-reset": reset}


@pytest.mark.parametrize(
    ("style", "reset", "expected_at"),
    [
        ("unix", "1750000120", 1_750_000_120.0),
        ("seconds", "120", NOW + 120),
        # The docs disagree on the style; a value only one reading can mean is read that way.
        ("unix", "120", NOW + 120),
        ("seconds", "1750000120", 1_750_000_120.0),
    ],
)
def test_reset_headers_become_an_absolute_time(
    style: ResetStyle, reset: str, expected_at: float
) -> None:
    seen = parse_rate_headers(headers("7", reset), style, NOW)

    assert seen == RateHeaders(remaining=7, reset_at=expected_at)


def test_no_headers_or_no_dialect_mean_no_budget() -> None:
    assert parse_rate_headers({}, "seconds", NOW) is None
    assert parse_rate_headers(headers("0", "60"), None, NOW) is None
    assert parse_rate_headers(headers("lots", "60"), "seconds", NOW) is None


def test_retry_after_comes_from_the_body_first_at_any_nesting_level() -> None:
    nested = {"error": {"code": "rate_limit_exceeded", "retry_after": 847}}

    assert retry_after_seconds(nested, {"retry-after": "5"}, NOW) == 847
    assert retry_after_seconds({"retry_after": 12}, {}, NOW) == 12
    assert retry_after_seconds({"message": "slow down"}, {"retry-after": "5"}, NOW) == 5


def test_retry_after_may_be_an_http_date() -> None:
    when = format_datetime(datetime.fromtimestamp(NOW + 30, UTC), usegmt=True)

    assert retry_after_seconds(None, {"retry-after": when}, NOW) == pytest.approx(30)
    assert retry_after_seconds(None, {"retry-after": "soon"}, NOW) is None


def test_unnamed_429_waits_double_from_60_seconds_up_to_15_minutes() -> None:
    budget, waits = Budget(), []
    for _ in range(6):
        budget, wait = settle(budget, NOW, 0, None, TECHCORP_BACKOFF)
        waits.append(wait)

    assert waits == [60, 120, 240, 480, 900, 900]


def test_any_other_answer_ends_the_doubling() -> None:
    budget, _ = settle(Budget(), NOW, 0, None, TECHCORP_BACKOFF)
    budget, _ = settle(budget, NOW, 0, None, None)

    _, wait = settle(budget, NOW + 61, 0, None, TECHCORP_BACKOFF)

    assert wait == 60


def test_reservations_hold_back_requests_until_answers_arrive() -> None:
    budget = Budget(remaining=2, reset_at=NOW + 60)
    budget, first = admit(budget, NOW)
    budget, second = admit(budget, NOW)
    budget, third = admit(budget, NOW)

    assert (first.granted, second.granted, third.granted) == (True, True, False)
    assert not third.spent

    budget, _ = settle(budget, NOW, first.epoch, RateHeaders(5, NOW + 60), None)
    _, fourth = admit(budget, NOW)
    assert fourth.granted


def test_a_new_window_forgets_the_old_one_and_its_reservations() -> None:
    budget, ticket = admit(Budget(remaining=1, reset_at=NOW + 10), NOW)
    budget, spent = admit(budget, NOW)
    assert not spent.granted

    budget, fresh = admit(budget, NOW + 10)
    budget, _ = settle(budget, NOW + 11, ticket.epoch, None, None)

    assert fresh.granted
    assert budget.in_flight == 1


def test_budget_keys_separate_credentials_without_revealing_them() -> None:
    one = budget_key("acme", {"authorization": "Bearer sk_live_1"}, ("authorization",))
    two = budget_key("acme", {"authorization": "Bearer sk_live_2"}, ("authorization",))

    assert one != two
    assert "sk_live" not in one
    assert one.startswith("acme:")
