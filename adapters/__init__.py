"""Vendor adapters: one folder per vendor, each exposing a `PLUGIN` (see base.py)."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from vendorgraph.adapters.base import VendorPlugin


@cache
def plugins() -> tuple[VendorPlugin, ...]:
    """Every vendor folder that declares a PLUGIN, in the order the schema lists vendors."""
    found: list[VendorPlugin] = []
    for info in pkgutil.iter_modules(__path__):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        plugin = getattr(module, "PLUGIN", None)
        if isinstance(plugin, VendorPlugin):
            found.append(plugin)
    return tuple(sorted(found, key=lambda p: p.rank))


def plugin(name: str) -> VendorPlugin:
    """The plugin of one vendor by its lower-case name; KeyError if there is none."""
    for candidate in plugins():
        if candidate.name == name:
            return candidate
    raise KeyError(name)
