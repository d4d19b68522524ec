"""Re-checking the caller's password before a sensitive change (password change, email
change, account deletion)."""

from __future__ import annotations

from typing import Any

from foundation.auth.errors import InvalidCredentialsError
from foundation.auth.passwords import verify_password
from product.framework import UserReq


async def require_password(req: UserReq[Any], password: str) -> None:
    """`InvalidCredentialsError` unless `password` is the caller's. Reads the hash in a
    short transaction of the request's kind and verifies outside it (the hashing holds no
    connection); a user without a password costs the same verification."""
    async with req.transaction() as q:
        current_hash = await q.orm.user_password_hash(id=req.user.id)
    if not await verify_password(password, current_hash):
        raise InvalidCredentialsError()
