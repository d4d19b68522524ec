"""Snapshot assertions (syrupy) for outputs whose exact shape is the point: the API
descriptions an app serves, the errors it answers, generated code, email texts.

    def test_the_document(snapshot: SnapshotAssertion) -> None:
        assert document == snapshot(extension_class=JSONSnapshot)

Each snapshot is a readable file in `__snapshots__/<test file>/` beside the test (JSON,
HTML, TypeScript or text), committed and reviewed like code. A change fails the test with
the diff; when the change is meant, `uv run just test-snapshot-update` rewrites them.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Iterable
from typing import Any

from quart import Quart
from syrupy.extensions.json import JSONSnapshotExtension
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from foundation.email.transport import OutgoingEmail
from foundation.rpc.router import RouteInfo, app_errors
from foundation.webserver.openapi import DOCS_PATH, OPENAPI_PATH

SNAPSHOT_VERSION = "0.0.0-snapshot"
"""Stands for the package version in a snapshot (a release bump is no API change)."""
SNAPSHOT_SERVER = "https://public-url.example"
"""Stands for the app's public URL in a snapshot (a setting of the machine, not the API)."""


class JSONSnapshot(JSONSnapshotExtension):
    """One `.json` file per snapshot (keys sorted, indented)."""


class TextSnapshot(SingleFileSnapshotExtension):
    """One `.txt` file per snapshot, the string as it is."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


class HTMLSnapshot(TextSnapshot):
    file_extension = "html"


async def served_api_description(app: Quart) -> tuple[dict[str, Any], str]:
    """What `app` serves at `/openapi.json` and `/docs`, its version replaced by
    SNAPSHOT_VERSION and its public URL by SNAPSHOT_SERVER."""
    client = app.test_client()
    document_response = await client.get(OPENAPI_PATH)
    docs_response = await client.get(DOCS_PATH)
    assert document_response.status_code == 200 and docs_response.status_code == 200
    document = await document_response.get_json()
    page = await docs_response.get_data(as_text=True)
    version = document["info"]["version"]
    document["info"]["version"] = SNAPSHOT_VERSION
    page = page.replace(f"Version {version} ", f"Version {SNAPSHOT_VERSION} ")
    for server in document.get("servers", []):
        page = page.replace(server["url"], SNAPSHOT_SERVER)
        server["url"] = SNAPSHOT_SERVER
    return document, page


def error_listing(routes: Iterable[RouteInfo]) -> dict[str, dict[str, Any]]:
    """Every error the routes may answer, by name: its HTTP status, the fields of its data
    (with their annotations) and its docstring's first line."""
    listing: dict[str, dict[str, Any]] = {}
    for name, error in app_errors(routes).items():
        fields = dataclasses.fields(error) if dataclasses.is_dataclass(error) else ()
        doc = (inspect.getdoc(error) or "").strip()
        listing[name] = {
            "status": error.status,
            "data": {f.name: str(f.type) for f in fields},
            "summary": doc.splitlines()[0] if doc else "",
        }
    return listing


_CODE = re.compile(
    r"(?<=code[:=])( ?)[A-Za-z0-9_-]{20,}"  # after "code: " or in a link's "#code="
    r"|^[A-Za-z0-9_-]{20,}$"  # a line of its own (the text part)
    r"|(?<=>)[A-Za-z0-9_-]{20,}(?=<)",  # an element of its own (the HTML part)
    re.M,
)
_MINUTE = re.compile(
    r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b"  # ISO
    r"|\b[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M\b"  # en (Babel, medium)
    r"|\b\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}\b"  # de
)


def email_text(message: OutgoingEmail, **placeholders: str) -> dict[str, str]:
    """A delivered email's subject, text and HTML as a user reads them, with what differs
    from run to run written as `<name>`: the one-time code (`<code>`), times to the minute
    (`<time>`) and each of `placeholders`' values (`to=address` -> `<to>`)."""

    def fixed(text: str) -> str:
        text = _CODE.sub(r"\1<code>", text)
        text = _MINUTE.sub("<time>", text)
        for name, value in sorted(placeholders.items(), key=lambda kv: -len(kv[1])):
            text = text.replace(value, f"<{name}>")
        return text

    shown = {"subject": fixed(message.subject), "text": fixed(message.text)}
    if message.html is not None:
        shown["html"] = fixed(message.html)
    return shown
