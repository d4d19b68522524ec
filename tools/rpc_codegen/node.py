"""The TypeScript package's toolchain for the tests: `npm ci` when needed, then tsc.

    ensure_node_modules()                    # installs package-lock.json's set if missing
    result = tsc("--noEmit")                 # tsc of the package, in typescript/rpc/
    code, output = await tsc_async("-p", "tsconfig.json", cwd=directory)
    code, output = await run_async(node, "script.js", cwd=directory)

`npm ci` runs only when an installed package is missing or has another version than
package-lock.json (a fresh clone, a changed lock); a file lock keeps parallel test
workers from installing at the same time.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Generator
from pathlib import Path

from tools.rpc_codegen.generate import PACKAGE_DIR
from tools.rpc_codegen.typemap import CodegenError

NODE_MODULES = PACKAGE_DIR / "node_modules"
TSC = NODE_MODULES / ".bin" / "tsc"
TYPE_ROOTS = NODE_MODULES / "@types"
RUN_TIMEOUT_SECONDS = 120


def missing_tools() -> list[str]:
    """The Node tools not on PATH (node, npm)."""
    return [tool for tool in ("node", "npm") if shutil.which(tool) is None]


def ensure_node_modules(package_dir: Path = PACKAGE_DIR) -> None:
    """Install the package's locked dev dependencies unless they are installed already."""
    with _install_lock(package_dir):
        if _installed(package_dir):
            return
        npm = shutil.which("npm")
        if npm is None:
            raise CodegenError("npm is not installed: install Node 20 (with npm)")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=package_dir,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not _installed(package_dir):
            raise CodegenError(
                "npm ci failed", directory=str(package_dir), output=done.stdout + done.stderr
            )


def _installed(package_dir: Path) -> bool:
    """Every non-optional package of package-lock.json is installed at its locked version."""
    lock = json.loads((package_dir / "package-lock.json").read_text())
    for path, entry in lock.get("packages", {}).items():
        if not path.startswith("node_modules/") or entry.get("optional"):
            continue
        manifest = package_dir / path / "package.json"
        if not manifest.exists():
            return False
        if json.loads(manifest.read_text()).get("version") != entry.get("version"):
            return False
    return True


@contextlib.contextmanager
def _install_lock(package_dir: Path) -> Generator[None, None, None]:
    digest = hashlib.sha256(str(package_dir.resolve()).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"blossom-npm-ci-{digest}.lock"
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def tsc(*args: str, cwd: Path = PACKAGE_DIR) -> subprocess.CompletedProcess[str]:
    """Run the package's tsc with `args` (plain output, no colours); never raises on errors."""
    return subprocess.run(
        [str(TSC), "--pretty", "false", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


async def tsc_async(*args: str, cwd: Path = PACKAGE_DIR) -> tuple[int, str]:
    """`tsc` without blocking the event loop: the exit code and its output."""
    return await run_async(str(TSC), "--pretty", "false", *args, cwd=cwd)


async def run_async(*command: str, cwd: Path) -> tuple[int, str]:
    """Run `command` without blocking the event loop (a test's server keeps answering);
    returns the exit code and stdout+stderr. Killed after RUN_TIMEOUT_SECONDS."""
    process = await asyncio.create_subprocess_exec(
        *command, cwd=cwd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        async with asyncio.timeout(RUN_TIMEOUT_SECONDS):
            out, _ = await process.communicate()
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode is not None
    return process.returncode, out.decode()
