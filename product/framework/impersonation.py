"""Impersonated product sessions are read-only.

`read_only_while_impersonated` is the product app's guard: in a session an admin
impersonates (`auth.impersonator`), every POST route answers
`ImpersonationReadOnlyError` except the few in `ALLOWED_WHILE_IMPERSONATED`, which change
only the session itself. GET routes only read. A new mutation is refused by default;
`product/impersonation/routes_test.py` walks the router to prove it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from foundation.auth.sessions import Auth
from foundation.rpc.errors import RPCError
from foundation.rpc.route import Route

ALLOWED_WHILE_IMPERSONATED = frozenset(
    {"logout", "organization_switch", "impersonation_end", "impersonation_accept"}
)
"""POST routes an impersonated session may call: they change the session, not the data."""


@dataclass
class ImpersonationReadOnlyError(RPCError):
    """An admin is impersonating the user in this session, which is read-only: it cannot
    change anything (`init.impersonator` says who)."""

    status: ClassVar[int] = 403


def read_only_while_impersonated(route: Route[Any, Any], auth: Auth) -> None:
    if auth.impersonator is None or route.method == "GET":
        return
    if route.name not in ALLOWED_WHILE_IMPERSONATED:
        raise ImpersonationReadOnlyError()
