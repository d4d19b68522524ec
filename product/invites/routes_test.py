import asyncio
import datetime

import pytest

from database.__codegen__.enums import OrganizationRoleEnum
from database.__codegen__.models import OrganizationModel, UserModel
from database.testing import harness
from database.testing.factory import Customer
from database.xact import xact_admin
from foundation.auth.errors import InvalidCredentialsError, WeakPasswordError
from foundation.auth.passwords import hash_password
from foundation.rpc.errors import InputValidationError
from foundation.testing.fixture import TFix
from foundation.testing.outbox import delivered_to
from product.auth.init import InitOrganization
from product.auth.routes import LoginIn, login
from product.framework import PRODUCT
from product.framework.permissions import built_in
from product.invites.routes import (
    AlreadyMemberError,
    InviteAcceptIn,
    InviteCreateIn,
    InviteCreateOut,
    InviteExpiredError,
    InviteNotFoundError,
    InviteRevokeIn,
    InviteSignInRequiredError,
    invite_accept,
    invite_create,
    invite_revoke,
    invites_list,
)
from product.organizations.roles import InsufficientRoleError
from product.organizations.routes import organization_members_list

PASSWORD = "a long enough password"


async def _invite(
    t: TFix,
    as_: Customer | UserModel,
    email: str,
    role: OrganizationRoleEnum = "member",
    organization: OrganizationModel | None = None,
) -> InviteCreateOut:
    res = await t.rpc.call(
        invite_create, InviteCreateIn(email=email, role=role), as_=as_, organization=organization
    )
    return res.output


async def test_invite_create_emails_the_code_and_stores_only_its_hash(t: TFix) -> None:
    owner = await t.factory.customer()
    email = f"new-{id(owner)}@example.test"
    res = await t.rpc.call(invite_create, InviteCreateIn(email=email, role="admin"), as_=owner)
    # The wire body itself: exactly these fields (the typed output would drop extra ones).
    assert set(res.response.body) == {"invite_id", "code", "expires_at"}
    invite = res.output
    [message] = await delivered_to(email)
    assert invite.code in message.text and owner.organization.name in message.subject
    async with xact_admin() as q:
        stored = (await harness(q).test_invite_fetch(id=invite.invite_id)).code_hash
    assert stored is not None and invite.code not in stored and len(stored) == 64


async def test_invite_create_errors_and_superseding(t: TFix) -> None:
    owner = await t.factory.customer()
    org = owner.organization
    admin = await t.factory.user()
    await t.factory.membership(user=admin, organization=org, role="admin")
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=org, role="member")
    res = await t.rpc.call(
        invite_create, InviteCreateIn(email=owner.user.email.upper(), role="member"), as_=owner
    )
    assert res.expect_error(AlreadyMemberError) == AlreadyMemberError(
        email=owner.user.email.upper()
    )
    res = await t.rpc.call(
        invite_create,
        InviteCreateIn(email="x@example.test", role="owner"),
        as_=admin,
        organization=org,
    )
    assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="admin")
    res = await t.rpc.call(
        invite_create,
        InviteCreateIn(email="x@example.test", role="member"),
        as_=member,
        organization=org,
    )
    res.expect_error(InsufficientRoleError)
    first = await _invite(t, admin, "twice@example.test", organization=org)
    second = await _invite(t, owner, "Twice@example.test")
    pending = (await t.rpc.call(invites_list, as_=member, organization=org)).output.items
    assert [p.invite_id for p in pending] == [second.invite_id]
    assert pending[0].invited_by == owner.user.id and pending[0].role == "member"
    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=first.code, name="T", password=PASSWORD)
    )
    res.expect_error(InviteNotFoundError)


