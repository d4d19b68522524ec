import asyncio
import os
import threading
import weakref

import pytest

from foundation.auth import passwords
from foundation.auth.passwords import (
    hash_password,
    verify_password,
    verify_password_sync,
    weak_password_reason,
)
from foundation.base.env import ENV
from foundation.rpc.errors import ServiceUnavailableError
from foundation.testing.settings import override_env


async def test_hash_is_argon2id_phc_and_verifies() -> None:
    phc = await hash_password("correct horse battery")
    assert phc.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert await verify_password("correct horse battery", phc)
    assert not await verify_password("correct horse batterY", phc)
    assert await hash_password("correct horse battery") != phc  # fresh salt


async def test_missing_hash_still_costs_one_verification(monkeypatch: pytest.MonkeyPatch) -> None:
    verified: list[str] = []

    def counting(password: str, phc: str) -> bool:
        verified.append(phc)
        return verify_password_sync(password, phc)

    monkeypatch.setattr(passwords, "verify_password_sync", counting)
    assert not await verify_password("whatever-password", None)
    assert len(verified) == 1 and verified[0].startswith("$argon2id$")


def test_garbage_hash_does_not_verify() -> None:
    assert not verify_password_sync("x", "not-a-phc-string")


@pytest.mark.parametrize(
    ("password", "email", "weak"),
    [
        ("short", "a@b.co", True),
        ("123456789", "a@b.co", True),
        ("1234567890", "a@b.co", False),
        ("Ada@Example.com", "ada@example.com", True),
        ("a much longer passphrase", "ada@example.com", False),
    ],
)
def test_weak_passwords(password: str, email: str, weak: bool) -> None:
    assert (weak_password_reason(password, email) is not None) == weak


@pytest.mark.parametrize(
    ("configured", "cpus", "expected"),
    [(0, 2, 1), (0, 8, 7), (0, 1, 1), (0, None, 1), (3, 2, 3), (1, 16, 1)],
)
def test_hashing_threads_leave_a_cpu_free_unless_configured(
    configured: int, cpus: int | None, expected: int
) -> None:
    assert passwords.hashing_threads(configured, cpus) == expected


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="SCHED_IDLE is Linux-only")
def test_hashing_threads_run_at_idle_priority_unless_configured_normal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def policy() -> int:
        return os.sched_getscheduler(threading.get_native_id())

    def pool_policy(priority: str) -> int:
        override_env(monkeypatch, password_hash_priority=priority)
        passwords.hashing_pool.cache_clear()
        try:
            return passwords.hashing_pool().submit(policy).result()
        finally:
            passwords.hashing_pool().shutdown()
            passwords.hashing_pool.cache_clear()

    assert ENV.password_hash_priority == "normal"  # the suite's (plugin.py)
    assert pool_policy("idle") == os.SCHED_IDLE
    assert pool_policy("normal") == policy() != os.SCHED_IDLE
    assert policy() != os.SCHED_IDLE  # the event loop's thread keeps its priority


async def test_each_lane_admits_a_bounded_queue_and_refuses_past_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A flood of password checks fills its lane and is refused at once (503) past it; new
    passwords (the other lane) are still admitted, and everything admitted completes."""
    monkeypatch.setattr(passwords, "QUEUE_PER_THREAD", 2)
    monkeypatch.setattr(passwords, "_lanes", weakref.WeakKeyDictionary())
    places = passwords.hashing_threads(ENV.password_hash_threads, os.cpu_count()) * 2
    phc = passwords.hash_password_sync("a long enough password")
    release = threading.Event()
    real = passwords.verify_password_sync

    def held(password: str, phc: str) -> bool:
        release.wait(10)
        return real(password, phc)

    monkeypatch.setattr(passwords, "verify_password_sync", held)
    admitted = [asyncio.ensure_future(verify_password("wrong!", phc)) for _ in range(places)]
    for _ in range(3):
        await asyncio.sleep(0)  # each takes its place in the lane
    try:
        with pytest.raises(ServiceUnavailableError):
            await verify_password("wrong!", phc)
        hashing = asyncio.ensure_future(hash_password("another long password"))
        await asyncio.sleep(0)
    finally:
        release.set()
    assert await asyncio.gather(*admitted) == [False] * places
    assert (await hashing).startswith("$argon2id$")
