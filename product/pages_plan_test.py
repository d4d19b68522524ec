"""Each paginated list query walks its index (migrations 0037, 0038) from the cursor, in
index order: an index range scan with no Sort step, so a page costs the same at any
depth and any list size. Generic plans (parameters unknown), as prepared statements reuse
them; sequential scans and sorts priced out, since a test database's tables are small
and their statistics whatever other tests left: the plan shows that the index *can*
serve each page in order (a Sort left means no index gives the order)."""

from __future__ import annotations

import datetime

import pytest

from database.testing.explain import explain
from database.xact import xact_admin
from product.__codegen__ import queries

ORG = "org_" + "1" * 11
USER = "usr_" + "1" * 11
AFTER = "abc_" + "1" * 11
NOW = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)

PLANS = [
    (queries.ORGANIZATION_MEMBERS_LIST, (ORG, AFTER, 51), "organizations_users_active_page_idx"),
    (queries.INVITES_PENDING_LIST, (ORG, NOW, AFTER, 51), "invites_pending_page_idx"),
    (queries.JOIN_REQUESTS_OPEN, (ORG, AFTER, 51), "organization_join_requests_open_page_idx"),
    (queries.DOMAINS_LIST, (ORG, AFTER, 51), "organization_domains_page_idx"),
    (queries.VAULT_SECRETS_LIST, (ORG, AFTER, 51), "vaulted_secrets_page_idx"),
    (queries.API_KEYS_LIST, (ORG, USER, AFTER, 51), "api_keys_page_idx"),
    (queries.SCIM_TOKENS_LIST, (ORG, AFTER, 51), "scim_tokens_page_idx"),
    (
        queries.WEBHOOK_ENDPOINTS_LIST,
        (ORG, AFTER, 51),
        "webhook_endpoints_organization_id_id_key",
    ),
    (
        queries.WEBHOOK_DELIVERIES_LIST,
        ("whe_" + "1" * 11, ORG, None, AFTER, 51),
        "webhook_deliveries_endpoint_page_idx",
    ),
    (
        queries.ORGANIZATION_ROLES_PAGE,
        (ORG, AFTER, 51),
        "organization_roles_organization_id_id_key",
    ),
    (queries.USER_SESSIONS_LIST, (USER, NOW, AFTER, 51), "sessions_product_live_page_idx"),
    (queries.DATA_EXPORTS_LIST, (USER, AFTER, 51), "data_exports_user_id_idx"),
    (queries.PASSKEYS_LIST, (USER, AFTER, 51), "passkeys_page_idx"),
    (queries.IDENTITIES_LIST, (USER, AFTER, 51), "user_identities_page_idx"),
]


@pytest.mark.parametrize(("sql", "args", "index"), PLANS, ids=[index for _, _, index in PLANS])
async def test_a_page_is_an_index_range_scan_without_a_sort(
    sql: str, args: tuple[object, ...], index: str
) -> None:
    async with xact_admin() as q:
        plan = await explain(q, sql, *args, generic=True, prefer_indexes=True, sorted_by_index=True)
    lines = plan.splitlines()
    at = next(i for i, line in enumerate(lines) if "Scan" in line)
    assert f"using {index} on" in lines[at], plan
    # No Sort above the list's own scan: its rows come in index order. (Webhook deliveries
    # join each delivery's last attempt, a sort of that one delivery's few attempts.)
    assert not any("Sort" in line for line in lines[:at]), plan
