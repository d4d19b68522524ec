import asyncio
import datetime

import pytest

from database.xact import xact
from foundation.auth.passwords import hash_password
from foundation.auth.sessions import cookie_name
from foundation.email.outbox import sent_to
from foundation.testing.fixture import TFix

COOKIE = cookie_name("product")
PASSWORD = "a long enough password"


async def _invite(t: TFix, as_: object, email: str, role: str = "member", **kw: object) -> dict:  # type: ignore[type-arg]
    res = await t.rpc.product("invite_create", {"email": email, "role": role}, as_=as_, **kw)  # type: ignore[arg-type]
    assert res.status == 200, res.body
    return res.data


async def test_invite_create_emails_the_code_and_stores_only_its_hash(t: TFix) -> None:
    owner = await t.factory.customer()
    email = f"new-{id(owner)}@example.test"
    invite = await _invite(t, owner, email, "admin")
    assert set(invite) == {"invite_id", "code", "expires_at"}
    [message] = sent_to(email)
    assert invite["code"] in message.text and owner.organization.name in message.subject
    async with xact() as q:
        stored = await q.conn.fetchval(
            "SELECT code_hash FROM invites WHERE id = $1", invite["invite_id"]
        )
    assert stored is not None and invite["code"] not in stored and len(stored) == 64


async def test_invite_create_errors_and_superseding(t: TFix) -> None:
    owner = await t.factory.customer()
    org = owner.organization
    admin = await t.factory.user()
    await t.factory.membership(user=admin, organization=org, role="admin")
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=org, role="member")
    res = await t.rpc.product(
        "invite_create", {"email": owner.user.email.upper(), "role": "member"}, as_=owner
    )
    assert (res.error, res.data) == ("AlreadyMemberError", {"email": owner.user.email.upper()})
    res = await t.rpc.product(
        "invite_create", {"email": "x@example.test", "role": "owner"}, as_=admin, organization=org
    )
    assert (res.error, res.data) == ("InsufficientRoleError", {"role": "admin"})
    res = await t.rpc.product(
        "invite_create", {"email": "x@example.test", "role": "member"}, as_=member, organization=org
    )
    assert res.error == "InsufficientRoleError"
    first = await _invite(t, admin, "twice@example.test", organization=org)
    second = await _invite(t, owner, "Twice@example.test")
    pending = (await t.rpc.product("invites_list", as_=member, organization=org)).data
    assert [p["invite_id"] for p in pending] == [second["invite_id"]]
    assert pending[0]["invited_by"] == owner.user.id and pending[0]["role"] == "member"
    res = await t.rpc.product(
        "invite_accept", {"code": first["code"], "name": "T", "password": PASSWORD}
    )
    assert res.error == "InviteNotFoundError"


async def test_invite_revoke(t: TFix) -> None:
    owner = await t.factory.customer()
    invite = await _invite(t, owner, "revoked@example.test")
    other = await t.factory.customer()
    res = await t.rpc.product("invite_revoke", {"invite_id": invite["invite_id"]}, as_=other)
    assert res.error == "InviteNotFoundError"  # another organization's invite
    assert (
        await t.rpc.product("invite_revoke", {"invite_id": invite["invite_id"]}, as_=owner)
    ).status == 200
    again = await t.rpc.product("invite_revoke", {"invite_id": invite["invite_id"]}, as_=owner)
    assert again.error == "InviteNotFoundError"
    res = await t.rpc.product(
        "invite_accept", {"code": invite["code"], "name": "R", "password": PASSWORD}
    )
    assert res.error == "InviteNotFoundError"
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=owner.organization, role="member")
    res = await t.rpc.product(
        "invite_revoke",
        {"invite_id": invite["invite_id"]},
        as_=member,
        organization=owner.organization,
    )
    assert res.error == "InsufficientRoleError"


