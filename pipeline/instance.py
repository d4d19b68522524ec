"""Dagster's instance: where run history, schedules and event logs live.

`DAGSTER_HOME` (default `.local/dagster/`, relative to the checkout) holds a `dagster.yaml`
that `prepare_home()` writes: telemetry off, and Postgres storage (dagster-postgres) when
`DAGSTER_POSTGRES_URL` is set, SQLite files in the directory otherwise.
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


def instance_config() -> dict[str, object]:
    config: dict[str, object] = {"telemetry": {"enabled": False}}
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

    return dagster.DagsterInstance.from_config(str(prepare_home()))


def dagster_environment() -> dict[str, str]:
    """Variables for Dagster's own processes (webserver, daemon, `dagster dev`)."""
    return {"DAGSTER_HOME": str(prepare_home())}
