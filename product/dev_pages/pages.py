"""The development server's pages for the links in emails; never mounted in production.

    add_dev_pages(app)    # create_product_app() does, outside production

PRODUCT_URL defaults to this product server, so a link in the development mailbox
(`/dev/emails`) opens one of these pages (the paths of `foundation.email.links`):

- `/verify-email#code=...`: calls `email_verify` at once;
- `/reset-password#code=...`: asks for a new password, calls `password_reset_complete`;
- `/accept-invite#code=...`: asks for a name and a password (a new account), calls
  `invite_accept`; for an address with an account, asks for its password, calls `login`,
  then `invite_accept` again;
- `/sign-in-code#email=...&code=...`: calls `login_code_verify` at once (then asks for
  the second factor when it is on);
- `/impersonate#token=...` (the console's link): calls `impersonation_accept` at once;
- `/oauth/callback?code=...&state=...` (where a social login's provider sends the
  browser back, `foundation.auth.oauth.CALLBACK_PATH`): calls `oauth_complete` at once.
- `/sessions` (the "new sign-in" email's link): the signed-in user's sessions
  (`sessions_list`) and a button for `sessions_revoke_others`.
- `/exports` (the "export ready" email's link): the signed-in user's data exports
  (`exports_list`), a download button for each ready one (`export_download`, saved as a
  file) and one for `account_export_request`.

Each is a small HTML page and `pages.js` (plain JavaScript, no build step), which reads
the fragment, calls the RPC on this origin and shows what it answered (with the session
the RPC started, where it starts one). A real frontend replaces them: set PRODUCT_URL.
Every response carries a strict Content-Security-Policy: the script and the style from
this origin only, requests to this origin only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from quart import Quart, Response

from foundation.auth.oauth import CALLBACK_PATH
from foundation.email.links import (
    ACCEPT_INVITE,
    EXPORTS,
    IMPERSONATE,
    RESET_PASSWORD,
    SESSIONS,
    SIGN_IN_CODE,
    VERIFY_EMAIL,
)

HERE = Path(__file__).parent
SCRIPT_PATH = "/dev/pages.js"
STYLE_PATH = "/dev/pages.css"
PAGES_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    body: str
    """The page's own HTML between its heading and its status line."""


_INVITE_FORMS = """
<form id="accept">
  <p>New here? Your name and a password create your account. Already have an account
  with this address? Leave both empty: you sign in next.</p>
  <label>Your name <input name="name" autocomplete="name"></label>
  <label>Password <input type="password" name="password" autocomplete="new-password"></label>
  <button type="submit">Accept the invite</button>
</form>
<form id="login" hidden>
  <p>This address has an account: sign in as <strong id="login-email"></strong> to join.</p>
  <label>Password <input type="password" name="password" autocomplete="current-password"
    required></label>
  <button type="submit">Sign in and accept</button>
</form>
"""

PAGES = (
    Page(VERIFY_EMAIL, "Verify your email address", ""),
    Page(
        RESET_PASSWORD,
        "Choose a new password",
        """
<form id="reset">
  <label>New password <input type="password" name="new_password" autocomplete="new-password"
    required></label>
  <button type="submit">Set the password</button>
</form>
""",
    ),
    Page(ACCEPT_INVITE, "Accept your invite", _INVITE_FORMS),
    Page(SIGN_IN_CODE, "Sign in with your code", ""),
    Page(IMPERSONATE, "Open the product as this user", ""),
    Page(
        SESSIONS,
        "Your sessions",
        """
<ul id="sessions"></ul>
<form id="revoke-others">
  <button type="submit">Sign out everywhere else</button>
</form>
""",
    ),
    Page(
        EXPORTS,
        "Your data exports",
        """
<ul id="exports"></ul>
<form id="export-account">
  <button type="submit">Export my account</button>
</form>
""",
    ),
    Page(CALLBACK_PATH, "Signing in with your provider", ""),
)


def page_html(page: Page) -> str:
    title = html.escape(page.title)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title} · Blossom (development)</title>\n"
        f'<link rel="stylesheet" href="{STYLE_PATH}">\n'
        f'<script type="module" src="{SCRIPT_PATH}"></script>\n'
        f'</head>\n<body data-page="{html.escape(page.path[1:])}">\n<main>\n'
        '<p class="banner">A development page of the product server, for the links in emails:'
        " a frontend (PRODUCT_URL) takes its place.</p>\n"
        f"<h1>{title}</h1>\n{page.body}"
        '<p id="status" role="status" aria-live="polite"></p>\n</main>\n</body>\n</html>\n'
    )


def add_dev_pages(app: Quart) -> None:
    """Serve the pages, their script and their style on `app`."""

    def serve(body: str | bytes, content_type: str) -> Response:
        response = Response(body, status=200, content_type=content_type)
        response.headers["Content-Security-Policy"] = PAGES_CSP
        return response

    for page in PAGES:
        text = page_html(page)

        async def view(text: str = text) -> Response:
            return serve(text, "text/html; charset=utf-8")

        app.add_url_rule(page.path, endpoint=f"dev_page{page.path}", view_func=view)

    script = (HERE / "pages.js").read_bytes()
    style = (HERE / "pages.css").read_bytes()

    async def pages_script() -> Response:
        return serve(script, "text/javascript; charset=utf-8")

    async def pages_style() -> Response:
        return serve(style, "text/css; charset=utf-8")

    app.add_url_rule(SCRIPT_PATH, endpoint="dev_pages_script", view_func=pages_script)
    app.add_url_rule(STYLE_PATH, endpoint="dev_pages_style", view_func=pages_style)
