/**
 * Panopticon's admin console: a single page served at `/`, talking to the same app's
 * `/rpc/` through the generated client. Routing is by URL hash (`#/users/ID`), so the
 * server serves one page and links work with the keyboard, history and new tabs.
 */

import "./style.css";

import { analyticsPage } from "./analytics.js";
import { api, describe, setSignedOutHandler } from "./api.js";
import { link, navigate, type Admin, type View } from "./app.js";
import { auditPage } from "./audit.js";
import { emailsPage } from "./emails.js";
import { h, replace } from "./dom.js";
import { impersonationPage } from "./impersonation.js";
import { loginPage } from "./login.js";
import { organizationPage, organizationsPage } from "./organizations.js";
import { overviewPage } from "./overview.js";
import { userPage, usersPage } from "./users.js";

type Render = (view: View) => Promise<void>;

const ROUTES: [RegExp, string, Render][] = [
  [/^\/$/, "overview", overviewPage],
  [/^\/users$/, "users", usersPage],
  [/^\/users\/([^/]+)$/, "users", userPage],
  [/^\/organizations$/, "organizations", organizationsPage],
  [/^\/organizations\/([^/]+)$/, "organizations", organizationPage],
  [/^\/audit$/, "audit", auditPage],
  [/^\/impersonation$/, "impersonation", impersonationPage],
  [/^\/analytics$/, "analytics", analyticsPage],
  [/^\/emails$/, "emails", emailsPage],
];

const NAV: [string, string, string][] = [
  ["overview", "Overview", "#/"],
  ["users", "Users", "#/users"],
  ["organizations", "Organizations", "#/organizations"],
  ["audit", "Audit log", "#/audit"],
  ["impersonation", "Impersonation", "#/impersonation"],
  ["emails", "Emails", "#/emails"],
  ["analytics", "Analytics", "#/analytics"],
];

const root = document.getElementById("app") as HTMLElement;
let admin: Admin | null = null;
let shell: { main: HTMLElement; nav: HTMLElement } | null = null;

function showLogin(message?: string): void {
  admin = null;
  shell = null;
  loginPage(root, message, (signedIn) => {
    admin = signedIn;
    navigate(location.hash && location.hash !== "#/login" ? location.hash : "#/");
  });
}

function buildShell(signedIn: Admin): { main: HTMLElement; nav: HTMLElement } {
  const logout = h("button", { type: "button", class: "link-button" }, "Sign out");
  logout.addEventListener("click", async () => {
    await api.call("logout");
    history.replaceState(null, "", "#/");
    showLogin("You are signed out.");
  });
  const nav = h(
    "nav",
    { "aria-label": "Main" },
    h("ul", {}, NAV.map(([key, label, href]) => h("li", {}, h("a", { href, "data-section": key }, label)))),
  );
  nav.id = "main-nav";
  const main = h("main", { id: "main", tabindex: -1 });
  // On a narrow screen the nav folds away behind this button (style.css); following a
  // link folds it again.
  const menu = h(
    "button",
    { type: "button", class: "link-button menu-button", "aria-expanded": "false", "aria-controls": "main-nav" },
    "Menu",
  );
  const header = h(
    "header",
    { class: "top" },
    h("a", { class: "brand", href: "#/" }, "Panopticon"),
    menu,
    nav,
    h(
      "div",
      { class: "who" },
      h("span", {}, `${signedIn.name} `, h("span", { class: "badge" }, signedIn.role)),
      logout,
    ),
  );
  const fold = (open: boolean): void => {
    header.classList.toggle("nav-open", open);
    menu.setAttribute("aria-expanded", String(open));
  };
  menu.addEventListener("click", () => fold(!header.classList.contains("nav-open")));
  nav.addEventListener("click", (event) => {
    if ((event.target as Element).closest("a")) fold(false);
  });
  replace(
    root,
    h("a", { class: "skip-link", href: "#main" }, "Skip to content"),
    header,
    main,
  );
  // The skip link must not change the hash (the router would take it for a page).
  root.querySelector(".skip-link")?.addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
  });
  return { main, nav };
}

async function route(): Promise<void> {
  if (admin === null) return;
  shell ??= buildShell(admin);
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path = "/", query = ""] = hash.split("?", 2);
  const highlight = (section: string | null): void => {
    for (const anchor of shell?.nav.querySelectorAll("a") ?? []) {
      if (anchor.dataset["section"] === section) anchor.setAttribute("aria-current", "page");
      else anchor.removeAttribute("aria-current");
    }
  };
  for (const [pattern, section, render] of ROUTES) {
    const match = pattern.exec(path);
    if (match === null) continue;
    highlight(section);
    const parts = match.slice(1).map((part) => decodeURIComponent(part));
    await render({ main: shell.main, admin, parts, params: new URLSearchParams(query) });
    return;
  }
  highlight(null);  // no section is current on a page that does not exist
  replace(
    shell.main,
    h("h1", { tabindex: -1 }, "Not found"),
    h("p", {}, "No page here. ", h("a", { href: link("/") }, "Back to the overview"), "."),
  );
}

async function start(): Promise<void> {
  setSignedOutHandler(() => showLogin("Your session has ended: sign in again."));
  window.addEventListener("hashchange", () => void route());
  // "/" jumps to the page's search field (as on many sites), unless typing somewhere.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest("input, textarea, select, [contenteditable]")) return;
    const search = document.querySelector<HTMLInputElement>("main form input");
    if (search === null) return;
    event.preventDefault();
    search.focus();
    search.select();
  });
  const res = await api.call("init");
  if (!res.ok) {
    replace(root, h("main", {}, h("h1", {}, "Panopticon"), h("p", { role: "alert" }, describe(res))));
    return;
  }
  if (res.data.admin === null) {
    showLogin();
    return;
  }
  admin = res.data.admin;
  await route();
}

void start();
