from quart import current_app, g, request

from foundation.rpc import Req, route


@route("who_is_asking")
async def who_is_asking(req: Req[None]) -> str:
    # ruleid: blossom-quart-context-in-rpc
    agent = request.headers.get("User-Agent", "")
    # ruleid: blossom-quart-context-in-rpc
    g.seen = True
    # ruleid: blossom-quart-context-in-rpc
    return f"{current_app.name}: {agent}"


@route("who_is_asking_properly")
async def who_is_asking_properly(req: Req[None]) -> str:
    # ok: blossom-quart-context-in-rpc
    return req.headers.get("User-Agent") or ""
