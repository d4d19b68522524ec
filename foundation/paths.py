"""Well-known filesystem locations of the repository."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The checkout root (where pyproject.toml lives)."""
