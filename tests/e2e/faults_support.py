"""Helpers for the vendor-fault tests: fixed ports, sandbox admin calls, a silent listener."""

from __future__ import annotations

import socket
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx

from tests.support.processes import sandboxes
from vendorgraph.adapters import plugin

Found = dict[str, dict[str, str]]
REPORT = {"X-Vendorgraph-Upstream-Report": "1"}


def free_port() -> int:
    """A loopback port nothing listens on right now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def sandbox_on_port(vendor: str, port: int, *knobs: str) -> Iterator[Found]:
    """One vendor's sandbox as its own process on `port`, so it can be stopped and restarted."""
    base = port - plugin(vendor).rank  # the sandbox listens on base port + the vendor's rank
    with sandboxes("--base-port", str(base), *knobs, vendor=vendor) as found:
        assert found[vendor]["url"].startswith(f"http://127.0.0.1:{port}/")
        yield found


def admin(where: Mapping[str, str], action: str, body: Any = None) -> Any:
    """GET (or POST with a body, and always for reset) the sandbox admin endpoint."""
    url = f"{where['admin']}/{action}"
    if body is None and action != "reset":
        response = httpx.get(url, timeout=10)
    else:
        response = httpx.post(url, json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def errors_by_path(body: Mapping[str, Any]) -> dict[tuple[str, ...], dict[str, Any]]:
    """Each GraphQL error's extensions, keyed by its path."""
    return {tuple(e["path"]): e["extensions"] for e in body.get("errors", [])}


def circuits(gw_query: Any) -> dict[str, str]:
    """`vendors { vendor circuit }` as {VENDOR: state}."""
    body = gw_query("{ vendors { vendor circuit } }")
    return {v["vendor"]: v["circuit"] for v in body["data"]["vendors"]}


@contextmanager
def silent_listener(port: int) -> Iterator[socket.socket]:
    """A socket that listens on `port` and never answers: any connection waits in its backlog."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(16)
    sock.setblocking(False)
    try:
        yield sock
    finally:
        sock.close()


def connections_waiting(listener: socket.socket) -> int:
    """How many connections reached the listener (accepted and closed here)."""
    count = 0
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1
