"""`blossom codegen web`: build panopticon's admin console into `panopticon/console/dist/`.

    write_console(progress=step)     # npm ci when needed, tsc, esbuild, write dist/ if changed
    files = build_console()          # {relative path: bytes}, written nowhere

The build is deterministic, so the output is committed like generated code and
`just check-generated` fails when it is stale: the pinned toolchain (package-lock.json,
exact versions), one esbuild invocation with every option spelled out (no source maps,
no legal comments, no timestamps), content-hashed asset names, and an `index.html`
rendered from the template with those names. `tsc --noEmit` checks the sources against
the generated panopticon client first (esbuild does not type-check).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from foundation.base.paths import REPO_ROOT
from tools.rpc_codegen.dist import replace_tree
from tools.rpc_codegen.node import ensure_node_modules
from tools.rpc_codegen.typemap import CodegenError

CONSOLE_DIR = REPO_ROOT / "panopticon" / "console"
ENTRY = Path("src") / "main.ts"
TEMPLATE = "index.html"
ASSETS = "assets"
SCRIPT_MARK = "%CONSOLE_SCRIPT%"
STYLE_MARK = "%CONSOLE_STYLE%"
ICON = "icon.svg"
ICON_MARK = "%CONSOLE_ICON%"
TIMEOUT_SECONDS = 180

ESBUILD_OPTIONS = (
    "--bundle",
    "--format=esm",
    "--platform=browser",
    "--target=es2022,chrome111,firefox115,safari16",
    "--minify",
    "--charset=utf8",
    "--legal-comments=none",
    "--entry-names=[name]-[hash]",
    "--asset-names=[name]-[hash]",
    "--log-level=warning",
)


def _run(tool: str, args: list[str], console_dir: Path) -> None:
    done = subprocess.run(
        [str(console_dir / "node_modules" / ".bin" / tool), *args],
        cwd=console_dir,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT_SECONDS,
    )
    if done.returncode != 0:
        raise CodegenError(f"{tool} failed", output=(done.stdout + done.stderr)[-6000:])


def build_console(
    console_dir: Path = CONSOLE_DIR,
    progress: Callable[[str], None] = lambda _: None,
    *,
    tsconfig: str = "tsconfig.json",
) -> dict[str, bytes]:
    """Type-check and bundle the console; the files of `dist/` by relative path.
    `tsconfig` (relative to `console_dir`) decides where the generated client is found."""
    ensure_node_modules(console_dir)
    progress("type-checking the console (tsc)")
    _run("tsc", ["--noEmit", "--pretty", "false", "-p", tsconfig], console_dir)
    progress("bundling the console (esbuild)")
    with tempfile.TemporaryDirectory(prefix="blossom-console-") as scratch:
        out = Path(scratch) / ASSETS
        meta = Path(scratch) / "meta.json"
        _run(
            "esbuild",
            [
                str(ENTRY),
                *ESBUILD_OPTIONS,
                f"--tsconfig={tsconfig}",
                f"--outdir={out}",
                f"--metafile={meta}",
            ],
            console_dir,
        )
        outputs = json.loads(meta.read_text())["outputs"]
        files = {f"{ASSETS}/{path.name}": path.read_bytes() for path in sorted(out.iterdir())}
    names = [Path(name).name for name in outputs]
    script = _only(names, ".js")
    style = _only(names, ".css")
    icon = (console_dir / ICON).read_bytes()
    icon_name = f"icon-{hashlib.sha256(icon).hexdigest()[:8].upper()}.svg"
    files[f"{ASSETS}/{icon_name}"] = icon
    template = (console_dir / TEMPLATE).read_text()
    for mark in (SCRIPT_MARK, STYLE_MARK, ICON_MARK):
        if template.count(mark) != 1:
            raise CodegenError("the console's index.html must hold each mark once", mark=mark)
    page = (
        template.replace(SCRIPT_MARK, f"/{ASSETS}/{script}")
        .replace(STYLE_MARK, f"/{ASSETS}/{style}")
        .replace(ICON_MARK, f"/{ASSETS}/{icon_name}")
    )
    files["index.html"] = page.encode()
    return dict(sorted(files.items()))


def _only(names: list[str], suffix: str) -> str:
    found = [name for name in names if name.endswith(suffix)]
    if len(found) != 1:
        raise CodegenError("esbuild must write exactly one file", suffix=suffix, found=found)
    return found[0]


def write_console(
    console_dir: Path = CONSOLE_DIR, progress: Callable[[str], None] = lambda _: None
) -> bool:
    """Build the console and replace `dist/` when its contents differ; True if written."""
    files = build_console(console_dir, progress)
    return replace_tree(console_dir / "dist", files, progress)
