"""The benches' in-process GET reaches the app as a server's request would: the path,
its query string and the cookie arrive, and the answer's status comes back."""

from __future__ import annotations

from bench.asgi import get_status
from foundation.auth.cookies import sign_session
from foundation.testing.fixture import TFix
from product.app import create_product_app
from product.framework import PRODUCT


async def test_a_get_carries_its_cookie_and_query_and_answers_the_status(t: TFix) -> None:
    owner = await t.factory.customer()
    session = await t.factory.session(user=owner.user, organization=owner.organization)
    cookie = f"{PRODUCT.cookie}={sign_session(PRODUCT.name, session.id)}"
    app = create_product_app()
    members = "/rpc/organization_members_list"
    assert await get_status(app, f"{members}?limit=1", cookie) == 200
    assert await get_status(app, f"{members}?limit=0", cookie) == 400  # the query arrived
    assert await get_status(app, members, f"{PRODUCT.cookie}=forged") == 401
