"""The admin console in a real browser: headless system Chromium driven by playwright-core
(`e2e/flow.mjs`), against panopticon and product served by hypercorn (`blossom panopticon
serve`, `blossom product serve`, subprocesses) on the test's Postgres.

An admin signs in (password, then a recovery code as the second factor), searches a user, disables them with a reason (after checking that
Escape closes the reason dialog), sees the audit entry, browses organizations (removing one's single sign-on connection
with a reason), starts
an impersonation of another member (found by typing the start of the email), whose
accept page the console opens in a new tab on the product server, and reads the
analytics of days seeded here (and the backfill hint of days without any). It filters,
sorts and pages the users list (an organization's members), filters the audit log by
action, admin email and days (targets by name), sends a password reset and edits a
user's name and email. Afterwards: the disabled user's product session answers 401, the
reset email is queued, and the other member has an impersonated product session (the
token then refused a second time).

Every page is checked at 360, 390 and 1440 px wide (the page itself never scrolls
sideways: `scrollWidth <= innerWidth`; tables and charts scroll in their own box), the nav
folds behind a Menu button at phone width, and axe-core (injected by the flow) reports no
violation on any page. Screenshots of every page at 390 and 1440 px (`NAME-390.png`,
`NAME-1440.png`): `.local/artifacts/console/` (the path is printed; CI keeps the folder as
its `screenshots` artefact).

Outside CI the test skips without Node or Chromium; with `CI` set it fails instead.
"""

from __future__ import annotations

import datetime
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from database.connection import direct_database_url
from database.testing import harness
from database.testing.factory import Factory
from foundation.auth.cookies import sign_session
from foundation.auth.passwords import hash_password
from foundation.base.clock import CLOCK
from foundation.base.paths import REPO_ROOT
from foundation.email.outbox import queue_email
from foundation.testing.fixture import TFix
from foundation.testing.live_server import live_server
from foundation.testing.mfa import enable_mfa
from foundation.testing.timeouts import PROCESS_TIMEOUT_SECONDS, STARTS_PROCESSES
from panopticon.admins.admins import grant_admin
from panopticon.db import xact_admin
from tools.testing.browser import require_chromium, require_node, run_async

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

CONSOLE_DIR = REPO_ROOT / "panopticon" / "console"
ARTIFACTS = REPO_ROOT / ".local" / "artifacts" / "console"
PRODUCT_SERVE = ["-m", "cli.main", "product", "serve"]
PANOPTICON_SERVE = ["-m", "cli.main", "panopticon", "serve"]
SERVER_ENV = {"WEB_WORKERS": "1"}
PRODUCT_COOKIE = "blossom_session"  # the product app's session cookie (product.framework)
PASSWORD = "a long enough admin password"
SCREENSHOTS = [
    "01-login",
    "01-second-factor",
    "02-overview",
    "02-overview-menu",
    "03-users",
    "04-user-detail",
    "05-reason-dialog",
    "06-audit-log",
    "07-organizations",
    "08-organization-detail",
    "08-organization-members",
    "09-impersonation",
    "10-analytics",
    "11-emails",
    "12-delete-account",
    "12-edit-user",
]


async def _people(factory: Factory, tag: str) -> dict[str, dict[str, str]]:
    admin = await factory.user(
        name=f"Console Admin {tag}",
        email=f"console-admin-{tag}@example.test",
        password_hash=await hash_password(PASSWORD),
    )
    await grant_admin(admin.email, "superadmin")
    mfa = await enable_mfa(admin.id)  # the console asks for the second factor
    organization = await factory.organization(name=f"Console Org {tag}")
    target = await factory.user(name=f"Ada Console {tag}", email=f"ada-{tag}@example.test")
    other = await factory.user(name=f"Bob Console {tag}", email=f"bob-{tag}@example.test")
    await factory.membership(user=target, organization=organization, role="owner")
    await factory.membership(user=other, organization=organization, role="member")
    session = await factory.session(user=target, organization=organization, app="product")
    async with xact_admin() as q:  # a SAML connection (https://idp.example.test)
        await harness(q).test_sso_connection_create(organization_id=organization.id)
    doomed = await factory.user(name=f"Dee Leted {tag}", email=f"dee-{tag}@example.test")
    # An email to the target whose delivery was given up (the sender's own query marks it).
    async with xact_admin() as q:
        await queue_email(q, to=target.email, subject=f"Welcome {tag}", kind="test", body="hello")
        [email] = await harness(q).test_emails_to(to_address=target.email)
        await q.orm.email_mark_attempt_failed(
            id=email.id,
            last_error="550 mailbox unavailable",
            next_attempt_at=CLOCK.now(),
            give_up=True,
        )
    return {
        "admin": {
            "email": admin.email,
            "password": PASSWORD,
            "recovery_code": mfa.recovery_codes[0],
        },
        "target": {
            "id": target.id,
            "name": target.name,
            "email": target.email,
            "cookie": sign_session("product", session.id),
        },
        "other": {"id": other.id, "name": other.name, "email": other.email},
        "doomed": {"id": doomed.id, "name": doomed.name, "email": doomed.email},
        "organization": {"id": organization.id, "name": organization.name},
    }


