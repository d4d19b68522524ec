"""Serving processes with a graceful shutdown that holds for any worker count and any way
of signalling.

Each worker is a hypercorn server (`worker_serve`, uvloop) that handles SIGTERM and SIGINT
itself: it stops accepting, lets in-flight requests finish, answers those still running
shortly before the grace period ends with a JSON 503 (`begin_drain`), runs the app's
shutdown hooks and exits. With one worker that is this process. With several, this
process supervises them: it opens the listening sockets, spawns the workers (each builds
the app from `app_path`), forwards SIGTERM/SIGINT to every worker, waits for all of them
(however they were signalled: one by one, or the whole process group at once, as systemd
and Docker do), and restarts a worker that dies while serving. Its signal handler only
records the signal (the loop acts on it), so any number of signals arriving at once stop
it cleanly. With `reload` (development, `blossom dev`) it also restarts the workers when
a source file changes.

hypercorn's own multi-worker runner does not do this: its workers die on SIGTERM, and it
terminates the remaining ones as soon as one exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import multiprocessing
import os
import signal
import socket
import time
from collections.abc import Callable
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event as EventType
from typing import Any

import uvloop
from hypercorn.asyncio.run import worker_serve  # pyright: ignore[reportUnknownVariableType]
from hypercorn.config import Config, Sockets
from hypercorn.utils import (
    check_for_updates,
    files_to_watch,
    wrap_app,  # pyright: ignore[reportUnknownVariableType]
)
from quart import Quart

from foundation.base.logs import configure_logging, get_logger
from foundation.base.observability.metrics import (
    disable_metrics,
    mark_process_dead,
    multiprocess_directory,
)
from foundation.rpc.dispatch import begin_drain

EXIT_MARGIN_SECONDS = 5.0
"""How long past the grace period the supervisor waits for a worker before killing it."""
SIGNALS = (signal.SIGTERM, signal.SIGINT)
STOPPED = {-signal.SIGTERM, -signal.SIGINT}
"""Exit codes of a worker a signal ended before its handlers were in place."""


def drain_seconds(grace: float) -> float:
    """When in-flight calls are cut short (503), leaving time to answer them within `grace`."""
    return max(0.0, grace - min(1.0, grace * 0.2))


def load_app(app_path: str) -> Quart:
    """The app built by `app_path` ("module:factory()")."""
    module_name, call = app_path.split(":")
    factory = getattr(importlib.import_module(module_name), call.removesuffix("()"))
    return factory()


async def serve_worker(
    app: Quart,
    config: Config,
    sockets: Sockets | None = None,
    *,
    early_signals: list[int] | None = None,
) -> None:
    """One worker: serve `app` until SIGTERM or SIGINT, then shut down gracefully.
    `early_signals`: signals recorded while the worker was starting (it then exits at
    once); checked after the loop's own handlers are in place, so none is lost."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    if early_signals:
        stop.set()

    async def shutdown_trigger() -> None:
        await stop.wait()
        get_logger(__name__).info("draining", grace_seconds=config.graceful_timeout)
        begin_drain(drain_seconds(config.graceful_timeout))

    await worker_serve(
        # The app's ASGI callable itself (the exchange policy): `Quart.__call__` only
        # awaits it, one more coroutine frame on every resumption of every request.
        wrap_app(app.asgi_app, config.wsgi_max_body_size, "asgi"),
        config,
        sockets=sockets,
        shutdown_trigger=shutdown_trigger,
    )
    # Drained. A second stop signal (the process group's and the supervisor's copy) must
    # not kill the process once the loop's handlers are gone: keep them pending to exit.
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)


def _worker_main(
    app_path: str, config: Config, sockets: Sockets, ready: EventType, stop_early: EventType
) -> None:
    """Entry point of a spawned worker process. Once its handlers are in place it says so
    (`ready`); a stop the supervisor asked for before that (`stop_early`) or a signal
    received since is remembered, and the worker exits cleanly without serving."""
    early: list[int] = []
    for sig in SIGNALS:
        signal.signal(sig, lambda signum, _frame: early.append(signum))
    ready.set()
    configure_logging()  # before anything logs: libraries' lines in the process's format
    if multiprocess_directory() is None:
        disable_metrics()  # the server has no metrics port
    if stop_early.is_set():
        early.append(signal.SIGTERM)
    try:
        app = load_app(app_path)
        if not early:
            uvloop.run(serve_worker(app, config, sockets, early_signals=early))
    except Exception:
        # One log line (JSON in production) instead of multiprocessing's printed traceback.
        get_logger(__name__).exception("worker failed", app_path=app_path)
        raise SystemExit(1) from None


