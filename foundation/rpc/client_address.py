"""The address of the client behind a request.

Without proxies in front (`WEB_TRUSTED_PROXIES=0`) it is the socket's peer address and
`X-Forwarded-For` is ignored: anyone can send that header. Behind N trusted proxies, each
appending the address it received from, it is the N-th entry from the right of
`X-Forwarded-For`; entries left of it were written by the client and are not believed.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence


def client_address(
    remote_addr: str | None, forwarded_for: Sequence[str], trusted_proxies: int
) -> str:
    """The client's address, normalised (`""` when unknown or malformed)."""
    candidate = remote_addr
    if trusted_proxies > 0:
        hops = [hop.strip() for header in forwarded_for for hop in header.split(",")]
        hops = [hop for hop in hops if hop]
        candidate = hops[-trusted_proxies] if len(hops) >= trusted_proxies else None
    if not candidate:
        return ""
    return _normalised(candidate)


@functools.lru_cache(maxsize=4096)
def _normalised(candidate: str) -> str:
    """An address in its normal form (`""` when malformed), remembered: a client sends
    many requests from one address (bounded, so made-up ones cannot grow it)."""
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""
