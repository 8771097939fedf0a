"""The transport under every vendor client: httpx's API on aiohttp's connection pool."""

from __future__ import annotations

import httpx
from httpx_aiohttp import AiohttpTransport


def pooled_transport(max_connections: int = 100) -> httpx.AsyncBaseTransport:
    """A keep-alive aiohttp pool; httpx's own pool collapses under fan-out (see DESIGN.md)."""
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections
    )
    return AiohttpTransport(limits=limits, trust_env=False)
