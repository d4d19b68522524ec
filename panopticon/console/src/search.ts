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
  /** A `<select>` of these `[value, label]` pairs instead of a text field. */
  choices?: readonly (readonly [string, string])[];
  /** The text field's type (`date`); `search` by default. */
  type?: "search" | "date";
}

function fieldInput(field: SearchField): HTMLInputElement | HTMLSelectElement {
  if (field.choices) {
    return h(
      "select",
      { id: `search-${field.name}`, name: field.name },
      field.choices.map(([value, label]) => h("option", { value, selected: value === field.value }, label)),
    );
  }
  return h("input", {
    id: `search-${field.name}`,
    name: field.name,
    type: field.type ?? "search",
    value: field.value,
    placeholder: field.placeholder,
    list: field.options ? `search-${field.name}-options` : null,
  });
}

/** A search form that navigates to `path` with its fields as the hash's query. */
export function searchForm(path: string, label: string, fields: SearchField[]): HTMLElement {
  const inputs = fields.map(fieldInput);
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
      params[field.name] = (inputs[index] as HTMLInputElement | HTMLSelectElement).value.trim();
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

/**
 * "79,213 users" and First / Next page links of a keyset-paginated list with a total
 * (keeping the search's parameters); the total says when it is a lower bound or an estimate.
 */
export function totalPager(
  path: string,
  params: URLSearchParams,
  nextCursor: string | null,
  page: { total: number; total_kind: "exact" | "at_least" | "estimate" },
  noun: string,
  label = "Pages",
): HTMLElement {
  const current = Object.fromEntries(params.entries());
  const count = page.total.toLocaleString("en-US");
  const range =
    page.total_kind === "exact"
      ? `${count} ${noun}`
      : page.total_kind === "at_least"
        ? `At least ${count} ${noun} (counting stops there)`
        : `About ${count} ${noun} (an estimate: counting every row would be slow)`;
  const first = params.has("cursor") ? h("a", { href: link(path, { ...current, cursor: null }) }, "First page") : null;
  const next = nextCursor ? h("a", { href: link(path, { ...current, cursor: nextCursor }) }, "Next page") : null;
  return h("nav", { class: "pager", "aria-label": label }, h("span", { class: "range" }, range), first, next);
}
