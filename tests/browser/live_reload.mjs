// A page left open in headless Chromium follows the dev server: an edit
// to the article appears without the test reloading anything, a broken
// article shows the error overlay, and fixing it brings the page back.
//
//   node live_reload.mjs URL ARTICLE_FILE STYLESHEET_FILE
//
// The server applies a strict Content-Security-Policy; any violation is
// logged by Chromium as a console error, which fails the test.
//
// PLACARD_NODE_MODULES: where playwright-core is installed;
// PLACARD_CHROMIUM: the Chromium binary.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";

const require = createRequire(process.env.PLACARD_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [url, file, css] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.PLACARD_CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`${r.status()} for ${r.url()}`); });
  await page.goto(url);
  // Let the page's event stream connect before the first save.
  await page.waitForTimeout(300);
  const original = readFileSync(file, "utf8");
  const step = async (what, fn) => {
    const t = Date.now();
    await fn();
    console.log(`ok: ${what} (${Date.now() - t} ms)`);
  };

  await step("an edit shows up in the open page", async () => {
    writeFileSync(file, original.replace("The lead paragraph", "EDITED-IN-PLACE lead paragraph"));
    await page.waitForFunction(() => document.body.innerText.includes("EDITED-IN-PLACE"), null, { timeout: 30000 });
  });
  await step("a broken article shows the error overlay", async () => {
    writeFileSync(file, original.replace("date: 2004-05-07", "date: 2004-31-31"));
    const overlay = await page.waitForSelector("#placard-error", { timeout: 30000 });
    const text = await overlay.innerText();
    if (!text.includes("first-report.md:3") || !text.includes("does not exist")) {
      throw new Error("overlay lacks the file, line and message: " + text);
    }
    if (!(await page.innerText("h1")).includes("First report")) throw new Error("the last good page is gone");
  });
  await step("fixing it removes the overlay and shows the fix", async () => {
    writeFileSync(file, original.replace("The lead paragraph", "FIXED-AGAIN lead paragraph"));
    await page.waitForFunction(
      () => !document.getElementById("placard-error") && document.body.innerText.includes("FIXED-AGAIN"),
      null, { timeout: 30000 });
  });
  await step("a stylesheet change applies without a reload", async () => {
    await page.evaluate(() => { window.__notReloaded = true; });
    writeFileSync(css, readFileSync(css, "utf8") + "\nh1 { outline: 7px solid rgb(1, 2, 3); }\n");
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector("h1")).outlineColor === "rgb(1, 2, 3)",
      null, { timeout: 30000 });
    if (!(await page.evaluate(() => window.__notReloaded === true))) throw new Error("the page reloaded");
  });
  const csp = (await (await page.request.get(url)).headers())["content-security-policy"] || "";
  if (!csp.includes("default-src 'self'")) throw new Error("no strict CSP on the page: " + csp);
  if (errors.length) throw new Error("errors in the page: " + errors.join("; "));
} catch (e) {
  console.error("FAILED:", e.message);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
