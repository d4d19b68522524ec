"""The admin console in a real browser: headless system Chromium driven by playwright-core
(`e2e/flow.mjs`), against panopticon and product served by hypercorn (`blossom panopticon
serve`, `blossom product serve`, subprocesses) on the test's Postgres.

An admin signs in, searches a user, disables them with a reason (after checking that
Escape closes the reason dialog), sees the audit entry, browses organizations and starts
an impersonation of another member. Over HTTP: the disabled user's product session
answers 401, and the impersonation token opens a product session. Screenshots of every
page: `.local/artifacts/console/` (the path is printed).

Outside CI the test skips without Node or Chromium; with `CI` set it fails instead.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import httpx

from database.testing.factory import Factory
from foundation.auth.cookies import sign_session
from foundation.auth.passwords import hash_password
from foundation.env import ENV
from foundation.paths import REPO_ROOT
from foundation.testing.fixture import TFix
from foundation.testing.live_server import live_server
from panopticon.admins.admins import grant_admin
from tools.testing.browser import require_chromium, require_node, run_async

CONSOLE_DIR = REPO_ROOT / "panopticon" / "console"
ARTIFACTS = REPO_ROOT / ".local" / "artifacts" / "console"
PRODUCT_SERVE = ["-m", "cli.main", "product", "serve"]
PANOPTICON_SERVE = ["-m", "cli.main", "panopticon", "serve"]
SERVER_ENV = {"WEB_WORKERS": "1"}
PRODUCT_COOKIE = "blossom_session"  # the product app's session cookie (product.framework)
PASSWORD = "a long enough admin password"
SCREENSHOTS = [
    "01-login",
    "02-overview",
    "03-users",
    "04-user-detail",
    "05-reason-dialog",
    "06-audit-log",
    "07-organizations",
    "08-organization-detail",
    "09-impersonation",
]


async def _people(factory: Factory, tag: str) -> dict[str, dict[str, str]]:
    admin = await factory.user(
        name=f"Console Admin {tag}",
        email=f"console-admin-{tag}@example.test",
        password_hash=await hash_password(PASSWORD),
    )
    await grant_admin(admin.email, "superadmin")
    organization = await factory.organization(name=f"Console Org {tag}")
    target = await factory.user(name=f"Ada Console {tag}", email=f"ada-{tag}@example.test")
    other = await factory.user(name=f"Bob Console {tag}", email=f"bob-{tag}@example.test")
    await factory.membership(user=target, organization=organization, role="owner")
    await factory.membership(user=other, organization=organization, role="member")
    session = await factory.session(user=target, organization=organization, app="product")
    return {
        "admin": {"email": admin.email, "password": PASSWORD},
        "target": {
            "id": target.id,
            "name": target.name,
            "email": target.email,
            "cookie": sign_session("product", session.id),
        },
        "other": {"id": other.id, "name": other.name, "email": other.email},
        "organization": {"id": organization.id, "name": organization.name},
    }


async def test_console_in_a_browser(t: TFix, tmp_path: Path) -> None:
    node = require_node(CONSOLE_DIR)
    chromium = require_chromium()
    tag = uuid.uuid4().hex[:8]
    people = await _people(t.factory, tag)
    target = people["target"]
    reason = f"chargeback fraud report {tag}"
    screenshots = tmp_path / "screenshots"

    env = {"DATABASE_URL": ENV.database_url, **SERVER_ENV}
    with live_server(PRODUCT_SERVE, env) as product, live_server(PANOPTICON_SERVE, env) as admin:
        async with httpx.AsyncClient(base_url=product.url, timeout=30) as http:
            own = {"Cookie": f"{PRODUCT_COOKIE}={target['cookie']}"}
            assert (await http.get("/rpc/sessions_list", headers=own)).status_code == 200

            flow = {
                "baseUrl": admin.url,
                "chromium": chromium,
                "out": str(screenshots),
                "reason": reason,
                **people,
            }
            code, out = await run_async(node, "e2e/flow.mjs", json.dumps(flow), cwd=CONSOLE_DIR)
            _keep(screenshots)
            log = admin.output()[-3000:]
            assert code == 0, f"the browser flow failed:\n{out}\npanopticon's log:\n{log}"
            lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            done = lines[-1]
            assert done["done"] is True and done["userId"] == target["id"]
            assert [line["step"] for line in lines[:-1]] == [
                "login",
                "overview",
                "users search",
                "user detail",
                "escape closes the dialog",
                "disabled with a reason",
                "audit entry",
                "organizations",
                "impersonation",
            ]

            # Disabling ended the user's product session: a real product server says 401.
            gone = await http.get("/rpc/sessions_list", headers=own)
            assert gone.status_code == 401, gone.text
            assert gone.json()["error"] == "UnauthorizedError"

            # The impersonation token the console showed opens a product session of the other member.
            accepted = await http.post("/rpc/impersonation_accept", json={"token": done["token"]})
            assert accepted.status_code == 200, accepted.text
            assert accepted.json()["user"]["id"] == people["other"]["id"]
            cookie = accepted.cookies[PRODUCT_COOKIE]
            mine = await http.get(
                "/rpc/sessions_list", headers={"Cookie": f"{PRODUCT_COOKIE}={cookie}"}
            )
            assert mine.status_code == 200, mine.text

    assert sorted(path.stem for path in screenshots.glob("*.png")) == SCREENSHOTS


def _keep(screenshots: Path) -> None:
    """Copy the run's screenshots to ARTIFACTS (replacing the previous run's) and say where."""
    if screenshots.exists():
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        shutil.copytree(screenshots, ARTIFACTS, dirs_exist_ok=True)
    # The test's report (shown with -s or on failure): where to look at the pages.
    print(f"console screenshots: {ARTIFACTS} (this run's: {screenshots})")  # noqa: T201
