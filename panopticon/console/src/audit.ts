/** The audit log: every admin mutation, newest first, filterable by admin, target and action. */

import { api, describe } from "./api.js";
import { failure, link, loading, page, type View } from "./app.js";
import { h, notice, table } from "./dom.js";
import { when } from "./format.js";
import { pager, searchForm } from "./search.js";

/** The id's page in the console, when it names a user or an organization. */
function targetLink(target: string): HTMLElement {
  const path = target.startsWith("usr_") ? "/users/" : target.startsWith("org_") ? "/organizations/" : null;
  const text = h("span", { class: "mono" }, target);
  return path ? h("a", { href: link(`${path}${encodeURIComponent(target)}`) }, text) : text;
}

function diffText(diff: unknown): string {
  if (diff === null || diff === undefined) return "";
  if (typeof diff !== "object") return String(diff);
  return Object.entries(diff as Record<string, unknown>)
    .map(([key, value]) => {
      if (value !== null && typeof value === "object" && "before" in value && "after" in value) {
        const change = value as { before: unknown; after: unknown };
        return `${key}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`;
      }
      return `${key}: ${JSON.stringify(value)}`;
    })
    .join("; ");
}

/** The actions the audit log records (suggestions for the filter; it takes any text). */
const ACTIONS = [
  "admin.grant",
  "email.resend",
  "invite.resend",
  "invite.revoke",
  "login.lockout_clear",
  "membership.remove",
  "membership.set_role",
  "user.delete",
  "user.disable",
  "user.enable",
  "user.impersonate",
  "user.mfa_reset",
  "user.sessions_expire",
] as const;

/** An admin filter typed as an email: the admin's user id (null when nobody has it). */
async function adminIdOf(typed: string): Promise<string | null> {
  if (!typed.includes("@")) return typed;
  const found = await api.call("users_search", { query: typed, limit: 5 });
  if (!found.ok) return null;
  return found.data.users.find((user) => user.email.toLowerCase() === typed.toLowerCase())?.id ?? null;
}

export async function auditPage(view: View): Promise<void> {
  const filters = {
    admin_id: view.params.get("admin_id") ?? "",
    target: view.params.get("target") ?? "",
    action: view.params.get("action") ?? "",
  };
  loading(view, "Audit log");
  const adminId = filters.admin_id ? await adminIdOf(filters.admin_id) : null;
  const res = await api.call("audit_log_list", {
    // An email nobody has matches no entry (an id no admin has).
    admin_id: filters.admin_id ? (adminId ?? "usr_nobody") : null,
    target: filters.target || null,
    action: filters.action || null,
    cursor: view.params.get("cursor"),
    limit: 50,
  });
  const form = searchForm("/audit", "Filter the audit log", [
    { name: "target", label: "Target (id or email)", value: filters.target },
    { name: "action", label: "Action", value: filters.action, placeholder: "user.disable", options: ACTIONS },
    { name: "admin_id", label: "Admin (email or user id)", value: filters.admin_id },
  ]);
  const scope =
    view.admin.role === "superadmin" ? null : h("p", { class: "muted" }, "As a support admin you see your own entries.");
  if (!res.ok) return page(view, "Audit log", form, failure(res));
  const { entries, next_cursor } = res.data;
  page(
    view,
    "Audit log",
    form,
    scope,
    table(
      "Entries, newest first",
      ["When", "Admin", "Action", "Target", "Reason", "Change"],
      entries,
      (entry) => [
        h("time", { datetime: entry.at }, when(entry.at)),
        entry.admin_id ? h("a", { href: link(`/users/${encodeURIComponent(entry.admin_id)}`) }, entry.actor) : entry.actor,
        h("span", { class: "mono" }, entry.action),
        targetLink(entry.target),
        entry.reason,
        diffText(entry.diff),
      ],
      "No entries.",
    ),
    pager("/audit", view.params, next_cursor),
  );
}
