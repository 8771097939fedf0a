"""Opt-in freshness for vendors that send no caching headers at all (outside RFC 9111)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class FreshnessOverride:
    """Treat matching responses as fresh for `max_age` seconds when they carry no
    Cache-Control and no Expires header (any caching header from the origin wins).

    `path_pattern` is a glob on the URL path (`/v1/products/*`) when given as a string, or a
    regular expression when given as a compiled `re.Pattern` (matched with `fullmatch`).
    """

    path_pattern: str | re.Pattern[str]
    max_age: float
    method: str = "GET"

    def matches(self, method: str, url: str) -> bool:
        """Whether the override covers a request."""
        if method.upper() != self.method.upper():
            return False
        path = urlsplit(url).path
        if isinstance(self.path_pattern, re.Pattern):
            return self.path_pattern.fullmatch(path) is not None
        return fnmatch.fnmatchcase(path, self.path_pattern)


def override_for(overrides: Sequence[FreshnessOverride], method: str, url: str) -> float | None:
    """The max-age of the first override covering a request, if any."""
    return next((o.max_age for o in overrides if o.matches(method, url)), None)
