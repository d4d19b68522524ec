"""Property: whatever sequence of tenancy RPCs runs, no read RPC ever shows a user anything
of an organization they are not an active member of.

A hypothesis state machine drives random organization, membership, invite, vault and API
key RPCs for 3 organizations and 6 users, then asks every read RPC as every user, and with
every API key made along the way, and checks each answer against the memberships in the
database: a key answers only for its own organization, and only while its user is still a
member (an organization key: an owner or admin) and it is not revoked.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from database.__codegen__.enums import OrganizationRoleEnum
from database.pool import close_pool
from database.testing import harness
from database.xact import xact_admin
from foundation.rpc.pages import MAX_LIMIT, PageIn
from foundation.rpc.req import Req
from foundation.rpc.route import Route
from foundation.testing.fixture import TFix
from foundation.testing.rpc import RPCResult
from foundation.testing.timeouts import STARTS_PROCESSES
from product.api_keys.routes import ApiKeyCreateIn, ApiKeyRevokeIn, api_key_create, api_key_revoke
from product.auth.routes import init, sessions_list
from product.framework import PRODUCT
from product.invites.routes import (
    InviteAcceptIn,
    InviteCreateIn,
    invite_accept,
    invite_create,
    invites_list,
)
from product.organizations.routes import (
    MemberRemoveIn,
    MemberRoleIn,
    OrganizationCreateIn,
    OrganizationSwitchIn,
    OrganizationUpdateIn,
    organization_create,
    organization_leave,
    organization_member_remove,
    organization_member_update_role,
    organization_members_list,
    organization_switch,
    organization_update,
)
from product.vault.routes import VaultSecretCreateIn, vault_secret_create, vault_secrets_list

COOKIE = PRODUCT.cookie
USERS = 6
ROLE_VALUES: tuple[OrganizationRoleEnum, ...] = ("owner", "admin", "member")
ROLES = st.sampled_from(ROLE_VALUES)
In = TypeVar("In")
Out = TypeVar("Out")
KEY_SCOPES = ["members:read", "invites:read", "vault:read"]

# Hundreds of RPCs over 12 examples of 20 steps: past 30 s on a loaded 2-core machine (it
# timed out in a full run); foundation/testing/timeouts.py.
pytestmark = STARTS_PROCESSES


@dataclass
class Key:
    key: str
    id: str
    user_id: str
    organization_id: str
    kind: str
    revoked: bool = False


class Tenancy(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.t = TFix()
        self.cookies: list[str] = []
        self.user_ids: list[str] = []
        self.emails: list[str] = []
        self.organization_ids: list[str] = []
        self.keys: list[Key] = []

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    @overload
    def call(self, who: int, route: Route[Req[None], Out], data: None = None) -> RPCResult[Out]: ...

    @overload
    def call(self, who: int, route: Route[Req[In], Out], data: In) -> RPCResult[Out]: ...

    def call(self, who: int, route: Route[Req[Any], Out], data: Any = None) -> RPCResult[Out]:
        """`route` called with `data` as user `who` (their current session cookie)."""
        response: RPCResult[Out] = self.run(
            self.t.rpc.call(route, data, cookies={COOKIE: self.cookies[who]})
        )
        assert response.status < 500, (route.name, response.response.body)
        if response.cookies.get(COOKIE):  # a new session (e.g. accepting an invite)
            self.cookies[who] = response.cookies[COOKIE]
        return response

    @initialize()
    def tenants(self) -> None:
        async def setup() -> None:
            for i in range(USERS):
                if i < 3:
                    customer = await self.t.factory.customer()
                    user, organization = customer.user, customer.organization
                    self.organization_ids.append(organization.id)
                else:
                    user, organization = await self.t.factory.user(), None
                session = await self.t.factory.session(user=user, organization=organization)
                self.cookies.append(await self.t.rpc.cookie(PRODUCT, session))
                self.user_ids.append(user.id)
                self.emails.append(user.email)

        self.run(setup())
        # Every owner starts with a key of each kind: removals and leaves reach them often.
        for who in range(3):
            self.make_key(who, organization_key=False)
            self.make_key(who, organization_key=True)

    @rule(inviter=st.integers(0, USERS - 1), invitee=st.integers(0, USERS - 1), role=ROLES)
    def invite_and_accept(self, inviter: int, invitee: int, role: OrganizationRoleEnum) -> None:
        created = self.call(
            inviter, invite_create, InviteCreateIn(email=self.emails[invitee], role=role)
        )
        if created.status == 200:
            self.call(invitee, invite_accept, InviteAcceptIn(code=created.output.code))

    @rule(who=st.integers(0, USERS - 1), organization=st.integers(0, 8))
    def switch(self, who: int, organization: int) -> None:
        if organization < len(self.organization_ids):
            target = self.organization_ids[organization]
            self.call(who, organization_switch, OrganizationSwitchIn(organization_id=target))

    @rule(who=st.integers(0, USERS - 1))
    def create_organization(self, who: int) -> None:
        created = self.call(who, organization_create, OrganizationCreateIn(name=f"Org by {who}"))
        if created.status == 200:
            self.organization_ids.append(created.output.id)

    @rule(actor=st.integers(0, USERS - 1), subject=st.integers(0, USERS - 1), role=ROLES)
    def change_role(self, actor: int, subject: int, role: OrganizationRoleEnum) -> None:
        data = MemberRoleIn(user_id=self.user_ids[subject], role=role)
        self.call(actor, organization_member_update_role, data)

    @rule(actor=st.integers(0, USERS - 1), subject=st.integers(0, USERS - 1))
    def remove(self, actor: int, subject: int) -> None:
        data = MemberRemoveIn(user_id=self.user_ids[subject])
        self.call(actor, organization_member_remove, data)

    @rule(who=st.integers(0, USERS - 1))
    def leave(self, who: int) -> None:
        self.call(who, organization_leave)

    @rule(who=st.integers(0, USERS - 1), name=st.text(min_size=1, max_size=8))
    def store_secret(self, who: int, name: str) -> None:
        self.call(who, vault_secret_create, VaultSecretCreateIn(name=name, value="secret"))

    @rule(who=st.integers(0, USERS - 1), organization_key=st.booleans())
    def make_key(self, who: int, organization_key: bool) -> None:
        current = self.call(who, init).output.organization
        kind = "organization" if organization_key else "personal"
        data = ApiKeyCreateIn(name="k", scopes=KEY_SCOPES, kind=kind)
        created = self.call(who, api_key_create, data)
        if created.status == 200:
            assert current is not None
            out = created.output
            self.keys.append(Key(out.key, out.api_key.id, self.user_ids[who], current.id, kind))

    @rule(who=st.integers(0, USERS - 1), key=st.integers(0, 20))
    def revoke_key(self, who: int, key: int) -> None:
        if key < len(self.keys):
            revoked = self.call(who, api_key_revoke, ApiKeyRevokeIn(id=self.keys[key].id))
            if revoked.status == 200:
                self.keys[key].revoked = True

    @rule(key=st.integers(0, 20))
    def key_holder_leaves(self, key: int) -> None:
        """The holder of a key leaves the key's organization (if they may)."""
        if key < len(self.keys):
            holder = self.user_ids.index(self.keys[key].user_id)
            target = OrganizationSwitchIn(organization_id=self.keys[key].organization_id)
            if self.call(holder, organization_switch, target).status == 200:
                self.call(holder, organization_leave)

    @rule(who=st.integers(0, USERS - 1))
    def rename(self, who: int) -> None:
        self.call(who, organization_update, OrganizationUpdateIn(name=f"Renamed by {who}"))

    def teardown(self) -> None:
        try:
            self.check_every_read()
        finally:
            self.run(close_pool())
            self.loop.close()

    def check_every_read(self) -> None:
        async def truth() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
            async with xact_admin() as q:
                ids = self.organization_ids
                memberships = await harness(q).test_active_memberships(organization_ids=ids)
                invites = await harness(q).test_invites_of(organization_ids=ids)
                secrets = await harness(q).test_vault_secrets_of(organization_ids=ids)
            orgs_of: dict[str, set[str]] = defaultdict(set)
            members_of: dict[str, set[str]] = defaultdict(set)
            for m in memberships:
                orgs_of[m.user_id].add(m.organization_id)
                members_of[m.organization_id].add(m.user_id)
                roles[m.user_id, m.organization_id] = m.role
            owned: dict[str, set[str]] = defaultdict(set)
            for row in [*invites, *secrets]:
                owned[row.organization_id].add(row.id)
            return orgs_of, members_of, owned

        roles: dict[tuple[str, str], str] = {}
        orgs_of, members_of, owned = self.run(truth())
        for who, user_id in enumerate(self.user_ids):
            mine = orgs_of[user_id]
            shown = self.call(who, init).output
            assert {o.id for o in shown.available_organizations} == mine
            current = shown.organization.id if shown.organization else None
            assert current is None or current in mine
            members = self.call(who, organization_members_list, PageIn(limit=MAX_LIMIT))
            invites = self.call(who, invites_list, PageIn(limit=MAX_LIMIT))
            secrets = self.call(who, vault_secrets_list, PageIn(limit=MAX_LIMIT))
            if current is None:
                assert {members.status, invites.status, secrets.status} == {400}
                continue
            assert {m.user_id for m in members.output.items} == members_of[current]
            assert {i.invite_id for i in invites.output.items} <= owned[current]
            assert {s.id for s in secrets.output.items} <= owned[current]
            sessions = self.call(who, sessions_list, PageIn(limit=MAX_LIMIT)).output.items
            assert len(sessions) == 1 and sessions[0].current
        for key in self.keys:
            role = roles.get((key.user_id, key.organization_id))
            # An organization key is the organization's own: its maker leaving changes nothing.
            works = not key.revoked and (key.kind == "organization" or role is not None)
            members = self.with_key(key.key, organization_members_list)
            invites = self.with_key(key.key, invites_list)
            secrets = self.with_key(key.key, vault_secrets_list)
            if not works:
                assert {members.status, invites.status, secrets.status} == {401}, key
                continue
            assert {m.user_id for m in members.output.items} == members_of[key.organization_id]
            assert {i.invite_id for i in invites.output.items} <= owned[key.organization_id]
            assert {s.id for s in secrets.output.items} <= owned[key.organization_id]

    def with_key(self, key: str, route: Route[Req[PageIn], Out]) -> RPCResult[Out]:
        """`route` called with the API key `key` (no cookie)."""
        response: RPCResult[Out] = self.run(
            self.t.rpc.call(
                route, PageIn(limit=MAX_LIMIT), headers={"Authorization": f"Bearer {key}"}
            )
        )
        assert response.status < 500, (route.name, response.response.body)
        return response


Tenancy.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_tenancy_never_leaks_across_organizations = Tenancy.TestCase
