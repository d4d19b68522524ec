from typing import Any

import pytest

from database.testing import harness
from database.testing.factory import Customer
from foundation.base.errors import NotFoundError
from foundation.crypto.vault import VaultError
from foundation.testing.fixture import TFix
from product.db import DB, xact_admin
from product.framework.permissions import InsufficientRoleError
from product.vault.routes import (
    VaultSecretCreateIn,
    VaultSecretDeleteIn,
    VaultSecretNotFoundError,
    vault_secret_create,
    vault_secret_delete,
    vault_secrets_list,
)
from product.vault.secrets import vault_fetch


async def test_create_list_fetch_delete(t: TFix) -> None:
    c = await t.factory.customer(role="admin")
    res = await t.rpc.call(
        vault_secret_create, VaultSecretCreateIn(name="Stripe", value="sk_live_1"), as_=c
    )
    # The wire body itself: exactly these fields (the typed output would drop extra ones).
    assert res.status == 200 and set(res.response.body) == {"id", "name", "created_at"}
    secret_id = res.output.id
    listed = await t.rpc.call(vault_secrets_list, as_=c)
    assert [(s.id, s.name) for s in listed.output.items] == [(secret_id, "Stripe")]
    assert "sk_live_1" not in str(listed.response.body)
    assert "sk_live_1" not in str(res.response.body)
    async with DB.xact_customer(user=c.user, organization=c.organization) as q:
        assert await vault_fetch(q, secret_id) == "sk_live_1"
        stored = (await harness(q).test_vault_secret_fetch(id=secret_id)).ciphertext
    assert stored is not None and b"sk_live_1" not in stored
    deleted = await t.rpc.call(vault_secret_delete, VaultSecretDeleteIn(id=secret_id), as_=c)
    assert deleted.output is None
    async with xact_admin() as q:
        story: Any = (await harness(q).test_organization_fetch(id=c.organization.id)).storytime
    assert story is not None and story["events"][-1]["by"] == c.user.id
    assert secret_id in story["events"][-1]["did"]
    again = await t.rpc.call(vault_secret_delete, VaultSecretDeleteIn(id=secret_id), as_=c)
    assert again.expect_error(VaultSecretNotFoundError) == VaultSecretNotFoundError(id=secret_id)


async def test_members_list_but_cannot_write(t: TFix) -> None:
    owner = await t.factory.customer()
    member = await t.factory.user()
    await t.factory.membership(user=member, organization=owner.organization, role="member")
    created = await t.rpc.call(
        vault_secret_create, VaultSecretCreateIn(name="k", value="v"), as_=owner
    )
    org = owner.organization
    listed = await t.rpc.call(vault_secrets_list, as_=member, organization=org)
    assert len(listed.output.items) == 1
    res = await t.rpc.call(
        vault_secret_create, VaultSecretCreateIn(name="k2", value="v"), as_=member, organization=org
    )
    res.expect_error(InsufficientRoleError)
    res = await t.rpc.call(
        vault_secret_delete,
        VaultSecretDeleteIn(id=created.output.id),
        as_=member,
        organization=org,
    )
    res.expect_error(InsufficientRoleError)


async def test_other_organizations_cannot_see_or_delete(t: TFix) -> None:
    mine, theirs = await t.factory.customer(), await t.factory.customer()
    created = await t.rpc.call(
        vault_secret_create, VaultSecretCreateIn(name="k", value="v"), as_=mine
    )
    secret_id = created.output.id
    assert (await t.rpc.call(vault_secrets_list, as_=theirs)).output.items == []
    res = await t.rpc.call(vault_secret_delete, VaultSecretDeleteIn(id=secret_id), as_=theirs)
    res.expect_error(VaultSecretNotFoundError)
    async with DB.xact_customer(user=theirs.user, organization=theirs.organization) as q:
        with pytest.raises(NotFoundError, match="not found"):
            await vault_fetch(q, secret_id)


async def test_a_ciphertext_moved_to_another_row_or_organization_does_not_decrypt(t: TFix) -> None:
    mine, theirs = await t.factory.customer(), await t.factory.customer()

    async def create(name: str, value: str, as_: Customer) -> str:
        res = await t.rpc.call(
            vault_secret_create, VaultSecretCreateIn(name=name, value=value), as_=as_
        )
        return res.output.id

    a = await create("a", "A", mine)
    b = await create("b", "B", mine)
    c = await create("c", "C", theirs)
    async with xact_admin() as q:  # an attacker with database access copies ciphertexts around
        await harness(q).test_vault_ciphertext_copy(source=a, ids=[b, c])
    async with xact_admin() as q:
        with pytest.raises(VaultError):
            await vault_fetch(q, b)
        with pytest.raises(VaultError):
            await vault_fetch(q, c)
        assert await vault_fetch(q, a) == "A"
