"""Fixed-window request budgets per API key, with each vendor's rate-limit headers."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vendorgraph.adapters.sandboxkit.app import RateLimit


@dataclass
class _Window:
    started: float
    used: int = 0


@dataclass
class FixedWindows:
    """One window per key; `take` spends one request or says how long to wait."""

    windows: dict[str, _Window] = field(default_factory=dict)

    def take(self, key: str, limit: RateLimit | None) -> tuple[dict[str, str], int | None]:
        """Spend one request: the headers to send, and seconds to wait if the budget is spent."""
        if limit is None:
            return {}, None
        now = time.time()
        window = self.windows.get(key)
        if window is None or now >= window.started + limit.window_s:
            window = self.windows[key] = _Window(started=now)
        reset_at = window.started + limit.window_s
        wait = max(1, math.ceil(reset_at - now))
        over = window.used >= limit.limit
        if not over:
            window.used += 1
        headers: dict[str, str] = {}
        if limit.reset_style is not None:
            reset = str(math.ceil(reset_at)) if limit.reset_style == "unix" else str(wait)
            headers = {
                "X-RateLimit-Limit": str(limit.limit),
                "X-RateLimit-Remaining": str(max(0, limit.limit - window.used)),
                "X-RateLimit-Reset": reset,
            }
        return headers, (wait if over else None)

    def reset(self) -> None:
        """Forget every window."""
        self.windows.clear()
