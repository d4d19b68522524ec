"""`typescript/rpc/dist/`: the package's ES modules and `.d.ts`, compiled by tsc from `src/`.

    write_dist(progress=step)        # `blossom codegen rpc`, after the modules: replace dist/ if changed
    files = build_dist(SOURCE_DIR)   # {relative path: bytes}, written nowhere

`dist/` is committed like the generated modules, so the package installs and runs
without a build step (`npm i ./typescript/rpc`, then plain Node imports it), and
`just check-generated` fails when it is stale. tsc compiles with `tsconfig.build.json`'s
options through a scratch tsconfig into a scratch directory (so `src/` may live anywhere,
as in the CLI's test); the output names no path of the machine, so every checkout builds
the same bytes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from foundation.base.paths import REPO_ROOT
from tools.rpc_codegen import generate
from tools.rpc_codegen.generate import PACKAGE_DIR
from tools.rpc_codegen.node import ensure_node_modules, tsc
from tools.rpc_codegen.typemap import CodegenError

DIST_DIR = PACKAGE_DIR / "dist"
BUILD_CONFIG = "tsconfig.build.json"


def build_dist(source_dir: Path) -> dict[str, bytes]:
    """tsc of the modules in `source_dir` (every `*.ts`; in an ES-module package, like
    `src/`) with the package's build options: `dist/`'s files by relative path."""
    ensure_node_modules(PACKAGE_DIR)
    with tempfile.TemporaryDirectory(prefix="blossom-rpc-dist-") as scratch:
        out = Path(scratch) / "dist"
        config = Path(scratch) / "tsconfig.json"
        options = {"rootDir": str(source_dir), "outDir": str(out)}
        config.write_text(
            json.dumps(
                {
                    "extends": str(PACKAGE_DIR / BUILD_CONFIG),
                    "compilerOptions": options,
                    "include": [str(source_dir / "*.ts")],
                }
            )
        )
        done = tsc("-p", str(config), cwd=Path(scratch))
        if done.returncode != 0:
            raise CodegenError("tsc failed", output=(done.stdout + done.stderr)[-6000:])
        return read_tree(out)


def read_tree(directory: Path) -> dict[str, bytes]:
    """The files under `directory` by relative path (empty when it does not exist)."""
    if not directory.exists():
        return {}
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def replace_tree(
    directory: Path, files: dict[str, bytes], progress: Callable[[str], None] = lambda _: None
) -> bool:
    """Make `directory` hold exactly `files` (stale ones removed) unless it does already;
    True if written."""
    shown = directory.relative_to(REPO_ROOT) if directory.is_relative_to(REPO_ROOT) else directory
    if read_tree(directory) == files:
        progress(f"{shown}/ is up to date")
        return False
    shutil.rmtree(directory, ignore_errors=True)
    for name, content in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    progress(f"wrote {shown}/ ({len(files)} files)")
    return True


def write_dist(progress: Callable[[str], None] = lambda _: None) -> bool:
    """Compile `src/` (as it is now: run after the modules are written) into `dist/`,
    replacing it when its files differ; True if written."""
    return replace_tree(DIST_DIR, build_dist(generate.SOURCE_DIR), progress)
