"""`just mutate`: mutation testing of the security core (tools/mutate/README.md).

    just mutate                      every declared mutation
    just mutate 'funnel.*' cookie.*  those whose name matches a glob
    just mutate --list               the declared mutations, without running them

Exit status: 0 when every mutant is killed (or listed as equivalent and survives), 1 when
one survives, errs or is listed as equivalent yet killed, 2 when the declared list is not
true of the code (an original text missing or ambiguous, a test gone).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Generator
from pathlib import Path

from tools.mutate.mutations import EQUIVALENT, MUTATIONS
from tools.mutate.runner import BaselineError, Mutation, check, run, select, summary

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def test_server() -> Generator[str]:
    """A Postgres server for every mutant's tests: DATABASE_URL's, or a temporary embedded
    cluster started once (each pytest run then only clones the migrated template)."""
    configured = os.environ.get("DATABASE_URL")
    if configured:
        yield configured
        return
    from database.embedded import EmbeddedPostgres

    directory = Path(tempfile.mkdtemp(prefix="blossom-mutate-pg-"))
    cluster = EmbeddedPostgres(directory / "data", fast=True)
    try:
        yield cluster.ensure_running()
    finally:
        cluster.destroy()
        shutil.rmtree(directory, ignore_errors=True)


def _exit_on_sigterm(_signal: int, _frame: object) -> None:
    sys.exit(143)


def main(
    argv: list[str] | None = None,
    *,
    root: Path = ROOT,
    mutations: list[Mutation] = MUTATIONS,
    equivalent: dict[str, str] = EQUIVALENT,
) -> int:
    """`just mutate`; `root`, `mutations` and `equivalent` are this repository's unless
    given (the runner's tests use a tiny project of their own)."""
    parser = argparse.ArgumentParser(prog="just mutate", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("names", nargs="*", help="globs of mutation names (default: all)")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the unmutated run of the tests"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    args = parser.parse_args(argv)

    errors = check(mutations, equivalent, root)
    if errors:
        print("the declared mutations are not true of the code (tools/mutate/mutations.py):")
        print("\n".join(f"  {e}" for e in errors))
        return 2
    try:
        chosen = select(mutations, args.names)
    except ValueError as exc:
        print(exc)
        return 2
    if args.list:
        for m in chosen:
            note = "  [equivalent]" if m.name in equivalent else ""
            print(f"{m.name}  {m.file}{note}")
        print(f"{len(chosen)} mutations")
        return 0
    started = time.monotonic()
    # SIGTERM (CI cancelling the job) unwinds like Ctrl-C: the scratch copy and the
    # temporary Postgres are removed.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with test_server() as server:
        try:
            report = run(
                root,
                chosen,
                equivalent,
                env={"DATABASE_URL": server},
                with_baseline=not args.no_baseline,
                keep=args.keep,
            )
        except BaselineError as exc:
            print(f"the tests fail without any mutation:\n{exc}")
            return 1
    print()
    print("\n".join(summary(report)))
    print(f"took {time.monotonic() - started:.0f} s")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
