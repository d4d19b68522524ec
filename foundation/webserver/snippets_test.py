"""The curl and TypeScript calls of `/docs`, for the shapes inputs take."""

from __future__ import annotations

import shlex
from typing import Any

from foundation.webserver.snippets import curl_snippet, typescript_snippet

SERVER = "https://api.example.com"


def test_curl_of_a_post_quotes_its_body_for_the_shell() -> None:
    command = curl_snippet(SERVER, "/rpc/note", "post", {"text": "it's"})
    assert shlex.split(command.replace("\\\n", "")) == [
        "curl",
        f"{SERVER}/rpc/note",
        "-b",
        "cookies.txt",
        "-c",
        "cookies.txt",
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"text": "it\'s"}',
    ]
    assert curl_snippet(SERVER, "/rpc/logout", "post", None).endswith("-d '{}'")


def test_curl_of_a_get_sends_its_parameters_url_encoded() -> None:
    command = curl_snippet(SERVER, "/rpc/find", "get", {"q": "a b", "tags": ["x", "y"], "c": None})
    assert shlex.split(command.replace("\\\n", ""))[:2] == ["curl", "-G"]
    assert command.endswith(
        "--data-urlencode 'q=a b' \\\n  --data-urlencode tags=x \\\n  --data-urlencode tags=y"
    )
    assert curl_snippet(SERVER, "/rpc/init", "get", None).startswith(f"curl {SERVER}/rpc/init ")


def test_typescript_literals_follow_the_input_schema() -> None:
    components: dict[str, Any] = {
        "Range": {
            "type": "object",
            "properties": {
                "from": {"type": "string", "format": "date"},
                "at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
            },
        }
    }
    schema = {
        "type": "object",
        "properties": {
            "range": {"$ref": "#/components/schemas/Range"},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "flag": {"anyOf": [{"type": "string", "format": "date"}, {"type": "boolean"}]},
            "words": {
                "type": "array",
                "items": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
            },
        },
    }
    example = {
        "range": {"from": "2026-01-15", "at": "2026-01-15T09:30:00Z"},
        "counts": {"a-b": 1},
        "flag": True,
        "words": ["2026-01-15", 2],
        "empty": {},
    }
    snippet = typescript_snippet("my-app", SERVER, "report", example, schema, components)
    assert snippet.splitlines() == [
        'import { createClient } from "@blossom/rpc/my-app";',
        'import { isoDate, isoDateTime } from "@blossom/rpc/client";',
        "",
        f'const myApp = createClient({{ baseUrl: "{SERVER}" }});',
        'const res = await myApp.call("report", {',
        "  range: {",
        '    from: isoDate(new Date("2026-01-15")),',
        '    at: isoDateTime(new Date("2026-01-15T09:30:00Z")),',
        "  },",
        "  counts: {",
        '    "a-b": 1,',
        "  },",
        "  flag: true,",
        '  words: ["2026-01-15", 2],',
        "  empty: {},",
        "});",
        "if (res.ok) console.log(res.data);",
        "else console.error(res.error, res.data);",
    ]


def test_an_app_name_that_is_no_identifier_gives_a_client_variable() -> None:
    snippet = typescript_snippet("9lives", SERVER, "ping", None, None, {})
    assert "const client = createClient(" in snippet
    assert 'await client.call("ping");' in snippet
