"""SSRF: webhook targets must be https and public, checked on the address connected to
after DNS; WEBHOOKS_ALLOW_PRIVATE_TARGETS lets loopback through (never in production)."""

from __future__ import annotations

import base64

import pytest

from foundation.base.env import load_env
from foundation.base.errors import ConfigurationError
from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.settings import override_env
from foundation.webhooks.sender import post
from foundation.webhooks.targets import (
    SafeNetworkBackend,
    UnsafeTargetError,
    address_allowed,
    check_url,
)

REFUSED_ADDRESSES = [
    "127.0.0.1",
    "127.1.2.3",
    "10.0.0.1",
    "10.255.1.2",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
]


@pytest.mark.parametrize("address", REFUSED_ADDRESSES)
def test_private_addresses_refused(address: str) -> None:
    assert not address_allowed(address)


def test_public_addresses_allowed() -> None:
    assert address_allowed("93.184.216.34")
    assert address_allowed("2606:2800:220:1:248:1893:25c8:1946")


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/x",  # plain http
        "ftp://hooks.example.com/x",
        "https:///x",
        "https://user:pw@hooks.example.com/x",
        "https://127.0.0.1/x",
        "https://10.1.2.3/x",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://hooks.example.com:99999/x",
    ],
)
def test_unsafe_urls_refused(url: str) -> None:
    with pytest.raises(UnsafeTargetError):
        check_url(url)


def test_public_https_urls_allowed() -> None:
    check_url("https://hooks.example.com/blossom")
    check_url("https://93.184.216.34:8443/x")


async def test_a_name_resolving_to_loopback_is_refused_after_dns() -> None:
    backend = SafeNetworkBackend()
    with pytest.raises(UnsafeTargetError, match="private address"):
        await backend.connect_tcp("localhost", 443)
    assert backend.connected_to is None


async def test_delivery_to_private_targets_never_connects() -> None:
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200))
        port = receiver.url.rsplit(":", 1)[1]
        for url in (
            f"https://localhost:{port}/hook",  # a name resolving to 127.0.0.1
            f"https://127.0.0.1:{port}/hook",
            f"https://[::1]:{port}/hook",
            f"https://10.0.0.1:{port}/hook",
            f"https://169.254.169.254:{port}/hook",
            f"{receiver.url}/hook",  # plain http
        ):
            attempt = await post(url, {}, b"{}")
            assert attempt.status_code is None
            assert attempt.error is not None and attempt.error.startswith("refused target"), url
        assert receiver.requests == []
        # Plain http is refused for its scheme, before any address is looked at.
        plain = await post("http://hooks.example.com/hook", {}, b"{}")
        assert plain.error is not None
        assert plain.error.startswith("refused target: webhook url must use https")


async def test_allowed_in_development_connects_to_the_checked_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200, "ok"))
        port = int(receiver.url.rsplit(":", 1)[1])
        backend = SafeNetworkBackend()
        stream = await backend.connect_tcp("127.0.0.1", port)
        await stream.aclose()
        assert backend.connected_to == "127.0.0.1"
        attempt = await post(f"{receiver.url}/hook", {}, b"{}")
        assert attempt.status_code == 200 and attempt.response_body == "ok"


def test_private_targets_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLOSSOM_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://blossom@db.internal/blossom")
    monkeypatch.setenv("SESSION_SECRET", "x" * 40)
    monkeypatch.setenv("VAULT_KEYS", f"prod1:{base64.b64encode(bytes(32)).decode()}")
    monkeypatch.setenv("WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true")
    with pytest.raises(ConfigurationError, match="WEBHOOKS_ALLOW_PRIVATE_TARGETS"):
        load_env()
    monkeypatch.setenv("WEBHOOKS_ALLOW_PRIVATE_TARGETS", "false")
    assert load_env().is_production
