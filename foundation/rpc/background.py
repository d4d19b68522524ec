"""Work a call leaves behind: run after its response, never delaying it.

    req.after_commit(lambda: alert(...))      # in a handler: runs once the call succeeded

`dispatch` starts a call's `after_commit` work once the handler returned (its transaction
committed) with `run_in_background`; nothing runs for a call that failed. A failure of
the work is reported (`report_error`) and never reaches the client. Tests wait for it
with `await background_settled()`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from foundation.base.observability.errors import report_error

_tasks: set[asyncio.Task[None]] = set()


def run_in_background(work: Callable[[], Awaitable[None]], *, name: str) -> None:
    """Start `work()` on the running loop, keeping a reference until it ends."""

    async def guarded() -> None:
        try:
            await work()
        except Exception as error:
            report_error(error, "background work failed", work=name)

    task = asyncio.get_running_loop().create_task(guarded(), name=name)
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def background_settled() -> None:
    """Return once no background work is running (tests)."""
    while _tasks:
        await asyncio.gather(*list(_tasks), return_exceptions=True)
