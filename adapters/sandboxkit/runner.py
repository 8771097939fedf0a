"""Starts the chosen vendor sandboxes on loopback ports and says where they are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vendorgraph.adapters.base import VendorPlugin
from vendorgraph.adapters.sandboxkit.app import SandboxOptions
from vendorgraph.serving import ServerGroup, bind, port_of


@dataclass(frozen=True, slots=True)
class SandboxAddress:
    """Where one running sandbox answers, and the demo key that works there."""

    vendor: str
    url: str
    admin_url: str
    key: str

    def as_json(self) -> dict[str, str]:
        """The entry `vendorgraph sandbox --json` prints for this vendor."""
        return {"url": self.url, "key": self.key, "admin": self.admin_url}


def add_sandboxes(
    group: ServerGroup,
    plugins: Sequence[VendorPlugin],
    options: SandboxOptions,
    host: str = "127.0.0.1",
    base_port: int = 0,
) -> list[SandboxAddress]:
    """Bind each vendor's sandbox (base_port + rank; free ports for 0) and add it to the group."""
    addresses = []
    for plugin in plugins:
        sock = bind(host, base_port + plugin.rank if base_port else 0)
        app: Any = plugin.sandbox(_copy(options))
        group.add(app, sock, lifespan="off")
        root = f"http://{host}:{port_of(sock)}"
        addresses.append(
            SandboxAddress(plugin.name, root + plugin.base_path, root + "/_admin", plugin.demo_key)
        )
    return addresses


def _copy(options: SandboxOptions) -> SandboxOptions:
    return SandboxOptions(**vars(options))
