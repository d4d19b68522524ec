import uuid

import pytest

from database.__codegen__.models import OrganizationModel, SessionModel
from foundation.auth.passwords import hash_password
from foundation.base.clock import CLOCK
from foundation.testing.dns_server import dns_server
from foundation.testing.fixture import TFix
from foundation.testing.outbox import code_in, delivered_to
from product.account.routes import EmailVerifyIn, email_verify
from product.auth.init import SuggestedOrganization, read_init
from product.auth.routes import LoginIn, init, login
from product.auth.verification import send_verification
from product.db import xact_admin
from product.domains.routes import (
    DomainEnrollmentIn,
    DomainIn,
    DomainInvalidError,
    DomainNotFoundError,
    DomainOut,
    DomainPublicProviderError,
    DomainRecordNotFoundError,
    DomainTakenError,
    JoinRequestDecideIn,
    JoinRequestIn,
    JoinRequestNotFoundError,
    organization_domain_add,
    organization_domain_remove,
    organization_domain_set_enrollment,
    organization_domain_verify,
    organization_domains_list,
    organization_join_request,
    organization_join_request_decide,
    organization_join_requests_list,
)
from product.organizations.roles import InsufficientRoleError, OrganizationNotFoundError

PASSWORD = "a long enough password"


def _domain() -> str:
    return f"acme-{uuid.uuid4().hex[:10]}.test"


async def _manager(t: TFix) -> tuple[OrganizationModel, SessionModel]:
    c = await t.factory.customer()
    return c.organization, await t.factory.session(user=c.user, organization=c.organization)


async def _verified(
    t: TFix, records: dict[str, list[str]], session: SessionModel, domain: str
) -> DomainOut:
    added = (await t.rpc.call(organization_domain_add, DomainIn(domain=domain), as_=session)).output
    records[added.record_name] = [added.record_value]
    return (
        await t.rpc.call(organization_domain_verify, DomainIn(domain=domain), as_=session)
    ).output


