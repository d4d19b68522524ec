"""Settings for one test: `override_env(monkeypatch, rate_limits="signup=2/2/60")` swaps the
configuration (`ENV`) for a copy with those fields, undone after the test."""

from __future__ import annotations

from typing import Any

import pytest

from foundation.base.env import get_env


def override_env(monkeypatch: pytest.MonkeyPatch, **fields: Any) -> None:
    monkeypatch.setattr("foundation.base.env._env", get_env().model_copy(update=fields))
