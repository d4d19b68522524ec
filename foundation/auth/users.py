"""`UserSummary`: a user as the apps show them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UserSummary:
    """A user: id, display name and email address."""

    id: str
    name: str
    email: str
