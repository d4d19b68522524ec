from pathlib import Path

import pytest
import yaml

from foundation.base.env import load_env
from pipeline import instance


def test_sqlite_by_default_and_postgres_when_configured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setenv("DAGSTER_POSTGRES_URL", "")
    monkeypatch.setattr(instance, "ENV", load_env())
    home = instance.prepare_home()
    assert yaml.safe_load((home / "dagster.yaml").read_text()) == {
        "telemetry": {"enabled": False},
        "nux": {"enabled": False},
    }
    monkeypatch.setenv("DAGSTER_POSTGRES_URL", "postgresql://dagster@db/dagster")
    monkeypatch.setattr(instance, "ENV", load_env())
    config = yaml.safe_load((instance.prepare_home() / "dagster.yaml").read_text())
    assert config["storage"] == {"postgres": {"postgres_url": {"env": "DAGSTER_POSTGRES_URL"}}}
    # Dagster's programs get the URL with the driver dagster-postgres needs.
    assert instance.dagster_environment() == {
        "DAGSTER_HOME": str(tmp_path),
        "DAGSTER_POSTGRES_URL": "postgresql+psycopg2://dagster@db/dagster",
    }
