"""Every call's deadline, watched by one timer per event loop.

`asyncio.timeout` arms a timer per call: a `TimerHandle` pushed on the loop's heap, then
cancelled and left there until the loop sweeps it out. At thousands of calls a second
that is a good part of the request path's cost (`bench/instructions.py`). Here a call's
`Deadline` is an entry in its loop's `Deadlines`, and one timer, armed for the earliest
deadline, cancels the calls whose time is up. With every call given the same timeout, a
new call's deadline is later than the armed one: entering and leaving is a dict insert
and delete, and the timer fires about once per timeout.

A call past its deadline is cancelled and its `async with` raises `TimeoutError`, exactly
as `asyncio.timeout`'s does (a cancellation from elsewhere stays a cancellation).
`Deadlines.tighten` brings every running and later call's deadline forward (a draining
server's). Timers fire on the loop's clock; a deadline is kept to within the loop's
timer resolution, as `asyncio.timeout`'s.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any


class Deadline:
    """One call's deadline (`when`, loop time), entered in the task that runs the call."""

    __slots__ = ("_cancelling", "_deadlines", "_task", "expired", "when")

    def __init__(self, deadlines: Deadlines, when: float) -> None:
        self._deadlines = deadlines
        self.when = when
        self.expired = False
        """Whether the deadline passed and the call was cancelled for it."""

    async def __aenter__(self) -> Deadline:
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("a Deadline is entered inside a task")
        self._task = task
        self._cancelling = task.cancelling()
        self._deadlines.enter(self)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        self._deadlines.leave(self)
        if (
            self.expired
            and self._task.uncancel() <= self._cancelling
            and exc_type is asyncio.CancelledError
        ):
            raise TimeoutError from exc  # this deadline's cancellation, no other's

    def expire(self) -> None:
        """The time is up: cancel the call (once)."""
        if not self.expired:
            self.expired = True
            self._task.cancel()


class Deadlines:
    """The running calls' deadlines of one event loop and the one timer that watches them."""

    __slots__ = ("_armed", "_calls", "_loop", "_timer", "limit")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._calls: dict[Deadline, None] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._armed = float("inf")
        self.limit: float | None = None
        """No deadline later than this (loop time): `tighten`'s."""

    def deadline(self, seconds: float) -> Deadline:
        """A deadline `seconds` from now (or the limit, if earlier), to enter."""
        when = self._loop.time() + seconds
        limit = self.limit
        if limit is not None and limit < when:
            when = limit
        return Deadline(self, when)

    def enter(self, deadline: Deadline) -> None:
        self._calls[deadline] = None
        if deadline.when < self._armed:
            self._arm(deadline.when)

    def leave(self, deadline: Deadline) -> None:
        self._calls.pop(deadline, None)

    def tighten(self, limit: float) -> None:
        """Every running call, and every later one, ends by `limit` (loop time)."""
        self.limit = limit if self.limit is None else min(self.limit, limit)
        for deadline in self._calls:
            deadline.when = min(deadline.when, limit)
        if limit < self._armed:
            self._arm(limit)

    def _arm(self, when: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._armed = when
        self._timer = self._loop.call_at(when, self._fire)

    def _fire(self) -> None:
        # The loop runs a timer up to its clock's resolution early: what it was armed for
        # is due.
        now = max(self._loop.time(), self._armed)
        self._timer = None
        self._armed = float("inf")
        earliest = float("inf")
        for deadline in list(self._calls):
            if deadline.when <= now:
                del self._calls[deadline]
                deadline.expire()
            elif deadline.when < earliest:
                earliest = deadline.when
        if earliest != float("inf"):
            self._arm(earliest)

    def running(self) -> int:
        """How many calls are inside their deadline now."""
        return len(self._calls)


_LOOPS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Deadlines] = (
    weakref.WeakKeyDictionary()
)
_last: tuple[asyncio.AbstractEventLoop, Deadlines] | None = None
"""The last loop asked about and its deadlines: one per process outside tests."""


def deadlines() -> Deadlines:
    """The running loop's deadlines."""
    global _last
    loop = asyncio.get_running_loop()
    last = _last
    if last is not None and last[0] is loop:
        return last[1]
    found = _LOOPS.get(loop)
    if found is None:
        found = _LOOPS[loop] = Deadlines(loop)
    _last = (loop, found)
    return found
