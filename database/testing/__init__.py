"""Test helpers of the database layer: test databases, factories, forced interleavings,
plans, and the test queries (`database/testing/queries.sql`, `Test...`).

The test queries are compiled apart (`database/testing/__codegen__/`), into no production
ORM, so no handler can call one; a test reaches them on any open transaction or
connection:

    async with xact_admin() as q:
        user = await harness(q).test_user_fetch(id=user_id)
"""

from __future__ import annotations

from typing import Any

from database.testing.__codegen__.orm import DatabaseTestingORM
from database.xact import Conn, Q


def harness(q: Q[Any] | Conn[Any]) -> DatabaseTestingORM:
    """The test queries on `q`'s connection (in its transaction, RLS context included)."""
    return DatabaseTestingORM(q.conn)
