from database.xact import xact
from foundation.testing.fixture import TFix


async def test_admin_transaction_sees_rows(t: TFix) -> None:
    customer = await t.factory.customer()
    async with xact() as q:
        assert await q.conn.fetchval("SELECT name FROM users WHERE id = $1", customer.user.id)