async def test_invite_revoke(t: TFix) -> None:
    owner = await t.factory.customer()
    invite = await _invite(t, owner, "revoked@example.test")
    other = await t.factory.customer()
    res = await t.rpc.call(invite_revoke, InviteRevokeIn(invite_id=invite.invite_id), as_=other)
    res.expect_error(InviteNotFoundError)  # another organization's invite
    revoked = await t.rpc.call(invite_revoke, InviteRevokeIn(invite_id=invite.invite_id), as_=owner)
    assert revoked.status == 200 and revoked.output is None
    again = await t.rpc.call(invite_revoke, InviteRevokeIn(invite_id=invite.invite_id), as_=owner)
    again.expect_error(InviteNotFoundError)
    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="R", password=PASSWORD)
    )
    res.expect_error(InviteNotFoundError)
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=owner.organization, role="member")
    res = await t.rpc.call(
        invite_revoke,
        InviteRevokeIn(invite_id=invite.invite_id),
        as_=member,
        organization=owner.organization,
    )
    res.expect_error(InsufficientRoleError)


async def test_accept_as_a_new_person(t: TFix) -> None:
    owner = await t.factory.customer()
    invite = await _invite(t, owner, "Newbie@example.test", "admin")
    res = await t.rpc.call(invite_accept, InviteAcceptIn(code=invite.code))
    assert set(res.expect_error(InputValidationError).fields) == {"name", "password"}
    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="N\r\nBcc: x", password=PASSWORD)
    )
    assert "control characters" in res.expect_error(InputValidationError).fields["name"]
    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="N", password="short")
    )
    res.expect_error(WeakPasswordError)
    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="Newbie", password=PASSWORD)
    )
    accepted = res.output
    assert accepted.user is not None and accepted.user.email == "Newbie@example.test"
    assert accepted.organization == InitOrganization(
        id=owner.organization.id,
        name=owner.organization.name,
        role="admin",
        permissions=sorted(built_in("admin")),
    )
    assert res.cookies[PRODUCT.cookie]
    signed_in = await t.rpc.call(login, LoginIn(email="newbie@example.test", password=PASSWORD))
    assert signed_in.status == 200
    again = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="N", password=PASSWORD)
    )
    again.expect_error(InviteNotFoundError)
    unknown = await t.rpc.call(invite_accept, InviteAcceptIn(code="no-such-code"))
    unknown.expect_error(InviteNotFoundError)


async def test_accept_as_an_existing_user(t: TFix) -> None:
    """An existing account joins only while signed in as itself: a password is no way in
    (it was an oracle that skipped the second factor), and a refusal leaves the invite
    open."""
    owner = await t.factory.customer()
    existing = await t.factory.customer(password_hash=await hash_password(PASSWORD))
    invite = await _invite(t, owner, existing.user.email)
    for password in ("wrong password", PASSWORD, None):
        res = await t.rpc.call(invite_accept, InviteAcceptIn(code=invite.code, password=password))
        assert res.expect_error(InviteSignInRequiredError).email == existing.user.email
        assert PRODUCT.cookie not in res.cookies
    # Signed in as someone else does not count either.
    res = await t.rpc.call(invite_accept, InviteAcceptIn(code=invite.code), as_=owner)
    res.expect_error(InviteSignInRequiredError)
    res = await t.rpc.call(invite_accept, InviteAcceptIn(code=invite.code), as_=existing)
    accepted = res.output
    assert accepted.organization is not None
    assert accepted.organization.id == owner.organization.id
    assert len(accepted.available_organizations) == 2
    second = await _invite(t, (await t.factory.customer()), existing.user.email)
    res = await t.rpc.call(invite_accept, InviteAcceptIn(code=second.code), as_=existing)
    assert res.status == 200 and len(res.output.available_organizations) == 3


async def test_expired_invite(t: TFix) -> None:
    t.freeze_time()
    owner = await t.factory.customer()
    invite = await _invite(t, owner, "late@example.test")
    t.advance_time(datetime.timedelta(days=14, seconds=1))
    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="L", password=PASSWORD)
    )
    res.expect_error(InviteExpiredError)
    assert (await t.rpc.call(invites_list, as_=owner)).output.items == []


