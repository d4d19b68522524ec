import base64
from pathlib import Path

import pytest

from foundation.base.env import DEVELOPMENT_SESSION_SECRET, ENV, load_env
from foundation.base.errors import ConfigurationError
from foundation.base.paths import REPO_ROOT


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
    from foundation.base.env import Env

    documented = {
        line.split("=")[0]
        for line in EXAMPLE.splitlines()
        if "=" in line and not line.startswith("#")
    }
    aliases = {str(f.validation_alias) for f in Env.model_fields.values()}
    assert aliases <= documented


def test_a_misspelt_variable_in_env_local_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as e:
        load_env(_files(tmp_path, EXAMPLE, "DATABASE_POOL_MAX_SIZ=5\n"))
    message = str(e.value)
    assert "DATABASE_POOL_MAX_SIZ: is not a Blossom setting" in message
    assert "did you mean DATABASE_POOL_MAX_SIZE?" in message and "\n" not in message


def test_unrelated_process_environment_variables_are_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZ", "5")  # a shell's own variables are not ours
    assert load_env().database_pool_max_size == ENV.database_pool_max_size


def test_pool_minimum_above_maximum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_POOL_MIN_SIZE", "8")
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "4")
    with pytest.raises(ConfigurationError) as e:
        load_env()
    assert str(e.value) == (
        "configuration error: DATABASE_POOL_MIN_SIZE (8) is above DATABASE_POOL_MAX_SIZE (4)"
    )


