// The links in emails, clicked in a real browser (headless system Chromium driven by
// playwright-core) against a product server in development mode. Run by
// product/dev_pages/browser_test.py:
//
//   node e2e/flow.mjs '{"baseUrl": ..., "chromium": ..., "out": ..., "tag": ..., "impersonateUrl": ...,
//                       "providerUrl": ..., "oidcAccount": ..., "oidcEmail": ...}'
//
// Each flow starts as a person would: an RPC from outside the browser sends an email, its
// link is taken from the development mailbox (`/dev/emails`; the first one clicked on the
// mailbox's page), opened in the browser, and the page calls the RPC and shows its answer. Prints one JSON line per step and a last
// {"done": true} line. Fails on any console error (a CSP violation is one), on a request
// to another origin, or on a 5xx answer. Screenshots of each page go to `out`.

import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

const args = JSON.parse(process.argv[2]);
const { baseUrl, out, tag } = args;
const port = new URL(baseUrl).port;
const providerPort = new URL(args.providerUrl).port; // the test's OpenID Provider
const LOCAL_HOSTS = ["localhost", "127.0.0.1"]; // links say localhost (PRODUCT_URL's default)
mkdirSync(out, { recursive: true });

const PASSWORD = "correct horse battery staple 42";
const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));
const check = (condition, message, detail) => {
  if (!condition) throw new Error(`${message}${detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`);
};

/** An RPC from outside the browser (a GET one when `input` is null), with a cookie of its
 * own (`jar.cookie`). */
async function call(name, input, jar = {}) {
  const headers = { "Content-Type": "application/json", ...(jar.cookie ? { Cookie: jar.cookie } : {}) };
  const response = await fetch(`${baseUrl}/rpc/${name}`, {
    method: input === null ? "GET" : "POST",
    headers,
    ...(input === null ? {} : { body: JSON.stringify(input) }),
  });
  const cookie = response.headers.getSetCookie().map((line) => line.split(";")[0])[0];
  if (cookie) jar.cookie = cookie;
  const body = await response.json();
  check(response.ok, `${name} answered ${response.status}`, body);
  return body;
}

