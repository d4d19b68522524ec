"""The package's compiled `dist/`: current, what `exports` names, and usable as installed:
plain Node imports it by name from a scratch project (linked and packed installs, offline),
or runs esbuild's bundle of the same script, and talks to a live product server; tsc
resolves its types (Node and bundler resolution)."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from foundation.base.paths import REPO_ROOT
from foundation.testing.server import serve_in_background
from foundation.testing.timeouts import STARTS_PROCESSES
from product.app import create_product_app
from tools.rpc_codegen.dist import DIST_DIR, build_dist, read_tree
from tools.rpc_codegen.generate import SOURCE_DIR
from tools.rpc_codegen.node import run_async, tsc
from tools.testing.browser import require_node

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

SCRIPT = Path("e2e") / "installed.mjs"
# The bundler of the test: the console's esbuild (tools.web_build's CONSOLE_DIR, which
# depends on this package, so not imported from there).
CONSOLE_DIR = REPO_ROOT / "panopticon" / "console"
NAME = "@blossom/rpc"

CONSUMER = """\
import { isoDateTime, type ISODateTime } from "@blossom/rpc/client";
import { createClient as createPanopticonClient } from "@blossom/rpc/panopticon";
import { createClient, type SignedIn } from "@blossom/rpc/product";

const product = createClient({ baseUrl: "" });
const panopticon = createPanopticonClient({ baseUrl: "" });

export async function signIn(): Promise<SignedIn | null> {
  const res = await product.call("login", { email: "a@example.com", password: "secret" });
  if (!res.ok) return null;
  const email: string = res.data.user.email;
  const when: ISODateTime = isoDateTime(new Date());
  const admin = await panopticon.call("init");
  console.log(email, when, admin.ok && admin.data.admin?.role);
  return res.data;
}
"""

# Strict, and the package's .d.ts checked too (no skipLibCheck) with no Node types: what a
# browser project sees.
_STRICT = {"target": "ES2022", "lib": ["ES2022", "DOM"], "types": [], "strict": True}
RESOLUTIONS = {
    "node": {"module": "NodeNext", "moduleResolution": "NodeNext"},
    "bundler": {"module": "ESNext", "moduleResolution": "Bundler"},
}


def test_the_committed_dist_is_current(typescript_package: Path) -> None:
    assert build_dist(SOURCE_DIR) == read_tree(DIST_DIR), "run `uv run just codegen-rpc`"


def test_exports_name_the_compiled_modules_types_first(typescript_package: Path) -> None:
    manifest = json.loads((typescript_package / "package.json").read_text())
    modules = sorted(path.stem for path in SOURCE_DIR.glob("*.ts"))
    assert sorted(manifest["exports"]) == [f"./{module}" for module in modules]
    for module in modules:
        conditions = manifest["exports"][f"./{module}"]
        assert next(iter(conditions)) == "types"  # TypeScript reads the first match
        assert conditions == {
            "types": f"./dist/{module}.d.ts",
            "import": f"./dist/{module}.js",
            "default": f"./dist/{module}.js",
        }
        assert (typescript_package / "dist" / f"{module}.js").is_file()
        assert (typescript_package / "dist" / f"{module}.d.ts").is_file()
    assert {"dist", "src"} <= set(manifest["files"])


def _run(*command: str, cwd: Path) -> None:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _install(project: Path, package: Path, *flags: str) -> Path:
    """A scratch ES-module project with `package` installed by npm, offline."""
    project.mkdir()
    (project / "package.json").write_text('{"name": "scratch", "private": true, "type": "module"}')
    npm = shutil.which("npm")
    assert npm is not None
    install = [npm, "install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"]
    _run(*install, *flags, str(package), cwd=project)
    assert (project / "node_modules" / NAME / "package.json").exists()
    return project


@pytest.fixture
def installed(typescript_package: Path, tmp_path: Path) -> dict[str, Path]:
    """Scratch projects with the package installed two ways: linked (npm's default for a
    folder) and packed (`--install-links`: only the `files` of package.json, as a tarball
    or a git dependency gets them)."""
    return {
        "linked": _install(tmp_path / "linked", typescript_package),
        "packed": _install(tmp_path / "packed", typescript_package, "--install-links"),
    }


def _bundle(project: Path, out: Path) -> Path:
    """esbuild's bundle of `project`'s script (the package resolved by name, through
    `exports`), alone in `out`: no node_modules beside it."""
    require_node(CONSOLE_DIR)  # esbuild is the console's
    out.mkdir()
    esbuild = CONSOLE_DIR / "node_modules" / ".bin" / "esbuild"
    options = ["--bundle", "--platform=node", "--format=esm", f"--outfile={out / SCRIPT.name}"]
    _run(str(esbuild), SCRIPT.name, *options, cwd=project)
    return out


async def test_plain_node_runs_the_installed_package_against_a_live_server(
    typescript_package: Path, installed: dict[str, Path], tmp_path: Path
) -> None:
    node = shutil.which("node")
    assert node is not None
    for project in installed.values():
        shutil.copy(typescript_package / SCRIPT, project / SCRIPT.name)
    runs = {**installed, "bundled": _bundle(installed["packed"], tmp_path / "bundled")}
    async with serve_in_background(create_product_app()) as base_url:
        for how, project in runs.items():
            code, out = await run_async(
                node, SCRIPT.name, base_url, uuid.uuid4().hex[:12], cwd=project
            )
            assert code == 0, f"node ({how}) failed:\n{out}"
            lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            assert [line.get("step") for line in lines] == [
                "signup",
                "init",
                "logout",
                "login",
                "wrong password",
                None,
            ], out
            assert lines[-1] == {"done": True}


@pytest.mark.parametrize("resolution", sorted(RESOLUTIONS))
def test_tsc_finds_the_installed_types(installed: dict[str, Path], resolution: str) -> None:
    project = installed["packed"]
    (project / "consumer.ts").write_text(CONSUMER)
    options = {**_STRICT, **RESOLUTIONS[resolution], "noEmit": True}
    config = project / f"tsconfig.{resolution}.json"
    config.write_text(json.dumps({"compilerOptions": options, "files": ["consumer.ts"]}))

    result = tsc("-p", config.name, cwd=project)

    assert result.returncode == 0, result.stdout + result.stderr
