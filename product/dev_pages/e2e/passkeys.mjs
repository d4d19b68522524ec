// Passkeys in a real browser: headless system Chromium with its virtual authenticator (CDP
// `WebAuthn.enable`, `WebAuthn.addVirtualAuthenticator`: a platform authenticator with
// resident keys and user verification), on a small test page that calls the generated
// TypeScript client (typescript/rpc/dist/) against a product server. Run by
// product/passkeys/browser_test.py:
//
//   node e2e/passkeys.mjs '{"baseUrl": ..., "chromium": ..., "dist": ..., "tag": ..., "out": ...}'
//
// The page is served by this script under the server's origin (`/passkey-test/`, through
// Playwright's request routing), so the client's calls are same-origin and the passkey's
// relying party is the server's (localhost). Sign up, register a passkey, sign out, sign
// in with the passkey alone, see the session on the /sessions page, and end the others.
// Prints one JSON line per step and a last {"done": true} line.

import { readFileSync } from "node:fs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

const args = JSON.parse(process.argv[2]);
const { baseUrl, dist, tag, out } = args;
mkdirSync(out, { recursive: true });
const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));
const check = (condition, message, detail) => {
  if (!condition) throw new Error(`${message}${detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`);
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Passkeys test page</title>
<script type="module">
import { createClient } from "./product.js";
const api = createClient({ baseUrl: location.origin });
window.flow = {
  signup: (email) => api.call("signup", {
    name: "Passkey Person", email, password: "correct horse battery staple 42",
    organization_name: "Passkeys",
  }),
  async register(name) {
    const options = await api.call("passkey_register_options");
    if (!options.ok) return options;
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options.data.options);
    const credential = await navigator.credentials.create({ publicKey });
    return api.call("passkey_register_verify", { credential: credential.toJSON(), name });
  },
  list: () => api.call("passkeys_list"),
  logout: () => api.call("logout"),
  init: () => api.call("init"),
  async signIn() {
    const options = await api.call("passkey_login_options");
    if (!options.ok) return options;
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options.data.options);
    const credential = await navigator.credentials.get({ publicKey });
    return api.call("passkey_login_verify", { credential: credential.toJSON() });
  },
};
document.body.dataset.ready = "yes";
</script></head><body><h1>Passkeys test page</h1></body></html>`;

const FILES = {
  "/passkey-test/": ["text/html; charset=utf-8", PAGE],
  "/passkey-test/product.js": ["text/javascript", readFileSync(join(dist, "product.js"))],
  "/passkey-test/client.js": ["text/javascript", readFileSync(join(dist, "client.js"))],
};

const browser = await chromium.launch({ executablePath: args.chromium, headless: true });
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("response", (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} for ${response.url()}`);
  });
  await page.route(`${baseUrl}/passkey-test/**`, (route) => {
    const file = FILES[new URL(route.request().url()).pathname];
    if (file === undefined) return route.fulfill({ status: 404, body: "not found" });
    return route.fulfill({ status: 200, contentType: file[0], body: file[1] });
  });

  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  step("virtual authenticator");

  await page.goto(`${baseUrl}/passkey-test/`);
  await page.locator('body[data-ready="yes"]').waitFor();
  const run = (what, arg) => page.evaluate(([w, a]) => window.flow[w](a), [what, arg]);

  const email = `passkey-${tag}@example.com`;
  const signedUp = await run("signup", email);
  check(signedUp.ok, "signup", signedUp);
  const registered = await run("register", "Chromium's virtual authenticator");
  check(registered.ok, "passkey_register_verify", registered);
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  check(credentials.length === 1 && credentials[0].isResidentCredential, "one discoverable credential", credentials);
  const listed = await run("list");
  check(listed.ok && listed.data.items.length === 1 && listed.data.items[0].id === registered.data.id && listed.data.next_cursor === null, "passkeys_list", listed);
  step("register", { name: listed.data.items[0].name });

  const out1 = await run("logout");
  check(out1.ok, "logout", out1);
  const signedOut = await run("init");
  check(signedOut.ok && signedOut.data.user === null, "signed out", signedOut);
  const signedIn = await run("signIn");
  check(signedIn.ok && signedIn.data.user.email === email, "passkey_login_verify", signedIn);
  const after = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  check(after.credentials[0].signCount >= 1, "the authenticator signed", after.credentials);
  const used = await run("list");
  check(used.data.items[0].last_used_at !== null, "the passkey was used", used);
  step("sign in with the passkey", { user: signedIn.data.user.email });

  // The page the "new sign-in" email links to: this session, signed in with a passkey.
  await page.goto(`${baseUrl}/sessions`);
  const status = page.locator('#status[data-state="success"], #status[data-state="error"]');
  await status.waitFor();
  check((await status.getAttribute("data-state")) === "success", "the sessions page", await status.innerText());
  const lines = await page.locator("#sessions li").allInnerTexts();
  check(lines.some((line) => line.includes("Chrome") && line.includes("passkey") && line.includes("this session")),
    "this session shows its browser and method", lines);
  await page.screenshot({ path: join(out, "sessions.png"), fullPage: true });
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await page.locator('#status[data-state="success"]', { hasText: "Signed out of" }).waitFor();
  step("sessions page", { sessions: lines.length });
} finally {
  await browser.close();
}
check(problems.length === 0, "the browser saw problems", problems);
console.log(JSON.stringify({ done: true }));
