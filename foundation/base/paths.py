"""Well-known filesystem locations of the repository."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The checkout root (where pyproject.toml lives)."""
