"""The part of product's `init` and members list answers that the bench's floor and peers
compute the same way as product: an organization's entry (the caller's permissions in it,
the custom role's name, whether it waits for a second factor), the suggested organizations
(`UserInit`'s JSON), and the members list's page (`{items, next_cursor}`, the cursor of
`foundation.rpc.pages`), and the members list's permission check. Kept in one place so that every server does the same work and
answers the same."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol, cast

import product.app  # noqa: F401  (declares every route's permission)
from database.__codegen__.enums import OrganizationRoleEnum
from database.xact import PermissionCheck
from foundation.rpc.pages import DEFAULT_LIMIT, Page, encode_cursor
from product.framework.permissions import held, roles_holding

MEMBERS_READ = PermissionCheck("members:read", roles_holding("members:read"), lock_members=False)
"""The members list's permission check, as product runs it (a read: no member lock), last
in its BEGIN script (`database.xact.customer_begin_sql`)."""


def organization(
    id: str,
    name: str,
    role: str,
    *,
    custom_role: str | None,
    custom_permissions: list[str] | None,
    require_mfa: bool,
    second_factor: bool,
) -> dict[str, Any]:
    """An `InitOrganization` as product answers it."""
    return {
        "id": id,
        "name": name,
        "role": role,
        "permissions": sorted(held(cast(OrganizationRoleEnum, role), custom_permissions)),
        "custom_role": custom_role if role == "member" else None,
        "mfa_enrolment_required": require_mfa and not second_factor,
    }


def suggested(value: object) -> list[dict[str, str]]:
    """`UserInit.suggested` (JSON text or already decoded) as `SuggestedOrganization`s."""
    rows = cast(list[dict[str, str]], json.loads(value) if isinstance(value, str) else value)
    return [{"id": o["id"], "name": o["name"], "domain": o["domain"]} for o in rows or []]


def members_page(cursor: str | None, limit: str | None) -> Page:
    """The page of `organization_members_list` a request asks for (its `cursor` and
    `limit` query parameters), as product reads them (`foundation.rpc.pages`)."""
    return Page.of("members", cursor, DEFAULT_LIMIT if limit is None else int(limit))


class Row(Protocol):
    """A row by column name: asyncpg's `Record`, SQLAlchemy's `RowMapping`."""

    def __getitem__(self, key: str, /) -> Any: ...


def members_answer(page: Page, rows: Sequence[Row]) -> dict[str, Any]:
    """`MembersPage` as product answers it, from `ORGANIZATION_MEMBERS_LIST` rows fetched
    with `after_id=page.after, row_limit=page.fetch`."""
    shown = rows[: page.limit]
    return {
        "items": [
            {
                "user_id": m["user_id"],
                "name": m["name"],
                "email": m["email"],
                "role": m["role"],
                "joined_at": m["joined_at"].isoformat(),
                "custom_role_id": m["custom_role_id"],
            }
            for m in shown
        ],
        "next_cursor": (
            encode_cursor(page.kind, shown[-1]["id"]) if len(rows) > page.limit else None
        ),
    }
