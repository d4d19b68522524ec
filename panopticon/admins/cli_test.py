import subprocess
import sys

from foundation.paths import REPO_ROOT
from foundation.testing.fixture import TFix
from panopticon.db import xact_admin as panopticon_xact


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
