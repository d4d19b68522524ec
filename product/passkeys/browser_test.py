"""Passkeys in a real browser: headless system Chromium's virtual authenticator (CDP
`WebAuthn.addVirtualAuthenticator`) registers a passkey and signs in with it through a
small test page calling the generated TypeScript client (`typescript/rpc/dist/`), against
a product server (`blossom product serve`, a subprocess; real HTTP, real Postgres), whose
relying party and origin are its defaults (PRODUCT_URL's: `localhost` and the server's
origin). Then the /sessions page shows that session. The flow: `product/dev_pages/e2e/
passkeys.mjs` (the dev pages' Node project has playwright-core).

Outside CI the test skips without Node or Chromium; with `CI` set it fails instead.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from foundation.base.env import ENV
from foundation.base.paths import REPO_ROOT
from foundation.testing.live_server import free_port, live_server
from foundation.testing.timeouts import STARTS_PROCESSES
from tools.testing.browser import require_chromium, require_node, run_async

pytestmark = STARTS_PROCESSES  # Node and Chromium: foundation/testing/timeouts.py

NODE_DIR = REPO_ROOT / "product" / "dev_pages"
DIST = REPO_ROOT / "typescript" / "rpc" / "dist"


async def test_a_browser_registers_a_passkey_and_signs_in_with_it(tmp_path: Path) -> None:
    node = require_node(NODE_DIR)
    chromium = require_chromium()
    port = free_port()
    env = {
        "PRODUCT_PORT": str(port),
        "PRODUCT_URL": "",  # relying party localhost, origin http://localhost:PORT
        "WEBAUTHN_RP_ID": "",
        "WEBAUTHN_ORIGINS": "",
        "EMAIL_MAILDIR": ENV.email_maildir,
    }
    with live_server(["-m", "cli.main", "product", "serve"], env, port=port):
        flow = {
            "baseUrl": f"http://localhost:{port}",
            "chromium": chromium,
            "dist": str(DIST),
            "tag": uuid.uuid4().hex[:10],
            "out": str(tmp_path),
        }
        code, out = await run_async(node, "e2e/passkeys.mjs", json.dumps(flow), cwd=NODE_DIR)
    assert code == 0, f"the browser flow failed:\n{out}"
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert lines[-1] == {"done": True}
    assert [line["step"] for line in lines[:-1]] == [
        "virtual authenticator",
        "register",
        "sign in with the passkey",
        "sessions page",
    ]
    assert (tmp_path / "sessions.png").exists()
