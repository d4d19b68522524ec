"""A peer for `product_http.py`: the authenticated members list and `init` on Quart +
asyncpg with no layers of ours (no RPC framework, session app, validation, hooks, logging
or metrics): the ceiling of our stack. Same cookie, same SQL, same round trips (session
lookup, BEGIN (+ RLS context), the query, COMMIT) and the same JSON shapes as product's
`organization_members_list` and `init`.

    python bench/peer_quart.py PORT
"""

from __future__ import annotations

import json
import sys
from typing import Any

import asyncpg
import uvloop
from hypercorn.asyncio import serve
from quart import Quart, Response, request

from bench import init_shape
from database.pool import init_connection, server_settings
from database.xact import customer_begin_sql
from foundation.__codegen__.queries import AUTH_SESSION_LOOKUP, MFA_ENABLED
from foundation.auth.cookies import unsign_session
from foundation.base.clock import CLOCK
from foundation.base.env import ENV
from foundation.webserver.serve import hypercorn_config
from product.__codegen__.queries import ORGANIZATION_MEMBERS_LIST, USER_INIT

app = Quart(__name__)
_pool: dict[str, asyncpg.Pool] = {}


@app.before_serving
async def _open_pool() -> None:
    _pool["pool"] = await asyncpg.create_pool(
        ENV.database_url,
        min_size=ENV.database_pool_min_size,
        max_size=ENV.database_pool_max_size,
        init=init_connection,
        server_settings=server_settings(),
    )


@app.after_serving
async def _close_pool() -> None:
    await _pool["pool"].close()


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


@app.get("/ping")
async def ping() -> Response:
    return _json({"ok": True})


@app.get("/rpc/organization_members_list")
async def organization_members_list() -> Response:
    page = init_shape.members_page(request.args.get("cursor"), request.args.get("limit"))
    session_id = unsign_session("product", request.cookies.get("blossom_session"))
    if session_id is None:
        return _json({"error": "NotSignedInError"}, 401)
    async with _pool["pool"].acquire() as conn:
        session = await conn.fetchrow(AUTH_SESSION_LOOKUP, session_id, "product", CLOCK.now())
        if session is None or session["role"] is None:
            return _json({"error": "NotSignedInError"}, 401)
        await conn.execute(
            customer_begin_sql(
                session["user_id"], session["organization_id"], init_shape.MEMBERS_READ
            )
        )
        try:
            rows = await conn.fetch(
                ORGANIZATION_MEMBERS_LIST, session["organization_id"], page.after, page.fetch
            )
        finally:
            await conn.execute("COMMIT")
    return _json(init_shape.members_answer(page, rows))


@app.get("/rpc/init")
async def init() -> Response:
    signed_out = {"user": None, "organization": None, "available_organizations": []}
    session_id = unsign_session("product", request.cookies.get("blossom_session"))
    if session_id is None:
        return _json(signed_out)
    async with _pool["pool"].acquire() as conn:
        session = await conn.fetchrow(AUTH_SESSION_LOOKUP, session_id, "product", CLOCK.now())
        if session is None:
            return _json(signed_out)
        await conn.execute("BEGIN")
        try:
            rows = await conn.fetch(USER_INIT, session["user_id"])
            second_factor = not any(r["require_mfa"] for r in rows) or bool(
                await conn.fetchval(MFA_ENABLED, session["user_id"])
            )
        finally:
            await conn.execute("COMMIT")
    available = [
        init_shape.organization(
            r["id"],
            r["name"],
            r["role"],
            custom_role=r["custom_role"],
            custom_permissions=r["custom_permissions"],
            require_mfa=r["require_mfa"],
            second_factor=second_factor,
        )
        for r in rows
        if r["id"] is not None
    ]
    return _json(
        {
            "user": {
                "id": session["user_id"],
                "name": session["user_name"],
                "email": session["user_email"],
                "email_verified": session["user_email_verified"],
            },
            "organization": next(
                (o for o in available if o["id"] == session["organization_id"]), None
            ),
            "available_organizations": available,
            "impersonator": None,
            "suggested_organizations": init_shape.suggested(rows[0]["suggested"] if rows else None),
        }
    )


if __name__ == "__main__":
    config = hypercorn_config(host="127.0.0.1", port=int(sys.argv[1]))
    uvloop.run(serve(app, config))  # pyright: ignore[reportArgumentType]
