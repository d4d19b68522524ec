import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli.main import _register, blossom
from foundation.paths import REPO_ROOT

_register()


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


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
    assert result.output.strip() == os.environ["DATABASE_URL"]


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
