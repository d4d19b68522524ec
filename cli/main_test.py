import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

import click
import httpx
import pytest
from click.testing import CliRunner

from cli.main import _register, blossom, first_paragraph
from database.connection import direct_database_url, with_database
from database.testing.databases import connections_refused, fresh_database
from foundation.base.env import ENV
from foundation.base.paths import REPO_ROOT
from foundation.testing.live_server import live_server
from foundation.testing.settings import process_env
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

_register()


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def _command(group: click.Group, path: tuple[str, ...]) -> click.Command:
    command: click.Command = group
    for part in path:
        assert isinstance(command, click.Group)
        command = command.commands[part]
    return command


@pytest.mark.parametrize("path", _commands(blossom), ids=lambda p: " ".join(p) or "blossom")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(blossom, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    # A one-line description for every subcommand listed.
    command = blossom
    for part in path:
        assert isinstance(command, click.Group)
        command = command.commands[part]
    assert command.help


def test_db_url_prints_the_configured_url() -> None:
    result = CliRunner().invoke(blossom, ["db", "url"])
    assert result.exit_code == 0
    assert result.output.strip() == ENV.database_url


def test_new_migration_creates_a_chained_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from database import migrate

    (tmp_path / "0001_first.sql").write_text("-- first\n")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path)
    result = CliRunner().invoke(blossom, ["db", "new-migration", "add_widgets"])
    assert result.exit_code == 0, result.output
    created = tmp_path / "0002_add_widgets.sql"
    assert created.read_text().startswith("-- depends: 0001_first\n")
    bad = CliRunner().invoke(blossom, ["db", "new-migration", "Add Widgets"])
    assert bad.exit_code != 0


def test_reset_asks_for_confirmation() -> None:
    result = CliRunner().invoke(blossom, ["db", "reset"], input="n\n")
    assert result.exit_code != 0
    assert "Drop every table" in result.output


def test_configuration_error_is_one_line_naming_the_variable() -> None:
    env = {**os.environ, "DATABASE_POOL_MAX_SIZE": "many"}
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", "db", "url"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_POOL_MAX_SIZE" in result.stderr


def _blossom(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=REPO_ROOT,
        env=process_env(env),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "command",
    [("db", "migrate"), ("admin", "grant", "ada@example.com"), ("admin", "list")],
    ids=["psycopg", "asyncpg-grant", "asyncpg-list"],
)
def test_an_unreachable_database_is_one_line_with_the_url_but_not_the_password(
    command: tuple[str, ...],
) -> None:
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    result = _blossom(*command, DATABASE_URL="postgresql://app:s3cret-pw@127.0.0.1:1/blossom")
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert result.stderr.startswith(
        "error: cannot reach the database at postgresql://app:***@127.0.0.1:1/blossom: "
    )
    assert "s3cret-pw" not in result.stderr
    assert "Traceback" not in result.stderr