async def test_accept_as_a_new_person(t: TFix) -> None:
    owner = await t.factory.customer()
    invite = await _invite(t, owner, "Newbie@example.test", "admin")
    res = await t.rpc.product("invite_accept", {"code": invite["code"]})
    assert res.error == "InputValidationError" and set(res.data["fields"]) == {"name", "password"}
    res = await t.rpc.product(
        "invite_accept", {"code": invite["code"], "name": "N", "password": "short"}
    )
    assert res.error == "WeakPasswordError"
    res = await t.rpc.product(
        "invite_accept", {"code": invite["code"], "name": "Newbie", "password": PASSWORD}
    )
    assert res.status == 200, res.body
    assert res.data["user"]["email"] == "Newbie@example.test"
    assert res.data["organization"] == {
        "id": owner.organization.id,
        "name": owner.organization.name,
        "role": "admin",
    }
    assert res.cookies[COOKIE]
    login = await t.rpc.product("login", {"email": "newbie@example.test", "password": PASSWORD})
    assert login.status == 200
    again = await t.rpc.product(
        "invite_accept", {"code": invite["code"], "name": "N", "password": PASSWORD}
    )
    assert again.error == "InviteNotFoundError"
    assert (
        await t.rpc.product("invite_accept", {"code": "no-such-code"})
    ).error == "InviteNotFoundError"


async def test_accept_as_an_existing_user(t: TFix) -> None:
    owner = await t.factory.customer()
    existing = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    invite = await _invite(t, owner, existing.user.email)
    res = await t.rpc.product(
        "invite_accept", {"code": invite["code"], "password": "wrong password"}
    )
    assert res.error == "InvalidCredentialsError"
    res = await t.rpc.product("invite_accept", {"code": invite["code"]})
    assert res.error == "InvalidCredentialsError"
    # Signed in as someone else does not count either.
    res = await t.rpc.product("invite_accept", {"code": invite["code"]}, as_=owner)
    assert res.error == "InvalidCredentialsError"
    res = await t.rpc.product("invite_accept", {"code": invite["code"], "password": PASSWORD})
    assert res.data["organization"]["id"] == owner.organization.id
    assert len(res.data["available_organizations"]) == 2
    second = await _invite(t, (await t.factory.customer()), existing.user.email)
    res = await t.rpc.product("invite_accept", {"code": second["code"]}, as_=existing)
    assert res.status == 200 and len(res.data["available_organizations"]) == 3


async def test_expired_invite(t: TFix) -> None:
    t.freeze_time()
    owner = await t.factory.customer()
    invite = await _invite(t, owner, "late@example.test")
    t.advance_time(datetime.timedelta(days=14, seconds=1))
    res = await t.rpc.product(
        "invite_accept", {"code": invite["code"], "name": "L", "password": PASSWORD}
    )
    assert res.error == "InviteExpiredError"
    assert (await t.rpc.product("invites_list", as_=owner)).data == []


async def test_one_code_is_accepted_once_under_concurrency(t: TFix) -> None:
    owner = await t.factory.customer()
    invite = await _invite(t, owner, "race@example.test")
    data = {"code": invite["code"], "name": "Racer", "password": PASSWORD}
    results = await asyncio.gather(*(t.rpc.product("invite_accept", data) for _ in range(4)))
    assert sorted(r.status for r in results) == [200, 400, 400, 400]
    assert {r.error for r in results if r.status == 400} == {"InviteNotFoundError"}
    members = (await t.rpc.product("organization_members_list", as_=owner)).data
    assert len(members) == 2


@pytest.mark.parametrize("role", ["member", "admin"])
async def test_invited_role_is_granted(t: TFix, role: str) -> None:
    owner = await t.factory.customer()
    invite = await _invite(t, owner, f"{role}-{id(owner)}@example.test", role)
    res = await t.rpc.product(
        "invite_accept", {"code": invite["code"], "name": "R", "password": PASSWORD}
    )
    assert res.data["organization"]["role"] == role
