"""The email templates: every one renders in every language with every message translated,
its HTML is well-formed (html5lib's strict parser) and escapes what users typed, dates
follow the language, overrides are checked, the catalogues are current and compile
reproducibly."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import html5lib
import jinja2
import pytest

from foundation.email import render
from foundation.email.catalogues import compiled, extract, po_path, untranslated, updated
from foundation.email.render import (
    CATALOGUES,
    KINDS,
    LOCALES,
    SOURCE_LOCALE,
    EmailTemplateError,
    MissingTranslationError,
    _bytecode_cache,  # pyright: ignore[reportPrivateUsage]
    check_templates,
    environment,
    environment_fingerprint,
    negotiate_locale,
    render_email,
)

EVERY = [(kind, locale) for kind in KINDS for locale in LOCALES]


def test_there_is_a_language_besides_english_and_every_kind_has_both_parts() -> None:
    assert SOURCE_LOCALE == "en" and "de" in LOCALES
    templates = Path(__file__).parent / "templates"
    for kind in KINDS:
        assert (templates / f"{kind}.html").is_file() and (templates / f"{kind}.txt").is_file()


@pytest.mark.parametrize(("kind", "locale"), EVERY)
def test_every_template_renders_in_every_language_fully_translated(kind: str, locale: str) -> None:
    rendered = render_email(kind, KINDS[kind].sample, locale=locale, strict=True)
    assert rendered.subject and "\n" not in rendered.subject
    for part in (rendered.subject, rendered.text, rendered.html):
        assert "{{" not in part and "{%" not in part and "%(" not in part
    assert "{code}" in rendered.text if "code" in KINDS[kind].sample else True
    assert ("Sent by Blossom." if locale == "en" else "Gesendet von Blossom.") in rendered.text


def test_an_untranslated_message_fails(tmp_path: Path) -> None:
    """A message no catalogue knows (here: an override's) fails strict rendering, and a
    catalogue missing one of the templates' messages is reported."""
    original = (Path(__file__).parent / "templates" / "email_changed.txt").read_text()
    (tmp_path / "email_changed.txt").write_text(
        original.replace(
            "{% endblock %}",
            "{% trans %}A sentence nobody translated.{% endtrans %}{% endblock %}",
            1,
        )
    )
    with pytest.raises(MissingTranslationError):
        render_email(
            "email_changed",
            KINDS["email_changed"].sample,
            locale="de",
            strict=True,
            override=str(tmp_path),
        )
    # English is the templates' own language: nothing to translate.
    render_email(
        "email_changed",
        KINDS["email_changed"].sample,
        locale="en",
        strict=True,
        override=str(tmp_path),
    )
    assert untranslated("de") == []


@pytest.mark.parametrize(("kind", "locale"), EVERY)
def test_the_html_is_well_formed(kind: str, locale: str) -> None:
    rendered = render_email(kind, KINDS[kind].sample, locale=locale)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(rendered.html)  # raises on any parse error
    assert document.find("head/title").text == rendered.subject
    assert document.get("lang") == locale


def test_what_users_typed_is_escaped_in_the_html_only() -> None:
    evil = '<script>alert("x")</script> & "quoted" <b>'
    values = {**KINDS["invite"].sample, "inviter": evil, "organization": evil}
    rendered = render_email("invite", values)
    assert "<script>" not in rendered.html and "<b>" not in rendered.html
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quoted&#34; &lt;b&gt;"
        in rendered.html
    )
    assert evil in rendered.text and evil in rendered.subject
    html5lib.HTMLParser(strict=True).parse(rendered.html)


def test_dates_follow_the_language() -> None:
    values = {
        **KINDS["invite"].sample,
        "expires_at": datetime.datetime(2026, 3, 14, 15, 9, tzinfo=datetime.UTC),
    }
    assert "Mar 14, 2026, 3:09:00\u202fPM UTC" in render_email("invite", values).text
    assert "14.03.2026, 15:09:00 UTC" in render_email("invite", values, locale="de").text


def test_the_layout_takes_the_configured_brand(monkeypatch: pytest.MonkeyPatch) -> None:
    from foundation.testing.settings import override_env

    override_env(
        monkeypatch,
        email_product_name="Petal & Co",
        email_logo_url="https://cdn.example.com/logo.png",
        email_brand_color="#123456",
    )
    rendered = render_email("email_changed", KINDS["email_changed"].sample)
    assert '<img src="https://cdn.example.com/logo.png" alt="Petal &amp; Co"' in rendered.html
    assert "#123456" in rendered.html and "Sent by Petal & Co." in rendered.text
    assert "your Petal &amp; Co account" in rendered.html


