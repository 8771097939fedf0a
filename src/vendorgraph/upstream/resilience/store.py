"""Where rate-limit budgets live: an atomic read-modify-write interface and its in-memory store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from vendorgraph.upstream.resilience.ratelimit import Budget

T = TypeVar("T")


class BudgetStore(Protocol):
    """Budgets by key, changed atomically so replicas sharing a store never double-spend one.

    `change` is a pure function of the current budget (a fresh `Budget()` when none is stored)
    returning the new budget and a result; a store may call it more than once under contention.
    """

    async def update(self, key: str, change: Callable[[Budget], tuple[Budget, T]]) -> T:
        """Apply `change` to the budget at `key` atomically and return its result."""
        ...

    async def aclose(self) -> None:
        """Release the store's connections, if any."""
        ...


class InMemoryBudgetStore:
    """Budgets in this process's memory: atomic because `change` runs without awaiting."""

    def __init__(self) -> None:
        self._budgets: dict[str, Budget] = {}

    async def update(self, key: str, change: Callable[[Budget], tuple[Budget, T]]) -> T:
        """Apply `change` to the budget at `key` and return its result."""
        budget, result = change(self._budgets.get(key, Budget()))
        self._budgets[key] = budget
        return result

    def peek(self, key: str) -> Budget | None:
        """The stored budget, for diagnostics."""
        return self._budgets.get(key)

    async def aclose(self) -> None:
        """Nothing to release."""
