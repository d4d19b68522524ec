"""The hook around every product RPC: authenticate, authorize, open the transaction.

Round trips for an authenticated call: the session lookup (one statement that also
records the visit), BEGIN with the RLS context, the handler's queries, COMMIT, all on
one pooled connection. Public routes run in an admin transaction.
"""

from __future__ import annotations

from typing import Any

from database.xact import Q, connection, xact
from foundation.auth.sessions import Auth, authenticate, cookie_name
from foundation.rpc.dispatch import Call
from foundation.rpc.errors import UnauthorizedError
from foundation.rpc.req import Req
from foundation.rpc.route import Route
from product.framework.req import OrgReq, ProductReq, PublicReq, UserReq
from product.framework.route import NoOrganizationSelectedError

APP = "product"


async def around(route: Route, req: Req[Any], call: Call) -> Any:
    authorization = route.meta["authorization"]
    cookie = req.cookies.get(cookie_name(APP))
    async with connection() as c:
        auth = await authenticate(c, APP, cookie) if cookie else None
        if authorization != "public":
            if auth is None:
                if cookie:
                    req.delete_cookie(cookie_name(APP))
                raise UnauthorizedError()
            if authorization == "organization" and auth.organization is None:
                raise NoOrganizationSelectedError()
        if not route.meta["transaction"]:
            product_req = _derive(req, authorization, auth, None)
        else:
            user_id = auth.user.id if auth and authorization != "public" else None
            organization = auth.organization if auth and authorization != "public" else None
            async with xact(
                user=user_id, organization=organization.id if organization else None, within=c
            ) as q:
                return await call(_derive(req, authorization, auth, q))
    return await call(product_req)


def _derive(req: Req[Any], authorization: str, auth: Auth | None, q: Q | None) -> ProductReq[Any]:
    common: dict[str, Any] = {"session_id": auth.session_id if auth else None, "tx": q}
    if authorization == "public":
        return req.derive(
            PublicReq,
            **common,
            user=auth.user if auth else None,
            organization=auth.organization if auth else None,
            role=auth.role if auth else None,
        )
    assert auth is not None
    if authorization == "user":
        return req.derive(
            UserReq, **common, user=auth.user, organization=auth.organization, role=auth.role
        )
    assert auth.organization is not None and auth.role is not None
    return req.derive(
        OrgReq, **common, user=auth.user, organization=auth.organization, role=auth.role
    )
