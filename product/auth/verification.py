"""Email verification: the code sent at signup (and on request), and the rule that some
actions need a verified address.

Unverified users can use the product, but `invite_create` and `vault_secret_create`
answer `EmailNotVerifiedError` until the address is verified (a deliberate rule: an
unproven address should not be able to invite others or store secrets). Accepting an
invite proves the address.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from foundation.base.clock import CLOCK
from foundation.crypto.codes import new_code
from foundation.email.links import VERIFY_EMAIL, product_link
from foundation.email.outbox import queue_email
from foundation.rpc.errors import RPCError
from product.db import ProductQ

VERIFY_LIFETIME = datetime.timedelta(days=7)


@dataclass
class EmailNotVerifiedError(RPCError):
    """Verify your email address first (`email_verify` with the emailed code;
    `email_verification_resend` sends a new one)."""


async def send_verification(q: ProductQ, user_id: str, email: str) -> None:
    """A new verification code for the user (older ones stop working), emailed with a
    link, in `q` (an admin transaction: codes are hidden from customers)."""
    code, code_hash = new_code()
    now = CLOCK.now()
    await q.orm.user_code_issue(
        user_id=user_id,
        purpose="verify_email",
        code_hash=code_hash,
        new_email=None,
        expires_at=now + VERIFY_LIFETIME,
        now=now,
    )
    await queue_email(
        q,
        to=email,
        kind="verify_email",
        values={
            "link": product_link(VERIFY_EMAIL),
            "code": "{code}",
            "days": VERIFY_LIFETIME.days,
        },
        secret=code,
        user_id=user_id,
    )


async def require_verified(q: ProductQ, user_id: str) -> None:
    """`EmailNotVerifiedError` unless the user's address is verified (read fresh in `q`)."""
    if not await q.orm.user_email_verified(user_id=user_id):
        raise EmailNotVerifiedError()
