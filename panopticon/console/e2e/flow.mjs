// The admin console in a real browser (headless system Chromium driven by playwright-core),
// against a running panopticon. Run by panopticon/console/browser_test.py:
//
//   node flow.mjs '{"baseUrl": ..., "chromium": ..., "out": ..., "admin": {...}, ...}'
//
// Prints one JSON line per step ({"step": name}) and a last {"done": true, ...} line with
// what the Python side checks over HTTP (the impersonation token). Screenshots of each
// page go to `out`. Fails on any console error (a CSP violation is one), on any request
// to another origin, on a page wider than the window at 360, 390 or 1440 px, and on
// any axe-core violation.

import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const args = JSON.parse(process.argv[2]);
// Widths every page is checked at (no horizontal scroll), and those screenshotted.
const WIDTHS = [360, 390, 1440];
const SCREENSHOT_WIDTHS = [390, 1440];
const { baseUrl, out, admin, target, organization, other } = args;
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: args.chromium, headless: true });
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  // RPC error answers (a wrong password's 400) are part of the flow: responses are
  // checked below; every other console error (a CSP violation, say) is a problem.
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    const rpc = path.startsWith("/rpc/");
    // The test's servers have no LLM: the activity summary answers 501 (not configured).
    const expected = response.status() === 501 && path === "/rpc/user_activity_summary";
    if ((response.status() >= 500 && !expected) || (!rpc && response.status() >= 400)) {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    if (!request.url().startsWith(baseUrl)) problems.push(`request to another origin: ${request.url()}`);
  });

  const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));
  const check = (condition, message) => {
    if (!condition) throw new Error(message);
  };
  // Every page at a phone's and a desktop's width: no horizontal scroll of the page (tables
  // scroll in their own box), a screenshot of both (`NAME-390.png`, `NAME-1440.png`), and
  // axe-core's accessibility rules without a violation. Problems are collected and reported
  // together at the end, so one run shows every page's.
  const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const shot = async (name) => {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      const [scrollWidth, innerWidth, culprits] = await page.evaluate(() => {
        // What sticks out: elements past the window's edge whose parent does not.
        const out = (e) => e.getBoundingClientRect().right > window.innerWidth + 0.5;
        const culprits = [...document.querySelectorAll("body *")]
          .filter((e) => out(e) && e.parentElement && !out(e.parentElement))
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`);
        return [document.documentElement.scrollWidth, window.innerWidth, culprits];
      });
      if (scrollWidth > innerWidth) {
        problems.push(`${name}: the page is ${scrollWidth} px wide at ${innerWidth} px (${culprits.join(", ")})`);
      }
      if (SCREENSHOT_WIDTHS.includes(width)) {
        await page.screenshot({ path: join(out, `${name}-${width}.png`), fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    // Runtime.evaluate is not script from the page: the CSP does not apply to it.
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await globalThis.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      );
    });
    for (const violation of violations) problems.push(`${name}: axe: ${violation}`);
  };
  const heading = (name) => page.getByRole("heading", { level: 1, name, exact: true });
  const nav = (name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
  const focusedLabel = () =>
    page.evaluate(() => {
      const element = document.activeElement;
      return element ? `${element.tagName}:${element.textContent ?? ""}` : "";
    });

  // Login, by keyboard: type, Enter submits the form.
  await page.goto(`${baseUrl}/`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByLabel("Password").press("Enter");
  await page.getByRole("alert").filter({ hasText: "Wrong email or password" }).waitFor();
  await page.getByLabel("Password").fill(admin.password);
  await shot("01-login");
  await page.getByLabel("Password").press("Enter");
  // The admin has two-factor authentication on: the second step asks for a code.
  await heading("Two-factor authentication").waitFor();
  await page.getByLabel("Code").fill("not-a-recovery-code");
  await page.getByLabel("Code").press("Enter");
  await page.getByRole("alert").filter({ hasText: "wrong or was used" }).waitFor();
  await page.getByLabel("Code").fill(admin.recovery_code);
  await shot("01-second-factor");
  await page.getByLabel("Code").press("Enter");
  await heading("Overview").waitFor();
  step("login");

  await page.locator(".card").first().waitFor();
  check((await page.locator(".card").count()) === 6, "the overview shows six figures");
  await shot("02-overview");
  // At a phone's width the nav folds away behind the Menu button.
  await page.setViewportSize({ width: 390, height: 844 });
  const menu = page.getByRole("button", { name: "Menu" });
  check(!(await nav("Users").isVisible()), "the nav is folded at 390 px");
  await menu.click();
  await nav("Users").waitFor();
  check((await menu.getAttribute("aria-expanded")) === "true", "the menu button says the nav is open");
  await shot("02-overview-menu");
  await page.setViewportSize({ width: 390, height: 844 });
  await menu.click();
  await nav("Users").waitFor({ state: "hidden" });
  await page.setViewportSize({ width: 1280, height: 800 });
  check(await nav("Users").isVisible(), "the nav is always shown at desktop width");
  step("overview");

  // Users: search by email, open the user.
  await nav("Users").click();
  await heading("Users").waitFor();
  // "/" focuses the search field (once the page has its answer: it focuses its heading).
  await page.locator("tbody tr").first().waitFor();
  await page.keyboard.press("/");
  check(
    await page.getByLabel("Email, name or user id").evaluate((input) => input === document.activeElement),
    "/ focuses the search field",
  );
  await page.getByLabel("Email, name or user id").fill(target.email);
  await page.getByLabel("Email, name or user id").press("Enter");
  const userLink = page.getByRole("link", { name: target.name, exact: true });
  // The unfiltered first page may still be showing (the target is among the newest
  // users): wait for the search's own answer, a single row.
  await page
    .waitForFunction(() => document.querySelectorAll("tbody tr").length === 1, null, {
      timeout: 10000,
    })
    .catch(() => {});
  await userLink.waitFor();
  check((await page.locator("tbody tr").count()) === 1, "the search finds exactly the user");
  // The total of the search: exact, "1 user".
  await page.locator(".pager .range").getByText("1 user", { exact: true }).waitFor();
  await shot("03-users");
  step("users search");

  await userLink.click();
  await heading(target.name).waitFor();
  const userId = decodeURIComponent(new URL(page.url()).hash.split("/").pop());
  await page.getByRole("cell", { name: organization.name }).waitFor();
  // The activity summary answers (the test's servers have no LLM: it says so).
  await page.getByRole("button", { name: "Summarize activity" }).click();
  await page.locator(".summary").getByText("No language model is configured").waitFor();
  await shot("04-user-detail");
  step("user detail", { userId });

  // The reason dialog: keyboard opens it, focus moves in, Escape closes it and focus returns.
  // Support's first questions: verified or not; a password reset sent through the outbox.
  await page.locator("dt", { hasText: "Verified" }).waitFor();
  check(
    await page.getByRole("button", { name: "Resend verification" }).isDisabled(),
    "resending the verification of a verified address is disabled",
  );
  await page.getByRole("button", { name: "Send password reset" }).click();
  await page.getByRole("dialog").getByRole("textbox").first().fill("cannot sign in");
  await page.getByRole("dialog").getByRole("button", { name: "Send password reset" }).click();
  await page.getByRole("status").filter({ hasText: `Password reset emailed to ${target.email}` }).waitFor();
  await heading(target.name).waitFor();
  step("password reset sent");

  const disable = page.getByRole("button", { name: "Disable user", exact: true });
  await disable.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  check(await page.evaluate(() => document.activeElement?.closest("dialog") !== null), "focus moves into the dialog");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  check((await focusedLabel()) === "BUTTON:Disable user", `focus returns to the button (was ${await focusedLabel()})`);
  step("escape closes the dialog");

  await page.keyboard.press("Enter");
  await dialog.waitFor();
  const limit = await dialog.getByRole("textbox").first().getAttribute("maxlength");
  check(limit === "500", `the reason's limit is the server's 500 (was ${limit})`);
  await page.keyboard.type(args.reason);
  await shot("05-reason-dialog");
  await dialog.getByRole("button", { name: "Disable user" }).click();
  await page.getByRole("status").filter({ hasText: "User disabled" }).waitFor();
  await page.locator(".badge.off").first().waitFor();
  step("disabled with a reason");

  // The audit log shows the entry.
  await nav("Audit log").click();
  await heading("Audit log").waitFor();
  await page.getByLabel("Target (id or email)").fill(userId);
  // The action filter lists the actions the log holds.
  await page.getByLabel("Action").selectOption("user.disable");
  // The admin filter takes an email; the days filter today (UTC).
  await page.getByLabel("Admin (email or user id)").fill(admin.email);
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From", { exact: true }).fill(today);
  await page.getByLabel("Until", { exact: true }).fill(today);
  await page.getByRole("button", { name: "Search" }).click();
  const entry = page.locator("tbody tr").filter({ hasText: args.reason });
  await entry.waitFor();
  const entryText = (await entry.innerText()).replace(/\s+/g, " ");
  check(entryText.includes(admin.email) && entryText.includes("user.disable"), `audit row: ${entryText}`);
  // The target by name and email, its id as the link's tooltip.
  check(entryText.includes(`${target.name} (${target.email})`), `audit target by name: ${entryText}`);
  check((await entry.getByRole("link", { name: target.name }).getAttribute("title")) === userId, "the target's id as tooltip");
  await shot("06-audit-log");
  step("audit entry", { row: entryText });

  // Organizations: search, detail.
  await nav("Organizations").click();
  await heading("Organizations").waitFor();
  await page.getByLabel("Name or organization id").fill(organization.name);
  await page.getByLabel("Name or organization id").press("Enter");
  const organizationLink = page.getByRole("link", { name: organization.name, exact: true });
  await organizationLink.waitFor();
  await shot("07-organizations");
  await organizationLink.click();
  await heading(organization.name).waitFor();
  await page.getByRole("link", { name: other.name, exact: true }).waitFor();
  // Its single sign-on connection (never a secret), removed by a superadmin with a reason.
  await page.getByRole("heading", { level: 2, name: "Single sign-on", exact: true }).waitFor();
  await page.getByText("https://idp.example.test", { exact: true }).waitFor();
  await shot("08-organization-detail");
  await page.getByRole("button", { name: "Remove connection", exact: true }).click();
  await dialog.waitFor();
  await dialog.getByLabel(/^Reason/).fill("the customer moved to another identity provider");
  await dialog.getByRole("button", { name: "Remove connection" }).click();
  await page.getByRole("status").filter({ hasText: "Single sign-on connection removed." }).waitFor();
  await page.getByText("No single sign-on connection.", { exact: true }).waitFor();
  step("single sign-on connection removed");
  // Every member, paginated: the users list filtered by the organization, with roles,
  // sorted by email both ways by its column header.
  const organizationUrl = page.url();
  await page.getByRole("link", { name: "Every member, page by page, with filters and sorting" }).click();
  await heading("Users").waitFor();
  await page.locator(".pager .range").getByText("2 users", { exact: true }).first().waitFor();
  const names = async () =>
    (await page.locator("tbody tr td:first-child").allInnerTexts()).map((text) => text.trim());
  const byEmail = [target.name, other.name]; // ada-… before bob-…
  await page.getByRole("link", { name: "Email", exact: true }).click();
  await page.locator('th[aria-sort="ascending"]').waitFor();
  check(JSON.stringify(await names()) === JSON.stringify(byEmail), `members by email: ${await names()}`);
  await page.getByRole("cell", { name: "owner", exact: true }).waitFor();
  await page.getByRole("link", { name: "Email ↑", exact: true }).click();
  await page.locator('th[aria-sort="descending"]').waitFor();
  check(JSON.stringify(await names()) === JSON.stringify([...byEmail].reverse()), `members by email, Z–A: ${await names()}`);
  await shot("08-organization-members");
  await page.goto(organizationUrl);
  await heading(organization.name).waitFor();
  step("organizations");

  // Impersonation of another member, from their page.
  await page.getByRole("link", { name: other.name, exact: true }).click();
  await heading(other.name).waitFor();
  await page.getByRole("link", { name: "Impersonate…" }).click();
  await heading("Impersonation").waitFor();
  await page.getByText(`(${other.email})`).waitFor();
  // Typing the start of an email suggests the users it finds.
  await page.getByLabel("User email or id").fill("");
  await page.getByLabel("User email or id").pressSequentially(other.email.slice(0, 12));
  await page.locator(`#impersonate-user-options option[value="${other.email}"]`).waitFor({ state: "attached" });
  // The user may be given by email: it is looked up.
  await page.getByLabel("User email or id").fill(other.email.toUpperCase());
  await page.getByLabel("User email or id").press("Tab");
  await page.getByText(`(${other.email})`).waitFor();
  check(
    (await page.getByRole("link", { name: other.name, exact: true }).getAttribute("href")).endsWith(other.id),
    "the email finds the user",
  );
  await page.getByRole("button", { name: "Start impersonation…" }).click();
  await dialog.waitFor();
  await dialog.getByLabel(/^Reason/).fill("checking what the customer sees");
  await dialog.getByRole("button", { name: "Start impersonation" }).click();
  await page.getByRole("heading", { name: "Impersonation ready" }).waitFor();
  const token = (await page.getByTestId("impersonation-token").innerText()).trim();
  await shot("09-impersonation");
  // The accept page opens in a new tab, on the product, and signs in as the user.
  const [tab] = await Promise.all([
    context.waitForEvent("page"),
    page.getByRole("link", { name: "Open the product as this user" }).click(),
  ]);
  await tab.waitForLoadState();
  check(tab.url().startsWith(`${args.productUrl}/impersonate#token=`), `the accept page: ${tab.url()}`);
  await tab.getByText("Impersonated by").waitFor();
  await tab.close();
  step("impersonation");

  // Analytics: the default range is the last 30 complete UTC days; a range without rows
  // explains the backfill; the seeded range draws one bar and one point per day and the
  // funnel's totals.
  const analytics = args.analytics;
  await nav("Analytics").click();
  await heading("Analytics").waitFor();
  const utcDay = (offset) => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset))
      .toISOString()
      .slice(0, 10);
  };
  const fromInput = page.getByLabel("From (UTC day)");
  const toInput = page.getByLabel("To (UTC day, included)");
  await page.locator('svg[data-chart="signups"]').waitFor();
  const defaults = [await fromInput.inputValue(), await toInput.inputValue()];
  check(
    defaults[0] === utcDay(-30) && defaults[1] === utcDay(-1),
    `the default range is the last 30 complete days (was ${defaults.join(" to ")})`,
  );
  check((await page.locator('svg[data-chart="signups"] rect.bar').count()) === 30, "30 bars by default");
  // The day labels are evenly spaced (the same number of days apart), the last day labelled.
  const labelled = await page
    .locator('svg[data-chart="signups"] text.tick.day')
    .evaluateAll((labels) => labels.map((label) => Date.parse(label.dataset.day) / 86400000));
  const gaps = labelled.slice(1).map((day, index) => day - labelled[index]);
  check(gaps.length >= 4 && gaps.every((gap) => gap === gaps[0]), `evenly spaced day labels: ${JSON.stringify(gaps)}`);
  check(labelled[labelled.length - 1] === Date.parse(utcDay(-1)) / 86400000, "the last day is labelled");
  const showRange = async (from, to) => {
    await fromInput.fill(from);
    await toInput.fill(to);
    await page.getByRole("button", { name: "Show", exact: true }).click();
    // The answer's page names its range (the previous page is gone by then).
    await page.getByText(`${from} to ${to}, from the tables`).waitFor();
    check(new URL(page.url()).hash === `#/analytics?from=${from}&to=${to}`, `the range is in the URL: ${page.url()}`);
  };
  await showRange(analytics.empty.from, analytics.empty.to);
  const hint = (await page.getByTestId("analytics-empty").innerText()).replace(/\s+/g, " ");
  const command = `blossom pipeline backfill --from ${analytics.empty.from} --to ${analytics.empty.to}`;
  check(hint.includes(command), `the empty range explains the backfill: ${hint}`);

  await showRange(analytics.from, analytics.to);
  check((await page.getByTestId("analytics-empty").count()) === 0, "no backfill hint when days have rows");
  const values = (selector) =>
    page.locator(selector).evaluateAll((marks) => marks.map((mark) => [mark.dataset.day, Number(mark.dataset.value)]));
  const expected = (numbers) => analytics.days.map((day, index) => [day, numbers[index]]);
  const bars = await values('svg[data-chart="signups"] rect.bar');
  check(JSON.stringify(bars) === JSON.stringify(expected(analytics.signups)), `signup bars: ${JSON.stringify(bars)}`);
  const points = await values('svg[data-chart="active-organizations"] circle.point');
  check(JSON.stringify(points) === JSON.stringify(expected(analytics.active)), `activity points: ${JSON.stringify(points)}`);
  check(
    (await page.locator('svg[data-chart="active-organizations"] circle.point.missing').count()) === 2,
    "the two days without organization rows are hollow points",
  );
  // Every chart is an image with a name, and its numbers are in a table.
  for (const name of ["Signups per day", "Active organizations per day", "Invite funnel"]) {
    await page.getByRole("img", { name: new RegExp(`^${name}`) }).waitFor();
  }
  const signupsName = await page.locator('svg[data-chart="signups"]').getAttribute("aria-label");
  check(signupsName.includes("9 signups in all"), `the signups chart's name sums it up: ${signupsName}`);
  await page.getByText("Signups per day: the numbers").click();
  await page.getByRole("table", { name: "Signups per day" }).getByRole("row").nth(3).waitFor();
  const funnelBars = await page
    .locator('svg[data-chart="funnel"] rect.funnel-bar')
    .evaluateAll((marks) => marks.map((mark) => [mark.dataset.stage, Number(mark.dataset.value)]));
  const stages = Object.entries(analytics.funnel);
  check(JSON.stringify(funnelBars) === JSON.stringify(stages), `funnel bars: ${JSON.stringify(funnelBars)}`);
  const funnelTable = page.getByRole("table", { name: "Invite funnel" });
  for (const [stage, number] of stages) {
    const cell = (await funnelTable.locator(`td[data-stage="${stage}"]`).innerText()).trim();
    check(cell === String(number), `funnel ${stage}: ${cell}, expected ${number}`);
  }
  await shot("10-analytics");
  step("analytics", { bars: bars.length, points: points.length, funnel: Object.fromEntries(funnelBars) });

  // The login-security chart and the median time to accept an invite.
  await page.locator('svg[data-chart="failed-logins"]').waitFor();
  await page.getByText(/Median time to accept: /).waitFor();

  // Emails: the target's failed email, its last error, and a resend.
  await nav("Emails").click();
  await heading("Emails").waitFor();
  await page.getByLabel("Recipient").fill(target.email);
  await page.getByLabel("Status").selectOption("failed");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const failedRow = page.locator("tbody tr").filter({ hasText: "550 mailbox unavailable" });
  await failedRow.waitFor();
  await shot("11-emails");
  await failedRow.getByRole("button", { name: "Resend" }).click();
  await dialog.waitFor();
  await dialog.getByLabel(/^Reason/).fill("the mailbox works again");
  await dialog.getByRole("button", { name: "Resend email" }).click();
  await page.getByRole("status").filter({ hasText: "queued again" }).waitFor();
  step("emails");

  // Account deletion from the user's page.
  await page.goto(`${baseUrl}/#/users/${encodeURIComponent(args.doomed.id)}`);
  await heading(args.doomed.name).waitFor();
  // A superadmin edits the name and email (the user is told; the new address unverified).
  const renamed = `${args.doomed.name} Renamed`;
  const moved = args.doomed.email.replace("@", "+moved@");
  await page.getByRole("button", { name: "Edit name and email" }).click();
  await dialog.waitFor();
  await dialog.getByLabel("Name", { exact: true }).fill(renamed);
  await dialog.getByLabel("Email", { exact: true }).fill(moved);
  await dialog.getByLabel(/^Reason/).fill("the user asked by phone");
  await shot("12-edit-user");
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Name and email saved." }).waitFor();
  await heading(renamed).waitFor();
  await page.getByText("not verified").waitFor();
  step("name and email edited");

  await page.getByRole("button", { name: "Delete account" }).click();
  await dialog.waitFor();
  await dialog.getByLabel(/^Reason/).fill("the user asked by phone");
  await shot("12-delete-account");
  await dialog.getByRole("button", { name: "Delete account" }).click();
  await page.getByRole("status").filter({ hasText: "deleted" }).waitFor();
  step("account deleted");

  check(problems.length === 0, `browser problems:\n${problems.join("\n")}`);
  console.log(JSON.stringify({ done: true, userId, token }));
} finally {
  await browser.close();
}
