/**
 * The reason dialog every admin action goes through: a modal `<dialog>` (the page behind
 * is inert), focus on the first field, Escape or Cancel closes it, focus returns to the
 * button that opened it. The reason is required; it is recorded in the audit log.
 *
 *     const done = await reasonDialog({
 *       title: "Disable Ada", confirm: "Disable", danger: true,
 *       submit: async (reason) => { const res = await api.call(...); return res.ok ? null : describe(res); },
 *     });
 */

import { h, replace } from "./dom.js";

export interface ExtraField {
  name: string;
  label: string;
  /** A number input (with bounds), a select of `options`, or a text or email input. */
  kind: "number" | "select" | "text" | "email";
  value: string;
  options?: readonly string[];
  min?: number;
  max?: number;
}

export interface ReasonRequest {
  title: string;
  /** What will happen, in a sentence. */
  description: string;
  confirm: string;
  danger?: boolean;
  fields?: readonly ExtraField[];
  /** Carries the action out: null on success (the dialog closes), else the error to show. */
  submit: (reason: string, values: Record<string, string>) => Promise<string | null>;
}

let counter = 0;

/** Resolves true when the action succeeded, false when the admin cancelled. */
export function reasonDialog(request: ReasonRequest): Promise<boolean> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const id = `dialog-${++counter}`;
  const error = h("div", { class: "dialog-error", "aria-live": "assertive" });
  const reason = h("textarea", {
    id: `${id}-reason`,
    name: "reason",
    required: true,
    rows: 3,
    maxlength: 500, // the server's limit (panopticon/inputs.py `Reason`)
    autofocus: (request.fields ?? []).length === 0,
  });
  const extras = (request.fields ?? []).map((field, index) => {
    const inputId = `${id}-${field.name}`;
    const control =
      field.kind === "select"
        ? h(
            "select",
            { id: inputId, name: field.name, autofocus: index === 0 },
            (field.options ?? []).map((option) =>
              h("option", { value: option, selected: option === field.value }, option),
            ),
          )
        : h("input", {
            id: inputId,
            name: field.name,
            type: field.kind,
            required: true,
            value: field.value,
            min: field.min,
            max: field.max,
            autofocus: index === 0,
          });
    return h("div", { class: "field" }, h("label", { for: inputId }, field.label), control);
  });
  const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
  const confirm = h("button", { type: "submit", class: request.danger ? "danger" : "primary" }, request.confirm);
  const form = h(
    "form",
    { method: "dialog" },
    h("h2", { id: `${id}-title` }, request.title),
    h("p", { id: `${id}-description` }, request.description),
    extras,
    h(
      "div",
      { class: "field" },
      h("label", { for: reason.id }, "Reason (recorded in the audit log)"),
      reason,
    ),
    error,
    h("div", { class: "actions" }, cancel, confirm),
  );
  const dialog = h(
    "dialog",
    { "aria-labelledby": `${id}-title`, "aria-describedby": `${id}-description` },
    form,
  );

  return new Promise((resolve) => {
    let succeeded = false;
    const close = () => dialog.close();
    cancel.addEventListener("click", close);
    dialog.addEventListener("close", () => {
      dialog.remove();
      opener?.focus();
      resolve(succeeded);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      const text = reason.value.trim();
      if (text === "") {
        replace(error, h("p", { role: "alert" }, "Give a reason."));
        reason.focus();
        return;
      }
      const values: Record<string, string> = {};
      for (const field of request.fields ?? []) {
        const control = form.elements.namedItem(field.name) as HTMLInputElement | HTMLSelectElement;
        values[field.name] = control.value;
      }
      confirm.disabled = true;
      form.setAttribute("aria-busy", "true");
      void request.submit(text, values).then((failure) => {
        confirm.disabled = false;
        form.removeAttribute("aria-busy");
        if (failure === null) {
          succeeded = true;
          close();
        } else {
          replace(error, h("p", { role: "alert" }, failure));
        }
      });
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}
