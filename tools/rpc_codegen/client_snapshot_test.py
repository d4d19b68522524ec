"""The generated TypeScript clients, pinned as snapshots
(`__snapshots__/client_snapshot_test/`): a change to what `just codegen-rpc` writes for an
app shows here as a diff of the client code, even before anyone regenerates
`typescript/rpc/src/` (`uv run just test-snapshot-update` accepts it)."""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion

from foundation.testing.snapshots import TypeScriptSnapshot
from tools.rpc_codegen.generate import APPS, app_routers
from tools.rpc_codegen.render import render_module


@pytest.mark.parametrize("app", sorted(APPS))
def test_the_generated_client(app: str, snapshot: SnapshotAssertion) -> None:
    assert render_module(app, app_routers(app)) == snapshot(extension_class=TypeScriptSnapshot)
