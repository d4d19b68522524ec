"""The real clients (LLM, Slack, Sheets) over real HTTP against a local fake server:
request shapes, retries, metrics; recorded-LLM replay and its missing-recording error."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from foundation.base.observability.metrics import metrics_text
from foundation.base.observability.metrics_test import sample
from foundation.external.errors import MissingRecordingError
from foundation.external.llm import FakeLLM, OpenAIClient, RecordedLLM
from foundation.external.registry import override_services, services
from foundation.external.sheets import SheetsClient
from foundation.external.slack import SlackAPIError, SlackClient
from foundation.testing.fake_http import FakeResponse, fake_http

CHAT_ANSWER = {"choices": [{"message": {"role": "assistant", "content": "a summary"}}]}


def _llm(url: str) -> OpenAIClient:
    return OpenAIClient(
        api_key="test-key", base_url=url + "/v1", chat_model="m-chat", embedding_model="m-emb"
    )


async def test_llm_chat_and_embeddings_with_a_retry() -> None:
    with fake_http() as server:
        server.respond(
            "POST", "/v1/chat/completions", FakeResponse(429), FakeResponse(200, CHAT_ANSWER)
        )
        server.respond(
            "POST",
            "/v1/embeddings",
            FakeResponse(
                200, {"data": [{"index": 1, "embedding": [2.0]}, {"index": 0, "embedding": [1.0]}]}
            ),
        )
        before = sample(
            metrics_text(),
            "blossom_external_calls_total",
            service="llm",
            operation="chat",
            outcome="ok",
        )
        llm = _llm(server.url)
        assert await llm.chat([{"role": "user", "content": "hi"}], max_tokens=10) == "a summary"
        assert await llm.embed(["a", "b"]) == [[1.0], [2.0]]
        [_, chat] = server.calls("POST", "/v1/chat/completions")
        assert chat.headers["Authorization"] == "Bearer test-key"
        assert chat.json() == {
            "model": "m-chat",
            "messages": [{"role": "user", "content": "hi"}],
            "max_tokens": 10,
        }
        after = sample(
            metrics_text(),
            "blossom_external_calls_total",
            service="llm",
            operation="chat",
            outcome="ok",
        )
        assert after == before + 1


async def test_recorded_llm_records_once_then_replays_without_the_network(tmp_path: Path) -> None:
    messages = [{"role": "user", "content": "summarize"}]
    with fake_http() as server:
        server.respond("POST", "/v1/chat/completions", FakeResponse(200, CHAT_ANSWER))
        recording = RecordedLLM(tmp_path, test_id="t::x", recorder=_llm(server.url))
        assert await recording.chat(messages) == "a summary"
    [recorded] = _recordings(tmp_path)
    assert recorded["request"]["messages"] == messages
    replay = RecordedLLM(tmp_path, test_id="t::x")  # the server is gone
    assert await replay.chat(messages) == "a summary"
    with pytest.raises(MissingRecordingError) as caught:
        await replay.chat([{"role": "user", "content": "something else"}])
    assert "uv run just test-record 't::x'" in str(caught.value)


async def test_slack_webhook_retried_and_post_message_refusal() -> None:
    with fake_http() as server:
        server.respond("POST", "/hook", FakeResponse(500), FakeResponse(200, "ok"))
        server.respond(
            "POST",
            "/api/chat.postMessage",
            FakeResponse(200, {"ok": False, "error": "not_in_channel"}),
        )
        slack = SlackClient(
            webhook_url=server.url + "/hook", bot_token="xoxb-1", api_url=server.url + "/api"
        )
        await slack.post_webhook("user disabled")
        assert [r.json() for r in server.calls("POST", "/hook")] == [{"text": "user disabled"}] * 2
        with pytest.raises(SlackAPIError):
            await slack.post_message("#alerts", "hello")
        [message] = server.calls("POST", "/api/chat.postMessage")
        assert message.headers["Authorization"] == "Bearer xoxb-1"
        assert message.json() == {"channel": "#alerts", "text": "hello"}


def _recordings(directory: Path) -> list[dict]:
    return [json.loads(file.read_text()) for file in directory.glob("*.json")]


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


async def test_sheets_with_a_service_account_signs_a_jwt_and_writes_rows() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with fake_http() as server:
        key = {"client_email": "exporter@p.iam.example", "private_key": pem}
        server.respond(
            "POST", "/token", FakeResponse(200, {"access_token": "ya29.t", "expires_in": 3600})
        )
        server.respond("POST", "/v4/spreadsheets/sheet1/values/Orgs:clear", FakeResponse(200, {}))
        server.respond(
            "PUT",
            "/v4/spreadsheets/sheet1/values/Orgs!A1",
            FakeResponse(503),
            FakeResponse(200, {"updatedCells": 4}),
        )
        client = SheetsClient(
            api_url=server.url + "/v4", service_account=key, token_url=server.url + "/token"
        )
        assert await client.replace_rows("sheet1", "Orgs", [["id", "name"], ["org_1", "A"]]) == 4
        [token] = server.calls("POST", "/token")
        form = dict(httpx.QueryParams(token.body.decode()))
        assert form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
        header, claims, signature = form["assertion"].split(".")
        assert json.loads(_b64decode(claims))["iss"] == "exporter@p.iam.example"
        private.public_key().verify(
            _b64decode(signature),
            f"{header}.{claims}".encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
        writes = server.calls("PUT", "/v4/spreadsheets/sheet1/values/Orgs!A1")
        assert len(writes) == 2 and writes[-1].query == "valueInputOption=RAW"
        assert writes[-1].headers["Authorization"] == "Bearer ya29.t"
        assert writes[-1].json()["values"] == [["id", "name"], ["org_1", "A"]]


def test_registry_override_is_scoped() -> None:
    fake = FakeLLM()
    with override_services(llm=fake):
        assert services().llm is fake
    with override_services(llm=None):
        assert services().llm is None


@pytest.mark.live
async def test_the_configured_llm_answers() -> None:
    """Live (LIVE_TESTS=1, your LLM_API_KEY, the network): the real API answers a chat."""
    llm = services().llm
    if llm is None:
        pytest.skip("LLM_API_KEY is not set")
    assert (await llm.chat([{"role": "user", "content": "Answer: ok"}], max_tokens=5)).strip()
