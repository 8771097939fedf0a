"""TalkingShops: the Customer Management API v1 plugin (adapter, dialect and sandbox)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendorgraph.adapters.base import VendorPlugin
from vendorgraph.adapters.talkingshops.adapter import DIALECT, TalkingShopsAdapter

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from vendorgraph.adapters.sandboxkit import SandboxOptions


def create_app(options: SandboxOptions) -> Starlette:
    """The sandbox app (imported on demand, so loading the adapter never loads starlette)."""
    from vendorgraph.adapters.talkingshops.sandbox import create_app as build

    return build(options)


PLUGIN = VendorPlugin(
    name="talkingshops",
    rank=4,
    title="TalkingShops Customer Management API",
    base_path="/v1",
    demo_key="ts_tenant_alpha_key",
    dialect=DIALECT,
    adapter=TalkingShopsAdapter,
    sandbox=create_app,
)
