"""`blossom --help` and every command's --help import only click and the command modules:
not the web stack, Dagster or the database drivers, which each command imports when it
runs (the start-up time itself is measured by `uv run just bench-cli`, never here)."""

from __future__ import annotations

import json
import subprocess
import sys

from foundation.base.paths import REPO_ROOT
from foundation.testing.timeouts import STARTS_PROCESSES

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

HEAVY = ("quart", "hypercorn", "dagster", "asyncpg", "psycopg", "sentry_sdk")

# Run in a fresh interpreter: the console script's `main()` for `blossom --help` and for
# the --help of every group and command, then print (last line, JSON) their exit codes
# and which of the packages named in argv got imported.
SCRIPT = """
import json, sys
import click
from cli.main import blossom, main

heavy = set(sys.argv[1:])

def paths(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from paths(command, (*prefix, name))

def run(*args):
    sys.argv = ["blossom", *args, "--help"]
    try:
        main()
    except SystemExit as exit:
        return exit.code
    return None

codes = {"blossom": run()}
codes.update({" ".join(path): run(*path) for path in list(paths(blossom))})
loaded = sorted({name.split(".")[0] for name in sys.modules} & heavy)
print(json.dumps({"codes": codes, "loaded": loaded}))
"""


def test_help_imports_no_web_stack_dagster_or_database_driver() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *HEAVY], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert {"blossom", "db", "admin", "pipeline", "pipeline housekeeping"} <= set(result["codes"])
    assert set(result["codes"].values()) == {0}, result["codes"]
    assert result["loaded"] == [], f"--help imported {result['loaded']}"