async def _analytics(factory: Factory) -> dict[str, Any]:
    """Analytics rows for the 3 complete UTC days before yesterday, in a range of 5 days
    (from 5 days ago to yesterday: its first and last days without rows). The range's
    rows are deleted first: tests share a database per worker and the tables are keyed
    by day. Returns the range and what the page must show."""
    today = CLOCK.now().date()
    days = [today - datetime.timedelta(days=n) for n in range(5, 0, -1)]
    seeded = days[1:4]
    organizations = [await factory.organization() for _ in range(3)]
    # Per seeded day: signups (created, completed) per inbound source, active users per
    # organization (None: no row that day), and the invite funnel.
    signups = [{"organic": (2, 1), "none": (1, 1)}, {"organic": (5, 4)}, {"none": (1, 0)}]
    activity = [(2, 0, None), (1, 3, 1), (0, None, None)]
    funnel = [(4, 1, 0, 0, 3600.0), (3, 2, 1, 0, 120.0), (1, 0, 0, 2, None)]
    async with xact_admin() as q:
        for day in days:
            await harness(q).test_analytics_rows_delete(day=day)
        for day, sources, actives, (sent, accepted, revoked, expired, median) in zip(
            seeded, signups, activity, funnel, strict=True
        ):
            for source, (created, completed) in sources.items():
                await harness(q).test_daily_signups_insert(
                    day=day, inbound_source=source, users_created=created, users_completed=completed
                )
            for organization, active in zip(organizations, actives, strict=True):
                if active is not None:
                    await harness(q).test_organization_activity_insert(
                        day=day, organization_id=organization.id, active_users=active
                    )
            await harness(q).test_invite_funnel_insert(
                day=day,
                sent=sent,
                accepted=accepted,
                revoked=revoked,
                expired=expired,
                median_seconds_to_accept=median,
            )
    return {
        "from": days[0].isoformat(),
        "to": days[-1].isoformat(),
        "days": [day.isoformat() for day in days],
        # One bar and one point per day of the range, zeros at both ends.
        "signups": [0, 3, 5, 1, 0],
        "active": [0, 1, 3, 0, 0],
        "funnel": {"sent": 8, "accepted": 3, "revoked": 1, "expired": 2},
        # A range no test writes analytics for: every day zero, the page says how to fill it.
        "empty": {"from": "1901-03-01", "to": "1901-03-07"},
    }


# Twice PROCESS_TIMEOUT_SECONDS: one flow walks every page at three widths with axe-core
# and screenshots (about 50 s idle); with the other process tests on 2 loaded cores it
# passed 150 s.
@pytest.mark.timeout(2 * PROCESS_TIMEOUT_SECONDS)
async def test_console_in_a_browser(t: TFix, tmp_path: Path) -> None:
    node = require_node(CONSOLE_DIR)
    chromium = require_chromium()
    tag = uuid.uuid4().hex[:8]
    people = await _people(t.factory, tag)
    analytics = await _analytics(t.factory)
    target = people["target"]
    reason = f"chargeback fraud report {tag}"
    screenshots = tmp_path / "screenshots"

    env = {"DATABASE_URL": direct_database_url(), **SERVER_ENV}
    # The console's impersonation link opens this product server's accept page.
    with (
        live_server(PRODUCT_SERVE, env) as product,
        live_server(PANOPTICON_SERVE, {**env, "PRODUCT_URL": product.url}) as admin,
    ):
        async with httpx.AsyncClient(base_url=product.url, timeout=30) as http:
            own = {"Cookie": f"{PRODUCT_COOKIE}={target['cookie']}"}
            assert (await http.get("/rpc/sessions_list", headers=own)).status_code == 200

            flow = {
                "baseUrl": admin.url,
                "productUrl": product.url,
                "chromium": chromium,
                "out": str(screenshots),
                "reason": reason,
                "analytics": analytics,
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
                "password reset sent",
                "escape closes the dialog",
                "disabled with a reason",
                "audit entry",
                "single sign-on connection removed",
                "organizations",
                "impersonation",
                "analytics",
                "emails",
                "name and email edited",
                "account deleted",
            ]

            # The password reset the console sent waits in the outbox (as a reset email).
            async with xact_admin() as q:
                queued = await harness(q).test_emails_to(to_address=target["email"])
            assert "reset_password" in [e.kind for e in queued], [e.kind for e in queued]

            # Disabling ended the user's product session: a real product server says 401.
            gone = await http.get("/rpc/sessions_list", headers=own)
            assert gone.status_code == 401, gone.text
            assert gone.json()["error"] == "UnauthorizedError"

            # The accept page the console opened in a new tab turned the token into an
            # impersonated product session of the other member.
            async with xact_admin() as q:
                sessions = await q.orm.user_product_sessions(user_id=people["other"]["id"])
            assert [s.sign_in_method for s in sessions if s.impersonator_user_id] == [
                "impersonation"
            ], sessions
            # The token worked once.
            again = await http.post("/rpc/impersonation_accept", json={"token": done["token"]})
            assert again.status_code == 400, again.text

    shots = sorted(f"{name}-{width}" for name in SCREENSHOTS for width in (390, 1440))
    assert sorted(path.stem for path in screenshots.glob("*.png")) == shots


def _keep(screenshots: Path) -> None:
    """Copy the run's screenshots to ARTIFACTS (replacing the previous run's) and say where."""
    if screenshots.exists():
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        shutil.copytree(screenshots, ARTIFACTS, dirs_exist_ok=True)
    # The test's report (shown with -s or on failure): where to look at the pages.
    print(f"console screenshots: {ARTIFACTS} (this run's: {screenshots})")  # noqa: T201
