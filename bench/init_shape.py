"""The part of product's `init` answer that the bench's floor and peers compute the same
way as product: an organization's entry (the caller's permissions in it, the custom role's
name, whether it waits for a second factor) and the suggested organizations (`UserInit`'s
JSON). Kept in one place so that every server does the same work and answers the same."""

from __future__ import annotations

import json
from typing import Any, cast

import product.app  # noqa: F401  (declares every route's permission)
from database.__codegen__.enums import OrganizationRoleEnum
from product.framework.permissions import held


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
