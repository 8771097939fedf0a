"""The per-request GraphQL context: the gateway, this request's loaders, and partial errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError
from starlette.requests import Request
from strawberry.types import Info

from vendorgraph.errors import GatewayError, not_found
from vendorgraph.gateway import Gateway
from vendorgraph.loaders import Loaders, Resource
from vendorgraph.upstream.report import UpstreamReport


@dataclass
class Context:
    """What every resolver reaches through `info.context`."""

    gateway: Gateway
    loaders: Loaders
    request: Request | None = None
    report: UpstreamReport | None = None
    partial_errors: list[GraphQLError] = field(default_factory=list)

    async def load(self, vendor: str, resource: Resource, key: str) -> Any:
        """A record through this request's loader; NOT_FOUND when the vendor has none."""
        record = await self.loaders.load(vendor, resource, key)
        if record is None:
            raise not_found(vendor, resource.kind, key)
        return record

    async def load_ref(self, vendor: str, resource: Resource, key: str | None) -> Any | None:
        """The record a field refers to, or None when the vendor gave no reference."""
        return None if key is None else await self.load(vendor, resource, key)

    def add_partial_error(self, info: Info[Any, Any], error: GatewayError) -> None:
        """Report an error at this field while the field still returns the data it has."""
        self.partial_errors.append(
            GraphQLError(error.message, path=info.path.as_list(), original_error=error)
        )


def context_of(info: Info[Any, Any]) -> Context:
    """The request context of a resolver."""
    context: Context = info.context
    return context
