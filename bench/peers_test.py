"""The benchmark's floor and peers (bench/) answer product's `init` and members list as
product does (`just bench` compares them by ratio: against a floor doing less work, a ratio
says nothing; a new field in product's answer must reach them too)."""

from __future__ import annotations

import datetime
from typing import Any, cast

import httpx
import pytest

from bench import floor_app, peer_fastapi, peer_quart
from foundation.testing.fixture import TFix
from foundation.testing.server import serve_in_background
from foundation.testing.settings import override_env
from product.app import create_product_app
from product.framework import PRODUCT


def _parsed(body: object) -> object:
    """Datetimes parsed (servers spell the offset apart)."""
    if isinstance(body, dict) and "items" in body:
        for member in cast(list[dict[str, Any]], cast(dict[str, Any], body)["items"]):
            member["joined_at"] = datetime.datetime.fromisoformat(member["joined_at"])
    return cast(object, body)


async def test_the_floor_and_the_peers_answer_as_product(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, email_sender="off")
    c = await t.factory.customer()
    other = await t.factory.customer()
    await t.factory.membership(user=c.user, organization=other.organization, role="member")
    colleague = await t.factory.user()
    await t.factory.membership(user=colleague, organization=c.organization, role="admin")
    session = await t.factory.session(user=c.user, organization=c.organization)
    cookie = await t.rpc.cookie(PRODUCT, session)
    servers: dict[str, Any] = {
        "product": create_product_app(),
        "floor": floor_app.app,
        "quart": peer_quart.app,
        "fastapi": peer_fastapi.app,
    }
    answers: dict[str, list[Any]] = {}
    for name, app in servers.items():
        async with (
            serve_in_background(app) as base_url,
            httpx.AsyncClient(base_url=base_url, cookies={"blossom_session": cookie}) as http,
        ):
            answers[name] = [
                _parsed((await http.get(f"/rpc/{path}")).json())
                for path in (
                    "init",
                    "organization_members_list",
                    "organization_members_list?limit=1",
                )
            ]
            cursor = answers[name][-1]["next_cursor"]
            second = await http.get(
                "/rpc/organization_members_list", params={"limit": 1, "cursor": cursor}
            )
            answers[name].append(_parsed(second.json()))
    init, members, first, second = answers["product"]
    assert len(init["available_organizations"]) == 2 and len(members["items"]) == 2
    assert members["next_cursor"] is None and first["next_cursor"] is not None
    assert first["items"] + second["items"] == members["items"] and second["next_cursor"] is None
    for name in ("floor", "quart", "fastapi"):
        assert answers[name] == answers["product"], name
