/** The audit log: every admin mutation, newest first, filterable by admin, target, action and days. */

import type { ISODate, RPCOutput } from "@blossom/rpc/client";
import type { PanopticonRPCs } from "@blossom/rpc/panopticon";

import { api, describe } from "./api.js";
import { failure, link, loading, page, type View } from "./app.js";
import { h, notice, table } from "./dom.js";
import { when } from "./format.js";
import { pager, searchForm } from "./search.js";

type Entry = RPCOutput<PanopticonRPCs, "audit_log_list">["items"][number];

/**
 * The target by name (a user's name and email, an organization's name), linking to its
 * page when it is a user or an organization, with the id as its tooltip; else the id.
 */
function targetLink(entry: Entry): HTMLElement {
  const { target, target_name, target_email } = entry;
  const path = target.startsWith("usr_") ? "/users/" : target.startsWith("org_") ? "/organizations/" : null;
  const label = [target_name, target_email && target_email !== target_name ? `(${target_email})` : null].filter(Boolean).join(" ");
  const text = label ? h("span", { title: target }, label) : h("span", { class: "mono" }, target);
  return path ? h("a", { href: link(`${path}${encodeURIComponent(target)}`), title: target }, text) : text;
}

/** A `YYYY-MM-DD` parameter as an `ISODate`; anything else: null. */
function dayParam(value: string | null): ISODate | null {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? (value as ISODate) : null;
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

/** An admin filter typed as an email: the admin's user id (null when nobody has it). */
async function adminIdOf(typed: string): Promise<string | null> {
  if (!typed.includes("@")) return typed;
  const found = await api.call("users_search", { query: typed, sort: "email", limit: 5 });
  if (!found.ok) return null;
  return found.data.items.find((user) => user.email.toLowerCase() === typed.toLowerCase())?.id ?? null;
}

export async function auditPage(view: View): Promise<void> {
  const filters = {
    admin_id: view.params.get("admin_id") ?? "",
    target: view.params.get("target") ?? "",
    action: view.params.get("action") ?? "",
    from_day: view.params.get("from_day") ?? "",
    to_day: view.params.get("to_day") ?? "",
  };
  loading(view, "Audit log");
  const adminId = filters.admin_id ? await adminIdOf(filters.admin_id) : null;
  const res = await api.call("audit_log_list", {
    // An email nobody has matches no entry (an id no admin has).
    admin_id: filters.admin_id ? (adminId ?? "usr_nobody") : null,
    target: filters.target || null,
    action: filters.action || null,
    from_day: dayParam(filters.from_day),
    to_day: dayParam(filters.to_day),
    cursor: view.params.get("cursor"),
    limit: 50,
  });
  // The action filter offers the actions the log holds (and keeps one typed in a link).
  const actions = res.ok ? res.data.actions : [];
  const choices = [...new Set([...actions, ...(filters.action ? [filters.action] : [])])].sort();
  const form = searchForm("/audit", "Filter the audit log", [
    { name: "target", label: "Target (id or email)", value: filters.target },
    {
      name: "action",
      label: "Action",
      value: filters.action,
      choices: [["", "Any action"], ...choices.map((action) => [action, action] as const)],
    },
    { name: "admin_id", label: "Admin (email or user id)", value: filters.admin_id },
    { name: "from_day", label: "From", value: filters.from_day, type: "date" },
    { name: "to_day", label: "Until", value: filters.to_day, type: "date" },
  ]);
  const scope =
    view.admin.role === "superadmin" ? null : h("p", { class: "muted" }, "As a support admin you see your own entries.");
  if (!res.ok) return page(view, "Audit log", form, failure(res));
  const { items: entries, next_cursor } = res.data;
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
        targetLink(entry),
        entry.reason,
        diffText(entry.diff),
      ],
      "No entries.",
    ),
    pager("/audit", view.params, next_cursor),
  );
}
