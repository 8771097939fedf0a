"""Runs `vendorgraph sandbox` and `vendorgraph serve` as real processes on loopback, for tests."""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import sys
import tempfile
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


def _read_line(popen: subprocess.Popen[str], pattern: str, timeout: float) -> str:
    assert popen.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(popen.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not selector.select(timeout=0.1):
                if popen.poll() is not None:
                    break
                continue
            line = popen.stdout.readline()
            if not line:
                break
            if re.search(pattern, line):
                return line.strip()
    finally:
        selector.close()
    raise RuntimeError(f"process did not announce {pattern!r} (exit code {popen.poll()})")


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
    try:
        line = _read_line(popen, announce, timeout)
        yield Process(popen, line, log)
    finally:
        stop(popen)
        log.close()


def stop(popen: subprocess.Popen[str]) -> None:
    """SIGTERM, then SIGKILL if it lingers; always reaps and closes pipes."""
    if popen.poll() is None:
        popen.send_signal(signal.SIGTERM)
        try:
            popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait(timeout=10)
    if popen.stdout:
        popen.stdout.close()


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
