"""The console build: deterministic (same bytes twice), self-contained, type-checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foundation.base.paths import REPO_ROOT
from foundation.testing.timeouts import STARTS_PROCESSES
from tools.rpc_codegen.dist import read_tree
from tools.rpc_codegen.typemap import CodegenError
from tools.testing.browser import require_node
from tools.web_build.build import CONSOLE_DIR, build_console, write_console

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    require_node(CONSOLE_DIR)
    return build_console()


def test_the_build_is_deterministic_and_self_contained(built: dict[str, bytes]) -> None:
    assert build_console() == built
    names = sorted(built)
    assert names[-1] == "index.html" and len(names) == 4
    assert {Path(name).suffix for name in names} == {".css", ".js", ".svg", ".html"}
    for name, content in built.items():
        text = content.decode()
        assert str(REPO_ROOT) not in text and "/tmp/" not in text, name
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", ""), name
        assert "https://" not in text, name
    page = built["index.html"].decode()
    for name in names[:-1]:
        assert f'"/{name}"' in page


def _copy(tmp_path: Path) -> Path:
    """The console and the generated client copied to `tmp_path` in the repository's
    layout (another checkout, as far as the build can tell)."""
    console = tmp_path / "panopticon" / "console"
    shutil.copytree(
        CONSOLE_DIR, console, ignore=shutil.ignore_patterns("dist", "node_modules", "e2e")
    )
    (console / "node_modules").symlink_to(CONSOLE_DIR / "node_modules")
    shutil.copytree(REPO_ROOT / "typescript" / "rpc" / "src", tmp_path / "typescript/rpc/src")
    return console


def test_another_checkout_builds_the_same_bytes_and_dist_is_replaced_only_when_changed(
    built: dict[str, bytes], tmp_path: Path
) -> None:
    console = _copy(tmp_path)
    (console / "dist" / "assets").mkdir(parents=True)
    (console / "dist" / "assets" / "main-OLD.js").write_text("stale")

    assert write_console(console) is True
    assert read_tree(console / "dist") == built  # the stale file is gone
    assert write_console(console) is False


def test_a_type_error_fails_the_build(built: dict[str, bytes], tmp_path: Path) -> None:
    console = _copy(tmp_path)
    main = console / "src" / "overview.ts"
    main.write_text(main.read_text().replace('api.call("overview")', 'api.call("overviewz")'))

    with pytest.raises(CodegenError) as failure:
        build_console(console)
    output = failure.value.context["output"]
    assert "src/overview.ts" in output and "error TS" in output, output