def supervise(
    config: Config, app_path: str, workers: int, sockets: Sockets, *, reload: bool = False
) -> int:
    """Run `workers` worker processes on the listening `sockets` (closed at the end) until
    SIGTERM/SIGINT; 0 when all exited cleanly. `reload` (development): when a source file
    of a module this process imported changes, the workers are stopped gracefully and new
    ones started; a worker that fails then waits for the next change instead of being
    restarted at once."""
    log = get_logger(__name__)
    context = multiprocessing.get_context("spawn")
    stop_early = context.Event()
    ready: dict[int, EventType] = {}
    # The handler only records the signal; this loop acts on it. A handler that took a
    # multiprocessing lock (Event.set, is_set) would deadlock when a second signal (the
    # process group's copy, a second Ctrl-C) arrived while it held the lock.
    received: list[int] = []
    wake_read, wake_write = socket.socketpair()
    wake_write.setblocking(False)

    def spawn() -> BaseProcess:
        started = context.Event()
        process: Any = context.Process(
            target=_worker_main,
            args=(app_path, config, sockets, started, stop_early),
            name="blossom-worker",
        )
        process.start()
        ready[process.pid] = started
        return process

    files = files_to_watch() if reload else {}
    processes = [spawn() for _ in range(workers)]
    crashed: set[int] = set()  # reload: workers that failed, waiting for a change
    previous_wakeup = signal.set_wakeup_fd(wake_write.fileno(), warn_on_full_buffer=False)
    for sig in SIGNALS:
        signal.signal(sig, lambda signum, _frame: received.append(signum))
    try:
        while True:
            wait([*(p.sentinel for p in processes if p.pid not in crashed), wake_read], 1.0)
            with contextlib.suppress(BlockingIOError):
                wake_read.recv(4096, socket.MSG_DONTWAIT)
            if received:
                break
            if reload and check_for_updates(files):
                log.info("a source file changed; restarting the workers")
                processes = _restart(processes, config, spawn)
                files = files_to_watch()
                crashed.clear()
                continue
            for index, process in enumerate(processes):
                if process.is_alive() or process.pid in crashed:
                    continue
                if reload and process.pid is not None:
                    log.warning("worker exited; restarting it when a source file changes")
                    crashed.add(process.pid)
                    continue
                log.warning("worker exited; starting another", exitcode=process.exitcode)
                if process.pid is not None:
                    mark_process_dead(process.pid)
                processes[index] = spawn()
        # Workers still starting (no handlers yet, nothing in flight) see this instead of a
        # signal that would kill them; set first, so a worker becoming ready meanwhile
        # either sees it or is seen ready and signalled. A worker also signalled by the
        # process group drains once.
        stop_early.set()
        _signal([p for p in processes if ready[p.pid or 0].is_set()], received[0])
        _join_or_kill(processes, config)
    finally:
        signal.set_wakeup_fd(previous_wakeup)
        wake_read.close()
        wake_write.close()
        for sock in [*sockets.secure_sockets, *sockets.insecure_sockets]:
            sock.close()
    processes = [p for p in processes if p.pid not in crashed]  # reported when they failed
    exitcodes = [p.exitcode for p in processes]
    # A worker the process group's signal reached before it was ready served nothing.
    failed = [
        code
        for process, code in zip(processes, exitcodes, strict=True)
        if code != 0 and not (code in STOPPED and not ready[process.pid or 0].is_set())
    ]
    if failed:
        log.warning("workers exited with errors", exitcodes=exitcodes)
        return 1
    return 0


def _signal(processes: list[BaseProcess], signum: int) -> None:
    """Send `signum` to each of `processes` still running."""
    for process in processes:
        if process.pid is not None and process.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signum)


def _join_or_kill(processes: list[BaseProcess], config: Config) -> None:
    """Wait for the signalled `processes` for the grace period (and a margin); kill the
    ones still running."""
    deadline = time.monotonic() + config.graceful_timeout + EXIT_MARGIN_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            get_logger(__name__).error("worker did not stop in time; killing it", pid=process.pid)
            process.kill()
            process.join()


def _restart(
    processes: list[BaseProcess], config: Config, spawn: Callable[[], BaseProcess]
) -> list[BaseProcess]:
    """Stop the workers gracefully (one still starting exits without serving), then start
    as many new ones."""
    _signal(processes, signal.SIGTERM)
    _join_or_kill(processes, config)
    return [spawn() for _ in processes]
