"""The floor for `product_http.py`: the same authenticated reads as product's `init` (at
`/rpc/init` and any other path: session lookup, BEGIN + the timeouts, the user's
organizations, COMMIT) and `organization_members_list` (at
`/rpc/organization_members_list`: session lookup, BEGIN + RLS context and the timeouts,
the members query, COMMIT), served by a bare ASGI callable under the same hypercorn
settings, with our pool and the same SQL, and nothing else (no framework, validation,
logging or headers).

    python bench/floor_app.py PORT
"""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import parse_qs

import uvloop
from hypercorn.asyncio import serve

from bench import init_shape
from database.pool import close_pool, get_pool
from database.xact import admin_begin_sql, customer_begin_sql
from foundation.__codegen__.queries import AUTH_SESSION_LOOKUP, MFA_ENABLED
from foundation.auth.cookies import unsign_session
from foundation.base import strict_json
from foundation.base.clock import CLOCK
from foundation.webserver.serve import hypercorn_config
from product.__codegen__.queries import ORGANIZATION_MEMBERS_LIST, USER_INIT

COOKIE = b"blossom_session="


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await close_pool()
                await send({"type": "lifespan.shutdown.complete"})
                return
    cookie = next((v for k, v in scope["headers"] if k == b"cookie"), b"")
    value = cookie.split(COOKIE, 1)[1].split(b";", 1)[0].decode() if COOKIE in cookie else None
    session_id = unsign_session("product", value)
    if scope["path"] == "/rpc/organization_members_list":
        await _respond(send, *await _members(session_id, scope["query_string"]))
        return
    await _respond(send, 200, await _init(session_id))


async def _init(session_id: str | None) -> Any:
    """product's `init` for a signed-in caller (the shape of `InitOut`)."""
    if session_id is None:
        return {"user": None, "organization": None, "available_organizations": []}
    pool = await get_pool()
    async with pool.acquire() as conn:
        row = await conn.fetchrow(AUTH_SESSION_LOOKUP, session_id, "product", CLOCK.now())
        if row is None:
            return {"user": None, "organization": None, "available_organizations": []}
        await conn.execute(admin_begin_sql())  # product's: BEGIN and the timeouts
        try:
            rows = await conn.fetch(USER_INIT, row["user_id"])
            second_factor = not any(r["require_mfa"] for r in rows) or bool(
                await conn.fetchval(MFA_ENABLED, row["user_id"])
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
    return {
        "user": {
            "id": row["user_id"],
            "name": row["user_name"],
            "email": row["user_email"],
            "email_verified": row["user_email_verified"],
        },
        "organization": next((o for o in available if o["id"] == row["organization_id"]), None),
        "available_organizations": available,
        "impersonator": None,
        "suggested_organizations": init_shape.suggested(rows[0]["suggested"] if rows else None),
    }


async def _members(session_id: str | None, query: bytes) -> tuple[int, Any]:
    args = parse_qs(query.decode())
    page = init_shape.members_page(
        next(iter(args.get("cursor", [])), None), next(iter(args.get("limit", [])), None)
    )
    if session_id is None:
        return 401, {"error": "NotSignedInError"}
    pool = await get_pool()
    async with pool.acquire() as conn:
        row = await conn.fetchrow(AUTH_SESSION_LOOKUP, session_id, "product", CLOCK.now())
        if row is None or row["role"] is None:
            return 401, {"error": "NotSignedInError"}
        await conn.execute(
            customer_begin_sql(row["user_id"], row["organization_id"], init_shape.MEMBERS_READ)
        )
        try:
            members = await conn.fetch(
                ORGANIZATION_MEMBERS_LIST, row["organization_id"], page.after, page.fetch
            )
        finally:
            await conn.execute("COMMIT")
    return 200, init_shape.members_answer(page, members)


async def _respond(send: Any, status: int, body: Any) -> None:
    payload = strict_json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": payload})


if __name__ == "__main__":
    config = hypercorn_config(host="127.0.0.1", port=int(sys.argv[1]))
    uvloop.run(serve(app, config, mode="asgi"))  # pyright: ignore[reportArgumentType]