def _listening() -> socket.socket:
    """A socket of ours listening on a free loopback port (close it after)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


@pytest.mark.parametrize(
    ("taken", "command", "remedy"),
    [
        (
            "app",
            ("product", "serve", "--host", "127.0.0.1", "--port", "{port}"),
            "--port or PRODUCT_PORT",
        ),
        ("app", ("dev",), "set PRODUCT_PORT to another port"),
        (
            "metrics",
            (
                "panopticon",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "{free}",
                "--metrics-port",
                "{port}",
            ),
            "--metrics-port",
        ),
    ],
    ids=["product-serve", "dev", "metrics-port"],
)
def test_a_taken_port_is_named_with_what_to_do_not_blamed_on_the_database(
    taken: str, command: tuple[str, ...], remedy: str
) -> None:
    with _listening() as holder, _listening() as spare:
        port = holder.getsockname()[1]
        free = spare.getsockname()[1]
        spare.close()
        args = [part.format(port=port, free=free) for part in command]
        result = _blossom(
            *args, WEB_HOST="127.0.0.1", PRODUCT_PORT=str(port), METRICS_HOST="127.0.0.1"
        )
    assert result.returncode == 2, result.stderr
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(
        f"error: cannot listen on 127.0.0.1:{port}: the port is already in use by another process"
    ), result.stderr
    assert remedy in error
    assert "database" not in result.stderr and "Traceback" not in result.stderr


def test_migrate_leaves_schema_sql_alone_outside_development() -> None:
    before = (REPO_ROOT / "database" / "schema.sql").stat().st_mtime_ns
    for environment in ("test", "production"):
        # DATABASE_URL is the test database (migrated): nothing to apply, nothing written.
        result = _blossom("db", "migrate", BLOSSOM_ENV=environment, **_production_secrets())
        assert result.returncode == 0, result.stderr
        assert "database is up to date" in result.stderr  # progress lines go to stderr
        assert "schema.sql" not in result.stderr
    assert (REPO_ROOT / "database" / "schema.sql").stat().st_mtime_ns == before


@pytest.mark.parametrize(
    "command",
    [
        ("product", "serve"),
        ("panopticon", "serve"),
        ("db", "migrate"),
        ("admin", "list"),
        ("pipeline", "daemon"),
        ("pipeline", "housekeeping"),
    ],
    ids=" ".join,
)
def test_production_without_database_url_refuses_to_start_and_starts_no_embedded_postgres(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    embedded = tmp_path / "pg"
    result = _blossom(
        *command,
        BLOSSOM_ENV="production",
        DATABASE_URL="",
        EMBEDDED_POSTGRES_DIR=str(embedded),
        **_production_secrets(),
    )
    assert result.returncode == 2, result.stderr
    [line] = _json_lines(result.stderr)  # production: the error is a JSON log line
    assert line["level"] == "error" and line["logger"] == "blossom.cli", line
    assert line["message"].startswith(
        "configuration error: DATABASE_URL: must be set in production"
    ), line
    assert not embedded.exists() and not list(tmp_path.iterdir())


def _production_secrets() -> dict[str, str]:
    key = base64.b64encode(b"k" * 32).decode()
    return {"SESSION_SECRET": "p" * 40, "VAULT_KEYS": f"prod:{key}"}


def test_schema_sql_is_rewritten_only_in_development_from_a_checkout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from database.migrate import schema_file_writable
    from foundation.base.env import reload_env

    try:
        monkeypatch.setenv("BLOSSOM_ENV", "development")
        reload_env()
        assert schema_file_writable() == (REPO_ROOT / ".git").exists()
        monkeypatch.setenv("BLOSSOM_ENV", "production")
        monkeypatch.setenv("SESSION_SECRET", "p" * 40)
        monkeypatch.setenv("VAULT_KEYS", _production_secrets()["VAULT_KEYS"])
        reload_env()
        assert not schema_file_writable()
    finally:
        monkeypatch.undo()
        reload_env()


@pytest.mark.parametrize(
    "path",
    [p for p in _commands(blossom) if isinstance(_command(blossom, p), click.Group)],
    ids=lambda p: " ".join(p) or "blossom",
)
def test_group_help_lists_each_command_with_its_whole_first_paragraph(
    path: tuple[str, ...],
) -> None:
    # terminal_width 80: what a terminal of the usual width gets.
    result = CliRunner().invoke(blossom, [*path, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    listing = " ".join(result.output.split("Commands:", 1)[1].split())
    assert "..." not in listing, result.output
    group = _command(blossom, path)
    assert isinstance(group, click.Group)
    for name, command in group.commands.items():
        assert command.help
        assert f"{name} {first_paragraph(command.help)}" in listing, result.output


def test_first_paragraph_is_one_line_up_to_the_blank_line() -> None:
    assert first_paragraph("Open psql (e.g. -c\n    'SELECT 1').\n\n    More.") == (
        "Open psql (e.g. -c 'SELECT 1')."
    )
    assert first_paragraph("\b\nKept as is\n") == "Kept as is"


def _json_lines(output: str) -> list[dict[str, Any]]:
    """Every line of `output` as a JSON log line (fails on any other line)."""
    lines: list[dict[str, Any]] = []
    for text in output.splitlines():
        try:
            line = json.loads(text)
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON line: {text!r}\nin:\n{output}")
        assert isinstance(line, dict), text
        assert list(line)[:4] == ["timestamp", "level", "logger", "message"], text
        lines.append(cast(dict[str, Any], line))
    return lines


def _environment(name: str, url: str) -> dict[str, str]:
    return {"BLOSSOM_ENV": name, "LOG_FORMAT": "auto", "DATABASE_URL": url} | (
        _production_secrets() if name == "production" else {}
    )


POOL_WARNING = "Failed to restore the pool connection floor"


@pytest.mark.parametrize("environment", ["production", "development"])
def test_a_production_server_writes_only_json_lines_development_readable_ones(
    environment: str,
) -> None:
    """The server's own lines, the CLI's, and asyncpg's: its pool warns when it cannot
    reconnect (the database refusing connections and ending the open ones)."""
    with fresh_database("blossom_logs") as (server_url, name):
        env = _environment(environment, with_database(server_url, name))
        with live_server(["-m", "cli.main", "product", "serve"], env) as server:
            assert httpx.get(server.url + "/ready", timeout=30).status_code == 200
            with connections_refused(server_url, name):
                deadline = time.monotonic() + 60
                while POOL_WARNING not in server.output() and time.monotonic() < deadline:
                    time.sleep(0.1)
            server.process.terminate()  # its shutdown's lines too
            server.process.wait(timeout=60)
            output = server.output()
    assert POOL_WARNING in output, output
    if environment == "development":
        assert not [line for line in output.splitlines() if line.startswith("{")], output
        assert "-> serving product on http://" in output  # the CLI's line
        assert re.search(r"\[warning\s*\] Failed to restore the pool connection floor", output)
        assert re.search(r"\[info\s*\] serving .*app=product", output)
        return
    lines = _json_lines(output)
    loggers = {line["logger"] for line in lines}
    assert {"blossom.cli", "foundation.webserver.serve", "asyncpg.pool"} <= loggers, loggers
    [serving] = [line for line in lines if line["message"] == "serving"]
    assert serving["level"] == "info" and serving["app"] == "product"
    pool = next(line for line in lines if line["logger"] == "asyncpg.pool")
    assert pool["level"] == "warning" and pool["message"].startswith(POOL_WARNING)
    assert "request_id" not in pool  # not the request during which the pool was refilled
    assert "Traceback" not in output


@pytest.mark.parametrize("environment", ["production", "development"])
def test_cli_progress_and_errors_are_json_lines_in_production(environment: str) -> None:
    # `db start` with DATABASE_URL set starts nothing and says so: a progress line.
    started = _blossom("db", "start", **_environment(environment, direct_database_url()))
    assert started.returncode == 0, started.stderr
    typo = _blossom("db", "strat", **_environment(environment, direct_database_url()))
    assert typo.returncode == 2, typo.stderr
    if environment == "development":
        assert started.stderr.splitlines() == ["-> postgres is running"]
        assert "Error: No such command 'strat'" in typo.stderr
        return
    [progress] = _json_lines(started.stderr)
    assert progress["level"] == "info" and progress["logger"] == "blossom.cli"
    assert progress["message"] == "postgres is running"
    [usage] = _json_lines(typo.stderr)
    assert usage["level"] == "error" and usage["logger"] == "blossom.cli"
    assert usage["message"].startswith("No such command 'strat'.")
    assert usage["command"].endswith(" db") and usage["exit_code"] == 2


def test_an_unexpected_error_is_one_json_line_with_its_traceback_in_production(
    tmp_path: Path,
) -> None:
    """A crash of a command (here: the export writing into a directory that does not
    exist) is one line with the traceback in its `exception` field, exit 1."""
    result = _blossom(
        "export",
        "organizations",
        "--to-csv",
        str(tmp_path / "missing" / "organizations.csv"),
        **_environment("production", direct_database_url()),
    )
    assert result.returncode == 1, result.stderr
    crash = _json_lines(result.stderr)[-1]
    assert crash["level"] == "error" and crash["message"] == "unexpected error"
    assert "Traceback" in crash["exception"] and "FileNotFoundError" in crash["exception"]
