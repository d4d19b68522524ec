"""The HTTP exchange of one RPC call, read from and written to ASGI directly.

RPC calls do not go through Quart's request machinery (`endpoint.py` says why): an
`HTTPRequest` is built from the ASGI scope with only what the RPC path reads, each part
parsed on first use, and the answer is an `HTTPResponse` of a status, extra headers
and the body bytes, sent as one start and one body message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

# Imported for its side effect: it registers the "werkzeug.url_quote" codec error handler.
import werkzeug.urls  # noqa: F401  # pyright: ignore[reportUnusedImport]
from werkzeug.http import parse_cookie
from werkzeug.sansio.utils import get_content_length

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
RawHeaders = list[tuple[bytes, bytes]]
ASGIApp = Callable[..., Awaitable[None]]
"""An ASGI callable, `async (scope, receive, send) -> None` (servers and frameworks each
type the scope their own way, so its parameters are left open)."""


class ClientDisconnectedError(Exception):
    """The client went away before its request body was complete: there is nobody to
    answer, so the call is dropped without running."""


class RequestHeaders:
    """The request's headers: read-only, names case-insensitive, values latin-1 text (as
    HTTP defines them). A handful per request, so lookups scan a short list."""

    __slots__ = ("_items",)

    def __init__(self, raw: RawHeaders) -> None:
        self._items = [
            (name.decode("latin-1").lower(), value.decode("latin-1")) for name, value in raw
        ]

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header `name`, else `default`."""
        wanted = name.lower()
        for key, value in self._items:
            if key == wanted:
                return value
        return default

    def getlist(self, name: str) -> list[str]:
        """Every value of header `name`, in order."""
        wanted = name.lower()
        return [value for key, value in self._items if key == wanted]

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """(lowercase name, value) pairs, in order."""
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"RequestHeaders({self._items!r})"


@dataclass(slots=True, eq=False)
class HTTPRequest:
    """One HTTP request to `/rpc/<name>`, straight from its ASGI scope."""

    method: str
    path: str
    query_string: bytes
    headers: RequestHeaders
    remote_addr: str | None
    """The socket's peer address (None when the server does not say)."""
    receive: Receive = field(repr=False)

    @classmethod
    def from_scope(cls, scope: MutableMapping[str, Any], receive: Receive) -> HTTPRequest:
        client = scope.get("client")
        return cls(
            method=scope["method"],
            path=scope["path"],
            query_string=scope.get("query_string", b""),
            headers=RequestHeaders(scope["headers"]),
            remote_addr=client[0] if client else None,
            receive=receive,
        )

    def cookies(self) -> dict[str, str]:
        """The request's cookies (the first value of a repeated name), as browsers send
        them in one or more `Cookie` headers."""
        header = ";".join(self.headers.getlist("cookie"))
        return dict(parse_cookie(header)) if header else {}

    def args(self) -> dict[str, list[str]]:
        """The query string's parameters, each with every value given, in order. Bytes
        that are not UTF-8 become lone surrogates (refused by input validation); invalid
        percent escapes stay as they are."""
        args: dict[str, list[str]] = {}
        if not self.query_string:
            return args
        text = self.query_string.decode("utf-8", "surrogateescape")
        for key, value in parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote"):
            args.setdefault(key, []).append(value)
        return args

    @property
    def mimetype(self) -> str:
        """The Content-Type without its parameters, lowercase ("" when absent)."""
        content_type = self.headers.get("content-type") or ""
        return content_type.partition(";")[0].strip().lower()

    @property
    def content_length(self) -> int | None:
        """The declared body length (None when absent, malformed or chunked)."""
        return get_content_length(
            http_content_length=self.headers.get("content-length"),
            http_transfer_encoding=self.headers.get("transfer-encoding"),
        )


@dataclass(frozen=True, slots=True)
class Stream:
    """The answer of a streamed route (`@route(..., streams=(MEDIA_TYPE, ...))`, handler
    `-> Stream`): `chunks` are sent as they come, each as it is made, with
    `Content-Type: media_type` (one the route declares) and no length. `filename` makes it
    a download (`Content-Disposition: attachment`). See `foundation/rpc/streams.py` for
    what happens after the first byte."""

    media_type: str
    chunks: AsyncIterator[bytes] = field(repr=False)
    filename: str | None = None

    def wrapped(self, chunks: AsyncIterator[bytes]) -> Stream:
        """The same answer with other `chunks` (a wrapper of these)."""
        return Stream(self.media_type, chunks, self.filename)


@dataclass(slots=True)
class HTTPResponse:
    """An RPC's answer: status, the headers of this call (lowercase names), JSON body
    (or, for a streamed route's success, `stream`: sent by `streams.send_stream`)."""

    status: int
    body: bytes
    headers: RawHeaders = field(default_factory=RawHeaders)
    stream: Stream | None = None

    def add_header(self, name: str, value: str) -> None:
        self.headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))


JSON_MEDIA_TYPE = "application/json"
JSON_CONTENT_TYPE = (b"content-type", JSON_MEDIA_TYPE.encode())
NO_CONTENT = 204


async def send_response(send: Send, response: HTTPResponse) -> None:
    """Send `response`: one start message, one body message."""
    headers = (
        [JSON_CONTENT_TYPE, (b"content-length", str(len(response.body)).encode())]
        if response.status != NO_CONTENT
        else []
    )
    headers += response.headers
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body, "more_body": False})
