"""Emails people read: every email is a Jinja2 template in two parts, HTML (autoescaped:
names are user input) and a plain-text alternative, in the recipient's language.

    rendered = render_email("verify_email", {"link": ..., "code": "{code}"}, locale="de")
    rendered.subject, rendered.text, rendered.html

- **Templates** (`foundation/email/templates/`): `KIND.txt` (blocks `subject`, `content`,
  `reason`) and `KIND.html` (blocks `content`, `reason`), extending `_layout.txt` /
  `_layout.html`: the product name, logo and colours (EMAIL_PRODUCT_NAME,
  EMAIL_LOGO_URL, EMAIL_BRAND_COLOR, EMAIL_BACKGROUND_COLOR) and a footer saying why the
  email was sent (the kind's `reason` block). Every variable a kind's templates use is
  declared in `KINDS` with a sample value; rendering is strict (an unknown variable
  raises), so `check_templates()`, run when an app starts, fails on a template asking for
  a variable its kind does not give.
- **Overrides**: EMAIL_TEMPLATES_DIR names a directory searched first: an operator copies
  a template there and edits it (the start-up check covers the copy too).
- **Languages** (`LOCALES`, `users.locale`): the text is English in the templates, inside
  `{% trans %}` blocks; the other languages' gettext catalogues are
  `foundation/email/locale/LANG/LC_MESSAGES/messages.po` (Babel; `just i18n-extract`
  updates them from the templates, `just i18n-compile` writes the `.mo` files read
  here). Dates go through the `datetime` filter (the locale's format, in UTC).
- **Codes**: a kind with a one-time code is rendered with `code="{code}"` (and links
  carrying `{code}`): the outbox puts the secret in place when it sends the email.
"""

from __future__ import annotations

import datetime
import functools
import gettext as gettext_module
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import jinja2
from babel.dates import format_datetime

from database.__codegen__.enums import USER_LOCALE_ENUM_VALUES, UserLocaleEnum
from foundation.base.env import ENV
from foundation.base.errors import BaseError, ConfigurationError

TEMPLATES = Path(__file__).parent / "templates"
CATALOGUES = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LOCALE: Final = "en"
"""The language the templates are written in (it needs no catalogue)."""
LOCALES: tuple[UserLocaleEnum, ...] = (
    SOURCE_LOCALE,
    *sorted(set(USER_LOCALE_ENUM_VALUES) - {"en"}),
)
"""Every language an email can be in (`user_locale_enum`), the source language first."""

