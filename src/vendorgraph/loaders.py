"""Per-request DataLoaders, one per (vendor, resource), batching ids into adapter calls."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from aiodataloader import DataLoader

from vendorgraph.adapters.base import Adapter, Capability, Found
from vendorgraph.gateway import Gateway

BatchMethod = Callable[[Adapter], Callable[[Sequence[str]], Any]]


class Resource(Enum):
    """What a loader loads: the capability it needs and the adapter batch method it calls."""

    CUSTOMER = (Capability.CUSTOMER_GET, lambda a: a.fetch_customers)
    ORDER = (Capability.ORDER_GET, lambda a: a.fetch_orders)
    PRODUCT = (Capability.PRODUCT_GET, lambda a: a.fetch_products)
    INVENTORY = (Capability.INVENTORY_BY_PRODUCT, lambda a: a.fetch_inventory)
    INVENTORY_BY_SKU = (Capability.INVENTORY_BY_SKU, lambda a: a.fetch_inventory_by_sku)

    @property
    def capability(self) -> Capability:
        """The capability an adapter needs to serve this resource."""
        capability: Capability = self.value[0]
        return capability

    @property
    def kind(self) -> str:
        """What a client calls the record: customer, order, product or inventory."""
        return self.name.split("_")[0].lower()

    @classmethod
    def serving(cls, capability: Capability) -> Resource:
        """The resource whose loader performs `capability`."""
        return next(r for r in cls if r.capability is capability)

    def method(self, adapter: Adapter) -> Callable[[Sequence[str]], Any]:
        """The adapter's batch method for this resource."""
        return self.value[1](adapter)  # type: ignore[no-any-return]


MAX_BATCH = 100


class Loaders:
    """The loaders of one GraphQL request, built in `get_context` (aiodataloader binds the loop).

    With `batching` off every load is its own vendor call and nothing is memoised: the naive
    gateway the bench compares against.
    """

    def __init__(self, gateway: Gateway, *, batching: bool = True) -> None:
        self.gateway = gateway
        self.batching = batching
        self._loaders: dict[tuple[str, Resource], DataLoader[str, Any]] = {}

    async def load(self, vendor: str, resource: Resource, key: str) -> Any:
        """The record for `key`, None when the vendor has none, or the vendor's error raised."""
        adapter = self.gateway.adapter(vendor, resource.capability)
        source = adapter.answered_by.get(resource.capability)
        if source is not None:
            record = await self.load(vendor, Resource.serving(source), key)
            return None if record is None else adapter.derive(resource.capability, record)
        loader = self._loader(vendor, resource)
        try:
            return await loader.load(key)
        except asyncio.CancelledError:
            loader.clear(key)  # a cancelled future would otherwise stay cached for this key
            raise

    def prime(self, vendor: str, resource: Resource, key: str, value: Any) -> None:
        """Remember a record a response already carried, so no one fetches it again."""
        if (
            self.batching
            and resource.capability in self.gateway.vendor(vendor).adapter.capabilities
        ):
            self._loader(vendor, resource).prime(key, value)

    def replace(self, vendor: str, resource: Resource, key: str, value: Any) -> None:
        """After a write: forget what this request memoised for `key` and remember `value`."""
        self.forget(vendor, resource, key)
        self.prime(vendor, resource, key, value)

    def forget(self, vendor: str, resource: Resource, key: str) -> None:
        """After a write: forget what this request memoised for `key`."""
        loader = self._loaders.get((vendor, resource))
        if loader is not None:
            loader.clear(key)

    def _loader(self, vendor: str, resource: Resource) -> DataLoader[str, Any]:
        existing = self._loaders.get((vendor, resource))
        if existing is not None:
            return existing
        fetch = resource.method(self.gateway.adapter(vendor, resource.capability))

        async def batch(keys: list[str]) -> list[Any]:
            found: Found[Any] = await fetch(keys)
            return [found.get(key) for key in keys]

        loader: DataLoader[str, Any] = DataLoader(
            batch, batch=self.batching, cache=self.batching, max_batch_size=MAX_BATCH
        )
        self._loaders[(vendor, resource)] = loader
        return loader
