"""The session lookup as a read replica needs it: nothing written, the visit recorded
afterwards on the primary, at most once a minute per process. (Against a real standby,
through a server: `product/replicas_test.py`.)"""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from database.__codegen__.enums import AdminRoleEnum
from database.__codegen__.models import UserModel
from database.testing import harness
from database.xact import xact_admin
from foundation.auth import sessions
from foundation.auth.cookies import sign_session
from foundation.auth.sessions import authenticate, record_visit
from foundation.db import connection
from foundation.testing.fixture import TFix


async def _last_seen(session_id: str) -> datetime.datetime:
    async with xact_admin() as q:
        return (await harness(q).test_session_fetch(id=session_id)).last_seen_at


async def test_a_replicas_lookup_writes_nothing_and_the_visit_is_recorded_once_a_minute(
    t: TFix,
) -> None:
    start = t.freeze_time()
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user)
    cookie = sign_session("product", session.id)
    before = await _last_seen(session.id)
    t.advance_time(datetime.timedelta(minutes=5))

    async with connection() as conn:
        auth = await authenticate(conn, "product", cookie, replica=True)
    assert auth is not None and auth.session_id == session.id
    assert auth.visit_due
    assert await _last_seen(session.id) == before  # the lookup wrote nothing

    await record_visit(auth)
    assert await _last_seen(session.id) == start + datetime.timedelta(minutes=5)
    t.advance_time(datetime.timedelta(minutes=2))
    await record_visit(auth)  # this process recorded it less than a minute ago
    assert await _last_seen(session.id) == start + datetime.timedelta(minutes=5)

    async with connection() as conn:  # on the primary, the lookup records it itself
        auth = await authenticate(conn, "product", cookie)
    assert auth is not None and not auth.visit_due
    assert await _last_seen(session.id) == start + datetime.timedelta(minutes=7)

    async with connection() as conn:  # just seen: not due
        auth = await authenticate(conn, "product", cookie, replica=True)
    assert auth is not None and not auth.visit_due


async def test_the_visits_remembered_stay_bounded(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    start = t.freeze_time()
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user)
    t.advance_time(datetime.timedelta(minutes=5))
    async with connection() as conn:
        auth = await authenticate(
            conn, "product", sign_session("product", session.id), replica=True
        )
    assert auth is not None
    monkeypatch.setattr(sessions, "VISITS_REMEMBERED", 1)
    await record_visit(auth)
    t.advance_time(datetime.timedelta(minutes=2))
    await record_visit(auth)  # forgotten (over the bound): recorded again
    assert await _last_seen(session.id) == start + datetime.timedelta(minutes=7)


async def test_a_replicas_lookup_accepts_exactly_the_sessions_the_primarys_does(t: TFix) -> None:
    """AuthSessionRead repeats AuthSessionLookup's rules (it cannot share its statement,
    which writes): every kind of session gets the same answer from both."""
    now = t.freeze_time()
    c = await t.factory.customer()
    removed = await t.factory.customer()
    disabled = await t.factory.customer()
    superadmin, support, gone_admin = [await t.factory.user() for _ in range(3)]
    async with xact_admin() as q:
        roles: tuple[tuple[UserModel, AdminRoleEnum], ...] = (
            (superadmin, "superadmin"),
            (support, "support"),
            (gone_admin, "superadmin"),
        )
        for admin, role in roles:
            await harness(q).test_admin_grant(user_id=admin.id, role=role)
        await harness(q).test_user_disable(id=gone_admin.id)
        await harness(q).test_user_disable(id=disabled.user.id)
        await harness(q).test_membership_remove(id=removed.membership.id)
    ended = await t.factory.session(user=c.user, organization=c.organization)
    lapsed = await t.factory.session(user=c.user, organization=c.organization)
    async with xact_admin() as q:
        await harness(q).test_session_backdate(
            id=ended.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + datetime.timedelta(days=1),
            expired_at=now,
        )
        await harness(q).test_session_backdate(
            id=lapsed.id, created_at=now, last_seen_at=now, expires_at=now, expired_at=None
        )
    cases = {
        "member": await t.factory.session(user=c.user, organization=c.organization),
        "other app": await t.factory.session(user=c.user, app="panopticon"),
        "ended": ended,
        "expired": lapsed,
        "disabled user": await t.factory.session(
            user=disabled.user, organization=disabled.organization
        ),
        "removed member": await t.factory.session(
            user=removed.user, organization=removed.organization
        ),
        "admin": await t.factory.session(user=superadmin),
        "impersonated": await t.factory.session(user=c.user, impersonator=superadmin),
        "by a support admin": await t.factory.session(user=c.user, impersonator=support),
        "by a disabled admin": await t.factory.session(user=c.user, impersonator=gone_admin),
    }
    answers: dict[str, tuple[object, object]] = {}
    for name, session in cases.items():
        cookie = sign_session("product", session.id)
        async with connection() as conn:
            read = await authenticate(conn, "product", cookie, replica=True)
            looked_up = await authenticate(conn, "product", cookie)
        if read is not None:
            read = dataclasses.replace(read, visit_due=False)
        answers[name] = (read, looked_up)
        assert read == looked_up, name
    accepted = {name for name, (read, _) in answers.items() if read is not None}
    assert accepted == {"member", "removed member", "admin", "impersonated"}
    assert answers["removed member"][0].organization is None  # type: ignore[union-attr]
    assert answers["admin"][0].admin_role == "superadmin"  # type: ignore[union-attr]


async def test_both_lookups_read_whether_a_required_second_factor_is_missing(t: TFix) -> None:
    """`Auth.second_factor_missing` (product's `MfaRequiredError`) comes with the session:
    only a confirmed TOTP or a passkey set as second factor, the user's own, counts, and
    only while the selected organization requires one."""
    c = await t.factory.customer()  # the owner: a confirmed TOTP
    relaxed = await t.factory.customer()  # an organization that requires nothing
    users = {name: await t.factory.user() for name in ("none", "unconfirmed", "sign-in", "key")}
    async with xact_admin() as q:
        h = harness(q)
        await h.test_mfa_totp_confirmed_create(user_id=c.user.id)
        await h.test_mfa_totp_unconfirmed_create(user_id=users["unconfirmed"].id)
        await h.test_passkey_first_factor_create(user_id=users["sign-in"].id)
        await h.test_passkey_second_factor_create(user_id=users["key"].id)
        await h.test_organization_require_mfa(id=c.organization.id, require_mfa=True)
    cases = {"owner": await t.factory.session(user=c.user, organization=c.organization)}
    for name, user in users.items():
        await t.factory.membership(user=user, organization=c.organization, role="member")
        cases[name] = await t.factory.session(user=user, organization=c.organization)
    cases["not required"] = await t.factory.session(
        user=relaxed.user, organization=relaxed.organization
    )
    cases["no organization"] = await t.factory.session(user=users["none"])
    missing: dict[str, set[str]] = {"primary": set(), "replica": set()}
    for name, session in cases.items():
        cookie = sign_session("product", session.id)
        for where in missing:
            async with connection() as conn:
                auth = await authenticate(conn, "product", cookie, replica=where == "replica")
            assert auth is not None, (name, where)
            if auth.second_factor_missing:
                missing[where].add(name)
    assert missing["primary"] == {"none", "unconfirmed", "sign-in"}
    assert missing["replica"] == missing["primary"]
