"""The test databases' template is keyed by everything a migrated database depends on."""

from __future__ import annotations

from pathlib import Path

import pytest

from database import migrate
from database.testing.databases import migrations_hash


def test_the_template_key_changes_with_the_code_that_applies_the_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template migrated by other code (say, annotations applied differently) is never
    cloned for this code: the key covers `database/migrate.py` besides the migrations."""
    before = migrations_hash()
    assert migrations_hash() == before
    changed = tmp_path / "migrate.py"
    changed.write_bytes(Path(migrate.__file__).read_bytes() + b"\n# applied otherwise\n")
    monkeypatch.setattr(migrate, "__file__", str(changed))
    assert migrations_hash() != before
