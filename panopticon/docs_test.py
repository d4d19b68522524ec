"""Panopticon's API documentation: every RPC has an example request and answer that its own
types accept (`foundation.testing.api_examples`), so the examples cannot drift from the
routes."""

from __future__ import annotations

from foundation.rpc.router import app_routes
from foundation.testing.api_examples import checked_examples
from panopticon.app import create_panopticon_app, panopticon_router


async def test_every_rpc_has_examples_its_types_accept() -> None:
    names = await checked_examples(create_panopticon_app())

    assert names == [info.name for info in app_routes([panopticon_router()])]
