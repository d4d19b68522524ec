"""Panopticon's API as a client sees it, pinned: the OpenAPI document, the `/docs` page and the
errors it answers (`__snapshots__/api_snapshot_test/`). A change to a route's input, output,
errors or docstring shows here as a diff; `uv run just test-snapshot-update` accepts it."""

from __future__ import annotations

from syrupy.assertion import SnapshotAssertion

from foundation.rpc.router import app_routes
from foundation.testing.snapshots import (
    HTMLSnapshot,
    JSONSnapshot,
    error_listing,
    served_api_description,
)
from panopticon.app import create_panopticon_app, panopticon_router


async def test_the_openapi_document(snapshot: SnapshotAssertion) -> None:
    document, _ = await served_api_description(create_panopticon_app())

    assert document == snapshot(extension_class=JSONSnapshot)


async def test_the_docs_page(snapshot: SnapshotAssertion) -> None:
    _, page = await served_api_description(create_panopticon_app())

    assert page == snapshot(extension_class=HTMLSnapshot)


def test_the_errors_panopticon_answers(snapshot: SnapshotAssertion) -> None:
    listing = error_listing(app_routes([panopticon_router()]))

    assert listing == snapshot(extension_class=JSONSnapshot)
