import subprocess
import sys

from foundation.base.paths import REPO_ROOT
from foundation.testing.fixture import TFix
from foundation.testing.timeouts import STARTS_PROCESSES
from panopticon.db import xact_admin as panopticon_xact
from panopticon.testing import audit_rows

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


def _blossom(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], cwd=REPO_ROOT, capture_output=True, text=True
    )


async def test_admin_grant_and_revoke_from_the_command_line(t: TFix) -> None:
    user = await t.factory.user()
    granted = _blossom("admin", "grant", user.email.upper())
    assert granted.returncode == 0, granted.stderr
    async with panopticon_xact() as q:
        assert await q.orm.admin_is(user_id=user.id)
    revoked = _blossom("admin", "revoke", user.email)
    assert revoked.returncode == 0, revoked.stderr
    async with panopticon_xact() as q:
        assert not await q.orm.admin_is(user_id=user.id)
    unknown = _blossom("admin", "grant", "nobody@example.test")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines() == [
        "error: no user has this email (email='nobody@example.test')"
    ]


async def test_roles_list_and_the_audit_trail_of_the_command_line(t: TFix) -> None:
    user = await t.factory.user(name="Cli Admin")
    assert _blossom("admin", "grant", user.email, "--role", "superadmin").returncode == 0
    listed = _blossom("admin", "list")
    assert listed.returncode == 0, listed.stderr
    [line] = [x for x in listed.stdout.splitlines() if user.email in x]
    assert "superadmin" in line and "Cli Admin" in line
    assert _blossom("admin", "grant", user.email).returncode == 0  # back to support
    again = _blossom("admin", "grant", user.email)  # no change: no audit row
    assert again.returncode == 0 and "support" in again.stdout + again.stderr
    assert _blossom("admin", "revoke", user.email, "--reason", "left").returncode == 0
    rows = await audit_rows(user.id)
    assert [(r.action, r.diff, r.reason) for r in rows] == [
        ("admin.revoke", {"role": {"before": "support", "after": None}}, "left"),
        ("admin.grant", {"role": {"before": "superadmin", "after": "support"}}, CLI_GRANT),
        ("admin.grant", {"role": {"before": None, "after": "superadmin"}}, CLI_GRANT),
    ]
    assert all(r.actor.startswith("os:") and r.admin_user_id is None for r in rows)
    bad = _blossom("admin", "grant", user.email, "--role", "owner")
    assert bad.returncode == 2 and "owner" in bad.stderr


CLI_GRANT = "granted from the command line"
