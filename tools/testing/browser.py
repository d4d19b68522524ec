"""What browser tests need from the machine: Node (with the console's npm packages
installed) and a system Chromium, found or the test skipped (failed under CI).

    node = require_node(CONSOLE_DIR)     # npm ci there when needed; the node executable
    chromium = require_chromium()        # /usr/bin/chromium (Debian's `chromium` package)
    code, output = await run_async(node, "e2e/flow.mjs", cwd=CONSOLE_DIR)

Outside CI a missing tool skips the test with a message saying what to install; with
`CI` set it fails instead, so CI never passes by skipping (`.ci/run` installs Chromium).
Playwright's own browser downloads are never used: `playwright-core` drives the system
Chromium through `executablePath`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from foundation.testing.unavailable import unavailable
from tools.rpc_codegen.node import ensure_node_modules, missing_tools, run_async

__all__ = ["find_chromium", "require_chromium", "require_node", "run_async"]

CHROMIUM_NAMES = ("chromium", "chromium-browser")


def require_node(package_dir: Path) -> str:
    """The node executable, after installing `package_dir`'s locked packages if needed."""
    missing = missing_tools()
    if missing:
        unavailable(f"{' and '.join(missing)} not found: install Node 20 (with npm)")
    ensure_node_modules(package_dir)
    node = shutil.which("node")
    assert node is not None
    return node


def find_chromium() -> str | None:
    """The system Chromium on PATH, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    chromium = find_chromium()
    if chromium is None:
        unavailable(
            "Chromium not found: install it (Debian: `apt-get install -y chromium`); "
            "Playwright's own browser downloads are not used"
        )
    assert chromium is not None
    return chromium
