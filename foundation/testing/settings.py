"""Settings for one test: `override_env(monkeypatch, rate_limits="signup=2/2/60")` swaps the
configuration (`ENV`) for a copy with those fields, undone after the test."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import pytest

from foundation.base.env import get_env


def override_env(monkeypatch: pytest.MonkeyPatch, **fields: Any) -> None:
    monkeypatch.setattr("foundation.base.env._env", get_env().model_copy(update=fields))


def process_env(env: Mapping[str, str]) -> dict[str, str]:
    """The environment of a process a test starts: this process's, with `env` on top. A
    test that gives the process a DATABASE_URL means that database itself: unless `env`
    says otherwise, no pooler and no other direct url (the run itself may be behind
    PgBouncer: `TEST_THROUGH_PGBOUNCER`)."""
    merged = {**os.environ, **env}
    if "DATABASE_URL" in env and "DATABASE_DIRECT_URL" not in env:
        merged["DATABASE_DIRECT_URL"] = ""
        if "DATABASE_POOLER" not in env:
            merged["DATABASE_POOLER"] = "none"
    return merged
