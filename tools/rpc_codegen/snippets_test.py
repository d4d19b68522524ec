"""The TypeScript snippets of both apps' `/docs` compile against the generated clients:
every snippet, extracted from the served page, type-checked by tsc as a module of its own
that imports `@blossom/rpc/<app>` as an installed package would (`node_modules/@blossom/rpc`
is this repository's `typescript/rpc/`)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from quart import Quart

from foundation.testing.timeouts import STARTS_PROCESSES
from foundation.webserver.openapi import DOCS_PATH
from panopticon.app import create_panopticon_app
from product.app import create_product_app
from tools.rpc_codegen.node import TYPE_ROOTS, tsc_async

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

_SNIPPET = re.compile(r'<pre id="ts-([a-z0-9_]+)" class="snippet">(.*?)</pre>', re.S)
_ERROR = re.compile(r"^(?P<file>[^(\s]+)\((?P<line>\d+),\d+\): error (?P<code>TS\d+): ", re.M)


async def _snippets(app: Quart) -> dict[str, str]:
    response = await app.test_client().get(DOCS_PATH)
    page = await response.get_data(as_text=True)
    return {name: html.unescape(text) for name, text in _SNIPPET.findall(page)}


def _project(directory: Path, typescript_package: Path) -> Path:
    """A scratch ES-module project as strict as the package, with the package installed."""
    (directory / "node_modules" / "@blossom").mkdir(parents=True)
    (directory / "node_modules" / "@blossom" / "rpc").symlink_to(typescript_package)
    (directory / "package.json").write_text('{"type": "module"}\n')
    tsconfig = {
        "extends": str(typescript_package / "tsconfig.json"),
        "compilerOptions": {"noEmit": True, "rootDir": "/", "typeRoots": [str(TYPE_ROOTS)]},
        "include": ["*.ts"],
    }
    (directory / "tsconfig.json").write_text(json.dumps(tsconfig))
    return directory


async def test_every_typescript_snippet_compiles(typescript_package: Path, tmp_path: Path) -> None:
    project = _project(tmp_path, typescript_package)
    count = 0
    for app_name, app in (
        ("product", create_product_app()),
        ("panopticon", create_panopticon_app()),
    ):
        snippets = await _snippets(app)
        routes = app.extensions["blossom_routers"][0].routes()
        assert sorted(snippets) == sorted(info.name for info in routes)
        for name, text in snippets.items():
            (project / f"{app_name}_{name}.ts").write_text(text + "\n")
            count += 1

    code, output = await tsc_async("-p", "tsconfig.json", cwd=project)

    assert code == 0, output
    assert count > 50


async def test_a_snippet_with_a_wrong_field_does_not(
    typescript_package: Path, tmp_path: Path
) -> None:
    project = _project(tmp_path, typescript_package)
    login = (await _snippets(create_product_app()))["login"]
    assert "  email: " in login
    (project / "login.ts").write_text(login.replace("  email: ", "  e_mail: "))

    code, output = await tsc_async("-p", "tsconfig.json", cwd=project)

    assert code != 0
    errors = [(m["file"], int(m["line"])) for m in _ERROR.finditer(output)]
    assert errors == [("login.ts", 5)], output
    assert "'e_mail' does not exist in type 'LoginIn'" in output
