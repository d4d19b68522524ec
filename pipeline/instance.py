"""Dagster's instance: where run history, schedules and event logs live.

`DAGSTER_HOME` (default `.local/dagster/`, relative to the checkout) holds a `dagster.yaml`
that `prepare_home()` writes: telemetry off, and Postgres storage (dagster-postgres) when
`DAGSTER_POSTGRES_URL` is set, SQLite files in the directory otherwise.

dagster-postgres needs SQLAlchemy's psycopg2 driver: with a bare `postgresql://`,
SQLAlchemy 2.1 picks psycopg 3, whose server-side parameters Dagster's `NOTIFY run_events,
:id` cannot take (`syntax error at or near "$1"`). `storage_url` names the driver; the
Dagster programs `blossom pipeline` starts get that URL in their DAGSTER_POSTGRES_URL
(`dagster_environment`), and the in-process instance gets it as an override (the URL,
password included, is never written to dagster.yaml).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from foundation.base.env import ENV
from foundation.base.paths import REPO_ROOT

if TYPE_CHECKING:
    from dagster import DagsterInstance


def dagster_home() -> Path:
    home = Path(ENV.dagster_home)
    return home if home.is_absolute() else REPO_ROOT / home


DRIVER_SCHEME = "postgresql+psycopg2://"
_BARE_SCHEMES = ("postgresql://", "postgres://")


def storage_url(url: str) -> str:
    """`url` with the driver dagster-postgres needs: `postgresql://` and `postgres://`
    become `postgresql+psycopg2://`; a URL naming its driver is left as it is."""
    for scheme in _BARE_SCHEMES:
        if url.startswith(scheme):
            return DRIVER_SCHEME + url.removeprefix(scheme)
    return url


def instance_config() -> dict[str, object]:
    # No telemetry, and no first-visit newsletter prompt in the UI (`nux`).
    config: dict[str, object] = {"telemetry": {"enabled": False}, "nux": {"enabled": False}}
    if ENV.dagster_postgres_url:
        config["storage"] = {"postgres": {"postgres_url": {"env": "DAGSTER_POSTGRES_URL"}}}
    return config


def prepare_home() -> Path:
    """Create DAGSTER_HOME and (re)write its dagster.yaml; the directory."""
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text(
        "# Written by `blossom pipeline` from DAGSTER_POSTGRES_URL; edits are overwritten.\n"
        + yaml.safe_dump(instance_config(), sort_keys=True)
    )
    return home


def instance() -> DagsterInstance:
    """The persistent instance of DAGSTER_HOME (what the UI shows)."""
    import dagster  # here: preparing Dagster's own processes (`dagster_environment`) needs none
    from dagster._core.instance.ref import InstanceRef  # the type DagsterInstance.from_ref takes

    home = str(prepare_home())
    if not ENV.dagster_postgres_url:
        return dagster.DagsterInstance.from_config(home)
    url = storage_url(ENV.dagster_postgres_url)
    overrides = {"storage": {"postgres": {"postgres_url": url}}}
    return dagster.DagsterInstance.from_ref(InstanceRef.from_dir(home, overrides=overrides))


def dagster_environment() -> dict[str, str]:
    """Variables for Dagster's own processes (webserver, daemon, and the
    run workers they start): DAGSTER_HOME, and the storage URL with its driver."""
    env = {"DAGSTER_HOME": str(prepare_home())}
    if ENV.dagster_postgres_url:
        env["DAGSTER_POSTGRES_URL"] = storage_url(ENV.dagster_postgres_url)
    return env
