import socket

import pytest

from foundation.tenancy import domains
from foundation.testing.dns_server import dns_server
from foundation.testing.settings import override_env


def test_names() -> None:
    assert domains.normalize(" Example.COM. ") == "example.com"
    assert domains.email_domain("Ada@Example.com") == "example.com"
    assert domains.is_domain("a-b.example.co.uk")
    for bad in ("example", "-a.test", "a-.test", "a..test", "a.1", "é.test", "a" * 64 + ".test"):
        assert not domains.is_domain(bad), bad
    assert domains.is_public_provider("gmail.com")
    assert domains.is_public_provider("mail.yahoo.com")  # a subdomain of a provider
    assert not domains.is_public_provider("example.com")
    assert not domains.is_public_provider("com")


async def test_txt_values_of_a_record_of_several_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    with dns_server(monkeypatch) as records:
        records["_blossom-verification.example.test"] = ["blossom-verification=abc", "other"]
        assert sorted(await domains.txt_values("_blossom-verification.example.test")) == [
            "blossom-verification=abc",
            "other",
        ]
        assert await domains.published("example.test", "abc")
        assert not await domains.published("example.test", "abd")
        assert await domains.txt_values("missing.example.test") == []


async def test_an_unanswering_resolver_means_no_record(monkeypatch: pytest.MonkeyPatch) -> None:
    # A bound UDP socket that never answers: the lookup gives up after the timeout.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        port = silent.getsockname()[1]
        override_env(monkeypatch, dns_resolver=f"127.0.0.1:{port}", dns_timeout_seconds=0.2)
        assert await domains.txt_values("example.test") == []
