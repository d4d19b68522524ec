"""Every npm project of the repository keeps download addresses out of its lock file
(`.npmrc`: `omit-lockfile-registry-resolved=true`), so no registry host is committed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from foundation.base.paths import REPO_ROOT

SETTING = "omit-lockfile-registry-resolved=true"


def _projects() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*package.json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return sorted(
        (REPO_ROOT / path).parent for path in listed if "node_modules" not in Path(path).parts
    )


def test_every_npm_project_omits_download_addresses_from_its_lock() -> None:
    projects = _projects()
    assert REPO_ROOT / "tools" / "testing" / "page_audit" in projects
    for project in projects:
        assert SETTING in (project / ".npmrc").read_text().split(), project
        assert '"resolved"' not in (project / "package-lock.json").read_text(), project
