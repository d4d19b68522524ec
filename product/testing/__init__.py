"""Test helpers of the product: superadmins and impersonated sessions."""

from __future__ import annotations

import datetime

from database.__codegen__.models import UserModel
from database.testing import harness
from database.testing.factory import Customer
from database.xact import xact_admin
from foundation.base.clock import CLOCK
from foundation.crypto.codes import new_code
from foundation.testing.fixture import TFix
from product.framework import PRODUCT
from product.impersonation.routes import ImpersonationAcceptIn, impersonation_accept


async def superadmin(t: TFix) -> UserModel:
    admin = await t.factory.user(name="Ada Admin")
    async with xact_admin() as q:
        await harness(q).test_admin_grant(user_id=admin.id, role="superadmin")
    return admin


async def impersonation_token(
    t: TFix, admin: UserModel, user: UserModel, *, minutes: int = 10
) -> tuple[str, str]:
    """A fresh impersonation token (as panopticon's impersonation_start makes them)."""
    token, token_hash = new_code()
    async with xact_admin() as q:
        row = await harness(q).test_impersonation_create(
            admin_user_id=admin.id,
            user_id=user.id,
            token_hash=token_hash,
            minutes=minutes,
            accept_by=CLOCK.now() + datetime.timedelta(minutes=2),
        )
    return token, row.id


async def impersonated(t: TFix) -> tuple[Customer, UserModel, str]:
    """A customer, the superadmin impersonating them, and the impersonated session's cookie."""
    admin = await superadmin(t)
    c = await t.factory.customer()
    token, _ = await impersonation_token(t, admin, c.user)
    res = await t.rpc.call(impersonation_accept, ImpersonationAcceptIn(token=token))
    return c, admin, res.cookies[PRODUCT.cookie]
