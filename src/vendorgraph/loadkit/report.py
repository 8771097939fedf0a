"""The load test's figures: what the clients saw, what the vendors did, and the gateway's memory."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from vendorgraph.loadkit.workload import Tally


@dataclass(frozen=True)
class VendorWrites:
    """One vendor's orders: confirmed to clients vs. created at the sandbox (its 201 answers)."""

    confirmed: int
    created: int

    @property
    def duplicates(self) -> int:
        """Orders created beyond those confirmed (a TechCorp replay of a key also answers 201,
        so this can only over-count)."""
        return max(0, self.created - self.confirmed)


@dataclass(frozen=True)
class Result:
    """One load test run, ready to print or save."""

    clients: int
    duration_s: float
    fault_rate: float
    requests: int
    throughput: float
    latency_ms: Mapping[str, float]
    statuses: Mapping[str, int]
    transport_errors: int
    gateway_5xx: int
    codes: Mapping[str, int]
    vendor_503s: int
    writes: Mapping[str, int]
    orders: Mapping[str, VendorWrites]
    split_keys: int
    rss_mib: Mapping[str, float]

    @property
    def duplicates(self) -> int:
        """Duplicated writes: extra orders at a vendor, or one key answered with two orders."""
        return sum(v.duplicates for v in self.orders.values()) + self.split_keys

    @property
    def ok(self) -> bool:
        """The run's promises held: no 5xx from the gateway and no write done twice."""
        return self.gateway_5xx == 0 and self.duplicates == 0

    def as_json(self) -> dict[str, Any]:
        """The figures as plain JSON."""
        data = asdict(self)
        data["orders"] = {
            vendor: {**asdict(w), "duplicates": w.duplicates} for vendor, w in self.orders.items()
        }
        data.update(duplicates=self.duplicates, ok=self.ok)
        return data


def summarise(
    tally: Tally,
    *,
    clients: int,
    elapsed: float,
    fault_rate: float,
    created: Mapping[str, int],
    vendor_503s: int,
    rss: list[float],
) -> Result:
    """Fold the clients' tally and the sandboxes' counts into the figures."""
    writes = tally.writes.values()
    confirmed = {v: sum(1 for w in writes if w.vendor == v and w.confirmed) for v in created}
    return Result(
        clients=clients,
        duration_s=round(elapsed, 1),
        fault_rate=fault_rate,
        requests=tally.requests,
        throughput=round(tally.requests / elapsed, 1) if elapsed else 0.0,
        latency_ms=_latency(tally.latencies),
        statuses={str(k): v for k, v in sorted(tally.statuses.items())},
        transport_errors=tally.transport_errors,
        gateway_5xx=sum(v for k, v in tally.statuses.items() if k >= 500),
        codes=dict(tally.codes.most_common()),
        vendor_503s=vendor_503s,
        writes={
            "keys": len(tally.writes),
            "sends": sum(w.sends for w in writes),
            "confirmed": sum(1 for w in writes if w.confirmed),
            "rejected": sum(1 for w in writes if w.rejected and not w.confirmed),
            "unanswered": sum(1 for w in writes if not w.confirmed and not w.rejected),
        },
        orders={v: VendorWrites(confirmed[v], created[v]) for v in created},
        split_keys=sum(1 for w in writes if len(w.order_ids) > 1),
        rss_mib=_rss(rss),
    )


def _latency(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {}
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return {
        "p50": round(statistics.median(ordered) * 1000, 1),
        "p95": round(p95 * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def _rss(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {}
    return {
        "first": round(samples[0], 1),
        "middle": round(samples[len(samples) // 2], 1),
        "last": round(samples[-1], 1),
        "peak": round(max(samples), 1),
        "samples": len(samples),
    }


def markdown(result: Result) -> str:
    """A short table of the run."""
    writes, rss, lat = result.writes, result.rss_mib, result.latency_ms
    rows = [
        ("clients, duration", f"{result.clients} clients, {result.duration_s} s"),
        ("vendor faults", f"{result.fault_rate:.0%} 503s ({result.vendor_503s} injected)"),
        ("requests / throughput", f"{result.requests} / {result.throughput} req/s"),
        ("latency p50 / p95 / max", " / ".join(f"{lat.get(k, 0)} ms" for k in _LAT)),
        ("HTTP statuses", _counts(result.statuses) + _unanswered(result.transport_errors)),
        ("gateway 5xx", str(result.gateway_5xx)),
        ("GraphQL error codes", _counts(result.codes) or "none"),
        (
            "writes: keys / sends / confirmed / rejected / unanswered",
            " / ".join(str(writes[k]) for k in _WRITES),
        ),
        (
            "orders confirmed → created at vendor",
            ", ".join(f"{v} {w.confirmed} → {w.created}" for v, w in result.orders.items()),
        ),
        ("duplicated writes", str(result.duplicates)),
        (
            "gateway RSS first / middle / last / peak",
            " / ".join(f"{rss.get(k, 0)} MiB" for k in ("first", "middle", "last", "peak")),
        ),
    ]
    lines = ["| measure | value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


_LAT = ("p50", "p95", "max")
_WRITES = ("keys", "sends", "confirmed", "rejected", "unanswered")


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in counts.items())


def _unanswered(errors: int) -> str:
    return f", no answer: {errors}" if errors else ""
