// The development pages for the links in emails (product/dev_pages/pages.py): read the
// code in the URL's fragment, call the product RPC on this origin, show its answer. Plain
// JavaScript, no build step; a real frontend replaces these pages (PRODUCT_URL).

const page = document.body.dataset.page;
const fragment = new URLSearchParams(location.hash.slice(1));
const status = document.getElementById("status");

/** What a person should read for the errors these RPCs declare (else the error's name). */
const MESSAGES = {
  VerificationCodeInvalidError: "This code is unknown, used, superseded by a newer one, or expired.",
  ResetCodeInvalidError: "This reset code is unknown, used, superseded or expired (it works for one hour).",
  InviteNotFoundError: "This invite is unknown, accepted already, or withdrawn.",
  InviteExpiredError: "This invite has expired: ask for a new one.",
  InvalidCredentialsError: "Wrong password.",
  ImpersonationTokenInvalidError:
    "The token is unknown, used, or older than 2 minutes: start the impersonation again in the console.",
  MFAChallengeInvalidError: "The sign-in expired: start again.",
  MFACodeInvalidError: "Wrong code.",
  UnauthorizedError: "Sign in first: this page shows the signed-in user's own data.",
  ExportPendingError: "An export is already being made: wait for its email.",
  ExportNotFoundError: "This export is not yours (or you are no longer the organization's owner).",
  ExportNotReadyError: "This export is not ready (or making it failed: ask for a new one).",
  ExportExpiredError: "This export has expired: ask for a new one.",
  OAuthStateInvalidError: "This sign-in is unknown, finished, too old, or was started in another browser: start again.",
  OAuthFailedError: "The provider's answer did not prove who you are: start again.",
  OAuthEmailUnverifiedError: "The provider did not verify your email address: sign up another way, then link it.",
  LoginCodeInvalidError: "This sign-in code is wrong, used, superseded or expired (it works for 10 minutes).",
};

/** POST /rpc/<name> (GET for a GET route without input): `{ok: true, data}` or
 * `{ok: false, error, data}`, never throws. */
async function rpc(name, input, method = "POST") {
  let response;
  try {
    response = await fetch(`/rpc/${name}`, method === "GET"
      ? { method, headers: { Accept: "application/json" } }
      : {
          method,
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(input),
        });
  } catch (error) {
    return { ok: false, error: "NetworkError", data: { message: String(error) } };
  }
  const body = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: body };
  return { ok: false, error: body?.error ?? `HTTP ${response.status}`, data: body?.data ?? {} };
}

function show(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

function failed(result) {
  const data = result.data ?? {};
  let text = MESSAGES[result.error] ?? result.error;
  if (result.error === "WeakPasswordError") text = `This password is too weak: ${data.reason}.`;
  if (result.error === "TooManyAttemptsError") {
    text = `Too many attempts: try again in ${data.retry_after_seconds} seconds.`;
  }
  if (result.error === "InputValidationError") {
    text = Object.entries(data.fields ?? {})
      .map(([field, message]) => `${field}: ${message}`)
      .join("\n");
  }
  show("error", text);
}

/** "Signed in as ada@example.com in Acme (owner)." from an `init`-shaped answer. */
function signedIn(init) {
  const organization = init.organization ? ` in ${init.organization.name} (${init.organization.role})` : "";
  return `Signed in as ${init.user.email}${organization}.`;
}

/** Finish a sign-in that answered MFARequiredError with a code from the authenticator. */
function secondFactor(challenge, done) {
  const form = document.createElement("form");
  form.id = "second-factor";
  const label = document.createElement("label");
  label.textContent = "Code from your authenticator app ";
  const input = Object.assign(document.createElement("input"), {
    name: "code",
    autocomplete: "one-time-code",
    inputMode: "numeric",
    required: true,
  });
  label.append(input);
  const button = Object.assign(document.createElement("button"), { type: "submit", textContent: "Sign in" });
  form.append(label, button);
  status.before(form);
  show("pending", "Two-factor authentication is on: enter a code to finish signing in.");
  input.focus();
  submitting(form, async () => {
    const result = await rpc("login_mfa", { challenge, code: input.value.trim() });
    if (!result.ok) return failed(result);
    form.remove();
    done(result.data);
  });
}

/** Run `action` on submit, the form's button disabled meanwhile. */
function submitting(form, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    show("pending", "…");
    try {
      await action();
    } finally {
      button.disabled = false;
    }
  });
}

