"""Output types shared by panopticon's RPCs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from foundation.base.strict_json import JSON


@dataclass
class StoryEvent:
    """One entry of a row's history (its `storytime`): what happened, by whom, when."""

    did: str
    by: str | None
    """The acting user's id (null for the system, or once that user is deleted)."""
    at: str
    """When, as an ISO 8601 timestamp."""


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


@dataclass
class Done:
    """A mutation's outcome: `changed` is false when there was nothing to change."""

    changed: bool
    count: int = 0
    """How many rows it touched, where that is meaningful (sessions ended, failures cleared)."""


def iso(value: datetime.datetime) -> str:
    return value.isoformat()


Diff = dict[str, Any]
