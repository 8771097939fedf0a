"""The bench's own processes: sandboxes and a gateway on loopback, and their /proc figures."""

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

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STAT_UTIME, STAT_STIME = 13, 14  # fields of /proc/<pid>/stat, counted from 1 (man 5 proc)


@dataclass
class Process:
    """A running `vendorgraph` command and the line it announced itself with."""

    popen: subprocess.Popen[str]
    announced: str
    log: IO[str]

    @property
    def pid(self) -> int:
        """Its process id."""
        return self.popen.pid

    def cpu_seconds(self) -> float:
        """User plus system CPU time it has used so far."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        offset = 3  # the fields after `(comm)` start at field 3
        utime, stime = fields[STAT_UTIME - offset], fields[STAT_STIME - offset]
        return (int(utime) + int(stime)) / CLOCK_TICKS

    def peak_rss_mb(self) -> float:
        """Its peak resident set size (VmHWM) in MiB."""
        with open(f"/proc/{self.pid}/status") as status:
            match = re.search(r"^VmHWM:\s+(\d+) kB", status.read(), re.MULTILINE)
        return int(match.group(1)) / 1024 if match else 0.0


@contextmanager
def vendorgraph(
    args: Sequence[str], announce: str, env: Mapping[str, str] | None = None, timeout: float = 60
) -> Iterator[Process]:
    """Run `vendorgraph ARGS` until the block ends, once it printed a line matching `announce`."""
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in the finally below
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VENDORGRAPH_")}
    popen = subprocess.Popen(
        [sys.executable, "-m", "vendorgraph.cli", *args],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env={**clean, **(env or {})},
    )
    try:
        line = _read_line(popen, announce, timeout, log)
        yield Process(popen, line, log)
    finally:
        _stop(popen)
        log.close()


def _read_line(popen: subprocess.Popen[str], pattern: str, timeout: float, log: IO[str]) -> str:
    assert popen.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(popen.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and popen.poll() is None:
            if selector.select(timeout=0.1):
                line = popen.stdout.readline()
                if re.search(pattern, line):
                    return line.strip()
    finally:
        selector.close()
    log.seek(0)
    raise RuntimeError(f"vendorgraph did not start (exit {popen.poll()}): {log.read()[-2000:]}")


def _stop(popen: subprocess.Popen[str]) -> None:
    if popen.poll() is None:
        popen.send_signal(signal.SIGTERM)
        try:
            popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait(timeout=10)
    if popen.stdout:
        popen.stdout.close()


@dataclass(frozen=True)
class Sandboxes:
    """The four sandboxes of one `vendorgraph sandbox` process: {vendor: {url, key, admin}}."""

    found: Mapping[str, Mapping[str, str]]

    def env(self) -> dict[str, str]:
        """The variables that point a gateway at these sandboxes."""
        env: dict[str, str] = {}
        for vendor, where in self.found.items():
            env[f"VENDORGRAPH_{vendor.upper()}_URL"] = where["url"]
            env[f"VENDORGRAPH_{vendor.upper()}_KEY"] = where["key"]
        return env

    def reset(self) -> None:
        """Zero every sandbox's request counts."""
        for where in self.found.values():
            httpx.post(f"{where['admin']}/reset", timeout=10).raise_for_status()

    def configure(self, **knobs: Any) -> None:
        """Change knobs live on every sandbox (as the `vendorgraph sandbox` flags would set)."""
        for where in self.found.values():
            httpx.post(f"{where['admin']}/config", json=knobs, timeout=10).raise_for_status()

    def stats(self) -> dict[str, dict[str, Any]]:
        """Each sandbox's counts since the last reset: total, requests per route, not_modified."""
        return self._read("stats")

    def journal(self) -> dict[str, dict[str, Any]]:
        """Each sandbox's journal since the last reset: `entries` (answered requests), `dropped`."""
        return self._read("journal")

    def _read(self, page: str) -> dict[str, dict[str, Any]]:
        return {
            vendor: httpx.get(f"{where['admin']}/{page}", timeout=10).json()
            for vendor, where in self.found.items()
        }


@contextmanager
def sandboxes(latency_ms: float, *knobs: str) -> Iterator[Sandboxes]:
    """`vendorgraph sandbox` for every vendor with a fixed latency and no rate limit in reach."""
    args = ["sandbox", "--json", "--base-port", "0", "--latency-ms", str(latency_ms)]
    with vendorgraph([*args, "--rate-limit", "1000000", *knobs], r"^\{") as process:
        yield Sandboxes(json.loads(process.announced))


@contextmanager
def gateway(vendors: Sandboxes, settings: Mapping[str, str]) -> Iterator[tuple[str, Process]]:
    """`vendorgraph serve` on a free port for these sandboxes: its /graphql URL and process."""
    env = {**vendors.env(), **settings}
    with vendorgraph(["serve", "--port", "0"], r"GraphiQL: ", env=env) as process:
        yield process.announced.split("GraphiQL: ", 1)[1], process
