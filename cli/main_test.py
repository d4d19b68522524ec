import base64
import os
import socket
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli.main import _register, blossom, first_paragraph
from foundation.base.env import ENV
from foundation.base.paths import REPO_ROOT
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
        env={**os.environ, **env},
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
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert result.stderr.startswith(
        "error: configuration error: DATABASE_URL: must be set in production"
    ), result.stderr
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
