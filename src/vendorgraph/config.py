"""Typed settings: a TOML file plus VENDORGRAPH_* environment variables; secrets only from env."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError


class ConfigError(Exception):
    """The configuration cannot be used; the message names the offending key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerSettings(_Strict):
    """Where the gateway listens and how long one GraphQL request may take."""

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    deadline_s: float = Field(10.0, gt=0, le=120)
    debug: bool = False
    batching: bool = True
    """Off only to measure what batching saves: every load becomes its own vendor call."""


class FreshnessOverride(_Strict):
    """Cache a vendor route that sends no caching headers for `max_age` seconds (opt-in)."""

    path: str
    max_age: float = Field(gt=0)


class CacheSettings(_Strict):
    """The vendor-response cache: in memory by default, Redis when replicas share it."""

    enabled: bool = True
    store: Literal["memory", "redis"] = "memory"
    redis_url: str | None = None
    max_bytes: int = Field(64 * 1024 * 1024, gt=0)
    overrides: dict[str, list[FreshnessOverride]] = Field(default_factory=dict)


class ResilienceSettings(_Strict):
    """How hard to try a failing vendor and when to stop calling it (see the README)."""

    max_attempts: int = Field(3, ge=1, le=10)
    """Attempts per vendor call for GETs and keyed writes; other writes get exactly one."""
    backoff_base_s: float = Field(0.1, gt=0)
    backoff_cap_s: float = Field(2.0, gt=0)
    attempt_timeout_s: float | None = Field(None, gt=0)
    """Bounds one attempt so a hung connection can be retried; None: the deadline alone."""
    breaker_threshold: int = Field(5, ge=1)
    """Consecutive failed vendor calls (retries spent) that open a vendor's circuit."""
    breaker_cooldown_s: float = Field(5.0, gt=0)
    """How long an open circuit fails fast before one probe may go."""


DEFAULT_CONCURRENCY = 100


class VendorSettings(_Strict):
    """One vendor: its base URL and its key (read from the environment, never from the file)."""

    url: str
    key: SecretStr
    timeout_s: float = Field(10.0, gt=0)
    max_concurrency: int = Field(DEFAULT_CONCURRENCY, ge=1, le=1000)
    """Calls in flight to this vendor at once (more wait their turn); also its connection pool."""


class _VendorFile(_Strict):
    url: str | None = None
    key_env: str | None = None
    timeout_s: float = Field(10.0, gt=0)
    max_concurrency: int = DEFAULT_CONCURRENCY


class Settings(_Strict):
    """Everything the gateway needs to start."""

    server: ServerSettings = ServerSettings()
    cache: CacheSettings = CacheSettings()
    resilience: ResilienceSettings = ResilienceSettings()
    vendors: dict[str, VendorSettings] = Field(default_factory=dict)

    @property
    def uses_sandboxes(self) -> bool:
        """True when no vendor is configured: `serve` then starts the sandboxes itself."""
        return not self.vendors


ENV_SERVER = {
    "VENDORGRAPH_HOST": "host",
    "VENDORGRAPH_PORT": "port",
    "VENDORGRAPH_DEADLINE_S": "deadline_s",
    "VENDORGRAPH_DEBUG": "debug",
    "VENDORGRAPH_BATCHING": "batching",
}

ENV_RESILIENCE = {
    f"VENDORGRAPH_{name.upper()}": name
    for name in (
        "max_attempts",
        "backoff_base_s",
        "backoff_cap_s",
        "attempt_timeout_s",
        "breaker_threshold",
        "breaker_cooldown_s",
    )
}


def load_settings(
    path: Path | None, environ: Mapping[str, str], known_vendors: Iterable[str]
) -> Settings:
    """Read the file (if any), overlay the environment, and check every vendor has a URL and key."""
    raw = _read_toml(path) if path else {}
    vendors_raw = raw.pop("vendors", {})
    known = tuple(known_vendors)
    unknown = sorted(set(vendors_raw) - set(known))
    if unknown:
        raise ConfigError(
            f"unknown vendor section [vendors.{unknown[0]}]; known: {', '.join(known)}"
        )
    server = dict(raw.pop("server", {}))
    server.update({field: environ[name] for name, field in ENV_SERVER.items() if name in environ})
    cache = dict(raw.pop("cache", {}))
    if "VENDORGRAPH_REDIS_URL" in environ:
        cache.update(store="redis", redis_url=environ["VENDORGRAPH_REDIS_URL"])
    if "VENDORGRAPH_CACHE" in environ:
        cache["enabled"] = environ["VENDORGRAPH_CACHE"]
    resilience = dict(raw.pop("resilience", {}))
    resilience.update(
        {field: environ[name] for name, field in ENV_RESILIENCE.items() if name in environ}
    )
    if raw:
        raise ConfigError(f"unknown configuration section [{sorted(raw)[0]}]")
    vendors = {name: _vendor(name, vendors_raw.get(name), environ) for name in known}
    try:
        return Settings.model_validate(
            {
                "server": server,
                "cache": cache,
                "resilience": resilience,
                "vendors": {name: v for name, v in vendors.items() if v is not None},
            }
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"invalid configuration value {where}: {first['msg']}") from None


def _vendor(name: str, section: Any, environ: Mapping[str, str]) -> dict[str, Any] | None:
    """A vendor's fields from its section and the environment; Settings validates them."""
    prefix = f"VENDORGRAPH_{name.upper()}"
    try:
        file = _VendorFile(**(section or {}))
    except (ValidationError, TypeError) as exc:
        raise ConfigError(f"invalid section [vendors.{name}]: {exc}") from None
    url = environ.get(f"{prefix}_URL") or file.url
    key_var = file.key_env or f"{prefix}_KEY"
    key = environ.get(key_var)
    if section is None and url is None and key is None:
        return None
    if not url:
        raise ConfigError(f"vendor {name} has no URL: set {prefix}_URL or [vendors.{name}] url")
    if not key:
        raise ConfigError(f"vendor {name} has no key: set the environment variable {key_var}")
    return {
        "url": url,
        "key": SecretStr(key),
        "timeout_s": file.timeout_s,
        "max_concurrency": environ.get(f"{prefix}_MAX_CONCURRENCY") or file.max_concurrency,
    }


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"configuration file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"configuration file {path} is not valid TOML: {exc}") from None
