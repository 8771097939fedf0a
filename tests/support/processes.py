"""Runs `vendorgraph sandbox` and `vendorgraph serve` as real processes on loopback, for tests."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import httpx


@dataclass
class Process:
    """A running vendorgraph process and the first line it announced."""

    popen: subprocess.Popen[str]
    announced: str
    log: IO[str]

    def output(self) -> str:
        """What the process wrote to stderr so far."""
        self.log.flush()
        self.log.seek(0)
        return self.log.read()


class _Lines:
    """The child's stdout, read line by line in a thread (select() misses buffered lines)."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self._thread.start()

    def _drain(self, stream: IO[str]) -> None:
        with stream:
            for line in stream:
                self._queue.put(line)
        self._queue.put(None)

    def first(self, pattern: str, timeout: float) -> str | None:
        """The first line matching `pattern`, or None at end of output or after `timeout`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                return None
            if line is None:
                return None
            if re.search(pattern, line):
                return line.strip()
        return None

    def join(self) -> None:
        """Wait until the child's stdout is read to its end and closed."""
        self._thread.join(timeout=10)


@contextmanager
def vendorgraph(
    args: Sequence[str], announce: str, env: Mapping[str, str] | None = None, timeout: float = 30
) -> Iterator[Process]:
    """Run `vendorgraph ARGS` until the block ends, once it printed a line matching `announce`."""
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in the finally below
    popen = subprocess.Popen(
        [sys.executable, "-m", "vendorgraph.cli", *args],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env={**_clean_env(), **(env or {})},
    )
    assert popen.stdout is not None
    lines = _Lines(popen.stdout)
    try:
        line = lines.first(announce, timeout)
        if line is None:
            raise RuntimeError(f"process did not announce {announce!r} (exit {popen.poll()})")
        yield Process(popen, line, log)
    finally:
        stop(popen)
        lines.join()
        log.close()


def stop(popen: subprocess.Popen[str]) -> None:
    """SIGTERM, then SIGKILL if it lingers; always reaps the process."""
    if popen.poll() is None:
        popen.send_signal(signal.SIGTERM)
        try:
            popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait(timeout=10)


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("VENDORGRAPH_")}


@contextmanager
def sandboxes(*knobs: str, vendor: str = "all") -> Iterator[dict[str, dict[str, str]]]:
    """`vendorgraph sandbox --json` on free ports: {vendor: {url, key, admin}}."""
    args = ["sandbox", "--json", "--base-port", "0", "--vendor", vendor, *knobs]
    with vendorgraph(args, r"^\{") as process:
        yield json.loads(process.announced)


def vendor_env(found: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The VENDORGRAPH_<V>_URL / _KEY variables that point a gateway at running sandboxes."""
    env: dict[str, str] = {}
    for vendor, where in found.items():
        env[f"VENDORGRAPH_{vendor.upper()}_URL"] = where["url"]
        env[f"VENDORGRAPH_{vendor.upper()}_KEY"] = where["key"]
    return env


@dataclass
class Gateway:
    """A running gateway process and a client for its /graphql endpoint."""

    url: str
    process: Process

    def query(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """POST a GraphQL operation and return the decoded response body."""
        response = httpx.post(
            self.url,
            json={"query": query, "variables": dict(variables or {})},
            headers=dict(headers or {}),
            timeout=60,
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


@contextmanager
def gateway(env: Mapping[str, str], *args: str) -> Iterator[Gateway]:
    """`vendorgraph serve` on a free port with the given environment."""
    with vendorgraph(["serve", "--port", "0", *args], r"GraphiQL: ", env=env) as process:
        url = process.announced.split("GraphiQL: ", 1)[1]
        yield Gateway(url, process)
