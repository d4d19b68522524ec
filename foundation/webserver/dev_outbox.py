"""`GET /dev/emails`: the development mailbox over HTTP, outside production.

    GET /dev/emails?to=ada@example.com     # JSON: {"emails": [{to, subject, text, ...}]}
    (a browser)                            # the same as a page, links clickable
    GET /dev/emails/preview                # every email template, in every language
    GET /dev/emails/preview?kind=invite&locale=de[&part=text]   # one, with sample values

Every process of the checkout delivers into one mailbox (`foundation.email.maildir`), so
either app lists what either app's sender delivered: oldest first, `to` filtering by
address (without it: the newest `DEV_EMAILS_LIMIT`), each with the process that delivered
it. Clients asking for JSON (fetch, curl, the tests: `*/*`) get JSON; a browser that
prefers HTML gets a page, newest first, whose http(s) links open (the pages of the links
in emails). Mounted only outside production with EMAIL_BACKEND=maildir.
"""

from __future__ import annotations

import asyncio
import html
import re

from quart import Quart, Response, request

from foundation.base.env import ENV
from foundation.email.maildir import Received, dev_mailbox
from foundation.email.render import KINDS, LOCALES, SOURCE_LOCALE, preview
from foundation.webserver.responses import json_response

DEV_EMAILS_LIMIT = 100
"""The newest messages `/dev/emails` lists without `?to=`."""
PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""The page runs no script and loads nothing."""
_LINK = re.compile(r"https?://[^\s<>\"']+")


def install_dev_outbox(app: Quart) -> None:
    if ENV.environment == "production" or ENV.email_backend != "maildir":
        return

    async def dev_emails() -> Response:
        address = request.args.get("to")
        box = dev_mailbox()
        received = await asyncio.to_thread(box.received, address or None)
        if not address:
            received = received[-DEV_EMAILS_LIMIT:]
        if request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html":
            page = Response(
                mailbox_page(received, address), content_type="text/html; charset=utf-8"
            )
            page.headers["Content-Security-Policy"] = PAGE_CSP
            return page
        return json_response(
            {
                "emails": [
                    {
                        "to": r.email.to,
                        "subject": r.email.subject,
                        "text": r.email.text,
                        "message_id": r.email.message_id,
                        "delivered_by": r.delivered_by,
                    }
                    for r in received
                ]
            }
        )

    app.add_url_rule("/dev/emails", endpoint="dev_emails", view_func=dev_emails, methods=["GET"])

    async def dev_emails_preview() -> Response:
        kind, locale = request.args.get("kind"), request.args.get("locale", SOURCE_LOCALE)
        if kind is None:
            page = Response(preview_index(), content_type="text/html; charset=utf-8")
            page.headers["Content-Security-Policy"] = PAGE_CSP
            return page
        if kind not in KINDS or locale not in LOCALES:
            return json_response({"error": "no such email kind or locale"}, 404)
        rendered = preview(kind, locale)
        if request.args.get("part") == "text":
            return Response(rendered.text, content_type="text/plain; charset=utf-8")
        page = Response(rendered.html, content_type="text/html; charset=utf-8")
        page.headers["Content-Security-Policy"] = PREVIEW_CSP
        return page

    app.add_url_rule(
        "/dev/emails/preview",
        endpoint="dev_emails_preview",
        view_func=dev_emails_preview,
        methods=["GET"],
    )


PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; "
    "form-action 'none'"
)
"""An email as a mail reader shows it: inline styles, remote images (the logo), no script."""


def preview_index() -> str:
    """Every email kind in every language, linking to its HTML and text (sample values)."""
    out = [
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        "<title>Email templates</title>\n",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;"
        "padding:0 1rem}td,th{padding:.25rem .75rem;text-align:left}</style>\n</head>\n<body>\n",
        "<h1>Email templates</h1>\n<p>Every email with sample values (EMAIL_TEMPLATES_DIR "
        "overrides included). <code>blossom email preview KIND --locale L</code> writes one "
        "to files.</p>\n<table>\n<tr><th>Kind</th>",
        *(f"<th>{html.escape(locale)}</th>" for locale in LOCALES),
        "</tr>\n",
    ]
    for kind in KINDS:
        out.append(f"<tr><td>{html.escape(kind)}</td>")
        for locale in LOCALES:
            link = f"/dev/emails/preview?kind={kind}&amp;locale={locale}"
            out.append(
                f'<td><a href="{link}">HTML</a> · <a href="{link}&amp;part=text">text</a></td>'
            )
        out.append("</tr>\n")
    out.append("</table>\n</body>\n</html>\n")
    return "".join(out)


def mailbox_page(received: list[Received], address: str | None) -> str:
    """The messages as a page, newest first, their http(s) links clickable."""
    title = f"Development mailbox: {address}" if address else "Development mailbox"
    out = [
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{html.escape(title)}</title>\n",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;"
        "padding:0 1rem}article{border-top:1px solid #ccd;padding:.5rem 0}"
        "pre{white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace}"
        ".meta{color:#555;font-size:13px}</style>\n</head>\n<body>\n",
        f"<h1>{html.escape(title)}</h1>\n",
        f"<p>{len(received)} message{'s' if len(received) != 1 else ''}, newest first"
        " (JSON: the same URL with <code>Accept: application/json</code>).</p>\n",
    ]
    for r in reversed(received):
        out.append(
            f"<article>\n<h2>{html.escape(r.email.subject)}</h2>\n"
            f'<p class="meta">to {html.escape(r.email.to)} · delivered by'
            f" {html.escape(r.delivered_by)}</p>\n<pre>{_linked(r.email.text)}</pre>\n</article>\n"
        )
    out.append("</body>\n</html>\n")
    return "".join(out)


def _linked(text: str) -> str:
    """`text` escaped, its http(s) URLs as links."""
    parts: list[str] = []
    end = 0
    for found in _LINK.finditer(text):
        parts.append(html.escape(text[end : found.start()]))
        url = html.escape(found.group())
        parts.append(f'<a href="{url}">{url}</a>')
        end = found.end()
    parts.append(html.escape(text[end:]))
    return "".join(parts)
