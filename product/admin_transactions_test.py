"""Admin (RLS-bypassing) transactions in product code are the exception, each reviewed:

- a route's handler gets them only by declaring `transaction="admin"` on the route (the
  framework refuses a handler that opens one itself); ADMIN_ROUTES lists those routes
  with why, so a new RLS bypass fails this test until it is reviewed and added;
- code outside the routes (the CLI) opens them with `xact_admin()`: ALLOWED lists it."""

from __future__ import annotations

import ast
from pathlib import Path

from foundation.base.paths import REPO_ROOT
from product.app import product_router

ADMIN_ROUTES = {
    "init": "public: reads the caller's memberships of every organization",
    "signup": "public: creates the user and their first tenant",
    "login": "public: signs in (reads memberships across tenants)",
    "login_mfa": "public: the second step of a sign-in",
    "email_verify": "public: codes are hidden from customers; the code names the user",
    "password_reset_request": "public: the same statement whether or not the address exists",
    "password_reset_complete": "public: the code names the user",
    "invite_accept": "public: joins the invite's organization, outside the caller's tenant",
    "impersonation_accept": "public: the admin's token names the user",
    "oauth_start": "public: stores the pending request (hidden from customers)",
    "oauth_complete": "public: signs in or creates the provider's user (reads every tenant)",
    "sso_start": "public: finds the connection by the address's verified domain (any tenant)",
    "sso_complete": "public: signs in or creates the identity provider's user, joins them",
    "sso_connection_set": "enforcement ends the sessions of people at the organization's domains",
    "sso_connection_test": "stores the pending dry run (hidden from customers)",
    "identity_unlink": "the last-sign-in-method check reads the caller's password hash",
    "login_code_request": "public: the same statement whether or not the address exists",
    "login_code_verify": "public: signs in (reads memberships across tenants)",
    "account_export_request": "data_exports is hidden from customers (it holds the zips)",
    "organization_export_request": "data_exports is hidden from customers (it holds the zips)",
    "exports_list": "data_exports is hidden from customers; scoped by the caller's id",
    "export_download": "the zip, hidden from customers; the handler checks the requester",
    "organization_create": "the new tenant lies outside the caller's RLS context",
    "organization_switch": "reads the caller's memberships of other organizations",
    "organization_domain_verify": "whether another organization verified the domain spans tenants",
    "organization_join_request": "the organization asked is not the caller's",
    "organization_join_requests_list": "the people asking are not members: RLS hides them",
    "email_verification_resend": "one-time codes are hidden from customers; by the caller's id",
    "user_email_change_request": "the new address must be free across every tenant",
    "user_email_change_confirm": "the code and the address check span every tenant",
    "user_delete": "deletes the caller's organizations without other members",
    "mfa_status": "the caller's own two-factor rows, hidden from customers; by user id",
    "mfa_totp_enroll": "the caller's own two-factor rows, hidden from customers; by user id",
    "mfa_totp_confirm": "the caller's own two-factor rows, hidden from customers; by user id",
    "mfa_disable": "the caller's own two-factor rows, hidden from customers; by user id",
    "mfa_recovery_codes_regenerate": "the caller's own recovery codes; by user id",
    "passkey_register_options": "the caller's own passkeys, hidden from customers; by user id",
    "passkey_register_verify": "the caller's own passkeys, hidden from customers; by user id",
    "passkeys_list": "the caller's own passkeys, hidden from customers; by user id",
    "passkey_rename": "the caller's own passkeys, hidden from customers; by user id",
    "passkey_delete": "the caller's own passkeys, hidden from customers; by user id",
    "passkey_second_factor_set": "the caller's own passkeys and recovery codes, hidden from customers; by user id",
    "organization_security_set": "counts members without a second factor (hidden from customers); every query scoped to the caller's organization",
    "session_reauthenticate": "checks the caller's own credentials; by user id",
    "passkey_login_options": "public: a challenge row, hidden from customers",
    "passkey_login_verify": "public: signs in (the passkey names the user)",
}

ALLOWED = {
    "saml_metadata": "public SAML metadata URL: the connection by id, before any session",
    "build_pending": "the export worker erasing expired zips (data_exports is hidden)",
    "build_next": "the export worker claiming and storing an export (its read is customer)",
    "_end_sessions": "SCIM deprovisioning ending the user's sessions in the token's"
    " organization (sessions are per user, hidden from the customer role)",
}


def test_routes_declaring_an_admin_transaction_are_reviewed() -> None:
    declared = {
        info.name
        for info in product_router().routes()
        if info.access is not None and info.access.transaction == "admin"
    }
    assert declared <= set(ADMIN_ROUTES), sorted(declared - set(ADMIN_ROUTES))
    assert declared == set(ADMIN_ROUTES), f"no longer admin, remove: {set(ADMIN_ROUTES) - declared}"


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


def test_admin_transactions_outside_the_routes_are_allow_listed() -> None:
    found = _admin_transactions()
    assert set(found) <= set(ALLOWED), {f: found[f] for f in set(found) - set(ALLOWED)}
    assert set(found) == set(ALLOWED), f"no longer used, remove: {set(ALLOWED) - set(found)}"
