"""`vendorgraph bench`: vendor calls against the minimum, latency, throughput, CPU and memory."""

from vendorgraph.bench.cli import main

__all__ = ["main"]
