import pytest

from foundation.rpc.client_address import client_address


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("192.0.2.7", [], 0, "192.0.2.7"),
        ("192.0.2.7", ["198.51.100.1"], 0, "192.0.2.7"),  # not behind a proxy: ignored
        ("10.0.0.2", ["198.51.100.1"], 1, "198.51.100.1"),
        ("10.0.0.2", ["6.6.6.6, 198.51.100.1"], 1, "198.51.100.1"),  # a forged first hop
        ("10.0.0.2", ["6.6.6.6", "198.51.100.1, 10.0.0.1"], 2, "198.51.100.1"),
        ("10.0.0.2", [], 1, ""),  # the proxy sent nothing: unknown
        ("10.0.0.2", ["not an address"], 1, ""),
        (None, [], 0, ""),
        ("2001:DB8::1", [], 0, "2001:db8::1"),
    ],
)
def test_client_address(
    remote: str | None, forwarded: list[str], trusted: int, expected: str
) -> None:
    assert client_address(remote, forwarded, trusted) == expected
