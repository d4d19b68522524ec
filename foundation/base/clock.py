"""An injectable clock: all code reads time through `CLOCK`, tests can freeze it.

from foundation.base.clock import CLOCK
CLOCK.now()            # aware UTC datetime
with CLOCK.frozen(at): # tests: time stands still at `at` (advance() moves it)
    ...
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from foundation.base.errors import InvalidInputError


class Clock:
    def __init__(self) -> None:
        self._frozen: datetime.datetime | None = None

    def now(self) -> datetime.datetime:
        """The current time, timezone-aware in UTC."""
        if self._frozen is not None:
            return self._frozen
        return datetime.datetime.now(datetime.UTC)

    def freeze(self, at: datetime.datetime | None = None) -> datetime.datetime:
        """Stop time at `at` (default: now). Returns the frozen instant."""
        if at is not None and at.tzinfo is None:
            raise InvalidInputError("frozen time must be timezone-aware", at=at)
        self._frozen = (at or self.now()).astimezone(datetime.UTC)
        return self._frozen

    def advance(self, delta: datetime.timedelta) -> datetime.datetime:
        """Move frozen time forward by `delta`."""
        if self._frozen is None:
            raise InvalidInputError("advance() needs a frozen clock")
        self._frozen += delta
        return self._frozen

    def unfreeze(self) -> None:
        self._frozen = None

    @property
    def is_frozen(self) -> bool:
        return self._frozen is not None

    @contextmanager
    def frozen(self, at: datetime.datetime | None = None) -> Iterator[datetime.datetime]:
        previous = self._frozen
        try:
            yield self.freeze(at)
        finally:
            self._frozen = previous


CLOCK = Clock()
