"""The `vendorgraph` command: serve | sandbox | schema | check-config."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import SecretStr

from vendorgraph.adapters import plugin, plugins
from vendorgraph.adapters.sandboxkit import SandboxOptions
from vendorgraph.adapters.sandboxkit.runner import SandboxAddress, add_sandboxes
from vendorgraph.config import ConfigError, Settings, VendorSettings, load_settings
from vendorgraph.serving import ServerGroup, bind, port_of


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    given = list(sys.argv[1:] if argv is None else argv)
    external = {name: module for name, module, _ in EXTERNAL}
    if given and given[0] in external:  # argparse's REMAINDER drops leading --options
        return _delegate(external[given[0]])(argparse.Namespace(rest=given[1:]))
    args = _parser().parse_args(given)
    try:
        result: int = args.run(args)
    except ConfigError as exc:
        print(f"vendorgraph: configuration error: {exc}", file=sys.stderr)
        return 2
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vendorgraph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the gateway (with sandboxes when unconfigured)")
    serve.add_argument("--config", type=Path, default=_env_path("VENDORGRAPH_CONFIG"))
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--sandbox-base-port", type=int, default=0)
    serve.set_defaults(run=_serve)

    sandbox = commands.add_parser("sandbox", help="run the vendor sandboxes alone")
    sandbox.add_argument("--vendor", default="all", choices=["all", *[p.name for p in plugins()]])
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--base-port", type=int, default=8100)
    _sandbox_knobs(sandbox)
    sandbox.add_argument("--json", action="store_true", help="print one JSON line once listening")
    sandbox.set_defaults(run=_sandbox)

    schema = commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    schema.set_defaults(run=_schema)

    for name, module, text in EXTERNAL:
        sub = commands.add_parser(name, help=text, add_help=False)
        sub.add_argument("rest", nargs=argparse.REMAINDER)
        sub.set_defaults(run=_delegate(module))

    check = commands.add_parser("check-config", help="validate the configuration and exit")
    check.add_argument("--config", type=Path, default=_env_path("VENDORGRAPH_CONFIG"))
    check.set_defaults(run=_check_config)
    return parser


EXTERNAL = (
    ("bench", "vendorgraph.bench", "run the benchmarks (make bench)"),
    ("loadtest", "vendorgraph.loadtest", "a bounded load test with vendor faults on"),
)


def _delegate(module: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        main: Callable[[list[str]], int] = importlib.import_module(module).main
        return main(list(args.rest))

    return run


def _sandbox_knobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--jitter-ms", type=float, default=0.0)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--rate-limit", type=int, default=None, help="requests per window")
    parser.add_argument("--caching", action="store_true", help="ETag/Cache-Control on every vendor")
    parser.add_argument("--max-age", type=int, default=300, help="max-age of cached responses")


def _options(args: argparse.Namespace) -> SandboxOptions:
    return SandboxOptions(
        seed=args.seed,
        latency_ms=args.latency_ms,
        jitter_ms=args.jitter_ms,
        fault_rate=args.fault_rate,
        rate_limit=args.rate_limit,
        caching=args.caching or None,
        max_age=args.max_age,
    )


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def _load(config: Path | None) -> Settings:
    return load_settings(config, os.environ, [p.name for p in plugins()])


def _sandbox(args: argparse.Namespace) -> int:
    chosen = list(plugins()) if args.vendor == "all" else [plugin(args.vendor)]
    group = ServerGroup()
    addresses = add_sandboxes(group, chosen, _options(args), args.host, args.base_port)

    def announce() -> None:
        if args.json:
            print(json.dumps({a.vendor: a.as_json() for a in addresses}), flush=True)
        else:
            for a in addresses:
                print(f"{a.vendor:13} {a.url}  key={a.key}  admin={a.admin_url}", flush=True)

    asyncio.run(group.run(on_started=announce))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from vendorgraph.app import create_app

    settings = _load(args.config)
    server = settings.server.model_copy(
        update={k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    )
    group = ServerGroup()
    sandboxes: list[SandboxAddress] = []
    if settings.uses_sandboxes:
        sandboxes = add_sandboxes(
            group, plugins(), SandboxOptions(), "127.0.0.1", args.sandbox_base_port
        )
        settings = settings.model_copy(update={"vendors": _sandbox_vendors(sandboxes)})
    settings = settings.model_copy(update={"server": server})
    sock = bind(server.host, server.port)
    group.add(create_app(settings), sock)

    def announce() -> None:
        for a in sandboxes:
            print(f"sandbox {a.vendor:13} {a.url}", flush=True)
        print(f"GraphiQL: http://{server.host}:{port_of(sock)}/graphql", flush=True)

    asyncio.run(group.run(on_started=announce))
    return 0


def _sandbox_vendors(addresses: Sequence[SandboxAddress]) -> dict[str, VendorSettings]:
    return {
        a.vendor: VendorSettings(url=a.url, key=SecretStr(a.key), timeout_s=10.0) for a in addresses
    }


def _schema(_: argparse.Namespace) -> int:
    from vendorgraph.api.schema import build_schema

    print(build_schema().as_str())
    return 0


def _check_config(args: argparse.Namespace) -> int:
    settings = _load(args.config)
    vendors = (
        ", ".join(f"{n} at {v.url}" for n, v in settings.vendors.items()) or "none (sandboxes)"
    )
    print(
        f"configuration ok: listen {settings.server.host}:{settings.server.port}; "
        f"vendors: {vendors}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
