/** Users: search, and one user's page with the actions an admin can take on them. */

import type { ISODate, RPCInput, RPCOutput } from "@blossom/rpc/client";
import type { PanopticonRPCs } from "@blossom/rpc/panopticon";

import { api, describe } from "./api.js";
import { failure, isSuperadmin, link, loading, navigate, page, type View } from "./app.js";
import { reasonDialog } from "./dialog.js";
import { facts, h, notice, replace, table } from "./dom.js";
import { flash, takeFlash } from "./flash.js";
import { plural, when } from "./format.js";
import { searchForm, totalPager } from "./search.js";
import { storyPanel } from "./story.js";

type UserGet = RPCOutput<PanopticonRPCs, "user_get">;
type Membership = UserGet["memberships"][number];

const ROLES = ["owner", "admin", "member"] as const;

/** Why a superadmin-only action is disabled (its tooltip). */
const NEEDS_SUPERADMIN = "Needs a superadmin.";

export function enabledBadge(enabled: boolean): HTMLElement {
  return h("span", { class: enabled ? "badge on" : "badge off" }, enabled ? "enabled" : "disabled");
}

type Sort = NonNullable<RPCInput<PanopticonRPCs, "users_search">["sort"]>;

const SORTS: readonly Sort[] = ["newest", "oldest", "email", "email_desc"];
const PAGE_SIZES = ["25", "50", "100", "200"] as const;

/** A `YYYY-MM-DD` parameter (a date field's value) as an `ISODate`; anything else: null. */
function dayParam(value: string | null): ISODate | null {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? (value as ISODate) : null;
}

/** "yes" / "no" / "" (either) of a filter's parameter, as the route's boolean or null. */
function yesNo(value: string | null): boolean | null {
  return value === "yes" ? true : value === "no" ? false : null;
}

/**
 * A column header that sorts the list: a link to the list in `ascending` order, or to the
 * reverse when it is already sorted that way (an index serves both: only such columns sort).
 */
function sortHeader(label: string, params: URLSearchParams, sort: Sort, ascending: Sort, descending: Sort): HTMLTableCellElement {
  const current = Object.fromEntries(params.entries());
  const state = sort === ascending ? "ascending" : sort === descending ? "descending" : "none";
  const to = sort === ascending ? descending : ascending;
  const arrow = state === "ascending" ? " ↑" : state === "descending" ? " ↓" : "";
  return h(
    "th",
    { scope: "col", "aria-sort": state },
    h("a", { href: link("/users", { ...current, sort: to === "newest" ? null : to, cursor: null }), title: `Sort by ${label.toLowerCase()}` }, label + arrow),
  );
}

export async function usersPage(view: View): Promise<void> {
  const p = view.params;
  const query = p.get("query") ?? "";
  const sortParam = p.get("sort") ?? "newest";
  const sort: Sort = (SORTS as readonly string[]).includes(sortParam) ? (sortParam as Sort) : "newest";
  const cursor = p.get("cursor") || null;
  const limit = (PAGE_SIZES as readonly string[]).includes(p.get("limit") ?? "") ? Number(p.get("limit")) : 50;
  loading(view, "Users");
  const res = await api.call("users_search", {
    query,
    is_enabled: yesNo(p.get("enabled")),
    verified: yesNo(p.get("verified")),
    has_mfa: yesNo(p.get("mfa")),
    organization_id: p.get("organization_id") || null,
    created_from: dayParam(p.get("created_from")),
    created_to: dayParam(p.get("created_to")),
    sort,
    cursor,
    limit,
  });
  const either = (yes: string, no: string) =>
    [
      ["", "Any"],
      ["yes", yes],
      ["no", no],
    ] as const;
  const form = searchForm("/users", "Search users", [
    { name: "query", label: "Email, name or user id", value: query, placeholder: "ada@ or @example.com" },
    { name: "enabled", label: "Status", value: p.get("enabled") ?? "", choices: either("Enabled", "Disabled") },
    { name: "verified", label: "Email", value: p.get("verified") ?? "", choices: either("Verified", "Not verified") },
    { name: "mfa", label: "Two-factor", value: p.get("mfa") ?? "", choices: either("On", "Off") },
    { name: "organization_id", label: "Organization id", value: p.get("organization_id") ?? "", placeholder: "org_…" },
    { name: "created_from", label: "Created from", value: p.get("created_from") ?? "", type: "date" },
    { name: "created_to", label: "Created until", value: p.get("created_to") ?? "", type: "date" },
    { name: "sort", label: "Sort", value: sort, choices: [["newest", "Newest first"], ["oldest", "Oldest first"], ["email", "Email A–Z"], ["email_desc", "Email Z–A"]] },
    { name: "limit", label: "Per page", value: String(limit), choices: PAGE_SIZES.map((size) => [size, size] as const) },
  ]);
  if (!res.ok) return page(view, "Users", form, failure(res));
  const { items: users, next_cursor, total, total_kind } = res.data;
  const filtered = ["query", "enabled", "verified", "mfa", "organization_id", "created_from", "created_to"].some((name) => p.get(name));
  const pager = (label: string) =>
    totalPager("/users", p, next_cursor, { total, total_kind }, total === 1 ? "user" : "users", label);
  page(
    view,
    "Users",
    takeFlash(),
    form,
    pager("Pages"),
    table(
      filtered ? "Users matching the search" : "Users",
      [
        "Name",
        sortHeader("Email", p, sort, "email", "email_desc"),
        "Status",
        "Verified",
        "Sign-up",
        p.get("organization_id") ? "Role" : "Organizations",
        sortHeader("Created", p, sort, "oldest", "newest"),
        "Last visit",
      ],
      users,
      (user) => [
        h("a", { href: link(`/users/${encodeURIComponent(user.id)}`) }, user.name || "(no name)"),
        user.email,
        enabledBadge(user.is_enabled),
        user.verified ? "yes" : "no",
        user.signup_step,
        p.get("organization_id") ? (user.role ?? "not a member") : String(user.organizations_count),
        when(user.created_at),
        when(user.last_visited_at),
      ],
      "No user matches.",
    ),
    users.length > 10 ? pager("Pages, at the end of the list") : null,
  );
}

