"""Helpers for the TechParts contract tests: raw HTTP on the sandbox and the doc's examples."""

from __future__ import annotations

from typing import Any

import httpx

from vendorgraph.adapters.sandboxkit.runner import SandboxAddress

READONLY_KEY = "tp_readonly_key"
GPU = "PROD-4090-MSI-001"
GPU_SKU = "GPU-NV-4090-MSI-001"
CPU = "PROD-5950X-AMD-001"
CPU_SKU = "CPU-AMD-5950X-AMD-001"
CHEAP_RAM = "PROD-D4-3200-16-KING-001"
"""39.99 USD: an order of one pays shipping."""

DOC_ADDRESS = {
    "street": "123 Tech Lane",
    "city": "San Francisco",
    "state": "CA",
    "zip": "94105",
    "country": "US",
}


def client(address: SandboxAddress, key: str | None = None) -> httpx.Client:
    """A raw HTTP client on the sandbox with `Authorization: Bearer KEY` (the demo key)."""
    headers = {"Authorization": f"Bearer {key or address.key}"}
    return httpx.Client(base_url=address.url, headers=headers, timeout=10)


def async_client(address: SandboxAddress) -> httpx.AsyncClient:
    """The async twin of `client`, for reading state back inside async tests."""
    headers = {"Authorization": f"Bearer {address.key}"}
    return httpx.AsyncClient(base_url=address.url, headers=headers, timeout=10)


def order_body(*lines: tuple[str, float], customer: str = "CUST-789012") -> dict[str, Any]:
    """A `POST /orders` body in the doc's shape."""
    return {
        "customer_id": customer,
        "items": [{"product_id": pid, "quantity": qty} for pid, qty in lines],
        "shipping_address": dict(DOC_ADDRESS),
    }


def set_stock(http: httpx.Client, sku: str, quantity: int) -> None:
    """Put a SKU's stock at a known level through the API."""
    response = http.patch(f"/inventory/{sku}", json={"quantity": quantity})
    assert response.status_code == 200, response.text


def stock_of(http: httpx.Client, product_id: str) -> int:
    """A product's stock as the API reports it."""
    response = http.get(f"/products/{product_id}")
    assert response.status_code == 200, response.text
    stock: int = response.json()["stock"]
    return stock


async def put_stock(http: httpx.AsyncClient, sku: str, quantity: int) -> None:
    """`set_stock` for async tests."""
    response = await http.patch(f"/inventory/{sku}", json={"quantity": quantity})
    assert response.status_code == 200, response.text


async def read_product(http: httpx.AsyncClient, product_id: str) -> dict[str, Any]:
    """A product's raw JSON, for async tests."""
    response = await http.get(f"/products/{product_id}")
    assert response.status_code == 200, response.text
    product: dict[str, Any] = response.json()
    return product
