"""The bench's cost model: minimum vendor calls from what a response touched."""

from __future__ import annotations

from typing import Any

from vendorgraph.api import ids
from vendorgraph.bench.cost import Touched, Window, minimum, pages_needed, walk


def _product(vendor: str, vendor_id: str, *, stock: bool = False) -> dict[str, Any]:
    product: dict[str, Any] = {
        "__typename": "Product",
        "id": ids.encode("Product", vendor, vendor_id),
    }
    if stock:
        product["inventory"] = {
            "__typename": "Inventory",
            "productId": product["id"],
            "available": 3,
        }
    return product


def _customer(vendor: str, vendor_id: str, orders: list[str] | None = None) -> dict[str, Any]:
    customer: dict[str, Any] = {
        "__typename": "Customer",
        "id": ids.encode("Customer", vendor, vendor_id),
    }
    if orders is not None:
        customer["orders"] = {
            "nodes": [{"__typename": "Order", "id": ids.encode("Order", vendor, o)} for o in orders]
        }
    return customer


def test_a_bulk_endpoint_answers_up_to_its_limit_per_call() -> None:
    products = [_product("techcorp", f"p{i}", stock=True) for i in range(150)]
    least = minimum(walk({"nodes": products}))
    assert least.calls == {"techcorp": 2}  # 100 ids per POST /inventory/bulk
    assert least.levels == 1


def test_a_record_that_carries_its_stock_costs_one_call_for_both() -> None:
    products = [_product("techparts", f"P-{i}", stock=True) for i in range(3)]
    least = minimum(walk({"nodes": products + products}))
    assert least.calls == {"techparts": 3}


def test_embedded_orders_cost_nothing_but_a_listed_customer_is_read_again() -> None:
    by_id = minimum(walk({"customer": _customer("talkingshops", "a" * 24, orders=["o1"])}))
    listed = minimum(
        walk({"customers": {"nodes": [_customer("talkingshops", "b" * 24, orders=["o2"])]}})
    )
    assert by_id.calls == {"talkingshops": 1}
    assert (by_id.levels, listed.levels) == (1, 2)
    assert listed.calls == {"talkingshops": 2}  # the list page, then the customer with orders


def test_listed_customers_orders_cost_one_list_call_each() -> None:
    shop = [_customer("ecommerce", f"c{i}", orders=[f"o{i}"]) for i in range(4)]
    for i, customer in enumerate(shop):
        customer["orders"]["nodes"][0]["customer"] = _customer("ecommerce", f"c{i}")
    least = minimum(walk({"customers": {"nodes": shop}}))
    assert least.calls == {"ecommerce": 1 + 4}  # in-hand customers are not read again
    assert least.levels == 2


def test_page_lists_need_one_call_when_some_page_size_holds_the_window() -> None:
    assert pages_needed(Window("talkingshops", 10, 60)) == 1
    assert pages_needed(Window("talkingshops", 60, 160)) == 2  # 100 records at most a page
    assert pages_needed(Window("ecommerce", 60, 160)) == 1  # 200 a page
    assert pages_needed(Window("techcorp", 150, 250)) == 1  # offset and limit


def test_a_walk_adds_each_pages_round_trips() -> None:
    touched = Touched()
    walk(
        {"customers": {"nodes": [_customer("ecommerce", "c1"), _customer("techcorp", "t1")]}},
        touched=touched,
    )
    walk({"customers": {"nodes": [_customer("techcorp", "t2")]}}, touched=touched)
    least = minimum(touched)
    assert least.calls == {"ecommerce": 1, "techcorp": 2}
    assert least.levels == 3
