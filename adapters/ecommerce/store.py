"""The E-Commerce sandbox's in-memory records, their indexes, and how stored records render."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Record = dict[str, Any]
WAREHOUSES = ("wh_001", "wh_002", "wh_003")
CENT = Decimal("0.01")


def amount(value: Any) -> float:
    """A decimal-units amount rounded to cents, as the JSON number the API prints."""
    return float(Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP))


@dataclass
class Store:
    """Every record the sandbox serves, with the indexes its routes look things up by."""

    ids: random.Random
    products: dict[str, Record] = field(default_factory=dict)
    sku_index: dict[str, str] = field(default_factory=dict)
    inventory: dict[str, Record] = field(default_factory=dict)
    customers: dict[str, Record] = field(default_factory=dict)
    email_index: dict[str, str] = field(default_factory=dict)
    orders: dict[str, Record] = field(default_factory=dict)
    orders_by_customer: dict[str, list[str]] = field(default_factory=dict)
    reservations: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    def new_id(self, prefix: str, taken: dict[str, Any]) -> str:
        """A fresh `prefix_` id not yet in `taken`."""
        while True:
            candidate = prefix + "".join(self.ids.choice("0123456789abcdef") for _ in range(12))
            if candidate not in taken:
                return candidate

    def add_product(self, product: Record) -> None:
        """Store a product and index its SKU; every product gets an inventory record."""
        self.products[product["id"]] = product
        self.sku_index[product["sku"]] = product["id"]
        self.inventory.setdefault(product["id"], {"product_id": product["id"], "locations": []})

    def add_customer(self, customer: Record) -> None:
        """Store a customer and index its email (case-insensitively)."""
        self.customers[customer["id"]] = customer
        self.email_index[customer["email"].lower()] = customer["id"]
        self.orders_by_customer.setdefault(customer["id"], [])

    def add_order(self, order: Record) -> None:
        """Store an order and index it under its customer."""
        self.orders[order["id"]] = order
        self.orders_by_customer.setdefault(order["customer_id"], []).append(order["id"])

    def find_product(self, id_or_sku: str) -> Record | None:
        """A product by id, else by SKU."""
        product = self.products.get(id_or_sku)
        if product is None and id_or_sku in self.sku_index:
            product = self.products[self.sku_index[id_or_sku]]
        return product

    def render_inventory(self, product_id: str) -> Record:
        """The inventory object: totals over every warehouse plus the per-warehouse rows."""
        locations = [dict(row) for row in self.inventory[product_id]["locations"]]
        return {
            "product_id": product_id,
            "total_available": sum(row["available"] for row in locations),
            "total_reserved": sum(row["reserved"] for row in locations),
            "locations": locations,
        }

    def render_customer(self, customer: Record, *, with_history: bool) -> Record:
        """A customer as the API prints it; GET by id adds the order history summary."""
        rendered = dict(customer)
        rendered["addresses"] = [dict(a) for a in customer["addresses"]]
        if with_history:
            rendered["order_history"] = self.order_history(customer["id"])
        return rendered

    def order_history(self, customer_id: str) -> Record:
        """Order count, money spent (cancelled orders excluded) and the latest order time."""
        orders = [self.orders[i] for i in self.orders_by_customer.get(customer_id, [])]
        kept = [o for o in orders if o["status"] != "cancelled"]
        return {
            "order_count": len(orders),
            "total_spent": amount(sum(Decimal(str(o["total"])) for o in kept)),
            "currency": "USD",
            "last_order_at": max((o["created_at"] for o in orders), default=None),
        }
