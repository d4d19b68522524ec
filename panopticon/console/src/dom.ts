/**
 * A tiny element builder: the console builds every node with it, never from HTML strings,
 * so text from the server can never become markup (and no inline script or style exists
 * for the CSP to refuse).
 *
 *     h("button", { type: "button", class: "danger", onclick: () => go() }, "Disable")
 */

export type Child = Node | string | number | null | undefined | false;
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | Handler | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "style") throw new Error("inline styles are refused by the CSP: use a class");
    if (typeof value === "function") {
      element.addEventListener(name.replace(/^on/, ""), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace the children of `parent`. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A table with a caption, header cells and one row per item (`cells` gives its cells). */
export function table<T>(
  caption: string,
  headers: (string | HTMLTableCellElement)[],
  items: readonly T[],
  cells: (item: T) => Child[],
  empty = "None.",
): HTMLElement {
  if (items.length === 0) {
    return h("section", { class: "table-block" }, h("h2", {}, caption), h("p", { class: "muted" }, empty));
  }
  return h(
    "section",
    { class: "table-block" },
    scrollBox(
      caption,
      h(
        "table",
        {},
        h("caption", {}, caption),
        h("thead", {}, h("tr", {}, headers.map(headerCell))),
        h(
          "tbody",
          {},
          items.map((item) => h("tr", {}, cells(item).map((cell) => h("td", {}, cell)))),
        ),
      ),
    ),
  );
}

/** A column header; an empty name (a column of buttons) is "Actions" for screen readers. */
export function headerCell(name: string | HTMLTableCellElement): HTMLElement {
  if (typeof name !== "string") return name;
  return h("th", { scope: "col" }, name === "" ? h("span", { class: "visually-hidden" }, "Actions") : name);
}

/**
 * A box that scrolls sideways by itself when its content (a table, a chart) is wider than
 * the screen, so the page never does. Focusable and named, so keyboard users can scroll it.
 */
export function scrollBox(label: string, content: Node): HTMLElement {
  return h("div", { class: "scroll-box", role: "region", "aria-label": label, tabindex: 0 }, content);
}

/** A definition list of label/value pairs. */
export function facts(pairs: [string, Child | Child[]][]): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    pairs.flatMap(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]),
  );
}

/**
 * A status or error line: polite for status, assertive (`role="alert"`) for errors;
 * "info" is neutral news (signed out, a session that ended), not a success.
 */
export function notice(kind: "error" | "ok" | "info", text: string): HTMLElement {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}
