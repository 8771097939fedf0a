"""The vocabulary of the conformance table: a case is origin replies plus request steps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tests.unit.cache.origin import Reply
from vendorgraph.upstream import FreshnessOverride

R = Reply
AUTH_A = {"Authorization": "Bearer key-a"}
AUTH_B = {"Authorization": "Bearer key-b"}


@dataclass(frozen=True)
class Expect:
    """What the client sees after a step, and how many requests the origin has had in the case.

    `sent` names headers the origin saw on its latest request (None: the header was absent).
    """

    status: int = 200
    body: str | None = None
    origin: int | None = None
    age: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    sent: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One request through the cache, after moving the clock by `advance` seconds."""

    path: str
    expect: Expect
    method: str = "GET"
    headers: Mapping[str, str] = field(default_factory=dict)
    advance: float = 0.0
    drain: bool = False


@dataclass(frozen=True)
class Case:
    """One RFC rule: `replies` by `METHOD /path` (bare path = GET), then the steps."""

    id: str
    replies: Mapping[str, Sequence[Reply]]
    steps: Sequence[Step]
    shared: bool = True
    credential_headers: tuple[str, ...] | None = None
    overrides: Sequence[FreshnessOverride] = ()


def get(
    path: str,
    *,
    advance: float = 0.0,
    headers: Mapping[str, str] | None = None,
    drain: bool = False,
    status: int = 200,
    body: str | None = None,
    origin: int | None = None,
    age: int | None = None,
    seen: Mapping[str, str] | None = None,
    sent: Mapping[str, str | None] | None = None,
    method: str = "GET",
) -> Step:
    """A step and its expectations in one call (`seen`: response headers the client saw)."""
    expect = Expect(status, body, origin, age, dict(seen or {}), dict(sent or {}))
    return Step(path, expect, method, dict(headers or {}), advance, drain)


def cc(value: str) -> dict[str, str]:
    """Request headers carrying a Cache-Control value."""
    return {"Cache-Control": value}
