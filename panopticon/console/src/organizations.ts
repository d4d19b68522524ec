/** Organizations: search, and one organization's page (members, invites, secret names,
 * custom roles, two-factor policy, domains, SCIM tokens). */

import type { RPCOutput } from "@blossom/rpc/client";
import type { PanopticonRPCs } from "@blossom/rpc/panopticon";

import { api, describe } from "./api.js";
import { failure, isSuperadmin, link, loading, navigate, page, type View } from "./app.js";
import { reasonDialog } from "./dialog.js";
import { facts, h, notice, table } from "./dom.js";
import { flash, takeFlash } from "./flash.js";
import { when } from "./format.js";
import { pager, searchForm } from "./search.js";
import { storyPanel } from "./story.js";
import { enabledBadge } from "./users.js";

type OrganizationGet = RPCOutput<PanopticonRPCs, "organization_get">;
type Member = OrganizationGet["members"][number];

/** Members listed on the page (the server sends one more to tell there are more). */
const MEMBERS_SHOWN = 100;
type Invite = OrganizationGet["pending_invites"][number];
type Domain = OrganizationGet["domains"][number];

const ROLES = ["owner", "admin", "member"] as const;

export async function organizationsPage(view: View): Promise<void> {
  const query = view.params.get("query") ?? "";
  const cursor = view.params.get("cursor");
  loading(view, "Organizations");
  const res = await api.call("organizations_search", { query, cursor, limit: 50 });
  const form = searchForm("/organizations", "Search organizations", [
    { name: "query", label: "Name or organization id", value: query },
  ]);
  if (!res.ok) return page(view, "Organizations", form, failure(res));
  const { items: organizations, next_cursor } = res.data;
  page(
    view,
    "Organizations",
    form,
    table(
      query ? `Organizations matching “${query}”` : "Newest organizations",
      ["Name", "Members", "Source", "Created", "Id"],
      organizations,
      (o) => [
        h("a", { href: link(`/organizations/${encodeURIComponent(o.id)}`) }, o.name),
        String(o.members_count),
        o.inbound_source,
        when(o.created_at),
        h("span", { class: "mono" }, o.id),
      ],
      "No organization matches.",
    ),
    pager("/organizations", view.params, next_cursor),
  );
}

