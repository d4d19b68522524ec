"""Output types shared by panopticon's RPCs."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from foundation.base.strict_json import JSON


@dataclass
class StoryEvent:
    """One entry of a row's history (its `storytime`): what happened, by whom, when."""

    did: str
    by: str | None
    """The acting user's id (null for the system, or once that user is deleted)."""
    at: str
    """When, as an ISO 8601 timestamp."""
    by_name: str | None = None
    """The acting user's name, else email (null with `by`, or once that user is deleted)."""


def story(storytime: JSON | None) -> list[StoryEvent]:
    """The events of a `storytime` column, oldest first (malformed entries skipped)."""
    if not isinstance(storytime, dict):
        return []
    events = storytime.get("events")
    if not isinstance(events, list):
        return []
    out: list[StoryEvent] = []
    for event in events:
        if isinstance(event, dict):
            did, by, at = event.get("did"), event.get("by"), event.get("at")
            if isinstance(did, str) and isinstance(at, str):
                out.append(StoryEvent(did=did, by=by if isinstance(by, str) else None, at=at))
    return out


class _Names(Protocol):
    async def user_names(self, *, ids: list[str]) -> Sequence[_Named]: ...


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str: ...


async def named_story(orm: _Names, storytime: JSON | None) -> list[StoryEvent]:
    """`story(storytime)` with each event's actor named (`by_name`): one query."""
    events = story(storytime)
    ids = sorted({event.by for event in events if event.by})
    if not ids:
        return events
    names = {row.id: row.name or row.email for row in await orm.user_names(ids=ids)}
    for event in events:
        event.by_name = names.get(event.by) if event.by else None
    return events


@dataclass
class Done:
    """A mutation's outcome: `changed` is false when there was nothing to change."""

    changed: bool
    count: int = 0
    """How many rows it touched, where that is meaningful (sessions ended, failures cleared)."""


def iso(value: datetime.datetime) -> str:
    return value.isoformat()


Diff = dict[str, Any]
