"""Two product nodes sharing one database through a real PgBouncer in transaction mode
(DATABASE_POOLER=pgbouncer, DATABASE_DIRECT_URL direct), the README's "N nodes +
PgBouncer" shape: a short workload of sign-ups, logins and signed-in calls spread over
both nodes answers no error, every verification email is sent exactly once (by either
node's sender), and no advisory lock is left held. That the senders' wake-up (LISTEN on
the direct connection) works behind PgBouncer is pinned by
`foundation/email/outbox_test.py::test_behind_pgbouncer_the_sender_is_woken_by_notify`."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Generator

import httpx

from database.connection import direct_database_url
from database.testing import harness
from database.testing.pgbouncer import MISSING, pgbouncer, pgbouncer_binary
from foundation.base.env import ENV
from foundation.db import xact_admin
from foundation.email.outbox import POLL_SECONDS
from foundation.email.transport import sent_to
from foundation.testing.fixture import TFix
from foundation.testing.live_server import LiveServer, live_server
from foundation.testing.timeouts import STARTS_PROCESSES
from foundation.testing.unavailable import unavailable
from product.framework import PRODUCT

pytestmark = STARTS_PROCESSES

SERVE = ["-m", "cli.main", "product", "serve"]
SIGNUPS = 8
DELIVERED_WITHIN_SECONDS = POLL_SECONDS * 2  # a bound, not a speed


@contextlib.contextmanager
def _nodes(bouncer: str, count: int) -> Generator[list[LiveServer]]:
    env = {
        "DATABASE_URL": bouncer,
        "DATABASE_DIRECT_URL": direct_database_url(),
        "DATABASE_POOLER": "pgbouncer",
        "EMAIL_MAILDIR": ENV.email_maildir,  # this test's mailbox
        "EMAIL_SENDER": "background",
        "WEB_WORKERS": "1",
    }
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(live_server(SERVE, env)) for _ in range(count)]


async def test_two_nodes_through_pgbouncer_answer_deliver_and_leak_nothing(t: TFix) -> None:
    if pgbouncer_binary() is None:
        unavailable(MISSING)
    emails = [f"node-{uuid.uuid4().hex[:8]}-{n}@example.test" for n in range(SIGNUPS)]
    password = "a long enough password"
    with pgbouncer(direct_database_url(), pool_size=2) as bouncer, _nodes(bouncer, 2) as nodes:

        async def one(n: int) -> list[int]:
            first, other = nodes[n % 2], nodes[(n + 1) % 2]
            async with httpx.AsyncClient(timeout=30) as client:
                signed_up = await client.post(
                    first.url + "/rpc/signup",
                    json={
                        "name": f"Node User {n}",
                        "email": emails[n],
                        "password": password,
                        "organization_name": f"Node Org {n}",
                    },
                )
                login = await client.post(
                    other.url + "/rpc/login", json={"email": emails[n], "password": password}
                )
                cookie = f"{PRODUCT.cookie}={login.cookies.get(PRODUCT.cookie)}"
                members = await client.get(
                    other.url + "/rpc/organization_members_list", headers={"cookie": cookie}
                )
            return [signed_up.status_code, login.status_code, members.status_code]

        started = time.monotonic()
        statuses = await asyncio.gather(*(one(n) for n in range(SIGNUPS)))
        assert statuses == [[200, 200, 200]] * SIGNUPS
        while any(not sent_to(email) for email in emails):
            assert time.monotonic() - started < DELIVERED_WITHIN_SECONDS, [
                email for email in emails if not sent_to(email)
            ]
            await asyncio.sleep(0.05)
    assert [len(sent_to(email)) for email in emails] == [1] * SIGNUPS
    async with xact_admin() as q:
        assert await harness(q).test_advisory_locks_held() == 0
