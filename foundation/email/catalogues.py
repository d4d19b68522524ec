"""The email templates' gettext catalogues (Babel), reproducibly:

- `extract()`: every `{% trans %}` / `_()` message of the built-in templates, as a catalogue
  (no dates, no line numbers, sorted: extracting twice gives the same file);
- `update()` (`just i18n-extract`): `locale/messages.pot` and each language's
  `locale/LANG/LC_MESSAGES/messages.po` brought up to date with it (new messages empty,
  gone ones dropped, translations kept);
- `compile_all()` (`just i18n-compile`): each `.po` compiled to the `.mo` that
  `render` reads; the bytes depend on the `.po` alone (a test compiles again and compares).
- `untranslated(locale)`: the messages a language lacks (empty or fuzzy).
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from foundation.email.render import CATALOGUES, DOMAIN, LOCALES, SOURCE_LOCALE, TEMPLATES

_FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
_METHODS = [("**.html", "jinja2"), ("**.txt", "jinja2")]
_OPTIONS = {"**.html": {"trimmed": "true"}, "**.txt": {"trimmed": "true"}}
PROJECT = "Blossom emails"


def _catalogue(locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        project=PROJECT,
        version="1",
        creation_date=_FIXED_DATE,
        revision_date=_FIXED_DATE,
        fuzzy=False,
    )


def extract() -> Catalog:
    """The messages of the built-in templates."""
    catalogue = _catalogue()
    for filename, _lineno, message, comments, context in extract_from_dir(
        str(TEMPLATES), method_map=_METHODS, options_map=_OPTIONS
    ):
        catalogue.add(message, None, [(filename, 0)], auto_comments=comments, context=context)
    return catalogue


def po_path(locale: str) -> Path:
    return CATALOGUES / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _dump(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, sort_output=True, include_lineno=False, width=88)
    return buffer.getvalue()


def read(locale: str) -> Catalog:
    with po_path(locale).open("rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def translated_locales() -> list[str]:
    return [locale for locale in LOCALES if locale != SOURCE_LOCALE]


def updated() -> dict[Path, bytes]:
    """What `update` writes: the template, and every language's catalogue brought up to
    date with it."""
    template = extract()
    files = {CATALOGUES / f"{DOMAIN}.pot": _dump(template)}
    for locale in translated_locales():
        catalogue = read(locale) if po_path(locale).exists() else _catalogue(locale)
        catalogue.update(template, update_creation_date=False)
        catalogue.obsolete.clear()
        catalogue.revision_date = _FIXED_DATE
        catalogue.creation_date = _FIXED_DATE
        files[po_path(locale)] = _dump(catalogue)
    return files


def update() -> list[Path]:
    """Write the template and bring every language's catalogue up to date; the files."""
    files = updated()
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return list(files)


def compiled(locale: str) -> bytes:
    """The `.mo` bytes of a language's `.po`."""
    buffer = io.BytesIO()
    write_mo(buffer, read(locale))
    return buffer.getvalue()


def compile_all() -> list[Path]:
    """Compile every language's catalogue next to it; the `.mo` files."""
    written: list[Path] = []
    for locale in translated_locales():
        path = po_path(locale).with_suffix(".mo")
        path.write_bytes(compiled(locale))
        written.append(path)
    return written


def untranslated(locale: str) -> list[str]:
    """The template messages `locale`'s catalogue has no (or only a fuzzy) translation of."""
    catalogue = read(locale)
    missing: list[str] = []
    for message in extract():
        if not message.id:
            continue
        found = catalogue.get(message.id, message.context)
        string = found.string if found is not None else None
        strings = [string] if isinstance(string, str) else list(string or ())
        if found is None or found.fuzzy or not strings or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing
