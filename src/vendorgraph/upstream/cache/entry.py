"""A stored response (one variant) and its compact binary serialisation."""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import httpx

from vendorgraph.upstream.cache.directives import Directives, cache_control

FORMAT_VERSION = 2  # 2: Vary'd request values are stored as digests
_LENGTH = struct.Struct(">BI")


@dataclass(frozen=True)
class Entry:
    """One stored response: what the origin sent, when, and the request fields its Vary names."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    request_time: float
    response_time: float
    vary: tuple[tuple[str, str | None], ...] = ()
    fields: httpx.Headers = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", httpx.Headers(list(self.headers)))

    @cached_property
    def directives(self) -> Directives:
        """The stored response's Cache-Control directives."""
        return cache_control(self.fields)

    @property
    def size(self) -> int:
        """Approximate bytes this entry holds."""
        header_bytes = sum(len(k) + len(v) for k, v in self.headers)
        vary_bytes = sum(len(k) + len(v or "") for k, v in self.vary)
        return len(self.body) + header_bytes + vary_bytes + 64


def encode_variants(variants: Sequence[Entry]) -> bytes:
    """Serialise a key's variants: a JSON table of metadata followed by the raw bodies."""
    meta = [
        [e.status, e.headers, e.request_time, e.response_time, e.vary, len(e.body)]
        for e in variants
    ]
    table = json.dumps(meta, separators=(",", ":")).encode()
    return _LENGTH.pack(FORMAT_VERSION, len(table)) + table + b"".join(e.body for e in variants)


def decode_variants(data: bytes) -> list[Entry]:
    """The inverse of `encode_variants`; an unknown format version decodes to nothing."""
    version, table_length = _LENGTH.unpack_from(data)
    if version != FORMAT_VERSION:
        return []
    start = _LENGTH.size
    offset = start + table_length
    entries: list[Entry] = []
    for status, headers, request_time, response_time, vary, length in json.loads(
        data[start:offset]
    ):
        entries.append(
            Entry(
                status=status,
                headers=tuple((k, v) for k, v in headers),
                body=data[offset : offset + length],
                request_time=request_time,
                response_time=response_time,
                vary=tuple((k, v) for k, v in vary),
            )
        )
        offset += length
    return entries
