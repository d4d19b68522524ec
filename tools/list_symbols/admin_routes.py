"""Every route whose transactions bypass Row Level Security (`transaction="admin"`), per
app, with its authorization level and the first line of its docstring."""

from __future__ import annotations

from foundation.rpc.router import Router


def admin_routes(router: Router) -> list[tuple[str, str, str]]:
    """(name, authorization, summary) of the routes declaring an admin transaction."""
    return [
        (info.name, info.access.authorization, (info.docstring or "").split("\n")[0])
        for info in router.routes()
        if info.access is not None and info.access.transaction == "admin"
    ]


def render(apps: dict[str, list[tuple[str, str, str]]]) -> str:
    lines: list[str] = []
    for app, routes in apps.items():
        lines.append(f"{app}: {len(routes)} routes with admin transactions (RLS bypassed)")
        width = max((len(name) for name, _, _ in routes), default=0)
        for name, authorization, summary in routes:
            lines.append(f"  {name:<{width}}  {authorization:<12}  {summary}")
    return "\n".join(lines) + "\n"
