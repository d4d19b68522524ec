/** The console's shared state and page frame: the signed-in admin, navigation, headings. */

import type { RPCOutput } from "@blossom/rpc/client";
import type { PanopticonRPCs } from "@blossom/rpc/panopticon";

import { describe } from "./api.js";
import { h, notice, replace, type Child } from "./dom.js";

export type Admin = NonNullable<RPCOutput<PanopticonRPCs, "init">["admin"]>;

export interface View {
  /** The `<main>` element the page renders into. */
  main: HTMLElement;
  admin: Admin;
  /** The route's captured path parts (`#/users/ID` -> ["ID"]). */
  parts: string[];
  /** The query of the hash (`#/users?query=ada`). */
  params: URLSearchParams;
}

/** Go to `hash` ("#/users?query=ada"); renders even when the hash does not change. */
export function navigate(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}

/** `#/path?key=value` with the empty values left out. */
export function link(path: string, params: Record<string, string | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ""}`;
}

/** Render a page: its heading (focused, so keyboard and screen-reader users start there) and content. */
export function page(view: View, title: string, ...children: (Child | Child[])[]): void {
  document.title = `${title} · Panopticon`;
  const heading = h("h1", { tabindex: -1 }, title);
  replace(view.main, heading, ...children);
  heading.focus();
}

/**
 * A page's load failure: the sentence, and a Retry button (reloads the page) when
 * retrying can help (the database busy or unreachable, the network down).
 */
export function failure(res: { ok: false; error: string; data: unknown; status: number | null }): HTMLElement {
  const retryable = ["ServiceUnavailableError", "NetworkError", "TimeoutError"].includes(res.error);
  return h(
    "div",
    { class: "failure" },
    notice("error", describe(res)),
    retryable
      ? h("button", { type: "button", onclick: () => navigate(location.hash || "#/") }, "Retry")
      : null,
  );
}

export function loading(view: View, title: string): void {
  replace(view.main, h("h1", { tabindex: -1 }, title), h("p", { class: "muted", role: "status" }, "Loading…"));
}

export function isSuperadmin(admin: Admin): boolean {
  return admin.role === "superadmin";
}
