/** The overview: the figures an admin checks first. */

import { api, describe } from "./api.js";
import { failure, link, loading, page, type View } from "./app.js";
import { h, notice } from "./dom.js";

export async function overviewPage(view: View): Promise<void> {
  loading(view, "Overview");
  const res = await api.call("overview");
  if (!res.ok) return page(view, "Overview", failure(res));
  const o = res.data;
  const card = (label: string, value: number, href?: string) =>
    h(
      "li",
      { class: "card" },
      h("span", { class: "figure" }, value.toLocaleString("en")),
      href ? h("a", { href }, label) : h("span", {}, label),
    );
  page(
    view,
    "Overview",
    h(
      "ul",
      { class: "cards", "aria-label": "Figures" },
      card("users", o.users, link("/users")),
      card("enabled users", o.enabled_users),
      card("organizations", o.organizations, link("/organizations")),
      card("active product sessions", o.active_product_sessions),
      card("sign-ups in the last 7 days", o.signups_last_7_days),
      card("pending invites", o.pending_invites),
    ),
    h(
      "p",
      {},
      `Signed in as ${view.admin.name} (${view.admin.role}). Every action asks for a reason and is recorded in the `,
      h("a", { href: link("/audit") }, "audit log"),
      ".",
    ),
  );
}
