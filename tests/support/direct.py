"""Reads records straight from a sandbox's own API, to compare with what the gateway answers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

AUTH: Mapping[str, Callable[[str], dict[str, str]]] = {
    "techcorp": lambda key: {"Authorization": f"Bearer {key}", "X-API-Version": "3.2"},
    "ecommerce": lambda key: {"Authorization": f"Bearer {key}"},
    "techparts": lambda key: {"Authorization": f"Bearer {key}"},
    "talkingshops": lambda key: {"x-tenant-api-key": key},
}


@dataclass(frozen=True)
class Listing:
    """How one vendor lists a resource: route, paging parameters, where records and ids are."""

    route: str
    params: Callable[[int, int], dict[str, Any]]
    records: Callable[[Any], list[dict[str, Any]]]
    id_field: str


def _offset(index: int, size: int) -> dict[str, Any]:
    return {"limit": size, "offset": index * size}


def _page(index: int, size: int) -> dict[str, Any]:
    return {"limit": size, "page": index + 1}


LISTINGS: Mapping[tuple[str, str], Listing] = {
    ("techcorp", "customers"): Listing("/customers/search", _offset, lambda b: b["data"], "id"),
    ("ecommerce", "customers"): Listing("/customers", _page, lambda b: b["data"], "id"),
    ("talkingshops", "customers"): Listing("/customers", _page, lambda b: b["customers"], "_id"),
    ("ecommerce", "products"): Listing("/products", _page, lambda b: b["data"], "id"),
    ("ecommerce", "orders"): Listing("/orders", _page, lambda b: b["data"], "id"),
}


def client(vendor: str, where: Mapping[str, str]) -> httpx.Client:
    """A plain HTTP client speaking the vendor's auth dialect."""
    return httpx.Client(base_url=where["url"], headers=AUTH[vendor](where["key"]), timeout=30)


def get(vendor: str, where: Mapping[str, str], path: str, **params: Any) -> Any:
    """GET one resource straight from the sandbox."""
    with client(vendor, where) as http:
        response = http.get(path, params=params)
        response.raise_for_status()
        return response.json()


def list_all(vendor: str, resource: str, where: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every record of a resource, in the vendor's own order, walking its pages."""
    listing = LISTINGS[(vendor, resource)]
    found: list[dict[str, Any]] = []
    with client(vendor, where) as http:
        for index in range(10_000):
            response = http.get(listing.route, params=listing.params(index, 100))
            response.raise_for_status()
            batch = listing.records(response.json())
            if not batch:
                return found
            found.extend(batch)
    raise AssertionError("listing never ended")


def ids_of(vendor: str, resource: str, where: Mapping[str, str]) -> list[str]:
    """The vendor ids of every record of a resource, in order."""
    field = LISTINGS[(vendor, resource)].id_field
    return [str(record[field]) for record in list_all(vendor, resource, where)]
