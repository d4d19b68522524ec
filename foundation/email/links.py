"""Links in emails to the product frontend's pages (most take a one-time code).

    body = f"... or open {product_link(VERIFY_EMAIL)}\\n"   # <PRODUCT_URL>/verify-email#code={code}

The code travels in the URL's fragment (`#code=...`), which a browser sends to no server
and puts in no Referer: only the page's script reads it, and posts it to the RPC. A
frontend answers every path of `PAGES`; PRODUCT_URL says where it runs (empty: this
checkout's product server, whose development pages answer them: `product/dev_pages/`).
"""

from __future__ import annotations

from foundation.base.env import ENV

VERIFY_EMAIL = "/verify-email"
"""`#code=`: calls `email_verify`."""
RESET_PASSWORD = "/reset-password"
"""`#code=`: asks for a new password, calls `password_reset_complete`."""
ACCEPT_INVITE = "/accept-invite"
"""`#code=`: calls `invite_accept` (a name and a password for a new account)."""
SIGN_IN_CODE = "/sign-in-code"
"""`#email=...&code=`: calls `login_code_verify` (the code from `login_code_request`)."""
IMPERSONATE = "/impersonate"
"""`#token=`: calls `impersonation_accept` (the console's link, IMPERSONATION_ACCEPT_URL)."""
SESSIONS = "/sessions"
"""No code: the signed-in user's sessions (`sessions_list`, `sessions_revoke_others`); the
"new sign-in" email links to it."""
EXPORTS = "/exports"
"""No code: the signed-in user's data exports (`exports_list`, `export_download`); the
"export ready" email links to it."""
PAGES = (
    VERIFY_EMAIL,
    RESET_PASSWORD,
    ACCEPT_INVITE,
    SIGN_IN_CODE,
    IMPERSONATE,
    SESSIONS,
    EXPORTS,
)


def product_link(path: str, parameter: str = "code") -> str:
    """`<PRODUCT_URL><path>#<parameter>={<parameter>}`: the outbox puts the email's code in
    place of `{code}` when it sends it."""
    return f"{ENV.product_base_url}{path}#{parameter}={{{parameter}}}"


def product_page(path: str) -> str:
    """`<PRODUCT_URL><path>`: a page that takes no code."""
    return f"{ENV.product_base_url}{path}"


def impersonation_accept_url(token: str) -> str | None:
    """IMPERSONATION_ACCEPT_URL with the token; when it is empty, outside production, the
    product's `/impersonate` page (the development server answers it); else None (the
    console shows the token to paste)."""
    template = ENV.impersonation_accept_url
    if not template and not ENV.is_production:
        template = product_link(IMPERSONATE, "token")
    return template.replace("{token}", token) if template else None