async def test_add_answers_the_record_and_verify_finds_it(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, session = await _manager(t)
    domain = _domain()
    with dns_server(monkeypatch) as records:
        added = (
            await t.rpc.call(
                organization_domain_add, DomainIn(domain=f" {domain.upper()}. "), as_=session
            )
        ).output
        assert added.domain == domain and added.verified_at is None
        assert added.record_name == f"_blossom-verification.{domain}"
        assert added.record_value.startswith("blossom-verification=")
        again = await t.rpc.call(organization_domain_add, DomainIn(domain=domain), as_=session)
        assert again.output == added  # same token
        # Missing record.
        res = await t.rpc.call(organization_domain_verify, DomainIn(domain=domain), as_=session)
        assert res.expect_error(DomainRecordNotFoundError) == DomainRecordNotFoundError(
            record_name=added.record_name, record_value=added.record_value
        )
        # Wrong value.
        records[added.record_name] = ["blossom-verification=someone-else"]
        res = await t.rpc.call(organization_domain_verify, DomainIn(domain=domain), as_=session)
        res.expect_error(DomainRecordNotFoundError)
        # The right one, among others.
        records[added.record_name] = ["v=spf1 -all", added.record_value]
        res = await t.rpc.call(organization_domain_verify, DomainIn(domain=domain), as_=session)
        assert res.output.verified_at is not None
    listed = (await t.rpc.call(organization_domains_list, as_=session)).output.items
    assert [(d.domain, d.verified_at is not None, d.enrollment) for d in listed] == [
        (domain, True, "none")
    ]


async def test_add_refuses_public_providers_and_non_domains(t: TFix) -> None:
    _, session = await _manager(t)
    for public in ("gmail.com", "Outlook.com", "mail.yahoo.com"):
        res = await t.rpc.call(organization_domain_add, DomainIn(domain=public), as_=session)
        res.expect_error(DomainPublicProviderError)
    for bad in ("localhost", "-x.test", "a..b.test", "x.123", "x_y.test"):
        res = await t.rpc.call(organization_domain_add, DomainIn(domain=bad), as_=session)
        assert res.expect_error(DomainInvalidError) == DomainInvalidError(domain=bad)


async def test_a_domain_is_verified_by_one_organization_at_a_time(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, first = await _manager(t)
    _, second = await _manager(t)
    domain = _domain()
    with dns_server(monkeypatch) as records:
        await _verified(t, records, first, domain)
        added = (
            await t.rpc.call(organization_domain_add, DomainIn(domain=domain), as_=second)
        ).output
        records[added.record_name] = [added.record_value]  # both records published
        res = await t.rpc.call(organization_domain_verify, DomainIn(domain=domain), as_=second)
        assert res.expect_error(DomainTakenError) == DomainTakenError(domain=domain)
        # Once the first lets it go, the second may verify it.
        await t.rpc.call(organization_domain_remove, DomainIn(domain=domain), as_=first)
        res = await t.rpc.call(organization_domain_verify, DomainIn(domain=domain), as_=second)
        assert res.output.verified_at is not None


async def test_members_cannot_manage_domains(t: TFix) -> None:
    organization, _ = await _manager(t)
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=organization, role="member")
    session = await t.factory.session(user=member, organization=organization)
    domain = _domain()
    refused = [
        await t.rpc.call(organization_domain_add, DomainIn(domain=domain), as_=session),
        await t.rpc.call(organization_domain_verify, DomainIn(domain=domain), as_=session),
        await t.rpc.call(organization_domain_remove, DomainIn(domain=domain), as_=session),
        await t.rpc.call(
            organization_domain_set_enrollment,
            DomainEnrollmentIn(domain=domain, enrollment="automatic"),
            as_=session,
        ),
    ]
    for res in refused:
        assert res.expect_error(InsufficientRoleError) == InsufficientRoleError(role="member")
    res = await t.rpc.call(organization_join_requests_list, as_=session)
    res.expect_error(InsufficientRoleError)


async def test_unknown_domains(t: TFix) -> None:
    _, session = await _manager(t)
    domain = _domain()
    unknown = [
        await t.rpc.call(organization_domain_verify, DomainIn(domain=domain), as_=session),
        await t.rpc.call(organization_domain_remove, DomainIn(domain=domain), as_=session),
        await t.rpc.call(
            organization_domain_set_enrollment,
            DomainEnrollmentIn(domain=domain, enrollment="none"),
            as_=session,
        ),
    ]
    for res in unknown:
        assert res.expect_error(DomainNotFoundError) == DomainNotFoundError(domain=domain)


async def test_automatic_enrollment_joins_at_sign_in_and_at_address_verification(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    organization, session = await _manager(t)
    domain = _domain()
    signing_in = await t.factory.user(
        email=f"ada@{domain}", password_hash=await hash_password(PASSWORD)
    )
    unverified = await t.factory.user(email=f"bob@{domain}", email_verified=False)
    elsewhere = await t.factory.user(
        email=f"eve@not-{domain}", password_hash=await hash_password(PASSWORD)
    )
    with dns_server(monkeypatch) as records:
        await _verified(t, records, session, domain)
    await t.rpc.call(
        organization_domain_set_enrollment,
        DomainEnrollmentIn(domain=domain, enrollment="automatic"),
        as_=session,
    )
    signed_in = (await t.rpc.call(login, LoginIn(email=signing_in.email, password=PASSWORD))).output
    assert [(o.id, o.role) for o in signed_in.available_organizations] == [
        (organization.id, "member")
    ]
    other = (await t.rpc.call(login, LoginIn(email=elsewhere.email, password=PASSWORD))).output
    assert other.available_organizations == []
    # An unverified address joins when it is verified.
    async with xact_admin() as q:
        await send_verification(q, unverified.id, unverified.email)
        assert await q.orm.domain_automatic_join(user_id=unverified.id) == []
    [message] = await delivered_to(unverified.email)
    await t.rpc.call(email_verify, EmailVerifyIn(code=code_in(message)))
    async with xact_admin() as q:
        assert (
            await q.orm.membership_active_role(
                user_id=unverified.id, organization_id=organization.id
            )
            == "member"
        )


async def test_automatic_join_needs_a_verified_domain_in_automatic_and_skips_the_removed(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    organization, session = await _manager(t)
    domain = _domain()
    user = await t.factory.user(email=f"ada@{domain}")
    unverified_domain = _domain()
    at_unverified = await t.factory.user(email=f"bob@{unverified_domain}")
    await t.rpc.call(organization_domain_add, DomainIn(domain=unverified_domain), as_=session)
    await t.rpc.call(
        organization_domain_set_enrollment,
        DomainEnrollmentIn(domain=unverified_domain, enrollment="automatic"),
        as_=session,
    )
    with dns_server(monkeypatch) as records:
        await _verified(t, records, session, domain)
    for enrollment in ("none", "suggest"):
        await t.rpc.call(
            organization_domain_set_enrollment,
            DomainEnrollmentIn(domain=domain, enrollment=enrollment),
            as_=session,
        )
        async with xact_admin() as q:
            assert await q.orm.domain_automatic_join(user_id=user.id) == []
    await t.rpc.call(
        organization_domain_set_enrollment,
        DomainEnrollmentIn(domain=domain, enrollment="automatic"),
        as_=session,
    )
    async with xact_admin() as q:
        assert await q.orm.domain_automatic_join(user_id=at_unverified.id) == []
        assert await q.orm.domain_automatic_join(user_id=user.id) == [organization.id]
        assert await q.orm.domain_automatic_join(user_id=user.id) == []
        await q.orm.member_remove(
            organization_id=organization.id,
            user_id=user.id,
            by_user_id=user.id,
            removed_by_user_id=None,
            did="removed",
            now=CLOCK.now(),
            client=None,
        )
        assert await q.orm.domain_automatic_join(user_id=user.id) == []


async def test_suggest_enrollment_suggests_and_takes_join_requests(
    t: TFix, monkeypatch: pytest.MonkeyPatch
) -> None:
    organization, session = await _manager(t)
    domain = _domain()
    user = await t.factory.user(email=f"ada@{domain}")
    user_session = await t.factory.session(user=user)
    stranger = await t.factory.user()
    stranger_session = await t.factory.session(user=stranger)
    with dns_server(monkeypatch) as records:
        await _verified(t, records, session, domain)
    suggested = (await t.rpc.call(init, as_=user_session)).output.suggested_organizations
    assert suggested == []  # enrollment none
    await t.rpc.call(
        organization_domain_set_enrollment,
        DomainEnrollmentIn(domain=domain, enrollment="suggest"),
        as_=session,
    )
    suggested = (await t.rpc.call(init, as_=user_session)).output.suggested_organizations
    assert suggested == [
        SuggestedOrganization(id=organization.id, name=organization.name, domain=domain)
    ]
    res = await t.rpc.call(
        organization_join_request,
        JoinRequestIn(organization_id=organization.id),
        as_=stranger_session,
    )
    assert res.expect_error(OrganizationNotFoundError) == OrganizationNotFoundError(
        organization_id=organization.id
    )
    res = await t.rpc.call(
        organization_join_request, JoinRequestIn(organization_id=organization.id), as_=user_session
    )
    assert res.output.created
    res = await t.rpc.call(
        organization_join_request, JoinRequestIn(organization_id=organization.id), as_=user_session
    )
    assert not res.output.created
    requests = (await t.rpc.call(organization_join_requests_list, as_=session)).output.items
    assert [(r.user_id, r.email) for r in requests] == [(user.id, user.email)]
    await t.rpc.call(
        organization_join_request_decide,
        JoinRequestDecideIn(id=requests[0].id, approve=True),
        as_=session,
    )
    res = await t.rpc.call(
        organization_join_request_decide,
        JoinRequestDecideIn(id=requests[0].id, approve=True),
        as_=session,
    )
    res.expect_error(JoinRequestNotFoundError)
    out = (await t.rpc.call(init, as_=user_session)).output
    assert [o.id for o in out.available_organizations] == [organization.id]
    assert out.suggested_organizations == []


async def test_removed_domains_stop_suggesting(t: TFix, monkeypatch: pytest.MonkeyPatch) -> None:
    organization, session = await _manager(t)
    domain = _domain()
    user = await t.factory.user(email=f"ada@{domain}")
    with dns_server(monkeypatch) as records:
        await _verified(t, records, session, domain)
    await t.rpc.call(
        organization_domain_set_enrollment,
        DomainEnrollmentIn(domain=domain, enrollment="suggest"),
        as_=session,
    )
    async with xact_admin() as q:
        assert [o.id for o in (await read_init(q, user.id)).suggested] == [organization.id]
    await t.rpc.call(organization_domain_remove, DomainIn(domain=domain), as_=session)
    async with xact_admin() as q:
        assert (await read_init(q, user.id)).suggested == []
