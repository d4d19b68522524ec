"""Typed configuration read from the process environment.

Precedence: process environment, then `.env.local` (not committed), then the defaults
written in `.env.example` (committed; it documents every variable). Missing or malformed
values raise one `ConfigurationError` whose single line names every such variable, so an
operator fixes them all in one go. In production `DATABASE_URL` is required: the embedded
Postgres is for development only.

    from foundation.base.env import ENV
    ENV.database_pool_max_size

`ENV` reads the environment on first attribute access and can be re-read with
`reload_env()`, so a test runner can adjust `os.environ` first.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from foundation.base.errors import ConfigurationError
from foundation.base.paths import REPO_ROOT

DEVELOPMENT_SESSION_SECRET = "development-only-session-secret-never-use-in-production"
"""The committed default of SESSION_SECRET; refused when BLOSSOM_ENV=production."""

DEVELOPMENT_VAULT_KEY_ID = "dev"
"""The key id of the committed development VAULT_KEYS; refused when BLOSSOM_ENV=production."""

PRODUCTION_NEEDS_DATABASE_URL = (
    "must be set in production (your server's postgresql:// url); the embedded postgres "
    "is for development only"
)

EnvironmentEnum = Literal["development", "test", "production"]
LogFormatEnum = Literal["auto", "console", "json"]


class Env(BaseSettings):
    model_config = SettingsConfigDict(
        # Later files win: .env.local overrides the documented defaults.
        env_file=(REPO_ROOT / ".env.example", REPO_ROOT / ".env.local"),
        env_file_encoding="utf-8",
        # A variable in .env.example or .env.local that no field declares is an error (a
        # misspelt name would otherwise be ignored silently); the process environment's
        # other variables are never looked at.
        extra="forbid",
        case_sensitive=False,
        frozen=True,
    )

    environment: EnvironmentEnum = Field(validation_alias="BLOSSOM_ENV")
    database_url: str = Field(validation_alias="DATABASE_URL")
    database_pool_min_size: int = Field(ge=0, validation_alias="DATABASE_POOL_MIN_SIZE")
    database_pool_max_size: int = Field(ge=1, validation_alias="DATABASE_POOL_MAX_SIZE")
    database_acquire_timeout_seconds: float = Field(
        gt=0, validation_alias="DATABASE_ACQUIRE_TIMEOUT_SECONDS"
    )
    database_statement_timeout_seconds: float = Field(
        ge=0, validation_alias="DATABASE_STATEMENT_TIMEOUT_SECONDS"
    )
    database_lock_timeout_seconds: float = Field(
        ge=0, validation_alias="DATABASE_LOCK_TIMEOUT_SECONDS"
    )
    database_idle_in_transaction_timeout_seconds: float = Field(
        ge=0, validation_alias="DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS"
    )
    database_pooler: Literal["none", "pgbouncer"] = Field(validation_alias="DATABASE_POOLER")
    database_prepared_statements: Literal["on", "off"] = Field(
        validation_alias="DATABASE_PREPARED_STATEMENTS"
    )
    database_direct_url: str = Field(validation_alias="DATABASE_DIRECT_URL")
    database_route_max_share: float = Field(gt=0, le=1, validation_alias="DATABASE_ROUTE_MAX_SHARE")
    database_replica_urls: str = Field(validation_alias="DATABASE_REPLICA_URLS")
    database_replica_max_lag_seconds: float = Field(
        gt=0, validation_alias="DATABASE_REPLICA_MAX_LAG_SECONDS"
    )
    embedded_postgres_dir: str = Field(validation_alias="EMBEDDED_POSTGRES_DIR")
    log_level: Literal["debug", "info", "warning", "error"] = Field(validation_alias="LOG_LEVEL")
    log_format: LogFormatEnum = Field(validation_alias="LOG_FORMAT")
    product_port: int = Field(ge=1, le=65535, validation_alias="PRODUCT_PORT")
    panopticon_port: int = Field(ge=1, le=65535, validation_alias="PANOPTICON_PORT")
    product_public_url: str = Field(validation_alias="PRODUCT_PUBLIC_URL")
    panopticon_public_url: str = Field(validation_alias="PANOPTICON_PUBLIC_URL")
    web_host: str = Field(validation_alias="WEB_HOST")
    web_workers: int = Field(ge=1, validation_alias="WEB_WORKERS")
    password_hash_threads: int = Field(ge=0, validation_alias="PASSWORD_HASH_THREADS")
    password_hash_priority: Literal["idle", "normal"] = Field(
        validation_alias="PASSWORD_HASH_PRIORITY"
    )
    web_trusted_proxies: int = Field(ge=0, validation_alias="WEB_TRUSTED_PROXIES")
    web_shutdown_grace_seconds: float = Field(ge=0, validation_alias="WEB_SHUTDOWN_GRACE_SECONDS")
    rpc_max_body_bytes: int = Field(ge=1, validation_alias="RPC_MAX_BODY_BYTES")
    rpc_timeout_seconds: float = Field(gt=0, validation_alias="RPC_TIMEOUT_SECONDS")
    rpc_body_timeout_seconds: float = Field(gt=0, validation_alias="RPC_BODY_TIMEOUT_SECONDS")
    cors_origins: str = Field(validation_alias="CORS_ORIGINS")
    session_secret: str = Field(validation_alias="SESSION_SECRET")
    vault_keys: str = Field(validation_alias="VAULT_KEYS")
    email_backend: Literal["maildir", "smtp"] = Field(validation_alias="EMAIL_BACKEND")
    email_maildir: str = Field(min_length=1, validation_alias="EMAIL_MAILDIR")
    email_from: str = Field(validation_alias="EMAIL_FROM")
    email_sender: Literal["background", "off"] = Field(validation_alias="EMAIL_SENDER")
    email_templates_dir: str = Field(validation_alias="EMAIL_TEMPLATES_DIR")
    webhook_sender: Literal["background", "off"] = Field(validation_alias="WEBHOOK_SENDER")
    webhooks_allow_private_targets: bool = Field(validation_alias="WEBHOOKS_ALLOW_PRIVATE_TARGETS")
    webhook_timeout_seconds: float = Field(gt=0, le=30, validation_alias="WEBHOOK_TIMEOUT_SECONDS")
    webhook_retention_days: int = Field(ge=1, le=3650, validation_alias="WEBHOOK_RETENTION_DAYS")
    email_product_name: str = Field(min_length=1, validation_alias="EMAIL_PRODUCT_NAME")
    email_logo_url: str = Field(validation_alias="EMAIL_LOGO_URL")
    email_brand_color: str = Field(
        pattern=r"^#[0-9a-fA-F]{6}$", validation_alias="EMAIL_BRAND_COLOR"
    )
    email_background_color: str = Field(
        pattern=r"^#[0-9a-fA-F]{6}$", validation_alias="EMAIL_BACKGROUND_COLOR"
    )
    rate_limits: str = Field(validation_alias="RATE_LIMITS")
    admin_require_mfa: bool | None = Field(default=None, validation_alias="ADMIN_REQUIRE_MFA")
    signup_enumeration_safe: bool = Field(validation_alias="SIGNUP_ENUMERATION_SAFE")
    organization_audit_admin_names: bool = Field(validation_alias="ORGANIZATION_AUDIT_ADMIN_NAMES")
    product_url: str = Field(validation_alias="PRODUCT_URL")
    webauthn_rp_id: str = Field(validation_alias="WEBAUTHN_RP_ID")
    webauthn_origins: str = Field(validation_alias="WEBAUTHN_ORIGINS")
    oauth_providers: str = Field(validation_alias="OAUTH_PROVIDERS")
    oauth_redirect_url: str = Field(validation_alias="OAUTH_REDIRECT_URL")
    smtp_host: str = Field(validation_alias="SMTP_HOST")
    smtp_port: int = Field(ge=1, le=65535, validation_alias="SMTP_PORT")
    smtp_username: str = Field(validation_alias="SMTP_USERNAME")
    smtp_password: str = Field(validation_alias="SMTP_PASSWORD")
    smtp_starttls: bool = Field(validation_alias="SMTP_STARTTLS")
    impersonation_accept_url: str = Field(validation_alias="IMPERSONATION_ACCEPT_URL")
    pipeline_port: int = Field(ge=1, le=65535, validation_alias="PIPELINE_PORT")
    pipeline_start_date: datetime.date = Field(validation_alias="PIPELINE_START_DATE")
    pipeline_statement_timeout_seconds: float = Field(
        ge=0, validation_alias="PIPELINE_STATEMENT_TIMEOUT_SECONDS"
    )
    dagster_home: str = Field(validation_alias="DAGSTER_HOME")
    dagster_postgres_url: str = Field(validation_alias="DAGSTER_POSTGRES_URL")
    metrics_host: str = Field(validation_alias="METRICS_HOST")
    metrics_port: int | None = Field(default=None, ge=1, le=65535, validation_alias="METRICS_PORT")
    panopticon_metrics_port: int | None = Field(
        default=None, ge=1, le=65535, validation_alias="PANOPTICON_METRICS_PORT"
    )
    sentry_dsn: str = Field(validation_alias="SENTRY_DSN")
    sentry_send_pii: bool = Field(validation_alias="SENTRY_SEND_PII")
    otel_exporter_otlp_endpoint: str = Field(validation_alias="OTEL_EXPORTER_OTLP_ENDPOINT")
    otel_traces_sampler_arg: float = Field(ge=0, le=1, validation_alias="OTEL_TRACES_SAMPLER_ARG")
    external_timeout_seconds: float = Field(gt=0, validation_alias="EXTERNAL_TIMEOUT_SECONDS")
    external_retry_attempts: int = Field(ge=1, validation_alias="EXTERNAL_RETRY_ATTEMPTS")
    external_retry_timeout_seconds: float = Field(
        gt=0, validation_alias="EXTERNAL_RETRY_TIMEOUT_SECONDS"
    )
    llm_api_key: str = Field(validation_alias="LLM_API_KEY")
    llm_base_url: str = Field(validation_alias="LLM_BASE_URL")
    llm_chat_model: str = Field(validation_alias="LLM_CHAT_MODEL")
    llm_embedding_model: str = Field(validation_alias="LLM_EMBEDDING_MODEL")
    llm_record: bool = Field(validation_alias="LLM_RECORD")
    live_tests: bool = Field(validation_alias="LIVE_TESTS")
    fuzz_depth: int = Field(ge=1, validation_alias="FUZZ_DEPTH")
    slack_alerts_webhook_url: str = Field(validation_alias="SLACK_ALERTS_WEBHOOK_URL")
    slack_bot_token: str = Field(validation_alias="SLACK_BOT_TOKEN")
    slack_api_url: str = Field(validation_alias="SLACK_API_URL")
    google_service_account_file: str = Field(validation_alias="GOOGLE_SERVICE_ACCOUNT_FILE")
    google_sheets_token: str = Field(validation_alias="GOOGLE_SHEETS_TOKEN")
    google_sheets_api_url: str = Field(validation_alias="GOOGLE_SHEETS_API_URL")
    google_token_url: str = Field(validation_alias="GOOGLE_TOKEN_URL")
    pwned_passwords: Literal["off", "check", "enforce"] = Field(validation_alias="PWNED_PASSWORDS")
    pwned_passwords_api_url: str = Field(validation_alias="PWNED_PASSWORDS_API_URL")
    pwned_passwords_min_count: int = Field(ge=1, validation_alias="PWNED_PASSWORDS_MIN_COUNT")
    pwned_passwords_timeout_seconds: float = Field(
        gt=0, validation_alias="PWNED_PASSWORDS_TIMEOUT_SECONDS"
    )
    captcha_provider: Literal["off", "turnstile", "hcaptcha"] = Field(
        validation_alias="CAPTCHA_PROVIDER"
    )
    captcha_secret: str = Field(validation_alias="CAPTCHA_SECRET")
    captcha_site_key: str = Field(validation_alias="CAPTCHA_SITE_KEY")
    captcha_verify_url: str = Field(validation_alias="CAPTCHA_VERIFY_URL")
    captcha_timeout_seconds: float = Field(gt=0, validation_alias="CAPTCHA_TIMEOUT_SECONDS")
    captcha_login_after_failures: int = Field(ge=0, validation_alias="CAPTCHA_LOGIN_AFTER_FAILURES")
    dns_resolver: str = Field(validation_alias="DNS_RESOLVER")
    dns_timeout_seconds: float = Field(gt=0, validation_alias="DNS_TIMEOUT_SECONDS")
    domain_recheck_hours: float = Field(gt=0, validation_alias="DOMAIN_RECHECK_HOURS")
    domain_recheck_failures: int = Field(ge=1, validation_alias="DOMAIN_RECHECK_FAILURES")

    @property
    def cors_origin_list(self) -> list[str]:
        """CORS_ORIGINS split on commas, blanks dropped."""
        return _split(self.cors_origins)

    @property
    def product_base_url(self) -> str:
        """PRODUCT_URL without a trailing slash; when it is empty, this checkout's product
        server (`http://localhost:PRODUCT_PORT`), which outside production answers the
        pages emails link to (`foundation.email.links`)."""
        return self.product_url.rstrip("/") or f"http://localhost:{self.product_port}"

    @property
    def database_replicas(self) -> list[str]:
        """DATABASE_REPLICA_URLS split on commas, blanks dropped (empty: no replicas)."""
        return _split(self.database_replica_urls)

    @property
    def webauthn_rp(self) -> str:
        """WEBAUTHN_RP_ID, or else the host of PRODUCT_URL (`product_base_url`)."""
        return self.webauthn_rp_id or (urlsplit(self.product_base_url).hostname or "localhost")

    @property
    def webauthn_origin_list(self) -> list[str]:
        """WEBAUTHN_ORIGINS split on commas, or else the origin of PRODUCT_URL."""
        parts = urlsplit(self.product_base_url)
        return _split(self.webauthn_origins) or [f"{parts.scheme}://{parts.netloc}"]

    @property
    def session_secrets(self) -> list[str]:
        """SESSION_SECRET's keys: the first signs new cookies, every one verifies."""
        return _split(self.session_secret)

    @field_validator("cors_origins", "webauthn_origins")
    @classmethod
    def _check_cors_origins(cls, value: str) -> str:
        for origin in _split(value):
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"{origin!r} is not an origin: write scheme://host[:port], no path or "
                    "trailing slash (e.g. https://app.example.com)"
                )
        return value

    @model_validator(mode="after")
    def _check_pool_sizes(self) -> Env:
        if self.database_pool_min_size > self.database_pool_max_size:
            raise ValueError(
                f"DATABASE_POOL_MIN_SIZE ({self.database_pool_min_size}) is above "
                f"DATABASE_POOL_MAX_SIZE ({self.database_pool_max_size})"
            )
        return self

    @model_validator(mode="after")
    def _check_pooler(self) -> Env:
        if self.database_pooler != "none" and (
            not self.database_direct_url or self.database_direct_url == self.database_url
        ):
            raise ValueError(
                f"DATABASE_POOLER={self.database_pooler} needs DATABASE_DIRECT_URL: a url of "
                "postgres itself (not the pooler) for LISTEN, session locks and migrations"
            )
        return self

    @field_validator("database_direct_url")
    @classmethod
    def _check_database_direct_url(cls, value: str) -> str:
        if value and not value.startswith(("postgres://", "postgresql://")):
            raise ValueError("must start with postgresql:// (or be empty: DATABASE_URL)")
        return value

    @field_validator("database_replica_urls")
    @classmethod
    def _check_database_replica_urls(cls, value: str) -> str:
        for url in _split(value):
            if not url.startswith(("postgres://", "postgresql://")):
                raise ValueError("must be postgresql:// urls, separated by commas (or empty)")
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str, info: ValidationInfo) -> str:
        if value and not value.startswith(("postgres://", "postgresql://")):
            raise ValueError("must start with postgresql:// (or be empty for the embedded server)")
        if not value and info.data.get("environment") == "production":
            raise ValueError(PRODUCTION_NEEDS_DATABASE_URL)
        return value

    @field_validator("session_secret")
    @classmethod
    def _check_session_secret(cls, value: str, info: ValidationInfo) -> str:
        keys = _split(value)
        if not keys:
            raise ValueError("needs at least one key")
        for number, key in enumerate(keys, 1):
            if len(key) < 32:
                raise ValueError(f"key {number} is shorter than 32 characters")
        if info.data.get("environment") == "production" and DEVELOPMENT_SESSION_SECRET in keys:
            raise ValueError("must be set to a secret of your own in production")
        return value

    @field_validator("vault_keys")
    @classmethod
    def _check_vault_keys(cls, value: str, info: ValidationInfo) -> str:
        from foundation.base.keyring import parse_keyring

        keyring = parse_keyring(value)  # ValueError names what is wrong, never the key
        if info.data.get("environment") == "production" and DEVELOPMENT_VAULT_KEY_ID in keyring:
            raise ValueError(
                f"the development key {DEVELOPMENT_VAULT_KEY_ID!r} is refused in production"
            )
        return value

    @field_validator("product_public_url", "panopticon_public_url")
    @classmethod
    def _check_public_url(cls, value: str) -> str:
        if value and not _PUBLIC_URL.fullmatch(value):
            raise ValueError(
                f"{value!r} is not an address clients can reach: write scheme://host[:port]"
                "[/path], no trailing slash (e.g. https://api.example.com)"
            )
        return value

    @property
    def product_api_url(self) -> str:
        """Where clients reach the product app: PRODUCT_PUBLIC_URL, or this machine's port."""
        return self.product_public_url or f"http://localhost:{self.product_port}"

    @property
    def panopticon_api_url(self) -> str:
        """Where clients reach panopticon: PANOPTICON_PUBLIC_URL, or this machine's port."""
        return self.panopticon_public_url or f"http://localhost:{self.panopticon_port}"

    @property
    def admins_need_mfa(self) -> bool:
        """ADMIN_REQUIRE_MFA, or when it is empty: true in production only."""
        if self.admin_require_mfa is None:
            return self.environment == "production"
        return self.admin_require_mfa

    @field_validator("metrics_port", "panopticon_metrics_port", "admin_require_mfa", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _check_webhook_targets(self) -> Env:
        if self.webhooks_allow_private_targets and self.environment == "production":
            raise ValueError(
                "WEBHOOKS_ALLOW_PRIVATE_TARGETS=true is refused in production (webhooks "
                "could reach the private network: SSRF)"
            )
        return self

    @model_validator(mode="after")
    def _check_captcha(self) -> Env:
        if self.captcha_provider != "off" and not (self.captcha_secret and self.captcha_site_key):
            raise ValueError(
                "CAPTCHA_PROVIDER needs CAPTCHA_SECRET and CAPTCHA_SITE_KEY (or set it to off)"
            )
        return self

    @field_validator(
        "log_level",
        "environment",
        "log_format",
        "pwned_passwords",
        "captcha_provider",
        mode="before",
    )
    @classmethod
    def _lowercase(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


_PUBLIC_URL = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*[^\s?#/])?")


class _LogSettings(BaseSettings):
    """The three settings logging needs, read from the same places as `Env` but without
    checking anything else, so that the error naming a broken setting is itself written in
    the configured format (`log_settings`)."""

    model_config = SettingsConfigDict(
        env_file=(REPO_ROOT / ".env.example", REPO_ROOT / ".env.local"),
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    environment: str = Field(default="development", validation_alias="BLOSSOM_ENV")
    log_level: str = Field(default="info", validation_alias="LOG_LEVEL")
    log_format: str = Field(default="auto", validation_alias="LOG_FORMAT")


LOG_LEVELS = ("debug", "info", "warning", "error")


def log_settings() -> tuple[bool, str]:
    """Whether log lines are JSON, and the level (`"info"`...): LOG_FORMAT, whose `auto`
    means JSON in production and readable lines elsewhere (development, tests), and
    LOG_LEVEL. Read from the configuration, or when that is broken (the error about to be
    reported) from just these variables, an invalid one taking its default."""
    try:
        env = get_env()
        environment, level, fmt = env.environment, env.log_level, env.log_format
    except ConfigurationError:
        raw = _LogSettings()  # pyright: ignore[reportCallIssue]
        environment, level, fmt = (
            raw.environment.strip().lower(),
            raw.log_level.strip().lower(),
            raw.log_format.strip().lower(),
        )
        level = level if level in LOG_LEVELS else "info"
    if fmt not in ("console", "json"):
        fmt = "json" if environment == "production" else "console"
    return fmt == "json", level


_ORIGIN = re.compile(
    r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?"
)


def _split(value: str) -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [part.strip() for part in value.split(",") if part.strip()]


def _describe(error: ValidationError) -> str:
    """Every problem of `error`, one line: `A: is not set; B: must be ...`."""
    return "; ".join(_describe_one(detail) for detail in error.errors())


def _describe_one(detail: ErrorDetails) -> str:
    if not detail.get("loc"):  # a check across variables: its message names them
        return str(detail.get("msg", "invalid value")).removeprefix("Value error, ")
    variable = str(detail["loc"][0]).upper()
    message = detail.get("msg", "invalid value").removeprefix("Value error, ").lower()
    if detail.get("type") == "extra_forbidden":
        known = [str(f.validation_alias) for f in Env.model_fields.values()]
        close = difflib.get_close_matches(variable, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        return f"{variable}: is not a Blossom setting{hint}; remove it from .env.local or see .env.example"
    if detail.get("type") == "missing":
        return f"{variable}: is not set (add it to .env.local or the environment; see .env.example)"
    if _is_secret(variable) or detail.get("input") == "":
        return f"{variable}: {message}"
    return f"{variable}: {message} (got {detail.get('input')!r})"


def _is_secret(variable: str) -> bool:
    """Values of these variables never appear in messages."""
    return any(word in variable for word in ("SECRET", "KEY", "PASSWORD", "TOKEN", "DSN"))


def load_env(env_files: tuple[Path, ...] | None = None) -> Env:
    """Read and validate the configuration; raise one ConfigurationError naming every
    missing or invalid setting."""
    try:
        if env_files is None:
            return Env()  # pyright: ignore[reportCallIssue]
        return Env(_env_file=env_files)  # pyright: ignore[reportCallIssue]
    except ValidationError as e:
        count = len(e.errors())
        what = "configuration error" if count == 1 else f"configuration error ({count} settings)"
        raise ConfigurationError(f"{what}: {_describe(e)}") from None


def running_in_ci() -> bool:
    """Whether a CI runner started us (`CI` set to anything but empty, as CI services and
    `.ci/run` do): tests needing Node or Chromium fail there instead of skipping."""
    return bool(os.environ.get("CI"))


_env: Env | None = None


def get_env() -> Env:
    """The process-wide configuration, read on first use."""
    global _env
    if _env is None:
        _env = load_env()
    return _env


def reload_env() -> Env:
    """Re-read the configuration (the test runner does this after adjusting os.environ)."""
    global _env
    _env = load_env()
    return _env


class _EnvProxy:
    """Delegates to the current `Env`, so `from foundation.base.env import ENV` never goes stale."""

    def __getattr__(self, name: str) -> Any:
        # `_env` read directly once loaded: one call per setting read, not two (the
        # request path reads a few per call).
        return getattr(_env if _env is not None else get_env(), name)

    def __repr__(self) -> str:
        return repr(get_env())


ENV: Env = cast(Env, _EnvProxy())
