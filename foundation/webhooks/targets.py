"""Safe webhook targets (SSRF): a delivery reaches only public addresses.

- `check_url` refuses a URL that is not `https` (plain `http` only with
  WEBHOOKS_ALLOW_PRIVATE_TARGETS, which production refuses), has no host, carries
  credentials, or names an IP literal outside the public internet.
- `SafeNetworkBackend` (httpcore's network layer) resolves the host itself and connects
  to an address it checked: private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback,
  link-local (169.254/16: cloud metadata, fe80::/10), shared, reserved, multicast and
  unspecified addresses are refused, an IPv4-mapped IPv6 address by its IPv4 part. A
  name that resolves to any refused address is refused as a whole (DNS rebinding gains
  nothing: the address connected to is the one checked). WEBHOOKS_ALLOW_PRIVATE_TARGETS
  lets loopback, private and link-local through (development and tests).
"""

from __future__ import annotations

import ipaddress
import socket
import typing
from urllib.parse import urlsplit

import anyio
import httpcore

from foundation.base.env import ENV
from foundation.base.errors import BaseError


class UnsafeTargetError(BaseError):
    """A webhook URL or the address it resolves to is not allowed."""


def address_allowed(address: str) -> bool:
    """Whether a delivery may connect to IP `address`."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_multicast or ip.is_unspecified:
        return False
    if ENV.webhooks_allow_private_targets:
        return True
    return ip.is_global


def check_url(url: str) -> None:
    """`UnsafeTargetError` unless `url` may be a webhook target (before any DNS)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise UnsafeTargetError("webhook url is malformed", url=url) from e
    allowed = ("https", "http") if ENV.webhooks_allow_private_targets else ("https",)
    if parts.scheme not in allowed:
        raise UnsafeTargetError("webhook url must use https", url=url)
    if not parts.hostname:
        raise UnsafeTargetError("webhook url has no host", url=url)
    if parts.username is not None or parts.password is not None:
        raise UnsafeTargetError("webhook url must not carry credentials", url=url)
    if port == 0:
        raise UnsafeTargetError("webhook url has no valid port", url=url)
    try:
        ipaddress.ip_address(parts.hostname)
    except ValueError:
        return  # a name: checked after resolution
    if not address_allowed(parts.hostname):
        raise UnsafeTargetError("webhook url names a private address", url=url)


async def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, each checked: `UnsafeTargetError` if any is
    refused (or none resolves)."""
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        raise UnsafeTargetError("webhook host does not resolve", host=host) from e
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    refused = [a for a in addresses if not address_allowed(a)]
    if refused or not addresses:
        raise UnsafeTargetError("webhook host resolves to a private address", host=host)
    return addresses


class SafeNetworkBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network layer, connecting only to checked addresses (`resolve`); TLS is
    still verified against the URL's host name (httpcore passes it as SNI)."""

    def __init__(self) -> None:
        self._inner: httpcore.AsyncNetworkBackend = (
            httpcore.AnyIOBackend()
        )  # pyright: ignore[reportAttributeAccessIssue] httpcore declares a placeholder when anyio is missing
        self.connected_to: str | None = None
        """The address the last connection went to."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,  # noqa: ARG002 (httpcore's interface; never bound)
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve(host, port)
        last: Exception | None = None
        for address in addresses:
            try:
                stream = await self._inner.connect_tcp(
                    address, port, timeout=timeout, socket_options=socket_options
                )
            except httpcore.ConnectError as e:
                last = e
                continue
            self.connected_to = address
            return stream
        raise httpcore.ConnectError(f"no address of {host} answered: {last!r}")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ARG002, ASYNC109 (httpcore's interface)
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,  # noqa: ARG002
    ) -> httpcore.AsyncNetworkStream:
        raise UnsafeTargetError("webhooks never use unix sockets", path=path)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def read_capped(response: httpcore.Response, cap: int) -> bytes:
    """The body of a streamed `response`, read until more than `cap` bytes came (then
    at most one chunk more: the caller slices or refuses)."""
    kept = b""
    async for (
        chunk
    ) in (
        response.aiter_stream()
    ):  # pyright: ignore[reportUnknownMemberType, reportAttributeAccessIssue] httpcore's stream is untyped
        kept += bytes(
            chunk
        )  # pyright: ignore[reportUnknownArgumentType] httpcore's stream is untyped
        if len(kept) > cap:
            break
    return kept
