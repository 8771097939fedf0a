"""The running gateway: one adapter and client per configured vendor."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

from vendorgraph.adapters import plugins
from vendorgraph.adapters.base import Adapter, Capability, VendorPlugin
from vendorgraph.config import Settings
from vendorgraph.domain import Order
from vendorgraph.errors import Code, GatewayError, unsupported
from vendorgraph.idempotency import IdempotencyGuard, IdempotencyStore
from vendorgraph.idempotency_codec import ORDER_CODEC
from vendorgraph.idempotency_redis import RedisIdempotencyStore
from vendorgraph.upstream.client import VendorClient
from vendorgraph.upstream.stack import SharedStores, VendorStack, build_stack, shared_stores


@dataclass
class Vendor:
    """One configured vendor: its plugin, its adapter, and the stack under its client."""

    plugin: VendorPlugin
    adapter: Adapter
    client: VendorClient
    stack: VendorStack

    @property
    def name(self) -> str:
        """The vendor's lower-case name."""
        return self.plugin.name


class Gateway:
    """The configured vendors, in schema order, and what each can do."""

    def __init__(
        self, vendors: Mapping[str, Vendor], settings: Settings, stores: SharedStores
    ) -> None:
        self.vendors = dict(vendors)
        self.settings = settings
        self.stores = stores
        self.names = tuple(self.vendors)
        self.idempotency = order_idempotency(stores)

    def vendor(self, name: str) -> Vendor:
        """A configured vendor, or UNSUPPORTED when this deployment does not serve it."""
        found = self.vendors.get(name)
        if found is None:
            raise GatewayError(
                Code.UNSUPPORTED, f"vendor {name} is not configured on this gateway", vendor=name
            )
        return found

    def adapter(self, name: str, capability: Capability) -> Adapter:
        """The adapter of `name`, checked for `capability` (UNSUPPORTED if it lacks it)."""
        adapter = self.vendor(name).adapter
        if capability not in adapter.capabilities:
            raise unsupported(name, capability.value)
        return adapter

    def able(self, capability: Capability) -> tuple[str, ...]:
        """The configured vendors that have a capability."""
        return tuple(n for n in self.names if capability in self.vendors[n].adapter.capabilities)

    async def reachability(self) -> dict[str, bool]:
        """Whether each vendor answers HTTP at all (any status counts as reachable)."""
        results = await asyncio.gather(*(v.client.ping() for v in self.vendors.values()))
        return dict(zip(self.names, results, strict=True))

    async def aclose(self) -> None:
        """Close every vendor client and the shared stores."""
        await asyncio.gather(*(v.client.aclose() for v in self.vendors.values()))
        await self.stores.aclose()


def order_idempotency(stores: SharedStores) -> IdempotencyGuard[Order]:
    """createOrder's idempotency keys: in this process, or in the Redis replicas share."""
    if stores.redis is not None:
        return RedisIdempotencyStore(stores.redis, ORDER_CODEC)
    return IdempotencyStore()


def build_gateway(settings: Settings) -> Gateway:
    """Create the clients and adapters for every configured vendor."""
    vendors: dict[str, Vendor] = {}
    stores = shared_stores(settings)
    for plugin in plugins():
        config = settings.vendors.get(plugin.name)
        if config is None:
            continue
        stack = build_stack(
            plugin.name, plugin.dialect, settings, stores, connections=config.max_concurrency
        )
        client = VendorClient(
            plugin.name,
            config.url,
            config.key.get_secret_value(),
            plugin.dialect,
            transport=stack.transport,
            timeout=config.timeout_s,
            cache=stack.cache,
            probe=stack.pool,
            max_concurrency=config.max_concurrency,
        )
        vendors[plugin.name] = Vendor(plugin, plugin.adapter(client), client, stack)
    return Gateway(vendors, settings, stores)