def test_an_override_replaces_a_template_and_a_missing_variable_fails_the_check(
    tmp_path: Path,
) -> None:
    (tmp_path / "email_changed.txt").write_text(
        '{% extends "_layout.txt" %}{% block subject %}Changed!{% endblock %}'
        "{% block content %}Now {{ new_email }}.{% endblock %}"
    )
    rendered = render_email(
        "email_changed", {"new_email": "ada@example.com"}, override=str(tmp_path)
    )
    assert rendered.subject == "Changed!" and rendered.text.startswith("Now ada@example.com.")
    check_templates(override=str(tmp_path))  # every variable it uses is given
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "invite.html").write_text(
        '{% extends "_layout.html" %}{% block content %}{{ inviter_phone }}{% endblock %}'
    )
    with pytest.raises(EmailTemplateError) as caught:
        check_templates(override=str(broken))
    assert "inviter_phone" in str(caught.value)


def test_compiled_templates_are_kept_for_the_next_process_and_never_served_stale(
    tmp_path: Path,
) -> None:
    """A template compiled once is in the bytecode cache (a new process loads it instead of
    compiling again), and a changed one is compiled again, never answered from the cache:
    each `strict` flag has an environment of its own, as a new process would."""
    template = tmp_path / "email_changed.txt"
    template.write_text(
        '{% extends "_layout.txt" %}{% block subject %}First{% endblock %}'
        "{% block content %}{{ new_email }}{% endblock %}"
    )
    values = {"new_email": "ada@example.com"}
    assert render_email("email_changed", values, override=str(tmp_path)).subject == "First"
    cache = environment(SOURCE_LOCALE, str(tmp_path)).bytecode_cache
    assert isinstance(cache, jinja2.FileSystemBytecodeCache)
    key = cache.get_cache_key("email_changed.txt", str(template))
    assert Path(cache.directory, cache.pattern % key).is_file()
    template.write_text(template.read_text().replace("First", "Second"))
    again = render_email("email_changed", values, override=str(tmp_path), strict=True)
    assert again.subject == "Second"


def test_an_environment_built_otherwise_never_loads_what_another_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jinja compiles autoescaping into a template's code and its cache compares only the
    template's source: a deploy that turned escaping off (or on) would load the other's
    code. The cache's file names carry how this module builds the environment."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # a cache directory of its own
    source = Path(render.__file__).read_bytes()
    escaped = b'enabled_extensions=("html",)'
    assert source.count(escaped) == 1
    cache = _bytecode_cache.__wrapped__()
    assert cache is not None and environment_fingerprint(source) in cache.pattern
    changed = environment_fingerprint(source.replace(escaped, b"enabled_extensions=()"))
    assert changed != environment_fingerprint(source)
    other = jinja2.FileSystemBytecodeCache(cache.directory, f"__blossom_{changed}_%s.cache")
    (tmp_path / "page.html").write_text("{{ typed }}")

    def shown(autoescape: bool, bytecode: jinja2.BytecodeCache) -> str:
        loader = jinja2.FileSystemLoader(str(tmp_path))
        built = jinja2.Environment(loader=loader, autoescape=autoescape, bytecode_cache=bytecode)
        return built.get_template("page.html").render(typed="<b>")

    assert shown(True, cache) == "&lt;b&gt;"  # compiled and kept, escaping
    assert shown(False, other) == "<b>"  # the other environment's entry is its own
    assert shown(True, cache) == "&lt;b&gt;"


def test_without_a_usable_cache_directory_templates_are_compiled_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_directory))
    assert _bytecode_cache.__wrapped__() is None


def test_the_catalogues_are_current_and_compile_reproducibly() -> None:
    """`just i18n-extract` and `just i18n-compile` were run after the last template change
    (running them again would change no byte)."""
    files = updated()
    assert CATALOGUES / "messages.pot" in files and po_path("de") in files
    for path, content in files.items():
        assert path.read_bytes() == content, f"{path} is stale: run `just i18n-extract`"
    assert any(message.id for message in extract())
    for locale in LOCALES:
        if locale == SOURCE_LOCALE:
            continue
        assert po_path(locale).with_suffix(".mo").read_bytes() == compiled(locale)


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "en"),
        ("", "en"),
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7", "de"),
        ("en-GB,de;q=0.5", "en"),
        ("de;q=0.2, en;q=0.8", "en"),
        ("de;q=0, fr", "en"),
        ("*", "en"),
        ("de;q=nonsense", "en"),
    ],
)
def test_the_language_from_accept_language(header: str | None, locale: str) -> None:
    assert negotiate_locale(header) == locale
