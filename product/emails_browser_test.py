"""Every email's HTML in a real browser: headless system Chromium driven by
playwright-core (`dev_pages/e2e/emails.mjs`) opens the product server's `/dev/emails/preview`
(served by hypercorn, real HTTP), follows each kind's HTML link in each language, checks
it loads without a console error (the preview's CSP lets only inline styles and https
images through, as mail readers do) and fits a phone-to-desktop column, and screenshots
it. The screenshots are kept in `.local/artifacts/emails/` (CI uploads `.local/artifacts/`).

Outside CI the test skips without Node or Chromium; with `CI` set it fails instead.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from foundation.base.paths import REPO_ROOT
from foundation.email.render import KINDS, LOCALES, preview
from foundation.testing.server import serve_in_background
from foundation.testing.timeouts import STARTS_PROCESSES
from product.app import create_product_app
from tools.testing.browser import require_chromium, require_node, run_async

pytestmark = STARTS_PROCESSES  # Node and Chromium: foundation/testing/timeouts.py

PAGES_DIR = Path(__file__).parent / "dev_pages"  # its npm package (playwright-core)
ARTIFACTS = REPO_ROOT / ".local" / "artifacts" / "emails"


async def test_every_html_email_in_chromium_with_a_screenshot(tmp_path: Path) -> None:
    node = require_node(PAGES_DIR)
    chromium = require_chromium()
    screenshots = tmp_path / "screenshots"
    async with serve_in_background(create_product_app()) as base_url:
        flow = {"baseUrl": base_url, "chromium": chromium, "out": str(screenshots)}
        code, out = await run_async(node, "e2e/emails.mjs", json.dumps(flow), cwd=PAGES_DIR)
    if screenshots.exists():
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        shutil.copytree(screenshots, ARTIFACTS)
    assert code == 0, f"the browser failed:\n{out}"
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert lines[-1] == {"done": True}
    expected = {f"{kind}.{locale}" for kind in KINDS for locale in LOCALES}
    assert {line["email"] for line in lines[:-1]} == expected
    for line in lines[:-1]:
        kind, locale = line["email"].split(".")
        assert line["title"] == preview(kind, locale).subject
        assert line["width"] <= 700, line  # no horizontal scrolling at 700 px
    shots = sorted(screenshots.glob("*.png"))
    assert {path.stem for path in shots} == expected
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in shots)
