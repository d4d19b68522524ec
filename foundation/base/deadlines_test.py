"""One timer per loop watches every call's deadline, as `asyncio.timeout` would per call."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from foundation.base.deadlines import Deadlines, deadlines


def _own() -> Deadlines:
    # Not the loop's shared one: a test's limit must not outlive it (the loop is the session's).
    return Deadlines(asyncio.get_running_loop())


async def test_a_call_past_its_deadline_is_cancelled_and_raises_timeout_error() -> None:
    d = _own()
    deadline = d.deadline(0.01)
    reached = False
    with pytest.raises(TimeoutError):
        async with deadline:
            await asyncio.sleep(5)
            reached = True
    assert deadline.expired and not reached
    assert d.running() == 0
    assert asyncio.current_task().cancelling() == 0  # pyright: ignore[reportOptionalMemberAccess]


async def test_a_call_within_its_deadline_is_left_alone() -> None:
    d = _own()
    deadline = d.deadline(5)
    async with deadline:
        assert d.running() == 1
        await asyncio.sleep(0)
    assert not deadline.expired and d.running() == 0


async def test_the_calls_own_timeout_error_is_not_the_deadlines() -> None:
    deadline = _own().deadline(5)
    with pytest.raises(TimeoutError, match="the client library's"):
        async with deadline:
            raise TimeoutError("the client library's")
    assert not deadline.expired


async def test_a_cancellation_from_elsewhere_stays_a_cancellation() -> None:
    d = _own()

    async def call() -> None:
        async with d.deadline(5):
            await asyncio.sleep(5)

    task = asyncio.create_task(call())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert d.running() == 0


async def test_a_short_deadline_after_a_long_one_still_fires_on_time() -> None:
    d = _own()
    long = asyncio.create_task(_sleep_within(d, 3600, 0.5))
    await asyncio.sleep(0)
    with pytest.raises(TimeoutError):
        async with d.deadline(0.01):
            await asyncio.sleep(5)
    assert await long == "done"  # the long one was not cancelled along with it


async def _sleep_within(d: Deadlines, seconds: float, sleep: float) -> str:
    async with d.deadline(seconds):
        await asyncio.sleep(sleep)
    return "done"


async def test_every_expired_call_is_cancelled_and_no_other() -> None:
    d = _own()
    results = await asyncio.gather(
        *(_sleep_within(d, seconds, 0.2) for seconds in (0.01, 5, 0.02, 5, 0.01)),
        return_exceptions=True,
    )
    assert [type(r).__name__ if isinstance(r, BaseException) else r for r in results] == [
        "TimeoutError",
        "done",
        "TimeoutError",
        "done",
        "TimeoutError",
    ]
    assert d.running() == 0


async def test_tighten_brings_running_and_later_calls_forward() -> None:
    d = _own()
    running = asyncio.create_task(_sleep_within(d, 3600, 5))
    await asyncio.sleep(0)
    limit = asyncio.get_running_loop().time() + 0.05
    d.tighten(limit)
    assert d.deadline(3600).when == limit
    assert d.deadline(0.01).when < limit  # an earlier deadline of its own is kept
    with pytest.raises(TimeoutError):
        await running
    d.tighten(limit + 100)  # never loosened
    assert d.limit == limit


async def test_calls_with_the_same_timeout_arm_the_timer_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loop = asyncio.get_running_loop()
    d = Deadlines(loop)
    armed: list[float] = []
    call_at = loop.call_at

    def counting(when: float, callback: Any, *args: Any, **kwargs: Any) -> asyncio.TimerHandle:
        armed.append(when)
        return call_at(when, callback, *args, **kwargs)

    monkeypatch.setattr(loop, "call_at", counting)
    for _ in range(100):
        async with d.deadline(30):
            await asyncio.sleep(0)
    assert len(armed) == 1


async def test_the_running_loops_deadlines_are_one_object() -> None:
    assert deadlines() is deadlines()
    assert deadlines().limit is None  # no test leaves the shared one tightened


async def test_a_deadline_is_entered_inside_a_task() -> None:
    loop = asyncio.get_running_loop()
    refused: asyncio.Future[BaseException] = loop.create_future()

    def in_a_callback() -> None:  # the loop runs, no task does
        coroutine = _own().deadline(1).__aenter__()
        try:
            coroutine.send(None)
        except RuntimeError as e:
            refused.set_result(e)
        finally:
            coroutine.close()

    loop.call_soon(in_a_callback)
    assert "inside a task" in str(await refused)


async def test_nested_deadlines_each_raise_for_their_own_time() -> None:
    d = _own()
    outer = d.deadline(5)
    async with outer:  # the inner one's time is up: the outer call goes on
        with pytest.raises(TimeoutError):
            async with d.deadline(0.01):
                await asyncio.sleep(5)
        await asyncio.sleep(0)
    assert not outer.expired
    outer = d.deadline(0.01)
    inner = d.deadline(5)
    with pytest.raises(TimeoutError):  # the outer one's time is up inside the inner one
        async with outer, inner:
            await asyncio.sleep(5)
    assert outer.expired and not inner.expired
