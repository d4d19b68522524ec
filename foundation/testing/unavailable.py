"""A test that needs a tool the machine lacks (Node, Chromium, nix-instantiate, docker
compose, uv): skipped with a message saying what to install, but failed under CI (`CI`
set), so CI never passes by skipping.

    if shutil.which("nix-instantiate") is None:
        unavailable("nix-instantiate not found (Debian: apt-get install nix-bin)")
"""

from __future__ import annotations

from typing import NoReturn

import pytest

from foundation.base.env import running_in_ci


def unavailable(message: str) -> NoReturn:
    if running_in_ci():
        pytest.fail(f"CI must have it: {message}")
    pytest.skip(message)
