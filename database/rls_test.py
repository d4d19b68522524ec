"""Row Level Security: a customer transaction reaches only its own tenant's rows."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
import pytest

from database.testing.factory import Customer
from database.xact import xact_admin, xact_customer
from foundation.base.errors import InvalidInputError
from foundation.testing.fixture import TFix


@dataclass
class Tenant:
    customer: Customer
    rows: dict[str, list[str]]  # table -> ids of this tenant's rows


async def _tenant(t: TFix) -> Tenant:
    c = await t.factory.customer()
    session = await t.factory.session(user=c.user, organization=c.organization)
    async with xact_admin() as q:
        invite = await q.conn.fetchval(
            """INSERT INTO invites (organization_id, invited_by_user_id, email, role, code_hash)
               VALUES ($1, $2, 'new@example.test', 'member', md5(random()::text)) RETURNING id""",
            c.organization.id,
            c.user.id,
        )
        domain = await q.conn.fetchval(
            """INSERT INTO organization_domains (organization_id, domain, verification_token)
               VALUES ($1, md5(random()::text) || '.test', 't') RETURNING id""",
            c.organization.id,
        )
        join_request = await q.conn.fetchval(
            """INSERT INTO organization_join_requests (organization_id, user_id)
               VALUES ($1, $2) RETURNING id""",
            c.organization.id,
            c.user.id,
        )
        secret = await q.conn.fetchval(
            """INSERT INTO vaulted_secrets (organization_id, name, ciphertext, key_name)
               VALUES ($1, 'api key', '\\x00', 'k1') RETURNING id""",
            c.organization.id,
        )
        admin = await q.conn.fetchval(
            "INSERT INTO admins (user_id) VALUES ($1) RETURNING id", c.user.id
        )
        audit = await q.conn.fetchval(
            """INSERT INTO admin_audit_log (admin_user_id, actor, action, target_type, target,
                   reason, at)
               VALUES ($1, 'a@example.test', 'user.disable', 'user', $1, 'a reason', now())
               RETURNING id""",
            c.user.id,
        )
        impersonation = await q.conn.fetchval(
            """INSERT INTO impersonations (admin_user_id, user_id, token_hash, reason, minutes,
                   accept_by)
               VALUES ($1, $1, md5(random()::text), 'a reason', 5, now()) RETURNING id""",
            c.user.id,
        )
        # Analytics rows on a day of their own per tenant (the tables are keyed by day).
        day = await q.conn.fetchval("SELECT DATE '1980-01-01' + (random() * 10000)::int")
        analytics = {
            "daily_signups": await q.conn.fetchval(
                """INSERT INTO daily_signups (day, inbound_source, users_created, users_completed)
                   VALUES ($1, $2, 1, 1) RETURNING id""",
                day,
                c.organization.id,
            ),
            "organization_daily_activity": await q.conn.fetchval(
                """INSERT INTO organization_daily_activity (day, organization_id, active_users,
                       owners, admins, members, invites_sent, invites_accepted)
                   VALUES ($1, $2, 1, 1, 0, 0, 0, 0) RETURNING id""",
                day,
                c.organization.id,
            ),
            "invite_funnel_daily": await q.conn.fetchval(
                """INSERT INTO invite_funnel_daily (day, sent, accepted, revoked, expired)
                   VALUES ($1, 1, 0, 0, 0)
                   ON CONFLICT (day) DO UPDATE SET sent = 2 RETURNING id""",
                day,
            ),
            "login_security_daily": await q.conn.fetchval(
                """INSERT INTO login_security_daily (day, app, failed_logins, lockouts,
                       sessions_started)
                   VALUES ($1, 'product', 1, 0, 1)
                   ON CONFLICT (day, app) DO UPDATE SET lockouts = 1 RETURNING id""",
                day,
            ),
        }
        lifecycle = {
            "emails": await q.conn.fetchval(
                """INSERT INTO emails (user_id, kind, to_address, subject, body)
                   VALUES ($1, 'test', $2, 's', 'b') RETURNING id""",
                c.user.id,
                c.user.email,
            ),
            "user_codes": await q.conn.fetchval(
                """INSERT INTO user_codes (user_id, purpose, code_hash, expires_at)
                   VALUES ($1, 'verify_email', md5(random()::text), now()) RETURNING id""",
                c.user.id,
            ),
            "rate_limit_hits": await q.conn.fetchval(
                "INSERT INTO rate_limit_hits (bucket, hit_at) VALUES ($1, now()) RETURNING id",
                f"test:{c.user.id}",
            ),
            "mfa_totp": await q.conn.fetchval(
                """INSERT INTO mfa_totp (user_id, key_name, ciphertext)
                   VALUES ($1, 'test', '\\x00'::bytea) RETURNING id""",
                c.user.id,
            ),
            "mfa_recovery_codes": await q.conn.fetchval(
                """INSERT INTO mfa_recovery_codes (user_id, code_hash)
                   VALUES ($1, md5(random()::text)) RETURNING id""",
                c.user.id,
            ),
            "passkeys": await q.conn.fetchval(
                """INSERT INTO passkeys (user_id, name, credential_extid, public_key)
                   VALUES ($1, 'test', decode(md5(random()::text), 'hex'), '\\x00'::bytea) RETURNING id""",
                c.user.id,
            ),
            "webauthn_challenges": await q.conn.fetchval(
                """INSERT INTO webauthn_challenges (purpose, user_id, challenge_hash, expires_at)
                   VALUES ('register', $1, md5(random()::text), now()) RETURNING id""",
                c.user.id,
            ),
            "mfa_challenges": await q.conn.fetchval(
                """INSERT INTO mfa_challenges (user_id, organization_id, permanent,
                       challenge_hash, expires_at)
                   VALUES ($1, $2, false, md5(random()::text), now()) RETURNING id""",
                c.user.id,
                c.organization.id,
            ),
            "user_identities": await q.conn.fetchval(
                """INSERT INTO user_identities (user_id, provider, subject)
                   VALUES ($1, 'test', $1) RETURNING id""",
                c.user.id,
            ),
            "login_codes": await q.conn.fetchval(
                """INSERT INTO login_codes (user_id, code_hash, expires_at)
                   VALUES ($1, md5(random()::text), now()) RETURNING id""",
                c.user.id,
            ),
            "data_exports": await q.conn.fetchval(
                "INSERT INTO data_exports (user_id, organization_id) VALUES ($1, $2) RETURNING id",
                c.user.id,
                c.organization.id,
            ),
            "oauth_states": await q.conn.fetchval(
                """INSERT INTO oauth_states (state_hash, nonce_hash, code_verifier, provider,
                       intent, user_id, expires_at)
                   VALUES (md5(random()::text), 'n', 'v', 'test', 'link', $1, now())
                   RETURNING id""",
                c.user.id,
            ),
        }
        hook = await q.conn.fetchval(
            """INSERT INTO webhook_endpoints (organization_id, url, events, disabled_at)
               VALUES ($1, 'https://hooks.example.com', '{member.added}', now())
               RETURNING id""",
            c.organization.id,
        )
        hook_secret = await q.conn.fetchval(
            """INSERT INTO webhook_secrets (organization_id, endpoint_id, key_name, ciphertext)
               VALUES ($1, $2, 'k1', '\\x00') RETURNING id""",
            c.organization.id,
            hook,
        )
        event = await q.conn.fetchval(
            """INSERT INTO webhook_events (organization_id, type, data)
               VALUES ($1, 'member.added', '{}') RETURNING id""",
            c.organization.id,
        )
        delivery = await q.conn.fetchval(
            """INSERT INTO webhook_deliveries (organization_id, event_id, endpoint_id)
               VALUES ($1, $2, $3) RETURNING id""",
            c.organization.id,
            event,
            hook,
        )
        attempt = await q.conn.fetchval(
            """INSERT INTO webhook_attempts (organization_id, delivery_id, attempted_at,
                   latency_ms)
               VALUES ($1, $2, now(), 1) RETURNING id""",
            c.organization.id,
            delivery,
        )
        custom_role = await q.conn.fetchval(
            """INSERT INTO organization_roles (organization_id, name, permissions)
               VALUES ($1, 'Auditor', '{members:read}') RETURNING id""",
            c.organization.id,
        )
        developer = {
            "api_keys": await q.conn.fetchval(
                """INSERT INTO api_keys (organization_id, user_id, kind, name, secret_hash)
                   VALUES ($1, $2, 'personal', 'ci', md5(random()::text)) RETURNING id""",
                c.organization.id,
                c.user.id,
            ),
            "scim_tokens": await q.conn.fetchval(
                """INSERT INTO scim_tokens (organization_id, user_id, name, secret_hash)
                   VALUES ($1, $2, 'okta', md5(random()::text)) RETURNING id""",
                c.organization.id,
                c.user.id,
            ),
            "organization_audit_log": await q.conn.fetchval(
                """INSERT INTO organization_audit_log (organization_id, admin_audit_extid,
                       admin_actor, action, target, reason, at)
                   VALUES ($1, 'aud_x', 'a@example.test', 'user.disable', $2, 'why', now())
                   RETURNING id""",
                c.organization.id,
                c.user.id,
            ),
        }
        sso = {
            "sso_connections": await q.conn.fetchval(
                """INSERT INTO sso_connections (organization_id, protocol, saml_idp_metadata,
                       saml_idp_entity_extid)
                   VALUES ($1, 'saml', '<x/>', 'https://idp.example.test') RETURNING id""",
                c.organization.id,
            ),
            "sso_requests": await q.conn.fetchval(
                """INSERT INTO sso_requests (state_hash, nonce_hash, connection_id,
                       organization_id, expires_at)
                   SELECT md5(random()::text), 'n', id, $1, now() FROM sso_connections
                   WHERE organization_id = $1 RETURNING id""",
                c.organization.id,
            ),
            "sso_assertions": await q.conn.fetchval(
                """INSERT INTO sso_assertions (connection_id, assertion_extid, expires_at)
                   SELECT id, md5(random()::text), now() FROM sso_connections
                   WHERE organization_id = $1 RETURNING id""",
                c.organization.id,
            ),
        }
        failure = await q.conn.fetchval(
            "INSERT INTO login_failures (email, app, failed_at) VALUES (lower($1), 'product', now())"
            " RETURNING id",
            c.user.email,
        )
    rows = {
        "users": [c.user.id],
        "organizations": [c.organization.id],
        "organizations_users": [c.membership.id],
        "invites": [invite],
        "organization_domains": [domain],
        "organization_join_requests": [join_request],
        "sessions": [session.id],
        "vaulted_secrets": [secret],
        "admins": [admin],
        "login_failures": [failure],
        "admin_audit_log": [audit],
        "impersonations": [impersonation],
        "webhook_endpoints": [hook],
        "webhook_secrets": [hook_secret],
        "webhook_events": [event],
        "webhook_deliveries": [delivery],
        "webhook_attempts": [attempt],
        "organization_roles": [custom_role],
        **{table: [row] for table, row in analytics.items()},
        **{table: [row] for table, row in lifecycle.items()},
        **{table: [row] for table, row in developer.items()},
        **{table: [row] for table, row in sso.items()},
    }
    return Tenant(customer=c, rows=rows)


# What a customer may see of its own tenant's rows (admins: nothing, ever).
OWN_VISIBLE = {
    "users": True,
    "organizations": True,
    "organizations_users": True,
    "invites": True,
    "organization_domains": True,
    "organization_join_requests": True,
    "sessions": True,
    "vaulted_secrets": True,
    "admins": False,
    "login_failures": False,
    "admin_audit_log": False,
    "impersonations": False,
    "daily_signups": False,
    "organization_daily_activity": False,
    "invite_funnel_daily": False,
    "login_security_daily": False,
    "emails": False,
    "user_codes": False,
    "rate_limit_hits": False,
    "mfa_totp": False,
    "mfa_recovery_codes": False,
    "mfa_challenges": False,
    "passkeys": False,
    "webauthn_challenges": False,
    "user_identities": True,
    "login_codes": False,
    "oauth_states": False,
    "webhook_endpoints": True,
    "webhook_secrets": True,
    "webhook_events": True,
    "webhook_deliveries": True,
    "webhook_attempts": True,
    "organization_roles": True,
    "api_keys": True,
    "scim_tokens": True,
    "organization_audit_log": True,
    "data_exports": False,
    "sso_connections": True,
    "sso_requests": False,
    "sso_assertions": False,
}


NOT_GRANTED = {
    "passkeys",
    "webauthn_challenges",
    "mfa_totp",
    "mfa_recovery_codes",
    "mfa_challenges",
    "emails",
    "user_codes",
    "login_codes",
    "oauth_states",
    "data_exports",
    "sso_requests",
    "sso_assertions",
    "rate_limit_hits",
    "daily_signups",
    "organization_daily_activity",
    "invite_funnel_daily",
    "login_security_daily",
}
"""Tables the customer role may not even SELECT (no grant; RLS hides them as well)."""


async def test_every_table_is_covered() -> None:
    async with xact_admin() as q:
        tables = await q.conn.fetch("""SELECT tablename FROM pg_tables WHERE schemaname = 'public'
               AND tablename NOT LIKE '%\\_enum' AND tablename NOT LIKE '%yoyo%'""")
    assert {r["tablename"] for r in tables} == set(OWN_VISIBLE)


@pytest.mark.parametrize("table", sorted(OWN_VISIBLE))
async def test_customer_sees_only_its_own_tenant(t: TFix, table: str) -> None:
    mine, theirs = await _tenant(t), await _tenant(t)
    ids = mine.rows[table] + theirs.rows[table]
    me = mine.customer
    try:
        async with xact_customer(user=me.user, organization=me.organization) as q:
            visible = {
                r["id"]
                for r in await q.conn.fetch(f"SELECT id FROM {table} WHERE id = ANY($1)", ids)
            }
    except asyncpg.InsufficientPrivilegeError:
        assert table in NOT_GRANTED, f"{table}: the customer role has no SELECT on it"
        return
    assert table not in NOT_GRANTED, f"{table} is readable by the customer role now"
    assert not visible & set(theirs.rows[table])
    assert visible == (set(mine.rows[table]) if OWN_VISIBLE[table] else set())


@pytest.mark.parametrize(
    "table",
    [
        "organizations_users",
        "invites",
        "sessions",
        "vaulted_secrets",
        "admins",
        "webhook_endpoints",
        "webhook_events",
    ],
)
async def test_customer_cannot_insert_into_another_tenant(t: TFix, table: str) -> None:
    mine, theirs = await _tenant(t), await _tenant(t)
    other = theirs.customer
    statements = {
        "organizations_users": (
            "INSERT INTO organizations_users (user_id, organization_id, role) VALUES ($1, $2, 'owner')",
            [mine.customer.user.id, other.organization.id],
        ),
        "invites": (
            "INSERT INTO invites (organization_id, email, role, code_hash) VALUES ($1, 'x@example.test', 'owner', 'h' || $2)",
            [other.organization.id, other.user.id],
        ),
        "sessions": (
            "INSERT INTO sessions (user_id, organization_id, app, expires_at) VALUES ($1, $2, 'product', now() + interval '1 day')",
            [other.user.id, other.organization.id],
        ),
        "vaulted_secrets": (
            "INSERT INTO vaulted_secrets (organization_id, name, ciphertext, key_name) VALUES ($1, $2, '\\x00', 'k1')",
            [other.organization.id, "stolen"],
        ),
        "admins": ("INSERT INTO admins (user_id) VALUES ($1)", [mine.customer.user.id]),
        "webhook_endpoints": (
            "INSERT INTO webhook_endpoints (organization_id, url, events) VALUES ($1, $2, '{member.added}')",
            [other.organization.id, "https://attacker.example"],
        ),
        "webhook_events": (
            "INSERT INTO webhook_events (organization_id, type, data) VALUES ($1, $2, '{}')",
            [other.organization.id, "member.added"],
        ),
        "login_failures": (
            "INSERT INTO login_failures (email, app, failed_at) VALUES ($1, 'product', now())",
            [other.user.email.lower()],
        ),
    }
    sql, args = statements[table]
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with xact_customer(
            user=mine.customer.user, organization=mine.customer.organization
        ) as q:
            await q.conn.execute(sql, *args)


@pytest.mark.parametrize("table", sorted(OWN_VISIBLE))
async def test_customer_cannot_update_another_tenant(t: TFix, table: str) -> None:
    mine, theirs = await _tenant(t), await _tenant(t)
    me = mine.customer
    try:
        async with xact_customer(user=me.user, organization=me.organization) as q:
            status = await q.conn.execute(
                f"UPDATE {table} SET storytime = '{{\"hacked\": true}}' WHERE id = ANY($1)",
                theirs.rows[table],
            )
        assert status == "UPDATE 0"
    except asyncpg.InsufficientPrivilegeError:
        pass  # no UPDATE grant at all (admins) is just as good
    async with xact_admin() as q:
        hacked = await q.conn.fetchval(
            f"SELECT count(*) FROM {table} WHERE id = ANY($1) AND storytime IS NOT NULL",
            theirs.rows[table],
        )
    assert hacked == 0


async def test_customer_cannot_move_its_rows_to_another_tenant(t: TFix) -> None:
    mine, theirs = await _tenant(t), await _tenant(t)
    me = mine.customer
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with xact_customer(user=me.user, organization=me.organization) as q:
            await q.conn.execute(
                "UPDATE invites SET organization_id = $1 WHERE id = $2",
                theirs.customer.organization.id,
                mine.rows["invites"][0],
            )


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT ciphertext FROM webhook_secrets",
        "SELECT key_name FROM webhook_secrets",
        "SELECT * FROM webhook_secrets",
        "SELECT to_jsonb(s) FROM webhook_secrets AS s",
        "UPDATE webhook_secrets SET signs_until = now() RETURNING ciphertext",
    ],
)
async def test_customer_never_reads_webhook_secrets(t: TFix, sql: str) -> None:
    """Webhook signing secrets (sealed) are written by the customer role, read only by
    the sender's admin transactions: not even the own organization's are readable."""
    me = (await _tenant(t)).customer
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with xact_customer(user=me.user, organization=me.organization) as q:
            await q.conn.fetch(sql)


async def test_user_without_organization_sees_only_itself(t: TFix) -> None:
    mine, theirs = await _tenant(t), await _tenant(t)
    async with xact_customer(user=mine.customer.user) as q:
        users = await q.conn.fetch(
            "SELECT id FROM users WHERE id = ANY($1)",
            [mine.customer.user.id, theirs.customer.user.id],
        )
        organizations = await q.conn.fetch("SELECT id FROM organizations")
    assert [r["id"] for r in users] == [mine.customer.user.id]
    assert organizations == []


async def test_members_see_each_other_but_not_removed_members(t: TFix) -> None:
    c = await t.factory.customer()
    colleague = await t.factory.user()
    removed = await t.factory.user()
    await t.factory.membership(user=colleague, organization=c.organization, role="member")
    membership = await t.factory.membership(
        user=removed, organization=c.organization, role="member"
    )
    async with xact_admin() as q:
        await q.conn.execute(
            "UPDATE organizations_users SET removed_at = now() WHERE id = $1", membership.id
        )
    async with xact_customer(user=c.user, organization=c.organization) as q:
        rows = await q.conn.fetch(
            "SELECT id FROM users WHERE id = ANY($1)", [c.user.id, colleague.id, removed.id]
        )
    assert {r["id"] for r in rows} == {c.user.id, colleague.id}


async def _connection_state(q_conn: asyncpg.Connection) -> asyncpg.Record:
    record = await q_conn.fetchrow("""SELECT pg_backend_pid() AS pid, current_user AS role,
                  current_setting('app.current_user_id', true) AS user_id,
                  current_setting('app.current_organization_id', true) AS organization_id""")
    assert record is not None
    return record


@pytest.mark.parametrize("fail", [False, True], ids=["commit", "rollback"])
async def test_pooled_connection_carries_no_tenant_context(t: TFix, fail: bool) -> None:
    c = await t.factory.customer()
    inside = after = None
    try:
        async with xact_customer(user=c.user, organization=c.organization) as q:
            inside = await _connection_state(q.conn)
            if fail:
                raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert inside is not None
    assert inside["role"] == "customer" and inside["user_id"] == c.user.id
    for _ in range(20):  # find the same pooled connection again
        async with xact_admin() as q:
            after = await _connection_state(q.conn)
        if after["pid"] == inside["pid"]:
            break
    assert after is not None and after["pid"] == inside["pid"]
    assert after["role"] != "customer"
    assert not after["user_id"] and not after["organization_id"]


@pytest.mark.parametrize(
    "bad",
    [
        "usr_1111111111'; DROP TABLE users; --",
        "usr_11111111111;",
        'usr_"1111111111',
        "org_11111111111",  # wrong prefix for a user
        "usr_0OIl0OIl0OI",  # not base58
        "usr_111",
        "",
    ],
)
async def test_malformed_ids_are_rejected_before_any_sql(bad: str) -> None:
    with pytest.raises(InvalidInputError):
        async with xact_customer(user=bad):
            pytest.fail("the transaction must not open")
    as_organization = bad.replace("usr_", "org_", 1) if bad.startswith("usr_") else "usr_x"
    with pytest.raises(InvalidInputError):
        async with xact_customer(user="usr_11111111111", organization=as_organization):
            pytest.fail("the transaction must not open")


async def test_organization_without_user_is_refused() -> None:
    """A customer transaction needs its user: pyright rejects the call, and so does Python."""
    with pytest.raises(TypeError, match="user"):
        async with xact_customer(organization="org_11111111111"):  # type: ignore[call-arg]
            pytest.fail("the transaction must not open")
