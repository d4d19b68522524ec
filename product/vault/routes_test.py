import pytest

from database.xact import xact
from foundation.crypto.vault import VaultError
from foundation.testing.fixture import TFix
from product.vault.secrets import vault_fetch


async def test_create_list_fetch_delete(t: TFix) -> None:
    c = await t.factory.customer(role="admin")
    res = await t.rpc.product(
        "vault_secret_create", {"name": "Stripe", "value": "sk_live_1"}, as_=c
    )
    assert res.status == 200 and set(res.data) == {"id", "name", "created_at"}
    secret_id = res.data["id"]
    listed = await t.rpc.product("vault_secrets_list", as_=c)
    assert [(s["id"], s["name"]) for s in listed.data] == [(secret_id, "Stripe")]
    assert "sk_live_1" not in str(listed.body) and "sk_live_1" not in str(res.body)
    async with xact(user=c.user, organization=c.organization) as q:
        assert await vault_fetch(q, secret_id) == "sk_live_1"
        stored = await q.conn.fetchval(
            "SELECT ciphertext FROM vaulted_secrets WHERE id = $1", secret_id
        )
    assert stored is not None and b"sk_live_1" not in stored
    res = await t.rpc.product("vault_secret_delete", {"id": secret_id}, as_=c)
    assert res.status == 200
    async with xact() as q:
        story = await q.conn.fetchval(
            "SELECT storytime FROM organizations WHERE id = $1", c.organization.id
        )
    assert story is not None and story["events"][-1]["by"] == c.user.id
    assert secret_id in story["events"][-1]["did"]
    res = await t.rpc.product("vault_secret_delete", {"id": secret_id}, as_=c)
    assert (res.error, res.data) == ("VaultSecretNotFoundError", {"id": secret_id})


async def test_members_list_but_cannot_write(t: TFix) -> None:
    owner = await t.factory.customer()
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=owner.organization, role="member")
    created = await t.rpc.product("vault_secret_create", {"name": "k", "value": "v"}, as_=owner)
    as_member = {"as_": member, "organization": owner.organization}
    assert len((await t.rpc.product("vault_secrets_list", **as_member)).data) == 1
    res = await t.rpc.product("vault_secret_create", {"name": "k2", "value": "v"}, **as_member)
    assert res.error == "InsufficientRoleError"
    res = await t.rpc.product("vault_secret_delete", {"id": created.data["id"]}, **as_member)
    assert res.error == "InsufficientRoleError"


async def test_other_organizations_cannot_see_or_delete(t: TFix) -> None:
    mine, theirs = await t.factory.customer(), await t.factory.customer()
    created = await t.rpc.product("vault_secret_create", {"name": "k", "value": "v"}, as_=mine)
    secret_id = created.data["id"]
    assert (await t.rpc.product("vault_secrets_list", as_=theirs)).data == []
    res = await t.rpc.product("vault_secret_delete", {"id": secret_id}, as_=theirs)
    assert res.error == "VaultSecretNotFoundError"
    async with xact(user=theirs.user, organization=theirs.organization) as q:
        with pytest.raises(Exception, match="not found"):
            await vault_fetch(q, secret_id)


async def test_a_ciphertext_moved_to_another_row_or_organization_does_not_decrypt(t: TFix) -> None:
    mine, theirs = await t.factory.customer(), await t.factory.customer()
    a = (await t.rpc.product("vault_secret_create", {"name": "a", "value": "A"}, as_=mine)).data[
        "id"
    ]
    b = (await t.rpc.product("vault_secret_create", {"name": "b", "value": "B"}, as_=mine)).data[
        "id"
    ]
    c = (await t.rpc.product("vault_secret_create", {"name": "c", "value": "C"}, as_=theirs)).data[
        "id"
    ]
    async with xact() as q:  # an attacker with database access copies ciphertexts around
        await q.conn.execute(
            "UPDATE vaulted_secrets SET ciphertext = (SELECT ciphertext FROM vaulted_secrets"
            " WHERE id = $1) WHERE id = ANY($2)",
            a,
            [b, c],
        )
    async with xact() as q:
        with pytest.raises(VaultError):
            await vault_fetch(q, b)
        with pytest.raises(VaultError):
            await vault_fetch(q, c)
        assert await vault_fetch(q, a) == "A"
