"""What the test database's other backends are doing (`pg_stat_activity`), for tests
that check the code holds no transaction open across slow work."""

from __future__ import annotations

from database.xact import xact_admin


async def open_transactions() -> int:
    """Backends of the current database inside a transaction, the asking one excluded."""
    async with xact_admin() as q:
        return int(
            await q.conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
            )
        )
