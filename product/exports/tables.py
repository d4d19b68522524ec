"""What an export contains: per table, its query and the columns left out (and why); and
every other table holding a user's or an organization's rows, with why it is not exported.

`product/exports/tables_test.py` fails when a table with a `user_id` or `organization_id`
column is in neither list, so a new table is exported or its exclusion is argued.

Every query runs in the requester's customer transaction: RLS decides which rows it sees
(an account export has no organization context, so it sees the user's own rows; an
organization export sees that organization's).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from foundation.base.strict_json import JSON
from product.__codegen__.orm import ProductORM

ScopeEnum = Literal["account", "organization"]

Reader = Callable[[ProductORM, list[str]], Awaitable[list[JSON]]]


@dataclass(frozen=True)
class ExportedTable:
    table: str
    scope: ScopeEnum
    read: Reader
    excluded: dict[str, str] = field(default_factory=dict[str, str])
    """Column -> why it is left out (secrets, hashes, other people's data)."""


EXPORTED: tuple[ExportedTable, ...] = (
    ExportedTable(
        "users",
        "account",
        lambda orm, excluded: orm.export_users(excluded=excluded),
        {"password_hash": "a password hash is a secret (and useless to its owner)"},
    ),
    ExportedTable(
        "sessions",
        "account",
        lambda orm, excluded: orm.export_sessions(excluded=excluded),
        {
            "id": "a session's id is what its signed cookie carries: a bearer credential",
            "impersonator_user_id": (
                "the account id of the Blossom support admin who impersonated the user, "
                "not the user's data (the organization's audit log shows support access)"
            ),
        },
    ),
    ExportedTable(
        "user_identities",
        "account",
        lambda orm, excluded: orm.export_user_identities(excluded=excluded),
    ),
    ExportedTable(
        "organizations",
        "organization",
        lambda orm, excluded: orm.export_organizations(excluded=excluded),
    ),
    ExportedTable(
        "organizations_users",
        "organization",
        lambda orm, excluded: orm.export_organizations_users(excluded=excluded),
    ),
    ExportedTable(
        "invites",
        "organization",
        lambda orm, excluded: orm.export_invites(excluded=excluded),
        {"code_hash": "the hash of the invite's code, a credential"},
    ),
    ExportedTable(
        "vaulted_secrets",
        "organization",
        lambda orm, excluded: orm.export_vaulted_secrets(excluded=excluded),
        {
            "ciphertext": (
                "the sealed secret: useless without the vault's key, which never leaves "
                "Blossom; the names stay"
            )
        },
    ),
    ExportedTable(
        "organization_roles",
        "organization",
        lambda orm, excluded: orm.export_organization_roles(excluded=excluded),
    ),
    ExportedTable(
        "api_keys",
        "organization",
        lambda orm, excluded: orm.export_api_keys(excluded=excluded),
        {"secret_hash": "the hash of the key's secret, a credential"},
    ),
    ExportedTable(
        "scim_tokens",
        "organization",
        lambda orm, excluded: orm.export_scim_tokens(excluded=excluded),
        {"secret_hash": "the hash of the token's secret, a credential"},
    ),
    ExportedTable(
        "webhook_endpoints",
        "organization",
        lambda orm, excluded: orm.export_webhook_endpoints(excluded=excluded),
        {},
    ),
)

NOT_EXPORTED: dict[str, str] = {
    "data_exports": "the exports themselves (the zips); exports_list shows them",
    "emails": "the outbox: copies of emails already delivered to the user, with codes",
    "login_codes": "one-time sign-in codes (hashes), kept minutes",
    "user_codes": "one-time account codes (hashes): verification, reset, email change",
    "mfa_challenges": "second-factor challenges of sign-ins in progress, kept minutes",
    "mfa_recovery_codes": "recovery code hashes: secrets",
    "mfa_totp": "the sealed TOTP secret: a credential",
    "passkeys": "credential ids and public keys: authenticator material, not personal data",
    "webauthn_challenges": "WebAuthn challenge hashes, kept minutes",
    "oauth_states": "social-login handshakes in progress (state and PKCE verifier), kept minutes",
    "sso_connections": (
        "the identity provider's configuration with the sealed client secret, a credential; "
        "sso_connection_get shows the rest"
    ),
    "sso_requests": "single sign-on handshakes in progress (hashed state and nonce), kept minutes",
    "admins": "Blossom staff accounts (panopticon), not customer data",
    "impersonations": "Blossom support's access records (the audit log shows them)",
    "organization_daily_activity": "Blossom's own analytics, derived from exported rows",
    "organization_audit_log": (
        "the organization exports it on its own, filtered, as CSV or JSON lines "
        "(organization_audit_log_export)"
    ),
    "webhook_secrets": "signing secrets (sealed): never exported, shown once when made",
    "webhook_events": "events already delivered to the organization's own endpoints",
    "webhook_deliveries": "the delivery log of those events (webhook_deliveries_list shows it)",
    "webhook_attempts": "each delivery attempt's status and latency: an operational log",
    "organization_domains": (
        "verification tokens and DNS check counters; organization_domains_list shows the domains"
    ),
    "organization_join_requests": (
        "requests of people outside the organization to join it: their data, not the organization's"
    ),
}
"""Tables with a `user_id` or `organization_id` column that no export reads, and why."""


def exported(scope: ScopeEnum) -> tuple[ExportedTable, ...]:
    """The tables of one kind of export, in file order."""
    return tuple(table for table in EXPORTED if table.scope == scope)


OWNER_TABLES = frozenset({"users", "organizations"})
"""The user's and the organization's own rows (keyed by `id`): always exported."""


def coverage_problems(tenant_tables: set[str]) -> list[str]:
    """What is wrong with the lists above, given every table with a `user_id` or
    `organization_id` column: a table in neither list, in both, or a listed one that is
    gone (or has no such column)."""
    covered = {table.table for table in EXPORTED}
    problems = [
        f"{name}: has a user_id or organization_id column but is not exported; add it to "
        "EXPORTED in product/exports/tables.py, or to NOT_EXPORTED with the reason"
        for name in sorted(tenant_tables - covered - set(NOT_EXPORTED))
    ]
    problems += [
        f"{name}: is both exported and not exported" for name in covered & set(NOT_EXPORTED)
    ]
    problems += [
        f"{name}: is listed but has no user_id or organization_id column (gone?); update the lists"
        for name in sorted((covered - OWNER_TABLES) | set(NOT_EXPORTED))
        if name not in tenant_tables
    ]
    problems += [f"{name}: must be exported" for name in sorted(OWNER_TABLES - covered)]
    return problems
