"""Admin (RLS-bypassing) transactions in product code are the exception: each one opened
outside the framework (tests and test helpers aside) is listed here with why, and a new one fails this test until it is
reviewed and added. (Public routes get an admin transaction from the framework: `req.q`.)"""

from __future__ import annotations

import ast
from pathlib import Path

from foundation.paths import REPO_ROOT

ALLOWED = {
    "organization_create": "the new tenant lies outside the caller's RLS context",
    "organization_switch": "reads the caller's memberships of other organizations",
    "invite_accept": "a public route joining the invite's organization",
    "_join_signed_in": "invite_accept's signed-in invitee joins an organization not yet theirs",
    "vault_rotate": "operator CLI re-encrypting every tenant's secrets",
    "email_verification_resend": "one-time codes are hidden from customers; scoped by the caller's id",
    "password_reset_complete": "a public route: the code names the user",
    "user_email_change_request": "the new address must be free across every tenant",
    "user_email_change_confirm": "the code and the address check span every tenant",
    "user_delete": "deletes the caller's organizations without other members",
    "mfa_transaction": "the caller's own MFA rows, hidden from customers; scoped by user id",
}


def _admin_transactions() -> dict[str, str]:
    """Enclosing function -> file, for every `xact_admin(...)` call in product code."""
    found: dict[str, str] = {}
    for path in sorted((REPO_ROOT / "product").rglob("*.py")):
        if path.name.endswith("_test.py") or {"__codegen__", "testing"} & set(path.parts):
            continue
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name | ast.Attribute)
                        and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
                        == "xact_admin"
                    ):
                        found[function.name] = str(Path(path).relative_to(REPO_ROOT))
    return found


def test_admin_transactions_in_product_code_are_allow_listed() -> None:
    found = _admin_transactions()
    assert set(found) <= set(ALLOWED), {f: found[f] for f in set(found) - set(ALLOWED)}
    assert set(found) == set(ALLOWED), f"no longer used, remove: {set(ALLOWED) - set(found)}"
