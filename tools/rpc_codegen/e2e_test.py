"""The generated TypeScript client, compiled by tsc and run by Node 20, against a live
product server (real HTTP, real Postgres): typescript/rpc/e2e/product.e2e.ts.

The product serves without an email sender: a panopticon server (another process) delivers
every email into the shared development mailbox, and Node reads the codes at the
product's `/dev/emails`, as a frontend developer does while both apps run (`just dev`)."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest

from foundation.base.env import ENV
from foundation.email.maildir import dev_mailbox
from foundation.testing.live_server import live_server
from foundation.testing.oidc import OIDC_PROVIDER_DIR, oidc_provider
from foundation.testing.server import serve_in_background
from foundation.testing.settings import override_env
from foundation.testing.timeouts import STARTS_PROCESSES
from product.app import create_product_app
from tools.rpc_codegen.node import ensure_node_modules, run_async, tsc_async

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

E2E_SCRIPT = Path("e2e") / "product.e2e.ts"
REDIRECT_URI = "http://localhost:5999/oauth/callback"


async def test_generated_client_end_to_end(
    typescript_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = await tsc_async(
        "-p", "tsconfig.json", "--outDir", str(tmp_path), cwd=typescript_package
    )
    assert code == 0, out
    # The compiled modules are ES modules, like the package.
    (tmp_path / "package.json").write_text('{"type": "module"}\n')
    script = tmp_path / E2E_SCRIPT.with_suffix(".js")
    node = shutil.which("node")
    assert node is not None

    tag = uuid.uuid4().hex[:12]
    override_env(monkeypatch, email_sender="off")  # the product delivers nothing itself
    panopticon_serve = ["-m", "cli.main", "panopticon", "serve"]
    ensure_node_modules(OIDC_PROVIDER_DIR)
    with (
        oidc_provider(node, redirect_uri=REDIRECT_URI) as op,
        live_server(panopticon_serve, {"EMAIL_MAILDIR": ENV.email_maildir}) as panopticon,
    ):
        carol = f"carol-{tag}"
        await op.account(carol, email=f"{carol}@example.com", email_verified=True, name="Carol")
        override_env(
            monkeypatch,
            oauth_providers=json.dumps([op.config()]),
            oauth_redirect_url=REDIRECT_URI,
        )
        async with serve_in_background(create_product_app()) as base_url:
            code, out = await run_async(
                node, str(script), base_url, tag, carol, REDIRECT_URI, cwd=tmp_path
            )

    assert code == 0, f"node failed:\n{out}"
    delivered = dev_mailbox().received(f"alice-{tag}@example.com")
    assert [r.email.subject for r in delivered] == ["Verify your email address"]
    assert {r.delivered_by for r in delivered} == {f"pid {panopticon.process.pid}"}
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert lines[-1]["done"] is True
    steps = [line["step"] for line in lines[:-1]]
    assert steps == [
        "signup",
        "email_verify",
        "init",
        "organization_create",
        "invite_create",
        "invite_accept",
        "organization_members_list",
        "paginate",
        "api key",
        "organization_audit_log_export",
        "init as Bob",
        "login with a wrong password",
        "logout",
        "password_reset",
        "sessions",
        "login_code",
        "oauth sign-in",
        "network error",
        "non-JSON answer",
        "unexpected answer",
    ]
