import base64
from pathlib import Path

import pytest

from foundation.env import DEVELOPMENT_SESSION_SECRET, ENV, load_env
from foundation.errors import ConfigurationError
from foundation.paths import REPO_ROOT


def _files(tmp_path: Path, example: str, local: str = "") -> tuple[Path, Path]:
    (tmp_path / ".env.example").write_text(example)
    (tmp_path / ".env.local").write_text(local)
    return tmp_path / ".env.example", tmp_path / ".env.local"


EXAMPLE = (REPO_ROOT / ".env.example").read_text()


def test_env_is_typed_and_reflects_the_test_environment() -> None:
    assert ENV.environment == "test"
    assert isinstance(ENV.database_pool_max_size, int)
    assert ENV.database_url.startswith("postgresql://")


def test_precedence_environment_then_local_then_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_POOL_MAX_SIZE", raising=False)
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    files = _files(tmp_path, EXAMPLE, "DATABASE_POOL_MAX_SIZE=7\nLOG_LEVEL=debug\n")
    assert load_env(files).database_pool_max_size == 7
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "3")
    env = load_env(files)
    assert env.database_pool_max_size == 3
    assert env.log_level == "debug"


def test_malformed_value_names_the_variable_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "lots")
    with pytest.raises(ConfigurationError) as e:
        load_env()
    message = str(e.value)
    assert "DATABASE_POOL_MAX_SIZE" in message and "'lots'" in message
    assert "\n" not in message


def test_missing_value_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    without = "\n".join(line for line in EXAMPLE.splitlines() if not line.startswith("LOG_LEVEL"))
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    with pytest.raises(ConfigurationError, match="LOG_LEVEL: is not set"):
        load_env(_files(tmp_path, without))


def test_database_url_must_be_postgres(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://nope")
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        load_env()


def test_session_secret_is_checked_without_echoing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SESSION_SECRET", "short-secret-value")
    with pytest.raises(ConfigurationError, match="SESSION_SECRET") as e:
        load_env()
    assert "short-secret-value" not in str(e.value)


def test_production_refuses_the_development_session_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BLOSSOM_ENV", "production")
    monkeypatch.setenv("SESSION_SECRET", DEVELOPMENT_SESSION_SECRET)
    with pytest.raises(ConfigurationError, match=r"SESSION_SECRET: .*in production"):
        load_env()
    monkeypatch.setenv("SESSION_SECRET", "x" * 40)
    with pytest.raises(ConfigurationError, match=r"VAULT_KEYS: .*development key"):
        load_env()
    key = base64.b64encode(bytes(32)).decode()
    monkeypatch.setenv("VAULT_KEYS", f"prod1:{key}")
    assert load_env().is_production


def test_malformed_vault_keys_name_the_problem_not_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VAULT_KEYS", "k1:c2VjcmV0LXZhbHVl")
    with pytest.raises(ConfigurationError, match=r"VAULT_KEYS: .*must be 32 bytes") as e:
        load_env()
    assert "c2VjcmV0" not in str(e.value)


def test_every_setting_is_documented_in_env_example() -> None:
    from foundation.env import Env

    documented = {
        line.split("=")[0]
        for line in EXAMPLE.splitlines()
        if "=" in line and not line.startswith("#")
    }
    aliases = {str(f.validation_alias) for f in Env.model_fields.values()}
    assert aliases <= documented
