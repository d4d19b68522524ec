"""`just list-permissions`: the product's permissions, which built-in role holds each,
and the routes that need it."""

from __future__ import annotations

from foundation.rpc.router import Router
from product.framework.permissions import PERMISSIONS, built_in

ROLES = ("owner", "admin", "member")


def matrix(router: Router) -> list[tuple[str, tuple[bool, ...], list[str], str]]:
    """(permission, held by owner/admin/member, routes needing it, description)."""
    needing: dict[str, list[str]] = {name: [] for name in PERMISSIONS}
    for info in router.routes():
        if info.access is not None and info.access.permission is not None:
            needing[info.access.permission].append(info.name)
    return [
        (name, tuple(name in built_in(role) for role in ROLES), sorted(needing[name]), description)
        for name, description in PERMISSIONS.items()
    ]


def render(rows: list[tuple[str, tuple[bool, ...], list[str], str]]) -> str:
    width = max((len(name) for name, _, _, _ in rows), default=0)
    lines = [f"{'permission':<{width}}  owner admin member  routes (what it allows)"]
    for name, holders, routes, description in rows:
        marks = " ".join(
            f"{'x' if held else '-':^{len(role)}}"
            for held, role in zip(holders, ROLES, strict=True)
        )
        lines.append(f"{name:<{width}}  {marks}  {', '.join(routes) or '(none)'} ({description})")
    lines.append(
        "Custom roles (role_create) hold any set of these; members with one keep role member."
    )
    return "\n".join(lines) + "\n"
