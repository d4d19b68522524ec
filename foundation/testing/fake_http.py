"""A fake HTTP server on a real socket, for testing the clients of external services
with their real code (never patched): it answers queued responses and records every
request.

    with fake_http() as server:
        server.respond("POST", "/hook", FakeResponse(500), FakeResponse(200, {"ok": True}))
        ...client at server.url...
        server.requests            # [Recorded(method, path, headers, body), ...]

Each path's responses are answered in order; the last one repeats. Unknown paths: 404.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class FakeResponse:
    status: int = 200
    body: Any = None
    """JSON-encoded unless bytes or str."""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (a slow receiver)."""


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeHTTPServer:
    url: str
    requests: list[Recorded] = field(default_factory=list)
    _routes: dict[tuple[str, str], list[FakeResponse]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def respond(self, method: str, path: str, *responses: FakeResponse) -> None:
        with self._lock:
            self._routes[(method, path)] = list(responses)

    def calls(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if (r.method, r.path) == (method, path)]

    def _next(self, method: str, path: str) -> FakeResponse:
        with self._lock:
            queue = self._routes.get((method, path))
            if not queue:
                return FakeResponse(404, {"error": "not found"})
            return queue.pop(0) if len(queue) > 1 else queue[0]


@contextlib.contextmanager
def fake_http() -> Iterator[FakeHTTPServer]:
    """A fake server on 127.0.0.1 (a free port), stopped at exit."""
    state: dict[str, FakeHTTPServer] = {}

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            server = state["server"]
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            server.requests.append(
                Recorded(
                    self.command, unquote(parts.path), parts.query, dict(self.headers.items()), body
                )
            )
            answer = server._next(self.command, unquote(parts.path))
            if answer.delay:
                time.sleep(answer.delay)
            payload = answer.body
            if isinstance(payload, str):
                data = payload.encode()
            elif isinstance(payload, bytes):
                data = payload
            else:
                data = json.dumps(payload).encode()
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the test reads `requests`

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state["server"] = FakeHTTPServer(url=f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state["server"]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
