"""Gateway error codes and the exception that carries them to the GraphQL layer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Code(StrEnum):
    """The `extensions.code` values every GraphQL error carries."""

    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    RATE_LIMITED = "RATE_LIMITED"
    UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE"
    UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT"
    UPSTREAM_ERROR = "UPSTREAM_ERROR"
    UNSUPPORTED = "UNSUPPORTED"
    CONFLICT = "CONFLICT"
    INTERNAL = "INTERNAL"


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """One problem with one input field, as a vendor or the gateway reported it."""

    field: str | None
    message: str
    code: str | None = None


class GatewayError(Exception):
    """An error a client may see: a code, a safe message, and where a vendor was involved, which."""

    def __init__(
        self,
        code: Code,
        message: str,
        *,
        vendor: str | None = None,
        upstream_status: int | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        field: str | None = None,
        details: Sequence[FieldIssue] = (),
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.vendor = vendor
        self.upstream_status = upstream_status
        self.request_id = request_id
        self.retry_after = retry_after
        self.field = field
        self.details = tuple(details)

    def extensions(self) -> dict[str, Any]:
        """The GraphQL `extensions` object: the code plus whatever vendor context is known."""
        ext: dict[str, Any] = {"code": self.code.value}
        optional = {
            "vendor": self.vendor.upper() if self.vendor else None,
            "upstreamStatus": self.upstream_status,
            "requestId": self.request_id,
            "retryAfter": self.retry_after,
            "field": self.field,
        }
        ext.update({k: v for k, v in optional.items() if v is not None})
        if self.details:
            ext["details"] = [
                {"field": d.field, "message": d.message, "code": d.code} for d in self.details
            ]
        return ext

    def __repr__(self) -> str:
        return f"GatewayError({self.code.value}, {self.message!r}, vendor={self.vendor!r})"


def unsupported(vendor: str, operation: str) -> GatewayError:
    """The error for an operation a vendor's API does not offer."""
    return GatewayError(Code.UNSUPPORTED, f"{vendor} does not support {operation}", vendor=vendor)


def bad_input(field: str, message: str) -> GatewayError:
    """The error for a client argument the gateway rejects before calling any vendor."""
    return GatewayError(Code.BAD_USER_INPUT, message, field=field)


def not_found(vendor: str, kind: str, vendor_id: str) -> GatewayError:
    """The error for a record the vendor does not have."""
    return GatewayError(
        Code.NOT_FOUND, f"{kind} {vendor_id!r} not found at {vendor}", vendor=vendor
    )
