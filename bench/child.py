"""Running a bench's measuring half in a child process against one database: the child
prints its result as JSON on its last line of output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any


def run_child(script: str, args: list[str], url: str) -> dict[str, Any]:
    """`python script --child *args` with DATABASE_URL `url`, warnings-only logs and no
    statement timeout (a bench's generating statements run long); its JSON result.
    Exits with the child's output when it fails."""
    done = subprocess.run(
        [sys.executable, script, "--child", *args],
        env={
            **os.environ,
            "DATABASE_URL": url,
            "LOG_LEVEL": "warning",
            "DATABASE_STATEMENT_TIMEOUT_SECONDS": "0",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench child failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])
