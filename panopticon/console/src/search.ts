/** The search form and pager shared by the users, organizations and audit pages. */

import { link, navigate } from "./app.js";
import { h } from "./dom.js";

export interface SearchField {
  name: string;
  label: string;
  value: string;
  placeholder?: string;
  /** Suggested values (a `<datalist>`: the field still takes any text). */
  options?: readonly string[];
}

/** A search form that navigates to `path` with its fields as the hash's query. */
export function searchForm(path: string, label: string, fields: SearchField[]): HTMLElement {
  const inputs = fields.map((field) =>
    h("input", {
      id: `search-${field.name}`,
      name: field.name,
      type: "search",
      value: field.value,
      placeholder: field.placeholder,
      list: field.options ? `search-${field.name}-options` : null,
    }),
  );
  const lists = fields.map((field) =>
    field.options
      ? h("datalist", { id: `search-${field.name}-options` }, field.options.map((value) => h("option", { value })))
      : null,
  );
  const form = h(
    "form",
    { class: "search", role: "search", "aria-label": label },
    fields.map((field, index) =>
      h("div", { class: "field" }, h("label", { for: `search-${field.name}` }, field.label), inputs[index], lists[index]),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Search")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params: Record<string, string> = {};
    fields.forEach((field, index) => {
      params[field.name] = (inputs[index] as HTMLInputElement).value.trim();
    });
    navigate(link(path, params));
  });
  return form;
}

/** "First page" / "Next page" links keeping the search's parameters. */
export function pager(path: string, params: URLSearchParams, nextCursor: string | null): HTMLElement | null {
  const current = Object.fromEntries(params.entries());
  const first = params.has("cursor") ? h("a", { href: link(path, { ...current, cursor: null }) }, "First page") : null;
  const next = nextCursor ? h("a", { href: link(path, { ...current, cursor: nextCursor }) }, "Next page") : null;
  if (first === null && next === null) return null;
  return h("nav", { class: "pager", "aria-label": "Pages" }, first, next);
}
