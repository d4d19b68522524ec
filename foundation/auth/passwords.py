"""Passwords: argon2id (cryptography's `Argon2id`) stored as PHC strings.

Hashing and verifying cost tens of milliseconds of CPU, so they run on a small thread
pool (the Rust implementation releases the GIL) and never block the event loop. The pool
is `PASSWORD_HASH_THREADS` wide (default: one CPU fewer than the machine has, at least
one), so a burst of logins queues instead of taking every core from the event loop and
Postgres, and its threads run at the lowest CPU priority (SCHED_IDLE on Linux;
`PASSWORD_HASH_PRIORITY=normal` keeps the process's own), so other requests keep their
latency while logins hash. `bench/product_http.py` measures it.

The queue in front of the pool is bounded, in two lanes: checking a password (sign-ins,
re-checks) and hashing a new one (signup, reset, change, invite). Each lane admits at most
QUEUE_PER_THREAD (32) jobs per thread (waiting or running; at tens of milliseconds a job,
under two seconds of queue); past that a call is refused at
once with `ServiceUnavailableError` (503, retry in a second) instead of queueing without
bound: a flood of one kind can neither starve the event loop nor make the other kind
wait behind it. `bench/chaos.py` measures logins during such a flood.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal, TypeVar

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from foundation.auth.breached import require_unbreached_password
from foundation.auth.errors import WeakPasswordError
from foundation.base.env import ENV
from foundation.base.observability.metrics import metric_count
from foundation.rpc.errors import ServiceUnavailableError

# OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
MEMORY_COST_KIB = 19 * 1024
ITERATIONS = 2
LANES = 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_LENGTH = 10


def _lower_priority() -> None:
    """Hashing threads yield the CPU to everything else: Linux's SCHED_IDLE policy (they
    run only on a CPU nothing else wants), else the lowest niceness (both per thread)."""
    tid = threading.get_native_id()
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setscheduler(tid, os.SCHED_IDLE, os.sched_param(0))
        return
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, tid, HASHING_NICENESS)


HASHING_NICENESS = 19


def hashing_threads(configured: int, cpus: int | None) -> int:
    """The pool's width: `configured`, or for 0 one less than `cpus` (at least 1)."""
    return configured if configured > 0 else max(1, (cpus or 1) - 1)


def thread_start(priority: Literal["idle", "normal"]) -> Callable[[], None] | None:
    """What each hashing thread runs first for `PASSWORD_HASH_PRIORITY`."""
    return _lower_priority if priority == "idle" else None


@functools.cache
def hashing_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(
        max_workers=hashing_threads(ENV.password_hash_threads, os.cpu_count()),
        thread_name_prefix="argon2",
        initializer=thread_start(ENV.password_hash_priority),
    )


def hash_password_sync(password: str) -> str:
    kdf = Argon2id(
        salt=os.urandom(SALT_BYTES),
        length=HASH_BYTES,
        iterations=ITERATIONS,
        lanes=LANES,
        memory_cost=MEMORY_COST_KIB,
    )
    return kdf.derive_phc_encoded(password.encode())


def verify_password_sync(password: str, phc: str) -> bool:
    try:
        Argon2id.verify_phc_encoded(password.encode(), phc)
    except (InvalidKey, ValueError):
        return False
    return True


QUEUE_PER_THREAD = 32
"""Jobs of one lane admitted per hashing thread (running or waiting) before refusals."""

LaneEnum = Literal["verify", "hash"]
T = TypeVar("T")

_lanes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[LaneEnum, asyncio.Semaphore]]
_lanes = weakref.WeakKeyDictionary()


def _lane(name: LaneEnum) -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    lanes = _lanes.setdefault(loop, {})
    if name not in lanes:
        threads = hashing_threads(ENV.password_hash_threads, os.cpu_count())
        lanes[name] = asyncio.Semaphore(threads * QUEUE_PER_THREAD)
    return lanes[name]


async def _in_lane(name: LaneEnum, work: Callable[..., T], *args: object) -> T:
    """Run `work(*args)` on the hashing pool if the lane has room, else refuse (503)."""
    lane = _lane(name)
    if lane.locked():
        metric_count("password_hashing_refused_total", lane=name)
        raise ServiceUnavailableError(retry_after_seconds=1)
    async with lane:
        return await asyncio.get_running_loop().run_in_executor(hashing_pool(), work, *args)


async def hash_password(password: str) -> str:
    """The argon2id PHC string of `password` (fresh random salt); `ServiceUnavailableError`
    when the hashing lane is full."""
    return await _in_lane("hash", hash_password_sync, password)


async def verify_password(password: str, phc: str | None) -> bool:
    """Whether `password` matches `phc`. Without a hash (no such user, no password set)
    a dummy hash is verified, so every path costs one verification.
    `ServiceUnavailableError` when the checking lane is full."""
    return await _in_lane("verify", _verify_or_dummy, password, phc)


def _verify_or_dummy(password: str, phc: str | None) -> bool:
    if phc is None:
        verify_password_sync(password, _dummy_hash())
        return False
    return verify_password_sync(password, phc)


@functools.cache
def _dummy_hash() -> str:
    return hash_password_sync(os.urandom(16).hex())


def weak_password_reason(password: str, email: str) -> str | None:
    """Why `password` is refused, or None: shorter than MIN_LENGTH, or the email itself."""
    if len(password) < MIN_LENGTH:
        return f"use at least {MIN_LENGTH} characters"
    if password.strip().lower() == email.strip().lower():
        return "the password cannot be your email address"
    return None


async def require_strong_password(password: str, email: str) -> None:
    """The policy on every new password (signup, change, reset, an invite's new account):
    `WeakPasswordError` with the reason when `weak_password_reason` has one, or when the
    password is known from a data breach (`breached`, PWNED_PASSWORDS)."""
    reason = weak_password_reason(password, email)
    if reason is not None:
        raise WeakPasswordError(reason=reason)
    await require_unbreached_password(password)
