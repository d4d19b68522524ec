/** The sign-in page (admins only). */

import { api, describe } from "./api.js";
import type { Admin } from "./app.js";
import { h, notice, replace } from "./dom.js";

export function loginPage(root: HTMLElement, message: string | undefined, signedIn: (admin: Admin) => void): void {
  document.title = "Sign in · Panopticon";
  const email = h("input", { id: "login-email", name: "email", type: "email", required: true, autocomplete: "username" });
  const password = h("input", {
    id: "login-password",
    name: "password",
    type: "password",
    required: true,
    autocomplete: "current-password",
  });
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const status = h("div", { class: "status" }, message ? notice("ok", message) : null);
  const form = h(
    "form",
    { class: "login", "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, "Panopticon"),
    h("p", { class: "muted" }, "Blossom's admin console. Admins only."),
    h("div", { class: "field" }, h("label", { for: email.id }, "Email"), email),
    h("div", { class: "field" }, h("label", { for: password.id }, "Password"), password),
    status,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const res = await api.call("login", { email: email.value, password: password.value });
    submit.disabled = false;
    if (res.ok && res.data.admin !== null) {
      signedIn(res.data.admin);
      return;
    }
    const text = res.ok
      ? "Sign-in failed."
      : res.error === "InvalidCredentialsError"
        ? "Wrong email or password, or this user is not an admin."
        : res.error === "TooManyAttemptsError"
          ? `Too many attempts: try again in ${res.data.retry_after_seconds} s.`
          : describe(res);
    replace(status, notice("error", text));
    password.focus();
  });
  replace(root, h("main", { id: "main", class: "login-page" }, form));
  email.focus();
}
