"""An OpenAI-compatible LLM: chat completions and embeddings.

    llm = services().llm            # None when LLM_API_KEY is unset
    text = await llm.chat([{"role": "user", "content": "..."}])

`OpenAIClient` speaks the HTTP API (`POST {LLM_BASE_URL}/chat/completions`,
`/embeddings`) through `ExternalHTTP` (timeouts, retries, metrics). `FakeLLM` answers
canned text. `RecordedLLM` is what tests use: it replays responses recorded in files
beside the test, keyed by a hash of the request; a request without a recording fails
with the command that records it (`just test-record PATH::TEST`, which needs
LLM_API_KEY and the network: never in CI).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from foundation.base.env import ENV
from foundation.external.errors import ExternalServiceError, MissingRecordingError
from foundation.external.http import ExternalHTTP

Message = dict[str, str]
"""`{"role": "system" | "user" | "assistant", "content": "..."}`"""


class LLM(Protocol):
    async def chat(  # the Protocol's signature: a fake ignores the limit
        self, messages: Sequence[Message], *, max_tokens: int = 400
    ) -> str: ...

    async def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class OpenAIClient:
    """The OpenAI-compatible HTTP API at `base_url` with `api_key`."""

    def __init__(
        self, *, api_key: str, base_url: str, chat_model: str, embedding_model: str
    ) -> None:
        self.chat_model = chat_model
        self.embedding_model = embedding_model
        self.http = ExternalHTTP(
            "llm", base_url=base_url, headers={"Authorization": f"Bearer {api_key}"}
        )

    async def chat(self, messages: Sequence[Message], *, max_tokens: int = 400) -> str:
        body = {"model": self.chat_model, "messages": list(messages), "max_tokens": max_tokens}
        response = await self.http.request("chat", "POST", "/chat/completions", json=body)
        try:
            return str(response.json()["choices"][0]["message"]["content"])
        except (ValueError, LookupError, TypeError) as e:
            raise ExternalServiceError("llm answer without a message", error=repr(e)) from e

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        body = {"model": self.embedding_model, "input": list(texts)}
        response = await self.http.request("embeddings", "POST", "/embeddings", json=body)
        try:
            return [item["embedding"] for item in sorted(response.json()["data"], key=_index)]
        except (ValueError, LookupError, TypeError) as e:
            raise ExternalServiceError("llm answer without embeddings", error=repr(e)) from e


def _index(item: dict[str, Any]) -> int:
    return int(item["index"])


def llm_from_env() -> LLM | None:
    if not ENV.llm_api_key:
        return None
    return OpenAIClient(
        api_key=ENV.llm_api_key,
        base_url=ENV.llm_base_url,
        chat_model=ENV.llm_chat_model,
        embedding_model=ENV.llm_embedding_model,
    )


@dataclass
class FakeLLM:
    """Answers `reply` to every chat (dimension-3 embeddings); records the requests."""

    reply: str = "fake summary"
    chats: list[list[Message]] = field(default_factory=list)

    async def chat(self, messages: Sequence[Message], *, max_tokens: int = 400) -> str:
        del max_tokens  # the Protocol's signature: a fake ignores the limit
        self.chats.append(list(messages))
        return self.reply

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [[float(len(t)), 0.0, 1.0] for t in texts]


def request_key(kind: str, payload: Any) -> str:
    """The recording's file stem: a hash of the request (kind and canonical JSON)."""
    canonical = json.dumps([kind, payload], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:24]


@dataclass
class RecordedLLM:
    """Replays `directory/<request hash>.json`; with `recorder` (record mode) a missing
    recording is fetched from it and written."""

    directory: Path
    test_id: str
    recorder: LLM | None = None

    async def chat(self, messages: Sequence[Message], *, max_tokens: int = 400) -> str:
        payload = {"messages": list(messages), "max_tokens": max_tokens}
        return await self._replay(
            "chat", payload, lambda r: r.chat(messages, max_tokens=max_tokens)
        )

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return await self._replay("embed", {"texts": list(texts)}, lambda r: r.embed(texts))

    async def _replay(self, kind: str, payload: Any, call: Any) -> Any:
        path = self.directory / f"{request_key(kind, payload)}.json"
        if path.exists():
            return json.loads(path.read_text())["response"]
        if self.recorder is None:
            raise MissingRecordingError(
                f"no recorded llm response for this request: record it with "
                f"`LLM_API_KEY=... uv run just test-record '{self.test_id}'` (needs the "
                "network; commit the new file)",
                file=str(path),
                kind=kind,
            )
        response = await call(self.recorder)
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"kind": kind, "request": payload, "response": response}
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        return response
