// The default theme as a reader meets it, in headless Chromium, with the
// built site served on loopback under `Content-Security-Policy:
// default-src 'self'`:
// - axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation, nor any of its
//   best-practice rules (landmarks, unique landmarks), on home, a
//   section, an article, the tag index, a tag page, search and 404, in
//   light and in dark mode;
// - the quick exit is first in keyboard order and leaves by click and by
//   pressing Shift three times;
// - search finds the seed stories;
// - no CSP violation, no failed request, no request leaves 127.0.0.1;
// - screenshots of an article at phone and desktop widths are saved.
//
//   node theme.mjs SITE_DIR EXIT_URL SCREENSHOT_DIR [ORIGIN PREFIX]
//
// With ORIGIN and PREFIX (e.g. http://127.0.0.1:8080 /campaign), the site
// is not served by this script but taken from that server (nginx with the
// README's headers) under that path.
import { createRequire } from "node:module";
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { serveSite } from "./serve_site.mjs";

const require = createRequire(process.env.PLACARD_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const [siteDir, exitUrl, shots, givenOrigin, prefix = ""] = process.argv.slice(2);

const served = await serveSite(siteDir);
const server = served.server;
const origin = givenOrigin || served.origin;

const browser = await chromium.launch({
  executablePath: process.env.PLACARD_CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const failures = [];
const outside = [];
const context = await browser.newContext();
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith(origin)) return route.continue();
  outside.push(url);
  return route.abort();
});

async function open(path, problems) {
  const page = await context.newPage();
    page.on("console", (m) => {
    // The 404 page is meant to answer 404; Chromium logs that.
    const expected404 = path.startsWith("/no-such") && m.text().includes("status of 404");
    if (m.type() === "error" && !expected404) problems.push(`${path}: console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${path}: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400 && !(path.startsWith("/no-such") && r.url().endsWith(path))) problems.push(`${path}: ${r.status()} for ${r.url()}`);
  });
    await page.goto(origin + prefix + path);
  return page;
}

async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
  }));
  for (const v of result.violations) {
    failures.push(`axe ${label}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
  }
}

const pages = {
  home: "/",
  section: "/sex-trade/sex-trafficking/",
  article: "/sex-trade/sex-trafficking/kosovo-un-troops-fuel-sex-trade/",
  tags: "/tags/",
  tag: "/tags/kosovo/",
  search: "/search/?q=Kosovo",
  "404": "/no-such-page/",
};
try {
  for (const [name, path] of Object.entries(pages)) {
    const problems = [];
    const page = await open(path, problems);
    if (name === "search") await page.waitForSelector("#search-results li", { timeout: 30000 });
    await axe(page, `${name} (light)`);
    await page.emulateMedia({ colorScheme: "dark" });
    await axe(page, `${name} (dark)`);
    failures.push(...problems);
    await page.close();
    console.log(`ok: ${name} checked by axe-core in light and dark mode`);
  }

  // Search finds both seed stories, and a half-typed word too.
  {
    const problems = [];
    const page = await open("/search/?q=Kosovo", problems);
    await page.waitForSelector("#search-results li");
    const titles = await page.$$eval("#search-results h2", (hs) => hs.map((h) => h.textContent));
    for (const want of ["Kosovo: Nato force 'feeds Kosovo sex trade'", "Kosovo UN troops 'fuel sex trade'"]) {
      if (!titles.includes(want)) failures.push(`search for Kosovo lacks ${want}: ${titles}`);
    }
    await page.fill("#search-q", "peacekeep");
    await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("peacekeep"));
    const status = await page.textContent("#search-status");
    if (!status.startsWith("2 articles match")) failures.push(`prefix search: ${status}`);
    await page.fill("#search-q", "zzzzqx");
    await page.waitForFunction(() => document.getElementById("search-status").textContent.startsWith("No articles"));
    await page.press("#search-q", "Enter");
    if (page.url().includes("zzzzqx") || page.url().includes("Kosovo")) failures.push(`the search is in the address: ${page.url()}`);
    failures.push(...problems);
    await page.close();
    console.log("ok: search finds the seed stories");
  }

  // The search box of another page hands the query over without putting it
  // in any address the browser keeps.
  {
    const problems = [];
    const page = await open("/", problems);
    await page.fill("#header-q", "peacekeep");
    await Promise.all([page.waitForURL(/\/search\/$/), page.press("#header-q", "Enter")]);
    await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("peacekeep"));
    const status = await page.textContent("#search-status");
    if (!status.startsWith("2 articles match")) failures.push(`header search: ${status}`);
    const visited = await page.evaluate(() => window.location.href);
    if (visited.includes("peacekeep")) failures.push(`the header search is in the address: ${visited}`);
    failures.push(...problems);
    await page.close();
    console.log("ok: the header search keeps the query out of the address");
  }

  // The site keeps to one entry of the tab's history: a link to another
  // of its pages replaces the page, so that after the quick exit Back
  // leads to where the reader was before the site.
  {
    const page = await open("/", []);
    const before = await page.evaluate(() => history.length);
    const href = await page.evaluate(() => {
      const a = [...document.querySelectorAll("main a[href]")].find((l) => new URL(l.href).origin === location.origin && new URL(l.href).pathname !== location.pathname);
      return a ? a.getAttribute("href") : null;
    });
    if (!href) failures.push("the home page links to no other page of the site");
    else {
      const start = new URL(page.url()).pathname;
      await Promise.all([page.waitForURL((u) => u.pathname !== start), page.click(`main a[href="${href}"]`)]);
      const after = await page.evaluate(() => history.length);
      if (after !== before) failures.push(`following ${href} added to the history (${before} → ${after})`);
      else console.log("ok: the site keeps to one entry of the history");
    }
    await page.close();
  }

  // The quick exit: first in keyboard order, leaves by click and by Shift x3.
  for (const how of ["click", "shift"]) {
    const problems = [];
    const page = await open(pages.article, problems);
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => document.activeElement && document.activeElement.id);
    if (first !== "quick-exit") failures.push(`the first Tab stop is ${first}, not the quick exit`);
    const before = outside.length;
    if (how === "click") {
      await page.click("#quick-exit");
    } else {
      await page.keyboard.press("Escape");
      for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
    }
        // The navigation to the exit site is caught (and stopped) by the route.
    for (let i = 0; i < 300 && outside.length === before; i++) await page.waitForTimeout(100);
    const went = outside.slice(before);
    if (!went.some((u) => u.startsWith(exitUrl))) failures.push(`quick exit by ${how} did not leave for ${exitUrl}: ${went}`);
    outside.splice(before);
    await page.close();
    console.log(`ok: quick exit by ${how}`);
  }

  // Screenshots of an article for a person to look at.
  {
    await mkdir(shots, { recursive: true });
    const page = await open(pages.article, []);
    for (const [name, width, height] of [["phone", 390, 844], ["desktop", 1280, 900]]) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(shots, `article-${name}.png`), fullPage: false });
    }
    await page.close();
    console.log(`ok: screenshots in ${shots}`);
  }
  if (outside.length) failures.push(`requests left 127.0.0.1: ${outside.join(", ")}`);
} catch (e) {
  failures.push(e.stack || String(e));
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.error("FAILED:\n" + failures.join("\n"));
  process.exit(1);
}
