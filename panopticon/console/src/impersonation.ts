/**
 * Impersonation: an admin starts one for a user (with a reason and a lifetime); the answer
 * is a one-time link to the product app that signs whoever opens it in as that user, in
 * a product session marked as impersonated (shown on the user's page).
 */

import { api, describe } from "./api.js";
import { isSuperadmin, link, page, type View } from "./app.js";
import { reasonDialog } from "./dialog.js";
import { h, notice, replace } from "./dom.js";
import { when } from "./format.js";

export async function impersonationPage(view: View): Promise<void> {
  const userId = view.params.get("user_id") ?? "";
  const who = h("p", { class: "muted", "aria-live": "polite" });
  const userInput = h("input", {
    id: "impersonate-user",
    name: "user_id",
    required: true,
    value: userId,
    class: "mono",
    list: "impersonate-user-options",
    autocomplete: "off",
  });
  // Users whose email starts with what is typed (or at a typed `@domain`), as suggestions.
  const suggestions = h("datalist", { id: "impersonate-user-options" });
  const minutes = h("input", { id: "impersonate-minutes", name: "minutes", type: "number", min: 1, max: 60, value: 15, required: true });
  const result = h("div", { class: "result" });
  const form = h(
    "form",
    { class: "inline", "aria-label": "Start an impersonation" },
    h("div", { class: "field" }, h("label", { for: userInput.id }, "User email or id"), userInput, suggestions),
    h("div", { class: "field" }, h("label", { for: minutes.id }, "Minutes"), minutes),
    h("div", { class: "field wide" }, who),
    h("div", { class: "actions wide" }, h("button", { type: "submit", class: "primary", disabled: !isSuperadmin(view.admin) }, "Start impersonation…")),
  );

  // The user to impersonate: typed as an email (looked up) or an id.
  let resolved = "";
  const lookUp = async (): Promise<void> => {
    const typed = userInput.value.trim();
    resolved = "";
    if (!typed) return replace(who, "Enter the email or id of the user to impersonate.");
    let id = typed;
    if (typed.includes("@")) {
      const found = await api.call("users_search", { query: typed, sort: "email", limit: 5 });
      if (!found.ok) return replace(who, describe(found));
      const exact = found.data.items.find((user) => user.email.toLowerCase() === typed.toLowerCase());
      if (exact === undefined) return replace(who, `No user has the email ${typed}.`);
      id = exact.id;
    }
    const res = await api.call("user_get", { user_id: id });
    if (res.ok) resolved = res.data.user.id;
    if (res.ok) {
      const user = res.data.user;
      replace(who, "User: ", h("a", { href: link(`/users/${encodeURIComponent(user.id)}`) }, user.name || user.email), ` (${user.email})`);
    } else {
      replace(who, describe(res));
    }
  };
  userInput.addEventListener("change", () => void lookUp());
  let typing: number | undefined;
  userInput.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(async () => {
      const typed = userInput.value.trim();
      if (typed.length < 2 || typed.startsWith("usr_")) return replace(suggestions);
      const found = await api.call("users_search", { query: typed, limit: 8 });
      if (!found.ok || userInput.value.trim() !== typed) return;
      replace(
        suggestions,
        found.data.items.map((user) => h("option", { value: user.email }, user.name || user.email)),
      );
    }, 250);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    if (!resolved) await lookUp();
    if (!resolved) return;
    const user_id = resolved;
    await reasonDialog({
      title: "Start an impersonation",
      description: `You will get a one-time link that signs you in to the product as user ${user_id} for ${minutes.value} minutes.`,
      confirm: "Start impersonation",
      danger: true,
      submit: async (reason) => {
        const res = await api.call("impersonation_start", { user_id, reason, minutes: Number(minutes.value) });
        if (!res.ok) return describe(res);
        replace(
          result,
          h(
            "section",
            { class: "secret", "aria-labelledby": "impersonation-ready" },
            h("h2", { id: "impersonation-ready" }, "Impersonation ready"),
            notice("ok", "The token below signs in to the product as this user, once."),
            h("p", {}, "Accept before ", h("time", { datetime: res.data.accept_by }, when(res.data.accept_by)), "."),
            res.data.accept_url === null
              ? h("p", {}, "No accept page is configured (IMPERSONATION_ACCEPT_URL): exchange the token with the product's ", h("code", {}, "impersonation_accept"), ".")
              : [
                  h("p", {}, h("a", { href: res.data.accept_url, target: "_blank", rel: "noopener noreferrer" }, "Open the product as this user")),
                  h("code", { class: "mono token", "data-testid": "accept-url" }, res.data.accept_url),
                ],
            h("p", {}, h("strong", {}, "Token")),
            h("code", { class: "mono token", "data-testid": "impersonation-token" }, res.data.token),
            h("p", { class: "muted" }, `Impersonation ${res.data.impersonation_id}, read-only, for ${res.data.minutes} minutes after it is accepted.`),
          ),
        );
        return null;
      },
    });
  });

  page(
    view,
    "Impersonation",
    h(
      "p",
      {},
      "Impersonating a user signs you in to the product as them, read-only. Every impersonation is audited and shows on the user's sessions.",
    ),
    isSuperadmin(view.admin) ? null : h("p", { class: "muted" }, "Impersonation needs a superadmin."),
    form,
    result,
  );
  await lookUp();
}
