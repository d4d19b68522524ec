"""The first half of a two-factor login: when the user has MFA on, `login` hands out a
challenge instead of a session, and `login_mfa` (`product/mfa/routes.py`) completes it
with a code. The challenge token is a one-time code (only its hash is stored), valid for
CHALLENGE_TTL and CHALLENGE_ATTEMPTS codes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from foundation.clock import CLOCK
from foundation.crypto.codes import new_code
from foundation.rpc.errors import RPCError
from product.db import ProductQ

CHALLENGE_TTL = datetime.timedelta(minutes=5)
CHALLENGE_ATTEMPTS = 5


@dataclass
class MFARequiredError(RPCError):
    """The password was right but the user has two-factor authentication on: no session
    yet. Call `login_mfa` with this `challenge` and a code from the authenticator app (or a
    recovery code) within 5 minutes; a challenge allows 5 codes."""

    challenge: str


async def mfa_challenge_issue(
    q: ProductQ, *, user_id: str, organization_id: str | None, permanent: bool
) -> str | None:
    """A challenge token for the user when MFA is on (None when it is off), stored in `q`:
    the caller commits it before answering `MFARequiredError`."""
    if not await q.orm.mfa_enabled(user_id=user_id):
        return None
    challenge, challenge_hash = new_code()
    now = CLOCK.now()
    await q.orm.mfa_challenge_create(
        user_id=user_id,
        organization_id=organization_id,
        permanent=permanent,
        challenge_hash=challenge_hash,
        expires_at=now + CHALLENGE_TTL,
        now=now,
    )
    return challenge
