"""Session fixtures: the four sandboxes in their own process, and a gateway process in front."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.processes import Gateway, gateway, sandboxes, vendor_env

# Generous vendor rate limits: these tests read a lot; the rate-limit tests set their own.
KNOBS = ("--rate-limit", "1000000")


@pytest.fixture(scope="session")
def vendors() -> Iterator[dict[str, dict[str, str]]]:
    """{vendor: {url, key, admin}} of sandboxes running as `vendorgraph sandbox`."""
    with sandboxes(*KNOBS) as found:
        yield found


@pytest.fixture(scope="session")
def gw(vendors: dict[str, dict[str, str]]) -> Iterator[Gateway]:
    """A `vendorgraph serve` process configured by environment for every sandbox."""
    with gateway(vendor_env(vendors)) as running:
        yield running