/** The link to `path` in the newest email with `subject` to `to`, from the mailbox. */
async function linkFor(to, subject, path) {
  for (let attempt = 0; attempt < 150; attempt++) {
    const response = await fetch(`${baseUrl}/dev/emails?to=${encodeURIComponent(to)}`);
    const emails = (await response.json()).emails.filter((email) => email.subject === subject);
    const newest = emails[emails.length - 1];
    if (newest !== undefined) {
      const link = new RegExp(`https?://\\S+${path}#\\S+`).exec(newest.text)?.[0];
      check(link !== undefined, `the email "${subject}" has no ${path} link`, newest.text);
      const to = new URL(link);
      check(LOCAL_HOSTS.includes(to.hostname) && to.port === port, "the link goes to this server", link);
      return link;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no email "${subject}" reached ${to}`);
}

const browser = await chromium.launch({ executablePath: args.chromium, headless: true });
const problems = [];
try {
  /** A fresh browser (its own cookies) with the problem watchers on. */
  const freshPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        problems.push(`console: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("response", (response) => {
      const rpc = new URL(response.url()).pathname.startsWith("/rpc/");
      if (response.status() >= 500 || (!rpc && response.status() >= 400)) {
        problems.push(`${response.status()} for ${response.url()}`);
      }
    });
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (!LOCAL_HOSTS.includes(url.hostname) || ![port, providerPort].includes(url.port)) {
        problems.push(`request to another origin: ${request.url()}`);
      }
    });
    return page;
  };
  /** The page's status line once it says success (or fails with what it says). */
  const outcome = async (page, state = "success") => {
    const status = page.locator(`#status[data-state="${state}"], #status[data-state="error"]`);
    await status.waitFor();
    const [shown, text] = [await status.getAttribute("data-state"), await status.innerText()];
    check(shown === state, `the page says ${shown}, not ${state}`, text);
    return text;
  };
  const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });

  // Sign up, open the verification link: verified.
  const alice = { name: "Alice Pages", email: `alice-${tag}@example.com` };
  const aliceJar = {};
  await call("signup", { ...alice, password: PASSWORD, organization_name: `Pages ${tag}` }, aliceJar);
  const verifyLink = await linkFor(alice.email, "Verify your email address", "/verify-email");
  // As a developer would: the mailbox page in the browser, then the link in the email.
  const verifyPage = await freshPage();
  await verifyPage.goto(`${baseUrl}/dev/emails?to=${encodeURIComponent(alice.email)}`);
  await verifyPage.getByRole("link", { name: verifyLink }).click();
  await verifyPage.waitForURL(verifyLink);
  check((await outcome(verifyPage)) === "Your email address is verified.", "verified");
  await shot(verifyPage, "01-verify-email");
  const me = await call("init", null, aliceJar);
  check(me.user.email_verified === true, "init shows the verified address", me);
  await verifyPage.reload();
  check((await outcome(verifyPage, "error")).includes("unknown, used"), "a used link says so");
  step("verify email");

  // Forgot the password: the reset link asks for a new one, which then works.
  await call("password_reset_request", { email: alice.email });
  const resetLink = await linkFor(alice.email, "Reset your password", "/reset-password");
  const resetPage = await freshPage();
  await resetPage.goto(resetLink);
  await resetPage.getByLabel("New password").fill("a brand new password for alice");
  await resetPage.getByRole("button", { name: "Set the password" }).click();
  const reset = await outcome(resetPage);
  check(reset.startsWith(`Your password is set. Signed in as ${alice.email}`), "reset", reset);
  await shot(resetPage, "02-reset-password");
  // The reset ended Alice's other sessions: she signs in with the new password.
  await call("login", { email: alice.email, password: "a brand new password for alice" }, aliceJar);
  step("reset password");

  // Sign in with an emailed code: the link signs in at once, and works once.
  await call("login_code_request", { email: alice.email });
  const codeLink = await linkFor(alice.email, "Your sign-in code", "/sign-in-code");
  const codePage = await freshPage();
  await codePage.goto(codeLink);
  const byCode = await outcome(codePage);
  check(byCode.startsWith(`Signed in as ${alice.email}`), "signed in by code", byCode);
  await shot(codePage, "02b-sign-in-code");
  await codePage.reload();
  check((await outcome(codePage, "error")).includes("wrong, used"), "a used code says so");
  step("sign in with a code");

  // Invited with a new address: name and password create the account in the organization.
  const bob = { name: "Bob Pages", email: `bob-${tag}@example.com` };
  await call("invite_create", { email: bob.email, role: "member" }, aliceJar);
  const inviteLink = await linkFor(bob.email, `${alice.name} invites you to Pages ${tag}`, "/accept-invite");
  const invitePage = await freshPage();
  await invitePage.goto(inviteLink);
  await invitePage.getByRole("button", { name: "Accept the invite" }).click();
  check((await outcome(invitePage, "error")).includes("required for a new account"), "a name is needed");
  await invitePage.getByLabel("Your name").fill(bob.name);
  await invitePage.locator("#accept").getByLabel("Password").fill(PASSWORD);
  await invitePage.getByRole("button", { name: "Accept the invite" }).click();
  const joined = await outcome(invitePage);
  check(joined === `You joined Pages ${tag} as member. Signed in as ${bob.email} in Pages ${tag} (member).`, "joined", joined);
  await shot(invitePage, "03-accept-invite");
  step("accept invite (new account)");

  // Invited with an address that has an account: sign in on the page, then joined.
  const carol = { name: "Carol Pages", email: `carol-${tag}@example.com` };
  await call("signup", { ...carol, password: PASSWORD, organization_name: `Carol's ${tag}` });
  await call("invite_create", { email: carol.email, role: "admin" }, aliceJar);
  const carolLink = await linkFor(carol.email, `${alice.name} invites you to Pages ${tag}`, "/accept-invite");
  const carolPage = await freshPage();
  await carolPage.goto(carolLink);
  await carolPage.getByRole("button", { name: "Accept the invite" }).click();
  await carolPage.getByText(`sign in as ${carol.email} to join`).waitFor();
  await carolPage.locator("#login").getByLabel("Password").fill(PASSWORD);
  await carolPage.getByRole("button", { name: "Sign in and accept" }).click();
  const carolJoined = await outcome(carolPage);
  check(carolJoined.startsWith(`You joined Pages ${tag} as admin.`), "carol joined", carolJoined);
  await shot(carolPage, "04-accept-invite-signed-in");
  step("accept invite (existing account)");

  // The console's impersonation link: a read-only session of the user.
  const impersonatePage = await freshPage();
  await impersonatePage.goto(args.impersonateUrl);
  const impersonated = await outcome(impersonatePage);
  check(impersonated.includes(`Signed in as ${args.impersonatedEmail}`), "impersonated", impersonated);
  check(impersonated.endsWith(": read-only."), "read-only", impersonated);
  await shot(impersonatePage, "05-impersonate");
  step("impersonate");

  // Social login: started from a page of the product's origin (the state cookie lives
  // there), the provider sends the browser back to /oauth/callback, which completes it.
  const oauthPage = await freshPage();
  await oauthPage.goto(`http://localhost:${port}/oauth/callback`);
  const started = await oauthPage.evaluate(async () => {
    const response = await fetch("/rpc/oauth_start", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ provider: "test" }),
    });
    return response.json();
  });
  await oauthPage.goto(started.authorization_url);
  await oauthPage.getByRole("link", { name: args.oidcAccount }).click();
  await oauthPage.waitForURL(/\/oauth\/callback\?/);
  const viaProvider = await outcome(oauthPage);
  check(viaProvider.startsWith(`Signed in as ${args.oidcEmail}`), "signed up through the provider", viaProvider);
  await shot(oauthPage, "06-oauth-callback");
  step("sign in with a provider");
} finally {
  await browser.close();
}
check(problems.length === 0, "problems in the browser", problems);
console.log(JSON.stringify({ done: true }));
