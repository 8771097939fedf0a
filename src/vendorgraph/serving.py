"""Runs several ASGI apps on loopback sockets in one event loop, stopping all on SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import threading
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import uvicorn


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the group that runs it."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket; port 0 picks a free one (read it back with `sock.getsockname()`)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when the
    # listener says TCP, and without it Nagle + delayed ACK add ~40 ms to every response.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def port_of(sock: socket.socket) -> int:
    """The port a bound socket listens on."""
    return int(sock.getsockname()[1])


@dataclass
class ServerGroup:
    """Apps bound to sockets, served together until `stop()` or a signal."""

    servers: list[tuple[_QuietServer, socket.socket]] = field(default_factory=list)

    def add(self, app: Any, sock: socket.socket, **config: Any) -> None:
        """Serve `app` on `sock` once the group runs."""
        settings = {"log_level": "warning", "access_log": False, "lifespan": "auto", **config}
        server = _QuietServer(uvicorn.Config(app, **settings))
        self.servers.append((server, sock))

    def stop(self) -> None:
        """Ask every server to finish its requests and exit."""
        for server, _ in self.servers:
            server.should_exit = True

    @property
    def started(self) -> bool:
        """True once every server is accepting connections."""
        return all(server.started for server, _ in self.servers)

    async def run(self, on_started: Callable[[], Awaitable[None] | None] | None = None) -> None:
        """Serve until stopped; `on_started` runs once all servers listen."""
        loop = asyncio.get_running_loop()
        if threading.current_thread() is threading.main_thread():  # tests run groups in threads
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, self.stop)
        tasks = [asyncio.create_task(s.serve(sockets=[sock])) for s, sock in self.servers]
        while not self.started and not any(t.done() for t in tasks):  # noqa: ASYNC110
            await asyncio.sleep(0.01)  # uvicorn exposes `started` as a flag, not an event
        if on_started is not None and self.started:
            result = on_started()
            if result is not None:
                await result
        await asyncio.gather(*tasks)
