"""The links in emails clicked through in a real browser: headless system Chromium driven
by playwright-core (`e2e/flow.mjs`) against a product server (`blossom product serve`, a
subprocess; real HTTP, real Postgres, its outbox sender delivering into the test's
mailbox), with PRODUCT_URL left at its default, so the links go to that server's own
pages.

Sign up and open the verification link; ask for a password reset and set one on the
page; accept an invite as a new account, and as an existing one (signing in on the page);
open an impersonation link. Each page calls the RPC and shows its answer. Screenshots of each
page: `.local/artifacts/dev-pages/`.

Outside CI the test skips without Node or Chromium; with `CI` set it fails instead.
"""

from __future__ import annotations

import datetime
import json
import shutil
import uuid
from pathlib import Path

import pytest

from database.testing import harness
from foundation.auth.oauth import CALLBACK_PATH
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.base.paths import REPO_ROOT
from foundation.crypto.codes import new_code
from foundation.email.links import impersonation_accept_url
from foundation.testing.fixture import TFix
from foundation.testing.live_server import free_port, live_server
from foundation.testing.oidc import OIDC_PROVIDER_DIR, oidc_provider
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from product.db import xact_admin
from tools.testing.browser import require_chromium, require_node, run_async

pytestmark = STARTS_PROCESSES  # Node and Chromium: foundation/testing/timeouts.py

PAGES_DIR = Path(__file__).parent
ARTIFACTS = REPO_ROOT / ".local" / "artifacts" / "dev-pages"
SCREENSHOTS = [
    "01-verify-email",
    "02-reset-password",
    "02b-sign-in-code",
    "03-accept-invite",
    "04-accept-invite-signed-in",
    "05-impersonate",
    "06-oauth-callback",
]


async def _impersonation(t: TFix) -> tuple[str, str]:
    """A superadmin's fresh impersonation token of a user (what panopticon's
    `impersonation_start` makes): the console's link to it, and the user's email."""
    admin = await t.factory.user(name="Pages Admin")
    user = await t.factory.user(name="Pages Impersonated")
    token, token_hash = new_code()
    async with xact_admin() as q:
        await harness(q).test_admin_grant(user_id=admin.id, role="superadmin")
        await harness(q).test_impersonation_create(
            admin_user_id=admin.id,
            user_id=user.id,
            token_hash=token_hash,
            minutes=15,
            accept_by=CLOCK.now() + datetime.timedelta(minutes=2),
        )
    url = impersonation_accept_url(token)
    assert url is not None
    return url, user.email


async def test_the_links_in_emails_open_working_pages(
    t: TFix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = require_node(PAGES_DIR)
    chromium = require_chromium()
    port = free_port()
    # PRODUCT_URL stays empty: links go to http://localhost:PRODUCT_PORT, the server's.
    env = {
        "PRODUCT_PORT": str(port),
        "PRODUCT_URL": "",
        "EMAIL_MAILDIR": ENV.email_maildir,
        "EMAIL_SENDER": "background",
    }
    override_env(monkeypatch, product_port=port, product_url="")  # the impersonation link
    impersonate_url, impersonated = await _impersonation(t)
    assert impersonate_url.startswith(f"http://localhost:{port}/impersonate#token=")
    screenshots = tmp_path / "screenshots"
    with (
        oidc_provider(
            require_node(OIDC_PROVIDER_DIR),
            redirect_uri=f"http://localhost:{port}{CALLBACK_PATH}",
        ) as op,
        live_server(
            ["-m", "cli.main", "product", "serve"],
            {**env, "OAUTH_PROVIDERS": json.dumps([op.config()])},
            port=port,
        ) as server,
    ):
        oidc_account = f"pages-{uuid.uuid4().hex[:8]}"
        oidc_email = f"{oidc_account}@example.com"
        await op.account(oidc_account, email=oidc_email, email_verified=True)
        flow = {
            "providerUrl": op.issuer,
            "oidcAccount": oidc_account,
            "oidcEmail": oidc_email,
            "baseUrl": server.url,
            "chromium": chromium,
            "out": str(screenshots),
            "tag": uuid.uuid4().hex[:10],
            "impersonateUrl": impersonate_url,
            "impersonatedEmail": impersonated,
        }
        code, out = await run_async(node, "e2e/flow.mjs", json.dumps(flow), cwd=PAGES_DIR)
        log = server.output()[-3000:]
    _keep(screenshots)
    assert code == 0, f"the browser flow failed:\n{out}\nthe server's log:\n{log}"
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert lines[-1] == {"done": True}
    assert [line["step"] for line in lines[:-1]] == [
        "verify email",
        "reset password",
        "sign in with a code",
        "accept invite (new account)",
        "accept invite (existing account)",
        "impersonate",
        "sign in with a provider",
    ]
    assert sorted(path.stem for path in screenshots.glob("*.png")) == SCREENSHOTS


def _keep(screenshots: Path) -> None:
    """Copy the run's screenshots to ARTIFACTS, replacing the previous run's."""
    if screenshots.exists():
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        shutil.copytree(screenshots, ARTIFACTS, dirs_exist_ok=True)