_SAMPLE_TIME = datetime.datetime(2026, 3, 14, 15, 9, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class EmailKind:
    name: str
    sample: Mapping[str, Any] = field(default_factory=dict[str, Any])
    """Every variable the kind's templates may use, with a value for previews and the
    start-up check."""


def _kinds(*kinds: EmailKind) -> dict[str, EmailKind]:
    return {kind.name: kind for kind in kinds}


_LINK = "https://app.example.com/page#code={code}"

KINDS: dict[str, EmailKind] = _kinds(
    EmailKind("verify_email", {"link": _LINK, "code": "{code}", "days": 7}),
    EmailKind("signup_existing", {"sign_in_url": "https://app.example.com"}),
    EmailKind("reset_password", {"link": _LINK, "code": "{code}"}),
    EmailKind("change_email", {"new_email": "ada@example.com", "code": "{code}"}),
    EmailKind("email_changed", {"new_email": "ada@example.com"}),
    EmailKind("account_deleted", {"by_admin": False}),
    EmailKind(
        "login_code",
        {
            "link": "https://app.example.com/sign-in-code#email=ada%40example.com&code={code}",
            "code": "{code}",
        },
    ),
    EmailKind(
        "new_sign_in",
        {
            "device": "Firefox 133 on Ubuntu (Other)",
            "address": "203.0.113.7",
            "signed_in_at": _SAMPLE_TIME,
            "link": "https://app.example.com/sessions",
        },
    ),
    EmailKind(
        "export_ready",
        {
            "organization": "Analytical Engines <Ltd>",
            "expires_at": _SAMPLE_TIME,
            "link": "https://app.example.com/exports",
        },
    ),
    EmailKind(
        "invite",
        {
            "inviter": "Ada Lovelace",
            "organization": "Analytical Engines <Ltd>",
            "role": "admin",
            "link": _LINK,
            "code": "{code}",
            "expires_at": _SAMPLE_TIME,
            "renewed": False,
        },
    ),
    EmailKind("mfa_reset", {"name": "Ada Lovelace"}),
    EmailKind(
        "webhook_endpoint_disabled",
        {
            "organization": "Analytical Engines <Ltd>",
            "url": "https://hooks.example.com/blossom",
            "error": "answered 500",
            "days": 3,
        },
    ),
)
"""Every templated email, by kind (the outbox's `emails.kind`)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


class EmailTemplateError(BaseError):
    """A template does not render: an unknown variable, a syntax error, a missing one."""


class MissingTranslationError(BaseError):
    """A message of a template has no translation in the language asked for (strict
    rendering: the tests of the catalogues)."""


def _catalogue(locale: str) -> gettext_module.NullTranslations:
    if locale == SOURCE_LOCALE:
        return gettext_module.NullTranslations()
    path = CATALOGUES / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.exists():
        raise ConfigurationError(
            "email catalogue not compiled: run `just i18n-compile`", locale=locale, path=str(path)
        )
    with path.open("rb") as file:
        return gettext_module.GNUTranslations(file)


def _gettext(locale: str, strict: bool) -> tuple[Callable[[str], str], Callable[..., str]]:
    catalogue = _catalogue(locale)
    known: dict[Any, str] = getattr(catalogue, "_catalog", {})

    def check(message: str) -> None:
        if strict and locale != SOURCE_LOCALE and not known.get(message):
            raise MissingTranslationError(
                "untranslated email message", locale=locale, msgid=message
            )

    def gettext(message: str) -> str:
        check(message)
        return catalogue.gettext(message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        if strict and locale != SOURCE_LOCALE and not known.get((singular, 0)):
            raise MissingTranslationError(
                "untranslated email message", locale=locale, msgid=singular
            )
        return catalogue.ngettext(singular, plural, n)

    return gettext, ngettext


@functools.cache
def _bytecode_cache() -> jinja2.FileSystemBytecodeCache | None:
    """Compiled templates kept between processes, in Jinja's private cache directory of
    the user (`<tmp>/_jinja2-cache-<uid>`, mode 0700, refused when someone else owns it):
    every process checks every template at start (`check_templates`), and compiling them
    all took about 0.35 s of each start. An entry serves only while its template's source
    is unchanged (Jinja compares a checksum) and only the environment it was compiled
    for: its file name carries `environment_fingerprint()`. None (compile every time) when
    that directory cannot be made or is not safe (another user made it first)."""
    pattern = f"__blossom_{environment_fingerprint(Path(__file__).read_bytes())}_%s.cache"
    try:
        return jinja2.FileSystemBytecodeCache(pattern=pattern)
    except (RuntimeError, OSError):
        return None


def environment_fingerprint(source: bytes) -> str:
    """What compiled templates depend on besides their own source: how `environment`
    builds the Jinja environment (autoescaping, extensions, whitespace and i18n policies
    are compiled into the code, and Jinja's cache compares only the template's source),
    so the source of this module (`source`) and Jinja's version. A deploy that changes
    any of it never loads what the previous one compiled (say, HTML without escaping)."""
    return hashlib.sha256(source + jinja2.__version__.encode()).hexdigest()[:16]


@functools.cache
def environment(locale: str, override: str, strict: bool = False) -> jinja2.Environment:
    """The Jinja2 environment of one language: templates from `override` (a directory,
    empty for none) first, then the built-in ones; HTML autoescaped; unknown variables
    raise."""
    directories = [*([override] if override else []), str(TEMPLATES)]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directories),
        bytecode_cache=_bytecode_cache(),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True  # a message is one line, however wrapped
    gettext, ngettext = _gettext(locale, strict)
    # The i18n extension adds `install_gettext_callables` to the environment.
    install = getattr(env, "install_gettext_callables")  # noqa: B009
    install(gettext, ngettext, newstyle=True)

    def when(value: datetime.datetime) -> str:
        return format_datetime(value, "medium", tzinfo=datetime.UTC, locale=locale) + " UTC"

    env.filters["datetime"] = when
    return env


def negotiate_locale(accept_language: str | None) -> UserLocaleEnum:
    """The language of `LOCALES` an `Accept-Language` header prefers (its q-values, then
    its order; `de-AT` counts as `de`), English when it names none of them."""
    best: tuple[float, int, UserLocaleEnum] | None = None
    for position, item in enumerate((accept_language or "").split(",")[:32]):
        tag, _, parameters = item.strip().partition(";")
        primary = tag.strip().split("-")[0].lower()
        weight = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        for locale in LOCALES:
            if (
                primary == locale
                and weight > 0
                and (best is None or (-weight, position) < best[:2])
            ):
                best = (-weight, position, locale)
    return best[2] if best is not None else SOURCE_LOCALE


def brand() -> dict[str, str]:
    """The layout's configuration: product name, logo URL, colours."""
    return {
        "product_name": ENV.email_product_name,
        "logo_url": ENV.email_logo_url,
        "brand_color": ENV.email_brand_color,
        "background_color": ENV.email_background_color,
    }


def render_email(
    kind: str,
    values: Mapping[str, Any],
    *,
    locale: str = SOURCE_LOCALE,
    strict: bool = False,
    override: str | None = None,
) -> Rendered:
    """The subject, text and HTML of `kind` with `values` in `locale` (the source language
    when the catalogue does not know it). `EmailTemplateError` when a template asks for
    a variable `values` lacks, or does not parse; with `strict`, `MissingTranslationError`
    for a message without a translation."""
    if kind not in KINDS:
        raise EmailTemplateError("unknown email kind", kind=kind)
    if locale not in LOCALES:
        locale = SOURCE_LOCALE
    env = environment(locale, ENV.email_templates_dir if override is None else override, strict)
    context = {**brand(), **values, "locale": locale}
    try:
        text_template = env.get_template(f"{kind}.txt")
        html_template = env.get_template(f"{kind}.html")
        subject = "".join(text_template.blocks["subject"](text_template.new_context(context)))
        subject = " ".join(subject.split())
        text = _paragraphs(text_template.render(context))
        html = html_template.render({**context, "subject": subject})
    except (jinja2.TemplateError, KeyError) as error:
        raise EmailTemplateError(
            "email template does not render", kind=kind, locale=locale, error=str(error)
        ) from error
    return Rendered(subject=subject, text=text, html=html)


def _paragraphs(text: str) -> str:
    """Plain text as paragraphs: the lines of block tags leave blank lines, which become
    one blank line between paragraphs; no blank line at either end."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


PREVIEW_CODE = "pReViEw-c0de-4Hq9xT2mLs8vB"
"""The one-time code previews show where a sent email has its own."""


def preview(kind: str, locale: str) -> Rendered:
    """`kind` with its sample values in `locale`, a sample code in place of `{code}` (the
    development server's `/dev/emails/preview`, `blossom email preview`)."""
    rendered = render_email(kind, KINDS[kind].sample, locale=locale)
    return Rendered(
        subject=rendered.subject,
        text=rendered.text.replace("{code}", PREVIEW_CODE),
        html=rendered.html.replace("{code}", PREVIEW_CODE),
    )


def check_templates(override: str | None = None) -> None:
    """Render every kind in every language with its sample values: an app refuses to start
    when a template (an operator's override above all) asks for a variable its kind does
    not give, or does not parse (`EmailTemplateError`)."""
    for kind in KINDS.values():
        for locale in LOCALES:
            render_email(kind.name, kind.sample, locale=locale, override=override)
