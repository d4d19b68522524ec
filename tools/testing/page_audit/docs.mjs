// An app's /docs page in headless Chromium (playwright-core, the system Chromium), run by
// tools/testing/docs_page.py for the apps' docs_browser_test.py:
//
//   node docs.mjs '{"url": ..., "chromium": ..., "screenshot": ..., "search": "...", "tryIt": "init"}'
//
// Prints one JSON line: axe-core's violations (every rule of its WCAG 2 A/AA and best
// practice sets, against the page as served, under its Content-Security-Policy), what a
// search shows with the network off, what a copy button put on the clipboard, and the
// answer of the "try it" form of RPC `tryIt` (null when the page has no such form), plus
// the problems seen: console errors (a CSP violation is one), page errors, requests to
// another origin.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { chromium } from "playwright-core";

const args = JSON.parse(process.argv[2]);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const origin = new URL(args.url).origin;

const browser = await chromium.launch({ executablePath: args.chromium, headless: true });
const problems = [];
const result = { problems };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    if (!request.url().startsWith(origin)) problems.push(`request to another origin: ${request.url()}`);
  });

  const response = await page.goto(args.url);
  result.status = response.status();
  result.csp = response.headers()["content-security-policy"] ?? null;

  // axe-core, evaluated through the DevTools protocol (the page's CSP admits no other script).
  await page.evaluate(axeSource);
  const axe = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    }),
  );
  result.violations = axe.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.length,
    first: violation.nodes[0]?.target.join(" "),
    summary: (violation.nodes[0]?.failureSummary ?? "").split("\n").slice(0, 3).join(" "),
  }));

  // The search works with the network off: it is the page's own script.
  const visible = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll("section.rpc"))
        .filter((section) => !section.hidden && section.offsetParent !== null)
        .map((section) => section.dataset.rpc),
    );
  await context.setOffline(true);
  const box = page.getByRole("searchbox", { name: "Search RPCs" });
  const all = await visible();
  await page.keyboard.press("/");
  const focused = await box.evaluate((element) => element === document.activeElement);
  await box.fill(args.search);
  result.search = {
    focusedBySlash: focused,
    total: all.length,
    shown: await visible(),
    status: await page.locator("#search-status").textContent(),
    groups: await page.evaluate(() =>
      Array.from(document.querySelectorAll("section.group"))
        .filter((group) => !group.hidden)
        .map((group) => group.dataset.group),
    ),
  };
  await page.screenshot({ path: args.screenshot });
  await box.press("Escape");
  result.search.afterEscape = (await visible()).length;
  await context.setOffline(false);

  // A copy button puts its snippet on the clipboard.
  const first = all[0];
  await page.locator(`button[data-copy="curl-${first}"]`).click();
  result.copy = {
    rpc: first,
    clipboard: await page.evaluate(() => navigator.clipboard.readText()),
    snippet: await page.locator(`#curl-${first}`).textContent(),
    button: await page.locator(`button[data-copy="curl-${first}"]`).textContent(),
  };

  // Try it: the form of RPC `tryIt` sends its example to this server.
  const form = page.locator(`form.try-form[data-rpc="${args.tryIt}"]`);
  result.tryForms = await page.locator("form.try-form").count();
  if ((await form.count()) === 1) {
    await page.locator(`#rpc-${args.tryIt} details.try summary`).click();
    await form.getByRole("button", { name: "Send" }).click();
    const output = form.locator("output");
    await output.filter({ hasText: /^HTTP / }).waitFor();
    result.tryIt = await output.textContent();
  } else {
    result.tryIt = null;
  }
} catch (error) {
  problems.push(`flow failed: ${error.stack ?? error}`);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
