/**
 * The email outbox: "did the invite or verification email go out?". Newest first, by
 * status and recipient, with the last delivery error; a failed email is resent from here
 * (with a reason: audited as `email.resend`).
 */

import type { RPCOutput } from "@blossom/rpc/client";
import type { PanopticonRPCs } from "@blossom/rpc/panopticon";

import { api, describe } from "./api.js";
import { failure, link, loading, navigate, page, type View } from "./app.js";
import { reasonDialog } from "./dialog.js";
import { h, table } from "./dom.js";
import { flash, takeFlash } from "./flash.js";
import { when } from "./format.js";
import { pager } from "./search.js";

type Entry = RPCOutput<PanopticonRPCs, "emails_list">["items"][number];

const STATUSES = ["pending", "sent", "failed"] as const;
type Status = (typeof STATUSES)[number];

function statusBadge(status: Status): HTMLElement {
  const kind = status === "sent" ? "badge on" : status === "failed" ? "badge off" : "badge";
  return h("span", { class: kind }, status);
}

function filterForm(to: string, status: string): HTMLElement {
  const toInput = h("input", { id: "emails-to", name: "to", type: "search", value: to, placeholder: "ada@example.com" });
  const statusSelect = h(
    "select",
    { id: "emails-status", name: "status" },
    h("option", { value: "", selected: status === "" }, "any"),
    STATUSES.map((value) => h("option", { value, selected: status === value }, value)),
  );
  const form = h(
    "form",
    { class: "search", role: "search", "aria-label": "Filter the outbox" },
    h("div", { class: "field" }, h("label", { for: "emails-to" }, "Recipient"), toInput),
    h("div", { class: "field" }, h("label", { for: "emails-status" }, "Status"), statusSelect),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Search")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate(link("/emails", { to: toInput.value.trim(), status: statusSelect.value }));
  });
  return form;
}

export async function emailsPage(view: View): Promise<void> {
  const to = view.params.get("to") ?? "";
  const status = view.params.get("status") ?? "";
  loading(view, "Emails");
  const res = await api.call("emails_list", {
    to: to || null,
    status: (STATUSES as readonly string[]).includes(status) ? (status as Status) : null,
    cursor: view.params.get("cursor"),
    limit: 50,
  });
  const form = filterForm(to, status);
  if (!res.ok) return page(view, "Emails", form, failure(res));

  const resend = (entry: Entry): HTMLElement | null => {
    if (entry.status !== "failed") return null;
    const button = h("button", { type: "button", class: "small" }, "Resend");
    button.addEventListener("click", async () => {
      await reasonDialog({
        title: `Resend “${entry.subject}” to ${entry.to}`,
        description:
          "Puts the email back in the queue, due now. An email that carried a one-time code cannot be resent: the user asks for a new one.",
        confirm: "Resend email",
        submit: async (reason) => {
          const done = await api.call("email_resend", { email_id: entry.id, reason });
          if (!done.ok) {
            return done.error === "EmailCodeGoneError"
              ? "Its one-time code was erased when delivery was given up: ask the user to request a new code (or send a password reset from their page)."
              : describe(done);
          }
          flash(`Email to ${entry.to} queued again.`);
          navigate(location.hash);
          return null;
        },
      });
    });
    return button;
  };

  page(
    view,
    "Emails",
    takeFlash(),
    form,
    table(
      to ? `Emails to ${to}` : "Newest emails",
      ["Created", "To", "Kind", "Subject", "Status", "Attempts", "Sent", "Last error", ""],
      res.data.items,
      (entry) => [
        when(entry.created_at),
        entry.user_id ? h("a", { href: link(`/users/${encodeURIComponent(entry.user_id)}`) }, entry.to) : entry.to,
        entry.kind,
        entry.subject,
        statusBadge(entry.status),
        String(entry.attempts),
        entry.sent_at ? when(entry.sent_at) : entry.status === "pending" ? `next try ${when(entry.next_attempt_at)}` : "",
        entry.last_error ? h("span", { class: "error-text" }, entry.last_error) : "",
        resend(entry),
      ],
      "No email matches.",
    ),
    pager("/emails", view.params, res.data.next_cursor),
  );
}
