async def handler(req, q, conn, c):
    # ruleid: blossom-raw-sql
    await q.conn.execute("UPDATE users SET name = $1", "x")
    # ruleid: blossom-raw-sql
    rows = await conn.fetch(QUERY)
    # ruleid: blossom-raw-sql
    row = await c.conn.fetchrow(QUERY, 1)
    # ruleid: blossom-raw-sql
    one = await c.conn.fetchval(QUERY)
    # ruleid: blossom-raw-sql
    QUERY = "SELECT id FROM users WHERE email = $1"
    # ruleid: blossom-raw-sql
    LOCK = "LOCK TABLE organizations_users IN ACCESS EXCLUSIVE MODE"
    # ruleid: blossom-raw-sql
    SETTING = "SET LOCAL statement_timeout = 0"

    # ok: blossom-raw-sql
    user = await req.q.orm.user_fetch(id="usr_1")
    # ok: blossom-raw-sql
    message = "select an organization first"
    # ok: blossom-raw-sql
    note = "Selected organizations are listed first"
    return rows, row, one, user, message, note
