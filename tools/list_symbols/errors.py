"""Every RPC error each app's routes can answer: HTTP status, data fields, the routes."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass

from foundation.rpc.errors import RPCError
from foundation.rpc.router import Router


@dataclass(frozen=True)
class ErrorInfo:
    name: str
    status: int
    fields: tuple[str, ...]
    summary: str
    routes: tuple[str, ...]


def routers() -> dict[str, Router]:
    from panopticon.app import panopticon_router
    from product.app import product_router

    return {"product": product_router(), "panopticon": panopticon_router()}


def errors_of(router: Router) -> list[ErrorInfo]:
    used: dict[type[RPCError], list[str]] = {}
    for info in router.routes():
        for error in info.errors:
            used.setdefault(error, []).append(info.name)
    listed: list[ErrorInfo] = []
    for error, names in used.items():
        fields = (
            tuple(f.name for f in dataclasses.fields(error))
            if dataclasses.is_dataclass(error)
            else ()
        )
        doc = (inspect.getdoc(error) or "").strip()
        everywhere = len(names) == len(router.routes())
        listed.append(
            ErrorInfo(
                name=error.__name__,
                status=error.status,
                fields=fields,
                summary=doc.splitlines()[0] if doc else "",
                routes=("(every route)",) if everywhere else tuple(sorted(names)),
            )
        )
    return sorted(listed, key=lambda e: (e.status, e.name))


def render(apps: dict[str, list[ErrorInfo]]) -> str:
    lines: list[str] = []
    for app, errors in apps.items():
        lines.append(f"{app}: {len(errors)} errors")
        for e in errors:
            fields = ", ".join(e.fields) or "-"
            lines.append(f"  {e.status} {e.name:<34} data: {fields}")
            if e.summary:
                lines.append(f"      {e.summary}")
            lines.append(f"      routes: {', '.join(e.routes)}")
        lines.append("")
    return "\n".join(lines)
