import asyncpg

from foundation.email.outbox import OutgoingEmail, send_email
from foundation.base.errors import NotFoundError
from foundation.base.logs import get_logger
from product.db import DB, xact_admin

log = get_logger()


def find(uid):
    if uid == "":
        # ruleid: blossom-error-message-lowercase
        raise NotFoundError("User not found", user_id=uid)
    if uid == "x":
        # ok: blossom-error-message-lowercase
        raise NotFoundError("user not found", user_id=uid)
    # ok: blossom-error-message-lowercase
    raise NotFoundError("URL not found", user_id=uid)


def logs(uid):
    # ruleid: blossom-log-message-lowercase
    log.info("User created", user_id=uid)
    # ok: blossom-log-message-lowercase
    log.info("user created", user_id=uid)


async def invite(req, message: OutgoingEmail):
    async with xact_admin() as q:
        await q.orm.invite_create()
        # ruleid: blossom-email-inside-transaction
        await send_email(message)
    async with req.transaction() as q:
        await q.orm.invite_create()
        # ruleid: blossom-email-inside-transaction
        await send_email(message)
    async with DB.xact_customer(user="usr_1") as q:
        await q.orm.invite_create()
    # ok: blossom-email-inside-transaction
    await send_email(message)


async def handler(q):
    # ruleid: blossom-asyncpg-except
    try:
        await q.orm.user_create()
    except asyncpg.UniqueViolationError:
        return None
    # ruleid: blossom-asyncpg-except
    try:
        await q.orm.user_create()
    except (ValueError, asyncpg.PostgresError) as e:
        return e
    # ok: blossom-asyncpg-except
    try:
        await q.orm.user_create()
    except ValueError:
        return None