async def test_one_code_is_accepted_once_under_concurrency(t: TFix) -> None:
    owner = await t.factory.customer()
    invite = await _invite(t, owner, "race@example.test")
    data = InviteAcceptIn(code=invite.code, name="Racer", password=PASSWORD)
    results = await asyncio.gather(*(t.rpc.call(invite_accept, data) for _ in range(4)))
    assert sorted(r.status for r in results) == [200, 400, 400, 400]
    assert {r.error for r in results if r.status == 400} == {"InviteNotFoundError"}
    members = (await t.rpc.call(organization_members_list, as_=owner)).output.items
    assert len(members) == 2


@pytest.mark.parametrize("role", ["member", "admin"])
async def test_invited_role_is_granted(t: TFix, role: OrganizationRoleEnum) -> None:
    owner = await t.factory.customer()
    invite = await _invite(t, owner, f"{role}-{id(owner)}@example.test", role)
    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="R", password=PASSWORD)
    )
    organization = res.output.organization
    assert organization is not None and organization.role == role


OLD_PASSWORD = "the old unfinished password"  # pragma: allowlist secret


async def test_accept_completes_an_unfinished_signup_of_that_address(t: TFix) -> None:
    """A user row whose signup never finished (`signup_step` created) is the invitee's: the
    invite sets its name and password, keeps its id, adds the membership, emails a
    verification code and signs it in. A password the row held before no longer works."""
    owner = await t.factory.customer()
    email = f"unfinished-{owner.organization.id.lower()}@example.test"
    unfinished = await t.factory.user(
        name="Half",
        email=email,
        password_hash=await hash_password(OLD_PASSWORD),
        signup_step="created",
        email_verified=False,
    )
    invite = await _invite(t, owner, email, "admin")

    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="Whole", password=PASSWORD)
    )

    accepted = res.output
    assert accepted.user is not None and accepted.user.id == unfinished.id
    assert accepted.user.name == "Whole" and not accepted.user.email_verified
    assert accepted.organization == InitOrganization(
        id=owner.organization.id,
        name=owner.organization.name,
        role="admin",
        permissions=sorted(built_in("admin")),
    )
    assert res.cookies[PRODUCT.cookie]
    async with xact_admin() as q:
        row = await harness(q).test_user_fetch(id=unfinished.id)
    assert row.signup_step == "complete"
    [_invitation, verification] = await delivered_to(email)
    assert "Verify" in verification.subject
    old = await t.rpc.call(login, LoginIn(email=email, password=OLD_PASSWORD))
    assert old.status != 200
    assert (await t.rpc.call(login, LoginIn(email=email, password=PASSWORD))).status == 200
    again = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="Again", password=PASSWORD)
    )
    again.expect_error(InviteNotFoundError)


async def test_a_disabled_unfinished_signup_cannot_complete_through_an_invite(t: TFix) -> None:
    """Disabled is disabled, finished signup or not: the acceptance is refused at the
    sign-in and rolls back whole (no name or password set, no membership, invite open)."""
    owner = await t.factory.customer()
    email = f"disabled-{owner.organization.id.lower()}@example.test"
    disabled = await t.factory.user(
        email=email, signup_step="created", is_enabled=False, email_verified=False
    )
    invite = await _invite(t, owner, email)

    res = await t.rpc.call(
        invite_accept, InviteAcceptIn(code=invite.code, name="Back", password=PASSWORD)
    )

    res.expect_error(InvalidCredentialsError)
    assert PRODUCT.cookie not in res.cookies
    async with xact_admin() as q:
        row = await harness(q).test_user_fetch(id=disabled.id)
        memberships = await harness(q).test_memberships_of_user(user_id=disabled.id)
    assert (row.signup_step, row.name, row.password_hash) == ("created", disabled.name, None)
    assert memberships == []
    assert [i.invite_id for i in (await t.rpc.call(invites_list, as_=owner)).output.items] == [
        invite.invite_id
    ]
