"""`UserSummary`: a user as the apps show them."""

from __future__ import annotations

from dataclasses import dataclass

from database.records import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class UserSummary:
    """A user: id, display name and email address."""

    id: str
    name: str
    email: str
