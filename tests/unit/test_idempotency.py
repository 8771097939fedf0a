"""Idempotency keys: retries replay, a changed input conflicts, an unknown outcome stays locked."""

from __future__ import annotations

import asyncio

import pytest

from vendorgraph.errors import Code, GatewayError
from vendorgraph.idempotency import IdempotencyStore


class Vendor:
    """Counts writes and fails them as told."""

    def __init__(self, *failures: GatewayError) -> None:
        self.failures = list(failures)
        self.writes = 0

    async def write(self) -> str:
        self.writes += 1
        await asyncio.sleep(0.01)
        if self.failures:
            raise self.failures.pop(0)
        return f"order-{self.writes}"


async def test_concurrent_and_later_retries_share_one_write() -> None:
    store, vendor = IdempotencyStore(), Vendor()
    results = await asyncio.gather(*(store.run("v", "k", "in", vendor.write) for _ in range(5)))
    later = await store.run("v", "k", "in", vendor.write)
    assert set(results) == {later} == {"order-1"}
    assert vendor.writes == 1


async def test_a_changed_input_is_a_conflict_without_a_write() -> None:
    store, vendor = IdempotencyStore(), Vendor()
    await store.run("v", "k", "in", vendor.write)
    with pytest.raises(GatewayError) as caught:
        await store.run("v", "k", "other input", vendor.write)
    assert (caught.value.code, caught.value.field, vendor.writes) == (
        Code.CONFLICT,
        "idempotencyKey",
        1,
    )


@pytest.mark.parametrize(
    "refusal",
    [
        GatewayError(Code.UPSTREAM_UNAVAILABLE, "503", vendor="v", upstream_status=503),
        GatewayError(Code.RATE_LIMITED, "429", vendor="v", upstream_status=429, retry_after=3),
        GatewayError(Code.UPSTREAM_UNAVAILABLE, "circuit open", vendor="v"),
        GatewayError(Code.BAD_USER_INPUT, "422", vendor="v", upstream_status=422),
    ],
    ids=["503", "429", "circuit-open", "422"],
)
async def test_a_refused_write_frees_the_key_for_a_retry(refusal: GatewayError) -> None:
    store, vendor = IdempotencyStore(), Vendor(refusal)
    with pytest.raises(GatewayError) as caught:
        await store.run("v", "k", "in", vendor.write)
    assert caught.value is refusal
    assert await store.run("v", "k", "in", vendor.write) == "order-2"


@pytest.mark.parametrize(
    "ambiguous",
    [
        GatewayError(Code.UPSTREAM_TIMEOUT, "timeout", vendor="v"),
        GatewayError(Code.UPSTREAM_ERROR, "500", vendor="v", upstream_status=500),
        GatewayError(Code.UPSTREAM_TIMEOUT, "504", vendor="v", upstream_status=504),
        GatewayError(Code.UPSTREAM_ERROR, "malformed JSON", vendor="v", upstream_status=201),
    ],
    ids=["timeout", "500", "504", "unreadable-201"],
)
async def test_a_write_of_unknown_outcome_keeps_the_key_locked(ambiguous: GatewayError) -> None:
    store, vendor = IdempotencyStore(), Vendor(ambiguous)
    with pytest.raises(GatewayError) as first:
        await store.run("v", "k", "in", vendor.write)
    assert first.value is ambiguous
    with pytest.raises(GatewayError) as retry:
        await store.run("v", "k", "in", vendor.write)
    assert retry.value.code is Code.CONFLICT
    assert "outcome is unknown" in retry.value.message
    assert vendor.writes == 1
