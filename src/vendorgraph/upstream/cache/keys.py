"""Cache keys: namespace, credential identity (hashed), method and normalised URL."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

DEFAULT_CREDENTIAL_HEADERS = ("authorization", "x-tenant-api-key")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class CacheKey:
    """Where one request's stored variants live; Vary'd request fields select among them.

    `credential` is a SHA-256 digest of the credential headers' values, never the raw secret.
    """

    namespace: str
    credential: str
    method: str
    url: str

    @property
    def digest(self) -> str:
        """A fixed-length identifier of the credential, method and URL parts."""
        text = f"{self.credential}\n{self.method}\n{self.url}"
        return hashlib.sha256(text.encode()).hexdigest()


def normalise_origin(url: str) -> tuple[str, str]:
    """Lower-cased scheme and authority (default port dropped), and the rest of the URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    authority = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    rest = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return f"{scheme}://{authority}", rest


def normalise_url(url: str) -> str:
    """The URL as keys hold it: origin lower-cased, query parameters sorted, fragment dropped.

    Parameters are sorted by name (stably), so `?b=2&a=1` and `?a=1&b=2` share an entry while a
    repeated name keeps its values' order; their encoding is left as sent.
    """
    origin, rest = normalise_origin(url)
    path, _, query = rest.partition("?")
    pairs = sorted((p for p in query.split("&") if p), key=lambda p: p.partition("=")[0])
    return f"{origin}{path}" + (f"?{'&'.join(pairs)}" if pairs else "")


def normalise_prefix(url_prefix: str) -> str:
    """A URL prefix with its origin normalised like `normalise_url`; the rest kept as given."""
    parts = urlsplit(url_prefix)
    origin, _ = normalise_origin(url_prefix)
    remainder = url_prefix.split(parts.netloc, 1)[1] if parts.netloc else ""
    return origin + (remainder or "/")


def credential_identity(headers: httpx.Headers, names: Sequence[str]) -> str:
    """A SHA-256 digest of the named credential headers' values ("" when none is present)."""
    present = [(name.lower(), headers.get(name)) for name in sorted(set(names))]
    material = "\n".join(f"{name}={value}" for name, value in present if value is not None)
    return hashlib.sha256(material.encode()).hexdigest() if material else ""


@dataclass(frozen=True)
class KeyMaker:
    """Builds cache keys for one namespace from requests."""

    namespace: str
    credential_headers: tuple[str, ...] = DEFAULT_CREDENTIAL_HEADERS

    def key_for(self, request: httpx.Request) -> CacheKey:
        """The key of a request."""
        return CacheKey(
            namespace=self.namespace,
            credential=credential_identity(request.headers, self.credential_headers),
            method=request.method.upper(),
            url=normalise_url(str(request.url)),
        )

    def has_credential(self, request: httpx.Request) -> bool:
        """Whether the request carries a credential header that the key includes."""
        return any(name in request.headers for name in self.credential_headers)

    def authorization_unkeyed(self, request: httpx.Request) -> bool:
        """Whether the request carries Authorization while the key leaves it out."""
        keyed = {name.lower() for name in self.credential_headers}
        return "authorization" in request.headers and "authorization" not in keyed