export async function userPage(view: View): Promise<void> {
  const userId = view.parts[0] ?? "";
  loading(view, "User");
  const res = await api.call("user_get", { user_id: userId });
  if (!res.ok) {
    return page(view, "User", failure(res), h("p", {}, h("a", { href: link("/users") }, "Back to users")));
  }
  const { user, memberships, sessions, login_failures, storytime } = res.data;
  const reload = (message: string) => {
    flash(message);
    navigate(link(`/users/${encodeURIComponent(user.id)}`));
  };
  const superadmin = isSuperadmin(view.admin);

  const toggle = h(
    "button",
    { type: "button", class: user.is_enabled ? "danger" : "primary", disabled: !superadmin, title: superadmin ? null : NEEDS_SUPERADMIN },
    user.is_enabled ? "Disable user" : "Enable user",
  );
  toggle.addEventListener("click", async () => {
    const enabled = !user.is_enabled;
    await reasonDialog({
      title: `${enabled ? "Enable" : "Disable"} ${user.name || user.email}`,
      description: enabled
        ? "The user can sign in again."
        : "Every product session of the user ends at once and their sign-ins are refused.",
      confirm: enabled ? "Enable user" : "Disable user",
      danger: !enabled,
      submit: async (reason) => {
        const done = await api.call("user_set_enabled", { user_id: user.id, enabled, reason });
        if (!done.ok) return describe(done);
        reload(
          enabled
            ? "User enabled."
            : `User disabled; ${plural(done.data.count, "product session")} ended.`,
        );
        return null;
      },
    });
  });

  const expire = h("button", { type: "button" }, "End product sessions");
  expire.addEventListener("click", async () => {
    await reasonDialog({
      title: `End the sessions of ${user.name || user.email}`,
      description: "Signs the user out of the product everywhere.",
      confirm: "End sessions",
      danger: true,
      submit: async (reason) => {
        const done = await api.call("user_sessions_expire", { user_id: user.id, reason });
        if (!done.ok) return describe(done);
        reload(`${plural(done.data.count, "product session")} ended.`);
        return null;
      },
    });
  });

  const lockout = h("button", { type: "button" }, "Clear login lockout");
  lockout.addEventListener("click", async () => {
    await reasonDialog({
      title: `Clear the login lockout of ${user.email}`,
      description: "Forgets the failed sign-ins of this email, so the user may try again at once.",
      confirm: "Clear lockout",
      submit: async (reason) => {
        const done = await api.call("login_lockout_clear", { email: user.email, reason });
        if (!done.ok) return describe(done);
        reload(`${plural(done.data.count, "failed sign-in")} forgotten.`);
        return null;
      },
    });
  });

  const mfaReset = h(
    "button",
    {
      type: "button",
      class: "danger",
      disabled: !superadmin || !user.mfa_enabled,
      title: !user.mfa_enabled ? "The user has no second factor to reset." : superadmin ? null : NEEDS_SUPERADMIN,
    },
    "Reset two-factor",
  );
  mfaReset.addEventListener("click", async () => {
    await reasonDialog({
      title: `Reset the two-factor authentication of ${user.name || user.email}`,
      description:
        "Deletes the user's authenticator secret and recovery codes, so the password alone signs in; the user is emailed.",
      confirm: "Reset two-factor",
      danger: true,
      submit: async (reason) => {
        const done = await api.call("user_mfa_reset", { user_id: user.id, reason });
        if (!done.ok) return describe(done);
        reload(done.data.changed ? "Two-factor authentication reset." : "Two-factor authentication was off.");
        return null;
      },
    });
  });

  const inactive = !user.is_enabled ? "The user is disabled: enable them first." : null;
  const resetSend = h("button", { type: "button", disabled: inactive !== null, title: inactive }, "Send password reset");
  resetSend.addEventListener("click", async () => {
    await reasonDialog({
      title: `Send a password reset to ${user.email}`,
      description: "Emails a link to choose a new password (valid 1 hour); older reset links stop working.",
      confirm: "Send password reset",
      submit: async (reason) => {
        const done = await api.call("user_password_reset_send", { user_id: user.id, reason });
        if (!done.ok) return describe(done);
        reload(`Password reset emailed to ${user.email}.`);
        return null;
      },
    });
  });

  const verifiedWhy = user.email_verified_at !== null ? "The email is already verified." : inactive;
  const verificationResend = h("button", { type: "button", disabled: verifiedWhy !== null, title: verifiedWhy }, "Resend verification");
  verificationResend.addEventListener("click", async () => {
    await reasonDialog({
      title: `Resend the verification email to ${user.email}`,
      description: "Emails a new verification link (valid 7 days); older ones stop working.",
      confirm: "Resend verification",
      submit: async (reason) => {
        const done = await api.call("user_verification_resend", { user_id: user.id, reason });
        if (!done.ok) return describe(done);
        reload(done.data.changed ? `Verification emailed to ${user.email}.` : "The email was already verified.");
        return null;
      },
    });
  });

  const edit = h(
    "button",
    { type: "button", disabled: !superadmin, title: superadmin ? null : NEEDS_SUPERADMIN },
    "Edit name and email",
  );
  edit.addEventListener("click", async () => {
    await reasonDialog({
      title: `Edit ${user.name || user.email}`,
      description:
        "A new email is unverified until the user proves it: the old address is told of the change and the new one gets a verification email.",
      confirm: "Save",
      fields: [
        { name: "name", label: "Name", kind: "text", value: user.name },
        { name: "email", label: "Email", kind: "email", value: user.email },
      ],
      submit: async (reason, values) => {
        const done = await api.call("user_update", {
          user_id: user.id,
          name: values["name"] ?? user.name,
          email: values["email"] ?? user.email,
          reason,
        });
        if (!done.ok) {
          return done.error === "EmailTakenError" ? "Another user has this email." : describe(done);
        }
        reload(done.data.changed ? "Name and email saved." : "Nothing changed.");
        return null;
      },
    });
  });

  const impersonate = h(
    "a",
    { href: link("/impersonation", { user_id: user.id }), class: "button-link" },
    "Impersonate…",
  );

  const remove = h(
    "button",
    { type: "button", class: "danger", disabled: !superadmin, title: superadmin ? null : NEEDS_SUPERADMIN },
    "Delete account",
  );
  remove.addEventListener("click", async () => {
    await reasonDialog({
      title: `Delete the account of ${user.name || user.email}`,
      description:
        "Deletes the account as the user could: refused while they are the last owner of an organization with other members. The user is emailed.",
      confirm: "Delete account",
      danger: true,
      submit: async (reason) => {
        const done = await api.call("user_delete", { user_id: user.id, reason });
        if (!done.ok) return describe(done);
        flash(`Account of ${user.email} deleted.`);
        navigate(link("/users"));
        return null;
      },
    });
  });

  // The activity summary: written by the configured LLM on request (takes seconds).
  const summaryBox = h("div", { class: "summary", "aria-live": "polite" });
  const summarize = h("button", { type: "button" }, "Summarize activity");
  summarize.addEventListener("click", async () => {
    summarize.disabled = true;
    replace(summaryBox, h("p", { class: "muted", role: "status" }, "Asking the model…"));
    const done = await api.call("user_activity_summary", { user_id: user.id });
    summarize.disabled = false;
    if (!done.ok) {
      replace(
        summaryBox,
        notice(
          "error",
          done.error === "ExternalServiceNotConfiguredError"
            ? "No language model is configured (LLM_API_KEY), so there is no summary."
            : describe(done),
        ),
      );
      return;
    }
    replace(
      summaryBox,
      h("p", {}, done.data.summary),
      h("p", { class: "muted" }, `From ${plural(done.data.events, "event")}.`),
    );
  });

  const membershipActions = (m: Membership) => {
    if (m.removed_at !== null) return h("span", { class: "muted" }, `removed ${when(m.removed_at)}`);
    const role = h("button", { type: "button", class: "small", disabled: !superadmin }, "Change role");
    role.addEventListener("click", async () => {
      await reasonDialog({
        title: `Change the role of ${user.name || user.email} in ${m.organization_name}`,
        description: `Currently ${m.role}. An organization keeps at least one owner.`,
        confirm: "Change role",
        fields: [{ name: "role", label: "New role", kind: "select", value: m.role, options: ROLES }],
        submit: async (reason, values) => {
          const done = await api.call("membership_set_role", {
            organization_id: m.organization_id,
            user_id: user.id,
            role: values["role"] as Membership["role"],
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
        title: `Remove ${user.name || user.email} from ${m.organization_name}`,
        description: "The user loses access to this organization.",
        confirm: "Remove member",
        danger: true,
        submit: async (reason) => {
          const done = await api.call("membership_remove", { organization_id: m.organization_id, user_id: user.id, reason });
          if (!done.ok) return describe(done);
          reload("Member removed.");
          return null;
        },
      });
    });
    return h("div", { class: "actions" }, role, remove);
  };

  page(
    view,
    user.name || user.email,
    takeFlash(),
    h(
      "div",
      { class: "columns" },
      facts([
        ["Email", user.email],
        ["Verified", user.email_verified_at ? `yes, ${when(user.email_verified_at)}` : h("span", { class: "badge off" }, "not verified")],
        ["Status", enabledBadge(user.is_enabled)],
        ["User id", h("span", { class: "mono" }, user.id)],
        ["Sign-up", user.signup_step],
        ["Password", user.has_password ? "set" : "none"],
        ["Two-factor", user.mfa_enabled ? "on" : "off"],
        ["Created", when(user.created_at)],
        ["Updated", when(user.updated_at)],
        ["Last visit", when(user.last_visited_at)],
      ]),
      h(
        "section",
        { class: "panel", "aria-labelledby": "actions-title" },
        h("h2", { id: "actions-title" }, "Actions"),
        h("div", { class: "actions" }, edit, toggle, expire, lockout, resetSend, verificationResend, mfaReset, impersonate, remove),
        user.mfa_enabled ? null : h("p", { class: "muted" }, "Reset two-factor: the user has no second factor."),
        superadmin
          ? null
          : h("p", { class: "muted" }, "Editing, enabling, disabling, two-factor resets and membership changes need a superadmin."),
      ),
    ),
    table(
      "Organizations",
      ["Organization", "Role", "Joined", ""],
      memberships,
      (m) => [
        h("a", { href: link(`/organizations/${encodeURIComponent(m.organization_id)}`) }, m.organization_name),
        m.role,
        when(m.joined_at),
        membershipActions(m),
      ],
      "Not a member of any organization.",
    ),
    table(
      "Product sessions",
      ["Session", "State", "Device", "Address", "Signed in with", "Created", "Last seen", "Expires", "Impersonated by"],
      sessions,
      (s) => [
        h("span", { class: "mono" }, s.session_id),
        s.state,
        `${s.browser} on ${s.os} (${s.device})`,
        h("span", { class: "mono" }, s.client_address ?? ""),
        [s.sign_in_method ?? "", s.second_factor ? ` + ${s.second_factor}` : ""].join(""),
        when(s.created_at),
        when(s.last_seen_at),
        s.ended_at ? `ended ${when(s.ended_at)}` : when(s.expires_at),
        s.impersonator_id ? h("a", { href: link(`/users/${encodeURIComponent(s.impersonator_id)}`), class: "mono" }, s.impersonator_id) : "",
      ],
      "No product sessions.",
    ),
    table(
      "Recent failed sign-ins",
      ["When", "App", "Client"],
      login_failures,
      (f) => [when(f.failed_at), f.app, h("span", { class: "mono" }, f.client)],
      "No failed sign-ins.",
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "summary-title" },
      h("h2", { id: "summary-title" }, "Activity summary"),
      h("div", { class: "actions" }, summarize),
      summaryBox,
    ),
    h(
      "p",
      { class: "actions" },
      h("a", { href: link("/audit", { target: user.id }) }, "Audit entries about this user"),
      h("a", { href: link("/emails", { to: user.email }) }, "Emails to this user"),
    ),
    storyPanel(storytime),
  );
}