function requireFragment(name) {
  const value = fragment.get(name);
  if (!value) show("error", `This link has no ${name}: open the whole link from the email.`);
  return value;
}

async function verifyEmail() {
  const code = requireFragment("code");
  if (!code) return;
  show("pending", "Verifying…");
  const result = await rpc("email_verify", { code });
  if (!result.ok) return failed(result);
  show("success", "Your email address is verified.");
}

function resetPassword() {
  const code = requireFragment("code");
  const form = document.getElementById("reset");
  if (!code) return form.remove();
  submitting(form, async () => {
    const result = await rpc("password_reset_complete", { code, new_password: form.elements.new_password.value });
    if (result.ok) {
      form.remove();
      return show("success", `Your password is set. ${signedIn(result.data)}`);
    }
    if (result.error === "MFARequiredError") {
      form.remove();
      return secondFactor(result.data.challenge, (init) =>
        show("success", `Your password is set. ${signedIn(init)}`),
      );
    }
    failed(result);
  });
}

function acceptInvite() {
  const code = requireFragment("code");
  const accept = document.getElementById("accept");
  const login = document.getElementById("login");
  if (!code) return accept.remove();
  const joined = (init) => {
    accept.remove();
    login.remove();
    show("success", `You joined ${init.organization.name} as ${init.organization.role}. ${signedIn(init)}`);
  };
  const acceptWith = async (input) => {
    const result = await rpc("invite_accept", { code, ...input });
    if (result.ok) return joined(result.data);
    if (result.error === "InviteSignInRequiredError") {
      accept.hidden = true;
      login.hidden = false;
      document.getElementById("login-email").textContent = result.data.email;
      login.dataset.email = result.data.email;
      login.elements.password.focus();
      return show("pending", "");
    }
    failed(result);
  };
  submitting(accept, async () => {
    const name = accept.elements.name.value.trim();
    const password = accept.elements.password.value;
    await acceptWith(name || password ? { name, password } : {});
  });
  submitting(login, async () => {
    const result = await rpc("login", { email: login.dataset.email, password: login.elements.password.value });
    if (result.ok) return acceptWith({});
    if (result.error === "MFARequiredError") {
      login.hidden = true;
      return secondFactor(result.data.challenge, () => acceptWith({}));
    }
    failed(result);
  });
}

async function signInCode() {
  const email = requireFragment("email");
  const code = email && requireFragment("code");
  if (!code) return;
  show("pending", "Signing in…");
  const result = await rpc("login_code_verify", { email, code });
  if (result.ok) return show("success", signedIn(result.data));
  if (result.error === "MFARequiredError") {
    return secondFactor(result.data.challenge, (init) => show("success", signedIn(init)));
  }
  failed(result);
}

async function oauthCallback() {
  const query = new URLSearchParams(location.search);
  const [state, code] = [query.get("state"), query.get("code")];
  if (!state || !code) return show("error", query.get("error_description") ?? query.get("error") ?? "No answer from the provider.");
  show("pending", "Signing in…");
  const result = await rpc("oauth_complete", { state, code });
  const done = (init) => show("success", signedIn(init));
  if (result.ok) return result.data.linked ? show("success", "The provider is linked.") : done(result.data.signed_in);
  if (result.error === "OAuthLinkRequiredError") {
    return show("error", `${result.data.email} has an account: sign in to it, then link the provider in settings.`);
  }
  if (result.error === "MFARequiredError") return secondFactor(result.data.challenge, done);
  failed(result);
}

