from product.db import DB, xact_admin
from product.framework import OrgReq, PublicReq, UserReq, route


@route("vault_secrets_list", authorization="organization")
async def vault_secrets_list(req: OrgReq[None]) -> list[str]:
    # ruleid: blossom-admin-xact-in-product-handler
    async with xact_admin() as q:
        return await q.orm.vault_secrets_all()


@route("organization_update", authorization="organization")
async def organization_update(req: OrgReq[None]) -> None:
    # ruleid: blossom-admin-xact-in-product-handler
    async with DB.xact_admin() as q:
        await q.orm.organization_touch()


@route("organization_create", authorization="user", transaction=False)
async def organization_create(req: UserReq[None]) -> None:
    # ok: blossom-admin-xact-in-product-handler
    async with xact_admin() as q:
        await q.orm.organization_create_with_owner(user_id=req.user.id)


@route("invite_accept", authorization="public", transaction=False)
async def invite_accept(req: PublicReq[None]) -> None:
    # ok: blossom-admin-xact-in-product-handler
    async with xact_admin() as q:
        await q.orm.invite_lock(id="inv_1")


@route("sessions_list", authorization="user", transaction=False)
async def sessions_list(req: UserReq[None]) -> None:
    # ok: blossom-admin-xact-in-product-handler
    async with req.transaction() as q:
        await q.orm.sessions_of_user(user_id=req.user.id)


async def vault_rotate() -> None:
    # ok: blossom-admin-xact-in-product-handler
    async with xact_admin() as q:
        await q.orm.vault_rotation_remaining()
