"""A real DNS server on loopback for tests (`dnslib`'s UDP server in a thread) answering
TXT records from a dict the test changes as it goes:

    with dns_server(monkeypatch) as records:
        records["_blossom-verification.acme.test"] = ["blossom-verification=..."]

It points DNS_RESOLVER at itself for the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from dnslib import QTYPE, RCODE, RR, TXT  # pyright: ignore[reportMissingTypeStubs] untyped package
from dnslib.server import (
    BaseResolver,
    DNSServer,
)  # pyright: ignore[reportMissingTypeStubs] untyped package

from foundation.testing.settings import override_env


class _Records(BaseResolver):  # pyright: ignore[reportUntypedBaseClass] untyped package
    def __init__(self) -> None:
        self.txt: dict[str, list[str]] = {}

    def resolve(self, request: Any, handler: Any) -> Any:
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        values = self.txt.get(name)
        if values is None:
            reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype == QTYPE.TXT:
            for value in values:
                reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=TXT(value), ttl=1))
        return reply


@contextmanager
def dns_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[str]]]:
    """Start the server on a free loopback port; yield its TXT records (name -> values)."""
    records = _Records()
    server = DNSServer(records, port=0, address="127.0.0.1", logger=_Quiet())
    server.start_thread()
    try:
        host, port = server.server.server_address
        override_env(monkeypatch, dns_resolver=f"{host}:{port}", dns_timeout_seconds=2)
        yield records.txt
    finally:
        server.stop()
        server.server.server_close()


class _Quiet:
    """dnslib's logger interface, silent."""

    def __getattr__(self, _name: str) -> Any:
        return lambda *_args, **_kwargs: None