async function impersonate() {
  const token = requireFragment("token");
  if (!token) return;
  show("pending", "Opening the product as this user…");
  const result = await rpc("impersonation_accept", { token });
  if (!result.ok) return failed(result);
  const by = result.data.impersonator ? ` Impersonated by ${result.data.impersonator.name}: read-only.` : "";
  show("success", `${signedIn(result.data)}${by}`);
}

/** "Chrome 120 on Mac OS X 10.15 (Mac) · 203.0.113.7 · password · this session" */
function sessionLine(s) {
  const how = [s.sign_in_method ?? "unknown method", s.second_factor].filter(Boolean).join(" + ");
  const parts = [`${s.browser} on ${s.os} (${s.device})`, s.client_address ?? "unknown address", how,
    `last seen ${new Date(s.last_seen_at).toLocaleString()}`];
  if (s.current) parts.push("this session");
  return parts.join(" · ");
}

async function sessions() {
  const list = document.getElementById("sessions");
  const form = document.getElementById("revoke-others");
  const load = async () => {
    const result = await rpc("sessions_list", null, "GET");
    if (!result.ok) {
      list.remove();
      form.remove();
      failed(result);
      return null;
    }
    // The first page (50, newest first) is every session anyone keeps open.
    list.replaceChildren(...result.data.items.map((s) => Object.assign(document.createElement("li"), {
      textContent: sessionLine(s),
    })));
    return result.data.items.length;
  };
  submitting(form, async () => {
    const result = await rpc("sessions_revoke_others", null);
    if (!result.ok) return failed(result);
    await load();
    show("success", `Signed out of ${result.data.revoked} other session(s).`);
  });
  const count = await load();
  if (count !== null) show("success", `${count} active session(s). Not you? Sign out everywhere else, then change your password.`);
}

/** "account · ready · 12 kB · until 12/13/2026, 5:40:00 PM" */
function exportLine(e) {
  const parts = [e.scope === "account" ? "account" : `organization ${e.organization_id}`, e.status];
  if (e.size_bytes !== null) parts.push(`${Math.ceil(e.size_bytes / 1024)} kB`);
  if (e.expires_at) parts.push(`until ${new Date(e.expires_at).toLocaleString()}`);
  return parts.join(" · ");
}

async function download(id) {
  const result = await rpc("export_download", { export_id: id });
  if (!result.ok) return failed(result);
  const bytes = Uint8Array.from(atob(result.data.content_base64), (c) => c.charCodeAt(0));
  const link = Object.assign(document.createElement("a"), {
    href: URL.createObjectURL(new Blob([bytes], { type: result.data.content_type })),
    download: result.data.filename,
  });
  link.click();
  show("success", `Downloaded ${result.data.filename}.`);
}

async function exportsPage() {
  const list = document.getElementById("exports");
  const form = document.getElementById("export-account");
  const load = async () => {
    const result = await rpc("exports_list", null, "GET");
    if (!result.ok) {
      list.remove();
      form.remove();
      failed(result);
      return null;
    }
    // The first page: the 50 newest exports (older ones have long expired).
    list.replaceChildren(...result.data.items.map((e) => {
      const item = Object.assign(document.createElement("li"), { textContent: exportLine(e) });
      if (e.status === "ready") {
        const button = Object.assign(document.createElement("button"), { type: "button", textContent: "Download" });
        button.addEventListener("click", () => download(e.id));
        item.append(" ", button);
      }
      return item;
    }));
    return result.data.items.length;
  };
  submitting(form, async () => {
    const result = await rpc("account_export_request", null);
    if (!result.ok) return failed(result);
    await load();
    show("success", "Asked for: an email says when it is ready.");
  });
  const count = await load();
  if (count !== null) show("success", `${count} export(s).`);
}

const PAGES = {
  "verify-email": verifyEmail,
  "reset-password": resetPassword,
  "accept-invite": acceptInvite,
  "sign-in-code": signInCode,
  impersonate,
  sessions,
  exports: exportsPage,
  "oauth/callback": oauthCallback,
};

PAGES[page]?.();
