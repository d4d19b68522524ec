"""`blossom webhooks send-pending` runs the sender once (in a process of its own)."""

from __future__ import annotations

import subprocess
import sys

from database.connection import direct_database_url
from foundation.base.paths import REPO_ROOT
from foundation.testing.settings import process_env
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES


def test_send_pending_prints_the_counts() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "webhooks", "send-pending", "--limit", "0"],
        cwd=REPO_ROOT,
        env=process_env({"DATABASE_URL": direct_database_url()}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "delivered 0, retry later 0, failed 0\n"
