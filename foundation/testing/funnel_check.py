"""Proof that every route goes through the authentication funnel (`foundation.auth.funnel`).

    assert funnel_bypasses(product_router()) == []

For each route, the functions its handler can reach are walked through their bytecode
(module-level names the code loads, and `name.attribute` loads of those: a module's
function, an app object's method; nested functions and lambdas too), within our own
packages, stopping at the funnel. A route *bypasses* the funnel when, outside it, it can reach:

- a password or second-factor check, or the lockout's counting (`BYPASS_FUNCTIONS`);
- a query that creates a session, reads a password hash or uses up a second-factor code
  (`BYPASS_QUERIES`: the generated ORM's method names);
- a credential redeemed by the caller (`funnel.code`, `funnel.new_account`) without the
  funnel's rate limit (`funnel.limit`) before it.

Queries are matched by name wherever they are loaded (`q.orm.auth_session_create`), so a
new sign-in path fails this check until it goes through the funnel. (A call through a
value passed around at run time is not followed: the funnel's `Passed` seal covers
sessions there.) `funnel_check_test.py` shows each kind of bypass
being caught.
"""

from __future__ import annotations

import contextlib
import dis
import importlib
import inspect
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from foundation.auth import funnel, login, passkeys, passwords, second_factor
from foundation.rpc.route import Route
from foundation.rpc.router import Router

OUR_PACKAGES = ("product", "panopticon", "foundation", "database", "pipeline")

BYPASS_FUNCTIONS: dict[Callable[..., Any], str] = {
    passwords.verify_password: "verifies a password",
    passwords.verify_password_sync: "verifies a password",
    login.check_login: "checks a login",
    login.reserve_attempt: "counts lockout attempts",
    second_factor.use_totp_code: "checks a TOTP code",
    second_factor.use_recovery_code: "checks a recovery code",
    second_factor.matching_step: "checks a TOTP code",
    passkeys.verify_assertion: "checks a passkey's signature",
}

BYPASS_QUERIES = {
    "auth_session_create": "creates a session",
    "auth_login_lookup": "reads a password hash",
    "auth_password_hash": "reads a password hash",
    "user_password_hash": "reads a password hash",
    "mfa_totp_step_use": "uses up a TOTP code",
    "mfa_recovery_code_use": "uses up a recovery code",
    "mfa_challenge_complete": "completes a second-factor challenge",
    "auth_login_attempt_reserve": "counts lockout attempts",
    "passkey_used": "records a passkey's signature",
    "login_code_check": "checks an emailed sign-in code",
    "oauth_state_redeem": "redeems an OAuth state",
    "oauth_identity_user": "signs in a linked identity",
    "auth_api_key_lookup": "checks an API key",
    "auth_sso_request_redeem": "redeems a single sign-on request",
    "auth_sso_user": "finds the user single sign-on signs in",
    "auth_sso_assertion_use": "consumes a SAML assertion",
    "auth_sso_saml_answered": "hands a SAML identity over",
    "auth_scim_token_lookup": "checks a SCIM token",
}

_REDEEMED = {funnel.code, funnel.new_account}
_LIMITED = {funnel.limit, funnel.oauth, funnel.sso}
"""Entries that rate-limit the client themselves (`oauth`, `sso` before a new account)."""


@dataclass(frozen=True, slots=True)
class Bypass:
    route: str
    what: str
    where: str
    """The function (module.qualname) that does it."""

    def __str__(self) -> str:
        return f"{self.route}: {self.where} {self.what} outside the funnel"


def funnel_bypasses(router: Router) -> list[Bypass]:
    """Every route of `router` that checks a credential or starts a session without the
    funnel (see the module docstring); [] when none does."""
    found: list[Bypass] = []
    for info in router.routes():
        found.extend(route_bypasses(info.route))
    return found


def route_bypasses(route: Route[Any, Any]) -> list[Bypass]:
    """What one route does outside the funnel."""
    reached = _Walk()
    reached.function(route.handler)
    found = [Bypass(route.name, what, where) for where, what in reached.bypasses]
    if reached.entries & _REDEEMED and not reached.entries & _LIMITED:
        found.append(
            Bypass(route.name, "signs in with a redeemed code without funnel.limit", route.name)
        )
    return found


class _Walk:
    def __init__(self) -> None:
        self.seen: set[types.CodeType] = set()
        self.entries: set[Callable[..., Any]] = set()
        self.bypasses: list[tuple[str, str]] = []

    def function(self, fn: Any) -> None:
        fn = inspect.unwrap(getattr(fn, "__func__", fn))
        if fn in BYPASS_FUNCTIONS:
            self.bypasses.append((_name(fn), BYPASS_FUNCTIONS[fn]))
            return
        if getattr(fn, "__module__", None) == funnel.__name__:
            self.entries.add(fn)
            return  # the funnel itself: what it does is the rule
        code = getattr(fn, "__code__", None)
        if not isinstance(code, types.CodeType) or not _ours(fn):
            return
        self.code(code, fn.__globals__, _name(fn))

    def code(self, code: types.CodeType, globals_: dict[str, Any], where: str) -> None:
        if code in self.seen:
            return
        self.seen.add(code)
        for name in set(code.co_names) & BYPASS_QUERIES.keys():
            self.bypasses.append((where, BYPASS_QUERIES[name]))
        for value in _referenced(code, globals_):
            if callable(value) and not isinstance(value, type):
                self.function(value)
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                self.code(const, globals_, where)


_GLOBAL = {"LOAD_GLOBAL", "LOAD_NAME"}
_ATTRIBUTE = {"LOAD_ATTR", "LOAD_METHOD"}


def _referenced(code: types.CodeType, globals_: dict[str, Any]) -> Iterator[Any]:
    """The module-level objects `code` loads (`name`), and their attributes it loads
    right after (`name.attribute`: a module's function, an app object's method)."""
    previous: Any = None
    imported: Any = None
    local_imports: dict[str, Any] = {}
    for instruction in dis.get_instructions(code):
        current: Any = None
        if instruction.opname == "IMPORT_NAME":  # an import inside the function
            with contextlib.suppress(ImportError):
                imported = importlib.import_module(str(instruction.argval))
                current = imported
        elif instruction.opname == "IMPORT_FROM" and imported is not None:
            current = getattr(imported, str(instruction.argval), None)
            yield current
        elif instruction.opname == "STORE_FAST" and previous is not None:
            local_imports[str(instruction.argval)] = previous
        elif instruction.opname == "LOAD_FAST" and instruction.argval in local_imports:
            current = local_imports[str(instruction.argval)]
        elif instruction.opname in _GLOBAL and instruction.argval in globals_:
            current = globals_[instruction.argval]
            yield current
        elif instruction.opname in _ATTRIBUTE and previous is not None:
            current = inspect.getattr_static(previous, instruction.argval, None)
            if isinstance(current, staticmethod | classmethod):
                current = current.__func__
            if isinstance(current, types.FunctionType):
                yield current
        previous = current


def _ours(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] in OUR_PACKAGES


def _name(fn: Any) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', '?')}"
