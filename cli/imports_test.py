"""`blossom --help` and every command's --help import only click and the command modules:
not the web stack, Dagster or the database drivers, which each command imports when it
runs (the start-up time itself is measured by `uv run just bench-cli`, never here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


# A command run for real, in a fresh interpreter: its exit code and whether it imported
# Dagster (printed as the last line, JSON, after main() returned or exited).
RUN = """
import json, sys
from cli.main import main

sys.argv = ["blossom", *sys.argv[1:]]
try:
    main()
    code = 0
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "dagster": "dagster" in sys.modules}))
"""


def _run(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_pipeline_commands_that_do_not_run_dagster_do_not_import_it(tmp_path: Path) -> None:
    """Housekeeping is plain SQL (the test database here), and a day refused before
    anything runs needs no Dagster either; materializing does."""
    assert _run("pipeline", "housekeeping") == {"code": 0, "dagster": False}
    assert _run("pipeline", "materialize", "--date", "1999-01-01") == {
        "code": 2,
        "dagster": False,
    }
    script = "import sys, pipeline.instance as i; i.dagster_environment(); print('dagster' in sys.modules)"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster")}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, env=env
    )
    assert done.stdout.strip() == "False", done.stderr  # before exec'ing dagster-webserver...


def test_the_apps_import_no_library_until_a_call_needs_it() -> None:
    """pysaml2's client, config and metadata build XML schemas at import (about a second of
    CPU on the 2-core machine), scim2-models' pydantic models half a second: every server
    process and test server would pay it, so `foundation.auth.sso` imports them in the
    functions of a SAML flow, and the first SCIM request imports the SCIM service. So do
    the libraries of one feature each (about 0.2 s of a server's start together): the
    Sentry SDK and OpenTelemetry's SDK when reporting or tracing is configured,
    `webauthn` with the first passkey flow, dnspython with the first domain check,
    ua-parser with the first user agent; joserfc's JWT and keys (with `cryptography.x509`)
    with the first OpenID sign-in, psycopg with the schema check or a migration, yoyo and
    PyYAML with a migration (0.3 s of each app's build together)."""
    lazy = (
        "saml2.client",
        "saml2.config",
        "saml2.metadata",
        "scim2_models",
        "sentry_sdk",
        "opentelemetry.sdk",
        "webauthn",
        "dns",
        "ua_parser",
        "joserfc.jwt",
        "joserfc.jwk",
        "psycopg",
        "yoyo",
        "yaml",
    )
    script = (
        "import sys, product.app, panopticon.app; "
        "product.app.create_product_app(); panopticon.app.create_panopticon_app(); "
        f"print(sorted(m for m in {lazy!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
