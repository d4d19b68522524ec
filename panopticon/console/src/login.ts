/** The sign-in page (admins only). */

import { api, describe } from "./api.js";
import type { Admin } from "./app.js";
import { h, notice, replace } from "./dom.js";
import { duration } from "./format.js";

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
  const status = h("div", { class: "status" }, message ? notice("info", message) : null);
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
    if (!res.ok && res.error === "MFARequiredError") {
      secondFactorPage(root, res.data.challenge, signedIn);
      return;
    }
    const text = res.ok
      ? "Sign-in failed."
      : res.error === "InvalidCredentialsError"
        ? "Wrong email or password, or this user is not an admin."
        : res.error === "TooManyAttemptsError"
          ? `Too many attempts: try again in ${duration(res.data.retry_after_seconds)}.`
          : res.error === "MFAEnrollmentRequiredError"
            ? "Admins need two-factor authentication: turn it on in the product, then sign in again."
            : describe(res);
    replace(status, notice("error", text));
    password.focus();
  });
  replace(root, h("main", { id: "main", class: "login-page" }, form));
  email.focus();
}

const TOTP_CODE = /^[0-9]{6}$/;

/** The second step of a sign-in with two-factor authentication: a code from the
 * authenticator app, or one of the recovery codes. */
function secondFactorPage(root: HTMLElement, challenge: string, signedIn: (admin: Admin) => void): void {
  const code = h("input", {
    id: "login-code",
    name: "code",
    type: "text",
    required: true,
    autocomplete: "one-time-code",
    spellcheck: "false",
  });
  const submit = h("button", { type: "submit", class: "primary" }, "Verify");
  const status = h("div", { class: "status" });
  const form = h(
    "form",
    { class: "login", "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, "Two-factor authentication"),
    h("p", { class: "muted" }, "Enter the code from your authenticator app, or one of your recovery codes."),
    h("div", { class: "field" }, h("label", { for: code.id }, "Code"), code),
    status,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const typed = code.value.trim();
    const res = await api.call(
      "login_mfa",
      TOTP_CODE.test(typed) ? { challenge, code: typed } : { challenge, recovery_code: typed },
    );
    submit.disabled = false;
    if (res.ok && res.data.admin !== null) {
      signedIn(res.data.admin);
      return;
    }
    if (!res.ok && (res.error === "MFAChallengeInvalidError" || res.error === "InvalidCredentialsError")) {
      loginPage(root, "That sign-in expired: sign in again.", signedIn);
      return;
    }
    const text = res.ok
      ? "Sign-in failed."
      : res.error === "MFACodeInvalidError"
        ? "That code is wrong or was used already."
        : res.error === "TooManyAttemptsError"
          ? `Too many attempts: try again in ${duration(res.data.retry_after_seconds)}, or use a recovery code.`
          : describe(res);
    replace(status, notice("error", text));
    code.select();
  });
  replace(root, h("main", { id: "main", class: "login-page" }, form));
  code.focus();
}
