// Every email template as a mail reader shows its HTML: headless system Chromium (driven
// by playwright-core) opens the development server's /dev/emails/preview, follows each
// kind's HTML link in each language and screenshots it. Run by
// product/emails_browser_test.py:
//
//   node e2e/emails.mjs '{"baseUrl": ..., "chromium": ..., "out": ...}'
//
// Prints one JSON line per email ({"email": "invite.de", "title": ..., "width": ...}) and a
// last {"done": true} line. Fails on any console error (a CSP violation is one) or an
// answer that is not 200.

import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

const args = JSON.parse(process.argv[2]);
const { baseUrl, out } = args;
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: args.chromium, headless: true });
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 700, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

  const index = await page.goto(`${baseUrl}/dev/emails/preview`);
  if (index.status() !== 200) throw new Error(`the preview index answered ${index.status()}`);
  const links = await page.$$eval("a", (anchors) =>
    anchors.filter((a) => a.textContent === "HTML").map((a) => a.getAttribute("href")),
  );
  if (links.length === 0) throw new Error("the preview index links no email");
  for (const link of links) {
    const url = new URL(link, baseUrl);
    const name = `${url.searchParams.get("kind")}.${url.searchParams.get("locale")}`;
    const answer = await page.goto(url.href);
    if (answer.status() !== 200) throw new Error(`${name} answered ${answer.status()}`);
    const title = await page.title();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(JSON.stringify({ email: name, title, width }));
  }
  if (problems.length > 0) throw new Error(`problems in the browser: ${problems.join("; ")}`);
  console.log(JSON.stringify({ done: true }));
} finally {
  await browser.close();
}