export async function organizationPage(view: View): Promise<void> {
  const organizationId = view.parts[0] ?? "";
  loading(view, "Organization");
  const res = await api.call("organization_get", { organization_id: organizationId });
  if (!res.ok) {
    return page(
      view,
      "Organization",
      failure(res),
      h("p", {}, h("a", { href: link("/organizations") }, "Back to organizations")),
    );
  }
  const { organization, members, pending_invites, secret_names, roles, domains, scim_tokens, storytime } =
    res.data;
  const superadmin = isSuperadmin(view.admin);
  const ssoRes = await api.call("organization_sso_get", { organization_id: organization.id });
  const sso = ssoRes.ok ? ssoRes.data : null;
  const reload = (message: string) => {
    flash(message);
    navigate(link(`/organizations/${encodeURIComponent(organization.id)}`));
  };

  const memberActions = (m: Member) => {
    const role = h("button", { type: "button", class: "small", disabled: !superadmin }, "Change role");
    role.addEventListener("click", async () => {
      await reasonDialog({
        title: `Change the role of ${m.name || m.email}`,
        description: `Currently ${m.role} in ${organization.name}. An organization keeps at least one owner.`,
        confirm: "Change role",
        fields: [{ name: "role", label: "New role", kind: "select", value: m.role, options: ROLES }],
        submit: async (reason, values) => {
          const done = await api.call("membership_set_role", {
            organization_id: organization.id,
            user_id: m.user_id,
            role: values["role"] as Member["role"],
            reason,
          });
          if (!done.ok) return describe(done);
          reload(done.data.changed ? "Role changed." : "The role was already that.");
          return null;
        },
      });
    });
    const remove = h("button", { type: "button", class: "small danger", disabled: !superadmin }, "Remove");
    remove.addEventListener("click", async () => {
      await reasonDialog({
        title: `Remove ${m.name || m.email} from ${organization.name}`,
        description: "The user loses access to this organization.",
        confirm: "Remove member",
        danger: true,
        submit: async (reason) => {
          const done = await api.call("membership_remove", { organization_id: organization.id, user_id: m.user_id, reason });
          if (!done.ok) return describe(done);
          reload("Member removed.");
          return null;
        },
      });
    });
    return h("div", { class: "actions" }, role, remove);
  };

  const inviteActions = (invite: Invite) => {
    const resend = h("button", { type: "button", class: "small" }, "Resend");
    resend.addEventListener("click", async () => {
      await reasonDialog({
        title: `Resend the invite to ${invite.email}`,
        description: "A new code is emailed to the invitee; the old one stops working.",
        confirm: "Resend invite",
        submit: async (reason) => {
          const done = await api.call("invite_resend", { invite_id: invite.invite_id, reason });
          if (!done.ok) return describe(done);
          reload(`Invite re-sent to ${done.data.email}.`);
          return null;
        },
      });
    });
    const revoke = h("button", { type: "button", class: "small danger" }, "Revoke");
    revoke.addEventListener("click", async () => {
      await reasonDialog({
        title: `Revoke the invite to ${invite.email}`,
        description: "Its code stops working.",
        confirm: "Revoke invite",
        danger: true,
        submit: async (reason) => {
          const done = await api.call("invite_revoke", { invite_id: invite.invite_id, reason });
          if (!done.ok) return describe(done);
          reload("Invite revoked.");
          return null;
        },
      });
    });
    return h("div", { class: "actions" }, resend, revoke);
  };

  const domainActions = (domain: Domain) => {
    const remove = h("button", { type: "button", class: "small danger", disabled: !superadmin }, "Remove");
    remove.addEventListener("click", async () => {
      await reasonDialog({
        title: `Remove the domain ${domain.domain} from ${organization.name}`,
        description: "Its suggestions and automatic join stop; members who joined through it stay.",
        confirm: "Remove domain",
        danger: true,
        submit: async (reason) => {
          const done = await api.call("organization_domain_remove", {
            organization_id: organization.id,
            domain: domain.domain,
            reason,
          });
          if (!done.ok) return describe(done);
          reload("Domain removed.");
          return null;
        },
      });
    });
    return h("div", { class: "actions" }, remove);
  };

  const ssoSection = () => {
    if (!ssoRes.ok) return h("section", {}, h("h2", {}, "Single sign-on"), failure(ssoRes));
    if (sso === null) return h("section", {}, h("h2", {}, "Single sign-on"), h("p", { class: "muted" }, "No single sign-on connection."));
    const remove = h("button", { type: "button", class: "small danger", disabled: !superadmin }, "Remove connection");
    remove.addEventListener("click", async () => {
      await reasonDialog({
        title: `Remove the single sign-on connection of ${organization.name}`,
        description: "Its members sign in with their other methods again; enforcement ends with it.",
        confirm: "Remove connection",
        danger: true,
        submit: async (reason) => {
          const done = await api.call("organization_sso_remove", { organization_id: organization.id, reason });
          if (!done.ok) return describe(done);
          reload("Single sign-on connection removed.");
          return null;
        },
      });
    });
    return h(
      "section",
      {},
      h("h2", {}, "Single sign-on"),
      facts([
        ["Protocol", sso.protocol === "saml" ? "SAML 2.0" : "OpenID Connect"],
        ["Identity provider", h("span", { class: "mono" }, sso.oidc_issuer ?? sso.saml_idp_entity_id ?? "")],
        ["Client id", sso.oidc_client_id ? h("span", { class: "mono" }, sso.oidc_client_id) : "(SAML)"],
        ["Default role", sso.default_role],
        ["Enforced", sso.enforce ? (sso.owners_break_glass ? "yes (owners keep password sign-in)" : "yes, for everyone") : "no"],
        ["Updated", when(sso.updated_at)],
      ]),
      h("div", { class: "actions" }, remove),
    );
  };

  page(
    view,
    organization.name,
    takeFlash(),
    facts([
      ["Organization id", h("span", { class: "mono" }, organization.id)],
      ["Source", organization.inbound_source],
      ["Created", when(organization.created_at)],
      ["Updated", when(organization.updated_at)],
      ["Two-factor", organization.require_mfa ? "required of every member" : "not required"],
    ]),
    superadmin ? null : h("p", { class: "muted" }, "Membership changes need a superadmin."),
    table(
      "Members",
      ["Name", "Email", "Status", "Role", "Joined", ""],
      members.slice(0, MEMBERS_SHOWN),
      (m) => [
        h("a", { href: link(`/users/${encodeURIComponent(m.user_id)}`) }, m.name || "(no name)"),
        m.email,
        enabledBadge(m.is_enabled),
        m.role,
        when(m.joined_at),
        memberActions(m),
      ],
      "No active members.",
    ),
    h(
      "p",
      {},
      members.length > MEMBERS_SHOWN ? `The first ${MEMBERS_SHOWN} members are shown. ` : null,
      h("a", { href: link("/users", { organization_id: organization.id }) }, "Every member, page by page, with filters and sorting"),
    ),
    table(
      "Pending invites",
      ["Email", "Role", "Sent", "Expires", ""],
      pending_invites,
      (invite) => [invite.email, invite.role, when(invite.created_at), when(invite.expires_at), inviteActions(invite)],
      "No pending invites.",
    ),
    table(
      "Vault secrets (names only)",
      ["Name", "Created"],
      secret_names,
      (secret) => [h("span", { class: "mono" }, secret.name), when(secret.created_at)],
      "No secrets.",
    ),
    table(
      "Custom roles",
      ["Name", "Permissions", "Members"],
      roles,
      (role) => [role.name, h("span", { class: "mono" }, role.permissions.join(", ") || "(none)"), String(role.members)],
      "No custom roles (owner, admin and member only).",
    ),
    table(
      "Domains",
      ["Domain", "Enrollment", "Verified", "Failed re-checks", "Added", ""],
      domains,
      (domain) => [
        h("span", { class: "mono" }, domain.domain),
        domain.enrollment,
        domain.verified_at ? when(domain.verified_at) : "not verified",
        String(domain.check_failures),
        when(domain.created_at),
        domainActions(domain),
      ],
      "No domains.",
    ),
    ssoSection(),
    table(
      "SCIM tokens (names and use only)",
      ["Name", "Created", "Last used", "Revoked"],
      scim_tokens,
      (token) => [
        token.name,
        when(token.created_at),
        token.last_used_at ? when(token.last_used_at) : "never",
        token.revoked_at ? when(token.revoked_at) : "",
      ],
      "No SCIM tokens.",
    ),
    h("p", {}, h("a", { href: link("/audit", { target: organization.id }) }, "Audit entries about this organization")),
    storyPanel(storytime),
  );
}
