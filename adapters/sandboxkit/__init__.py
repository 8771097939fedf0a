"""Shared machinery for the vendor sandboxes: auth, rate limits, caching headers, faults, admin."""

from vendorgraph.adapters.sandboxkit.app import (
    KeyInfo,
    RateLimit,
    SandboxOptions,
    SandboxSpec,
    VendorHTTPError,
    build_sandbox,
    read_json,
)

__all__ = [
    "KeyInfo",
    "RateLimit",
    "SandboxOptions",
    "SandboxSpec",
    "VendorHTTPError",
    "build_sandbox",
    "read_json",
]
