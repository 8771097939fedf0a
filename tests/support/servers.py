"""Runs ASGI apps on real loopback sockets in a background thread, for tests."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from vendorgraph.adapters import plugin
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress, add_sandboxes
from vendorgraph.serving import ServerGroup


@contextmanager
def serving(group: ServerGroup) -> Iterator[ServerGroup]:
    """Serve the group's apps in a thread until the block ends."""
    thread = threading.Thread(target=asyncio.run, args=(group.run(),), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not group.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("servers did not start")
        time.sleep(0.01)
    try:
        yield group
    finally:
        group.stop()
        thread.join(timeout=10)


@contextmanager
def running_sandbox(vendor: str, **options: Any) -> Iterator[SandboxAddress]:
    """One vendor's sandbox on a free loopback port, with the given knobs."""
    group = ServerGroup()
    [address] = add_sandboxes(group, [plugin(vendor)], SandboxOptions(**options))
    with serving(group):
        yield address


def admin(address: SandboxAddress, action: str, body: Any = None) -> Any:
    """Call the sandbox admin endpoint: `stats`, `reset` or `config`."""
    method = "GET" if action == "stats" or (action == "config" and body is None) else "POST"
    response = httpx.request(method, f"{address.admin_url}/{action}", json=body, timeout=10)
    response.raise_for_status()
    return response.json()
