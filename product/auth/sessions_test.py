"""Sessions users can recognise: each records the address, user agent and sign-in method
at sign-in; `sessions_list` shows them as device and browser; `sessions_revoke_others`
ends the rest; a sign-in from a device not seen before emails a notice."""

from __future__ import annotations

import pytest

from database.testing.factory import Customer
from foundation.auth.passwords import hash_password
from foundation.email.links import SESSIONS
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from foundation.testing.server import fresh_address
from foundation.testing.settings import override_env
from product.auth.routes import (
    LoginIn,
    login,
    sessions_list,
    sessions_revoke_others,
)
from product.framework import PRODUCT

PASSWORD = "a long enough password"
MAC_CHROME_120 = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
MAC_CHROME_121 = MAC_CHROME_120.replace("Chrome/120", "Chrome/121")
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)


async def _customer(t: TFix) -> Customer:
    return await t.factory.customer(password_hash=await hash_password(PASSWORD))


async def _login(
    t: TFix, c: Customer, user_agent: str | None, address: str | None = None
) -> dict[str, str]:
    headers = {"User-Agent": user_agent} if user_agent else {}
    if address:
        headers["X-Forwarded-For"] = address
    res = await t.rpc.call(login, LoginIn(email=c.user.email, password=PASSWORD), headers=headers)
    assert res.output.user.id == c.user.id
    return res.cookies


async def test_sessions_show_device_browser_address_and_method(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_env(monkeypatch, web_trusted_proxies=1)  # the address a proxy saw
    c, address = await _customer(t), fresh_address()
    await _login(t, c, IPHONE_SAFARI, address)
    jar = await _login(t, c, MAC_CHROME_120, address)
    listed = (await t.rpc.call(sessions_list, cookies=jar)).output.items
    mac, iphone = listed  # newest first
    assert (mac.current, mac.browser, mac.os, mac.device) == (
        True,
        "Chrome 120",
        "Mac OS X 10.15",
        "Mac",
    )
    assert (iphone.current, iphone.browser, iphone.os, iphone.device) == (
        False,
        "Mobile Safari 17",
        "iOS 17.1",
        "iPhone",
    )
    for s in listed:
        assert (s.client_address, s.sign_in_method, s.second_factor, s.impersonated) == (
            address,
            "password",
            None,
            False,
        )
        assert s.last_seen_at >= s.created_at
    # No user agent at all, or one nobody can parse: "Unknown", never an error.
    jar = await _login(t, c, None)
    unknown = next(
        s for s in (await t.rpc.call(sessions_list, cookies=jar)).output.items if s.current
    )
    assert (unknown.browser, unknown.os, unknown.device) == ("Unknown", "Unknown", "Unknown")
    assert unknown.client_address is None  # no proxy header: the test client has no address


async def test_sessions_revoke_others_keeps_only_this_one(t: TFix) -> None:
    c = await _customer(t)
    other = await _login(t, c, IPHONE_SAFARI)
    jar = await _login(t, c, MAC_CHROME_120)
    stranger = await _customer(t)
    theirs = await _login(t, stranger, MAC_CHROME_120)
    res = await t.rpc.call(sessions_revoke_others, cookies=jar)
    assert res.output.revoked == 1 and PRODUCT.cookie not in res.cookies
    assert [s.current for s in (await t.rpc.call(sessions_list, cookies=jar)).output.items] == [
        True
    ]
    assert (await t.rpc.call(sessions_list, cookies=other)).status == 401
    assert (await t.rpc.call(sessions_list, cookies=theirs)).status == 200
    assert (await t.rpc.call(sessions_revoke_others, cookies=jar)).output.revoked == 0


async def test_a_sign_in_from_a_new_device_emails_a_notice(t: TFix) -> None:
    c = await _customer(t)
    await _login(t, c, MAC_CHROME_120)  # the first recorded sign-in: no news
    await _login(t, c, MAC_CHROME_121)  # the same browser, updated: the same device
    assert await delivered_to(c.user.email) == []
    await _login(t, c, IPHONE_SAFARI)
    (notice,) = await delivered_to(c.user.email)
    assert notice.subject == "New sign-in to your Blossom account"
    assert "Mobile Safari 17 on iOS 17.1 (iPhone)" in notice.text
    assert "from an unknown address" in notice.text
    assert f"{SESSIONS}\n" in notice.text and "/sessions#" not in notice.text
    await _login(t, c, IPHONE_SAFARI)  # seen now
    assert len(await delivered_to(c.user.email)) == 1