def test_a_pooler_needs_a_direct_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behind PgBouncer, LISTEN and session locks through DATABASE_URL would fail silently."""
    bouncer = "postgresql://app@pgbouncer.internal:6432/blossom"
    monkeypatch.setenv("DATABASE_URL", bouncer)
    monkeypatch.setenv("DATABASE_POOLER", "pgbouncer")
    for direct in ("", bouncer):
        monkeypatch.setenv("DATABASE_DIRECT_URL", direct)
        with pytest.raises(ConfigurationError, match="needs DATABASE_DIRECT_URL"):
            load_env()
    monkeypatch.setenv("DATABASE_DIRECT_URL", "postgresql://app@db.internal:5432/blossom")
    assert load_env().database_pooler == "pgbouncer"
    monkeypatch.setenv("DATABASE_DIRECT_URL", "mysql://nope")
    with pytest.raises(ConfigurationError, match="DATABASE_DIRECT_URL"):
        load_env()


@pytest.mark.parametrize(
    "origins",
    ["app.example.com", "https://app.example.com/", "https://app.example.com/path", "ftp://x.io"],
)
def test_malformed_cors_origins_are_refused(origins: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", f"https://ok.example.com, {origins}")
    with pytest.raises(ConfigurationError, match=r"CORS_ORIGINS: .*is not an origin"):
        load_env()


def test_malformed_webauthn_origins_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBAUTHN_ORIGINS", "https://app.example.com/login")
    with pytest.raises(ConfigurationError, match=r"WEBAUTHN_ORIGINS: .*is not an origin"):
        load_env()


def test_the_webauthn_relying_party_follows_product_url_unless_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRODUCT_URL", "https://app.example.com/")
    monkeypatch.setenv("WEBAUTHN_RP_ID", "")
    monkeypatch.setenv("WEBAUTHN_ORIGINS", "")
    env = load_env()
    assert (env.webauthn_rp, env.webauthn_origin_list) == (
        "app.example.com",
        ["https://app.example.com"],
    )
    monkeypatch.setenv("WEBAUTHN_RP_ID", "example.com")
    monkeypatch.setenv("WEBAUTHN_ORIGINS", "https://app.example.com, https://www.example.com")
    env = load_env()
    assert (env.webauthn_rp, env.webauthn_origin_list) == (
        "example.com",
        ["https://app.example.com", "https://www.example.com"],
    )


def test_cors_origins_accept_hosts_ports_and_ipv6(monkeypatch: pytest.MonkeyPatch) -> None:
    value = "https://app.example.com, http://localhost:5173,http://[::1]:8080"
    monkeypatch.setenv("CORS_ORIGINS", value)
    assert load_env().cors_origin_list == [
        "https://app.example.com",
        "http://localhost:5173",
        "http://[::1]:8080",
    ]


@pytest.mark.parametrize(
    "url", ["api.example.com", "https://api.example.com/", "ftp://api.example.com", "https://a b"]
)
def test_malformed_public_urls_are_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANOPTICON_PUBLIC_URL", url)
    with pytest.raises(ConfigurationError, match=r"PANOPTICON_PUBLIC_URL: .*is not an address"):
        load_env()


def test_public_urls_default_to_the_apps_ports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRODUCT_PUBLIC_URL", "")
    monkeypatch.setenv("PRODUCT_PORT", "8001")
    monkeypatch.setenv("PANOPTICON_PUBLIC_URL", "https://admin.example.com/api")
    env = load_env()
    assert env.product_api_url == "http://localhost:8001"
    assert env.panopticon_api_url == "https://admin.example.com/api"


def test_session_secret_is_a_list_of_long_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = "a" * 40, "b" * 32
    monkeypatch.setenv("SESSION_SECRET", f"{first}, {second}")
    assert load_env().session_secrets == [first, second]
    monkeypatch.setenv("SESSION_SECRET", f"{first},short")
    with pytest.raises(ConfigurationError, match=r"SESSION_SECRET: .*key 2 is shorter") as e:
        load_env()
    assert "short" not in str(e.value).split("SESSION_SECRET:")[1].replace("shorter", "")


def test_production_refuses_the_development_secret_anywhere_in_the_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BLOSSOM_ENV", "production")
    monkeypatch.setenv("SESSION_SECRET", f"{'p' * 40},{DEVELOPMENT_SESSION_SECRET}")
    with pytest.raises(ConfigurationError, match=r"SESSION_SECRET: .*of your own"):
        load_env()


def test_every_missing_or_invalid_setting_is_reported_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without = "\n".join(
        line for line in EXAMPLE.splitlines() if not line.startswith(("LOG_LEVEL", "EMAIL_FROM"))
    )
    for name in ("LOG_LEVEL", "EMAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "lots")
    monkeypatch.setenv("SESSION_SECRET", "short-secret-value")
    with pytest.raises(ConfigurationError) as e:
        load_env(_files(tmp_path, without))
    message = str(e.value)
    assert message.startswith("configuration error (4 settings): ")
    for problem in (
        "LOG_LEVEL: is not set",
        "EMAIL_FROM: is not set",
        "DATABASE_POOL_MAX_SIZE: input should be a valid integer",
        "SESSION_SECRET: key 1 is shorter than 32 characters",
    ):
        assert problem in message
    assert "\n" not in message and "short-secret-value" not in message


def test_production_needs_database_url_and_real_secrets_all_named_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BLOSSOM_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("SESSION_SECRET", DEVELOPMENT_SESSION_SECRET)
    with pytest.raises(ConfigurationError) as e:
        load_env()
    message = str(e.value)
    assert message.startswith("configuration error (3 settings): ")
    assert "DATABASE_URL: must be set in production" in message
    assert "SESSION_SECRET: must be set to a secret of your own in production" in message
    assert "VAULT_KEYS: the development key 'dev' is refused in production" in message
    assert "\n" not in message


def test_product_url_defaults_to_this_checkouts_product_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The development server answers the pages emails link to (product/dev_pages/)."""
    monkeypatch.setenv("PRODUCT_PORT", "41234")
    monkeypatch.setenv("PRODUCT_URL", "")
    assert load_env().product_base_url == "http://localhost:41234"
    monkeypatch.setenv("PRODUCT_URL", "https://app.example.com/")
    assert load_env().product_base_url == "https://app.example.com"
