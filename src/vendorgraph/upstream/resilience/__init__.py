"""Deadlines, rate-limit budgets, safe retries and circuit breakers for vendor calls."""

from vendorgraph.upstream.resilience.breaker import BreakerState, CircuitBreaker
from vendorgraph.upstream.resilience.deadline import (
    DEFAULT_DEADLINE_SECONDS,
    deadline_at,
    deadline_scope,
    remaining,
)
from vendorgraph.upstream.resilience.metrics import ResilienceStats
from vendorgraph.upstream.resilience.policy import DEFAULT_POLICY, ResiliencePolicy
from vendorgraph.upstream.resilience.ratelimit import Budget
from vendorgraph.upstream.resilience.redis_store import RedisBudgetStore
from vendorgraph.upstream.resilience.store import BudgetStore, InMemoryBudgetStore
from vendorgraph.upstream.resilience.transport import ResilientTransport

__all__ = [
    "DEFAULT_DEADLINE_SECONDS",
    "DEFAULT_POLICY",
    "BreakerState",
    "Budget",
    "BudgetStore",
    "CircuitBreaker",
    "InMemoryBudgetStore",
    "RedisBudgetStore",
    "ResiliencePolicy",
    "ResilienceStats",
    "ResilientTransport",
    "deadline_at",
    "deadline_scope",
    "remaining",
]
