"""Schemathesis over panopticon's OpenAPI document, against the live panopticon server
(`fuzzing.py`): the public operations without a session, the others with a fresh
panopticon session of a superadmin (every route is open to them), so `logout` never
spoils the next request. A few users and organizations exist, so lists return rows, and
the superadmin's credentials and the ids of one organization, its co-owner and its invite
are the inputs' examples (sent first), so login and the routes taking ids also answer with
their outputs, not only with their errors."""

from __future__ import annotations

from foundation.auth.passwords import hash_password
from foundation.external.llm import FakeLLM
from foundation.external.registry import override_services
from foundation.testing.fixture import TFix
from foundation.testing.timeouts import STARTS_PROCESSES
from panopticon.admins.admins import grant_admin
from panopticon.app import create_panopticon_app
from panopticon.framework import PANOPTICON
from tools.rpc_codegen.fuzzing import depth, fuzz_app

pytestmark = STARTS_PROCESSES  # hundreds of fuzzed requests: foundation/testing/timeouts.py

MIN_VALID_REQUESTS = 150 * depth()
PASSWORD = "correct horse battery staple"
NEVER_OK = {
    "POST /rpc/membership_set_role",
    "POST /rpc/login_mfa",
    "POST /rpc/email_resend",
    "POST /rpc/organization_domain_remove",
    "POST /rpc/organization_sso_remove",
    "POST /rpc/user_password_reset_send",
    "POST /rpc/user_update",
    "POST /rpc/user_verification_resend",
}
"""Operations that may answer no 200: the example's membership is gone by then
(`membership_remove` comes first), so it answers `MemberNotFoundError`; a second-factor
challenge comes only from a login of an admin with two-factor authentication on; the
examples name no failed email of the outbox (`email_resend`) and no domain of the
organization (`organization_domain_remove`) and no single sign-on connection
(`organization_sso_remove`): their typed not-found errors answer. The example user is
deleted by `user_delete` (fuzzed before them) or disabled, so the emailing user routes and
`user_update` answer `UserNotActiveError` / `UserNotFoundError` (their tests in
panopticon/users/routes_test.py cover their successes)."""


async def test_panopticon_answers_as_its_openapi_document_says(t: TFix) -> None:
    for _ in range(3):
        await t.factory.customer()
    customer = await t.factory.customer()
    co_owner = await t.factory.user(name="Co Owner")
    await t.factory.membership(user=co_owner, organization=customer.organization, role="owner")
    invite = await t.factory.invite(organization=customer.organization)
    superadmin = await t.factory.user(
        name="Super Admin", password_hash=await hash_password(PASSWORD)
    )
    await grant_admin(superadmin.email, "superadmin")

    async def new_session() -> str:
        session = await t.factory.session(user=superadmin, app="panopticon")
        return await t.rpc.cookie(PANOPTICON, session)

    examples = {
        "email": superadmin.email,
        "password": PASSWORD,
        "user_id": co_owner.id,
        "organization_id": customer.organization.id,
        "invite_id": invite.id,
    }
    with override_services(llm=FakeLLM()):  # user_activity_summary answers, not 501
        report = await fuzz_app(
            create_panopticon_app(), PANOPTICON.cookie, new_session, examples=examples
        )

    print(report.summary("panopticon"))
    assert report.failures == []
    valid = report.valid()
    assert all(valid.values()), valid
    assert sum(valid.values()) >= MIN_VALID_REQUESTS, valid
    assert {"GET /rpc/init", "POST /rpc/login"} <= report.public() < set(valid)
    assert set(valid) - report.answered_ok() <= NEVER_OK, report.statuses
