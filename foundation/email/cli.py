"""`blossom email send-pending`: deliver the outbox's due emails now (operators; cron when
EMAIL_SENDER=off). `blossom email preview KIND [--locale L]`: an email template rendered
to files. `blossom email i18n-extract` / `i18n-compile`: the templates' catalogues."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def email() -> None:
    """The email outbox."""


@email.command(name="send-pending")
@click.option("--limit", type=int, default=None, help="At most this many emails.")
def send_pending_command(limit: int | None) -> None:
    """Deliver every due pending email (retries included) and print the counts."""
    import asyncio

    from database.pool import close_pool
    from foundation.email.outbox import send_pending

    async def run() -> None:
        try:
            report = await send_pending(limit=limit)
        finally:
            await close_pool()
        click.echo(f"sent {report.sent}, retry later {report.retried}, failed {report.failed}")

    asyncio.run(run())


@email.command(name="preview")
@click.argument("kind")
@click.option("--locale", default="en", show_default=True, help="The language (users.locale).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="The directory the files go to.",
)
def preview_command(kind: str, locale: str, out: Path) -> None:
    """Render email KIND with sample values into KIND.LOCALE.html and KIND.LOCALE.txt (the
    subject is the text file's first line), with EMAIL_TEMPLATES_DIR's overrides; print
    the two paths."""
    from foundation.email.render import KINDS, LOCALES, preview

    if kind not in KINDS:
        raise click.BadParameter(f"one of {', '.join(KINDS)}", param_hint="KIND")
    if locale not in LOCALES:
        raise click.BadParameter(f"one of {', '.join(LOCALES)}", param_hint="--locale")
    rendered = preview(kind, locale)
    out.mkdir(parents=True, exist_ok=True)
    html, text = out / f"{kind}.{locale}.html", out / f"{kind}.{locale}.txt"
    html.write_text(rendered.html, encoding="utf-8")
    text.write_text(f"Subject: {rendered.subject}\n\n{rendered.text}", encoding="utf-8")
    click.echo(html)
    click.echo(text)


@email.command(name="i18n-extract")
def i18n_extract_command() -> None:
    """Update the email catalogues from the templates (messages.pot and each language's
    messages.po: new messages empty, gone ones dropped); print the files."""
    from foundation.email.catalogues import update

    for path in update():
        click.echo(path)


@email.command(name="i18n-compile")
def i18n_compile_command() -> None:
    """Compile each language's messages.po into the messages.mo emails are rendered with;
    print the files."""
    from foundation.email.catalogues import compile_all

    for path in compile_all():
        click.echo(path)
