"""Panopticon's `/docs` in headless Chromium, served by hypercorn (`blossom panopticon serve`):
axe-core finds no serious or critical accessibility violation (colour contrast included),
the search filters the RPCs with the network off, a copy button copies its curl command,
and the "try it" form (this is not production) calls the server
(`tools.testing.docs_page.check_docs_in_a_browser`).

Outside CI the test skips without Node or Chromium; with `CI` set it fails instead.
"""

from __future__ import annotations

from foundation.base.env import ENV
from foundation.testing.fixture import TFix
from foundation.testing.timeouts import STARTS_PROCESSES
from panopticon.app import create_panopticon_app
from tools.testing.docs_page import check_docs_in_a_browser

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py


async def test_the_docs_page_in_a_browser(t: TFix) -> None:
    report = await check_docs_in_a_browser(
        "panopticon",
        create_panopticon_app(),
        public_url=ENV.panopticon_api_url,
        search="sessions",
        try_it="init",
    )

    assert len(report["search"]["groups"]) > 1  # found in several capabilities
    assert '"admin": null' in report["tryIt"]  # init, signed out
