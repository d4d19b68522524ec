"""A webhook delivered over real HTTP verifies with the `standardwebhooks` npm package, as
the TypeScript client's README shows (typescript/rpc/e2e/verify-webhook.mjs)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from foundation.testing.fake_http import FakeResponse, fake_http
from foundation.testing.fixture import TFix
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from foundation.testing.webhooks import endpoint
from foundation.webhooks.events import MemberAdded, emit
from foundation.webhooks.sender import send_pending
from product.db import xact_admin
from tools.rpc_codegen.node import run_async

pytestmark = STARTS_PROCESSES


async def test_a_delivered_webhook_verifies_with_the_npm_package(
    t: TFix, typescript_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, webhooks_allow_private_targets=True)
    c = await t.factory.customer()
    with fake_http() as receiver:
        receiver.respond("POST", "/hook", FakeResponse(200))
        async with endpoint(c.organization.id, f"{receiver.url}/hook", ["member.added"]) as hook:
            async with xact_admin() as q:
                data = MemberAdded(user_id=c.user.id, role="member")
                await emit(q, c.organization.id, "member.added", data)
            await send_pending()
        [request] = receiver.calls("POST", "/hook")
    delivered = tmp_path / "delivered.json"
    delivered.write_text(
        json.dumps(
            {"secret": hook.secret, "body": request.body.decode(), "headers": request.headers}
        )
    )
    node = shutil.which("node")
    assert node is not None
    code, out = await run_async(
        node, "e2e/verify-webhook.mjs", str(delivered), cwd=typescript_package
    )
    assert code == 0, out
    assert json.loads(out) == {
        "type": "member.added",
        "data": {"organization_id": c.organization.id, "user_id": c.user.id, "role": "member"},
        "tampered": "refused",
    }
