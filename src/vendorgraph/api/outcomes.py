"""What a write leaves behind: business failures as userErrors, and memoised records it changed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TypeVar

from vendorgraph import domain
from vendorgraph.api.context import Context
from vendorgraph.api.inputs import UserError
from vendorgraph.errors import Code, FieldIssue, GatewayError
from vendorgraph.loaders import Resource

P = TypeVar("P")
USER_CODES = frozenset({Code.BAD_USER_INPUT, Code.NOT_FOUND, Code.CONFLICT})
NO_RENAMES: Mapping[str, str] = {}
INVALID = "INVALID"


def invalid(issues: list[FieldIssue]) -> GatewayError:
    """The error for input the gateway rejects before calling the vendor."""
    return GatewayError(Code.BAD_USER_INPUT, "invalid input", details=issues)


def require(issues: list[FieldIssue]) -> None:
    """Refuse the input when anything is wrong, one issue per field (the gateway's own first)."""
    if not issues:
        return
    named: set[str] = set()
    kept: list[FieldIssue] = []
    for issue in issues:
        if issue.field is None or issue.field not in named:
            kept.append(issue)
            named.update([issue.field] if issue.field else [])
    raise invalid(kept)


def user_errors(
    error: GatewayError, field: str | None, renamed: Mapping[str, str] = NO_RENAMES
) -> list[UserError]:
    """A business failure as the payload's userErrors, on the mutation's own argument names."""
    issues = error.details or (FieldIssue(error.field or field, error.message),)
    # A field a vendor refused without saying why in a word is INVALID, like the gateway's own.
    unnamed = INVALID if error.details and error.code is Code.BAD_USER_INPUT else error.code.value
    return [
        UserError(
            field=renamed.get(i.field, i.field) if i.field else None,
            message=i.message,
            code=i.code or unnamed,
        )
        for i in issues
    ]


async def attempt(
    run: Callable[[], Awaitable[P]],
    fail: Callable[[list[UserError]], P],
    field: str | None = None,
    renamed: Mapping[str, str] = NO_RENAMES,
) -> P:
    """Run a write; business failures become userErrors, infrastructure failures stay errors."""
    try:
        return await run()
    except GatewayError as error:
        if error.code not in USER_CODES:
            raise
        return fail(user_errors(error, field, renamed))


def remember_customer(context: Context, record: domain.Customer) -> None:
    """After a customer write: this request sees the customer as the vendor now stores it."""
    context.loaders.replace(record.vendor, Resource.CUSTOMER, record.vendor_id, record)


def remember_order(context: Context, record: domain.Order) -> None:
    """After an order write: the order as stored; its products' stock and its customer's
    totals changed, so what this request memoised of them is dropped."""
    loaders = context.loaders
    loaders.replace(record.vendor, Resource.ORDER, record.vendor_id, record)
    forget_stock(context, record.vendor, (i.product_id for i in record.items or ()))
    if record.customer_id:
        loaders.forget(record.vendor, Resource.CUSTOMER, record.customer_id)


def remember_stock(context: Context, record: domain.Inventory, sku: str | None = None) -> None:
    """After a stock write: drop every memoised view of that stock (the product record carries
    it at some vendors), then remember the new stock by product."""
    loaders = context.loaders
    forget_stock(context, record.vendor, [record.product_id])
    for key in {record.sku, sku} - {None}:
        loaders.forget(record.vendor, Resource.INVENTORY_BY_SKU, str(key))
    if record.product_id:
        loaders.prime(record.vendor, Resource.INVENTORY, record.product_id, record)


def forget_stock(context: Context, vendor: str, product_ids: Iterable[str | None]) -> None:
    """Drop what this request memoised of these products and their stock."""
    for product_id in product_ids:
        if product_id:
            context.loaders.forget(vendor, Resource.PRODUCT, product_id)
            context.loaders.forget(vendor, Resource.INVENTORY, product_id)
