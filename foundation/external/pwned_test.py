"""The Pwned Passwords client over real HTTP against a local server serving range files:
only the prefix leaves, padding is asked for and ignored, a transient failure is retried,
a dead service is an `ExternalServiceError`."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.base.processes import free_port
from foundation.external.errors import ExternalServiceError
from foundation.external.pwned import PwnedPasswordsClient, parse_range, sha1_hex
from foundation.testing.fake_http import FakeHTTPServer, FakeResponse, fake_http

BREACHED = "password123456"  # pragma: allowlist secret


def serve_ranges(server: FakeHTTPServer, directory: Path, counts: dict[str, int]) -> None:
    """Write one range file per prefix (the passwords' suffixes with their counts, and
    zero-count padding as the real service adds) into `directory`, and serve each at
    `/range/PREFIX`."""
    files: dict[str, list[str]] = {}
    for password, count in counts.items():
        digest = sha1_hex(password)
        files.setdefault(digest[:5], []).append(f"{digest[5:]}:{count}")
    for prefix, lines in files.items():
        padded = [*lines, "0" * 35 + ":0", "F" * 35 + ":0"]
        path = directory / f"{prefix}.txt"
        path.write_text("\r\n".join(padded))
        server.respond("GET", f"/range/{prefix}", FakeResponse(200, path.read_text()))


async def test_a_breached_password_is_counted_from_its_prefix_alone(tmp_path: Path) -> None:
    with fake_http() as server:
        serve_ranges(server, tmp_path, {BREACHED: 4521, "another known one": 3})
        client = PwnedPasswordsClient(api_url=server.url)
        assert await client.breach_count(BREACHED) == 4521
        [call] = server.requests
        digest = sha1_hex(BREACHED)
        assert call.path == f"/range/{digest[:5]}"
        assert digest[5:] not in call.path + call.query + call.body.decode()
        assert call.headers["Add-Padding"] == "true"


async def test_an_unknown_password_counts_zero_and_padding_is_no_hit(tmp_path: Path) -> None:
    with fake_http() as server:
        serve_ranges(server, tmp_path, {BREACHED: 7})
        # The same prefix as BREACHED's file, another suffix: not in the file.
        digest = sha1_hex(BREACHED)
        client = PwnedPasswordsClient(api_url=server.url)
        server.respond(
            "GET", f"/range/{sha1_hex('not breached at all')[:5]}", FakeResponse(200, "")
        )
        assert await client.breach_count("not breached at all") == 0
    assert parse_range(f"{digest[5:]}:0\r\n{'A' * 35}:12\r\n\r\nnonsense") == {"A" * 35: 12}


async def test_a_transient_failure_is_retried_and_a_dead_service_raises(tmp_path: Path) -> None:
    with fake_http() as server:
        prefix = sha1_hex(BREACHED)[:5]
        server.respond(
            "GET",
            f"/range/{prefix}",
            FakeResponse(503),
            FakeResponse(200, f"{sha1_hex(BREACHED)[5:]}:2"),
        )
        client = PwnedPasswordsClient(api_url=server.url)
        assert await client.breach_count(BREACHED) == 2
        assert len(server.requests) == 2
    dead = PwnedPasswordsClient(api_url=f"http://127.0.0.1:{free_port()}", timeout_seconds=1)
    with pytest.raises(ExternalServiceError):
        await dead.breach_count(BREACHED)
