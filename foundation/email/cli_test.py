"""`blossom email preview KIND --locale L` writes the rendered email to files; the
catalogue commands write the files `just i18n-extract` / `i18n-compile` commit."""

from __future__ import annotations

from pathlib import Path

import html5lib
from click.testing import CliRunner

from foundation.email.cli import email
from foundation.email.render import PREVIEW_CODE


def test_preview_writes_the_html_and_the_text(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        email, ["preview", "verify_email", "--locale", "de", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    html, text = tmp_path / "verify_email.de.html", tmp_path / "verify_email.de.txt"
    assert result.output.split() == [str(html), str(text)]
    assert text.read_text().startswith("Subject: Bestätigen Sie Ihre E-Mail-Adresse\n\n")
    assert PREVIEW_CODE in text.read_text() and PREVIEW_CODE in html.read_text()
    html5lib.HTMLParser(strict=True).parse(html.read_text())


def test_preview_refuses_an_unknown_kind_or_language(tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(email, ["preview", "nope", "--out", str(tmp_path)])
    assert unknown.exit_code == 2 and "verify_email" in unknown.output
    language = runner.invoke(email, ["preview", "invite", "--locale", "xx", "--out", str(tmp_path)])
    assert language.exit_code == 2 and "de" in language.output
    assert list(tmp_path.iterdir()) == []
