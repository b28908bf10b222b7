// A site in several languages and scripts, in headless Chromium, served on
// loopback under `Content-Security-Policy: default-src 'self'`. SPEC (JSON)
// lists:
// - pages: {path, lang, dir, dark?}; each page (in the dark colour scheme
//   with dark: true) says that language and direction
//   on <html>, passes axe-core (WCAG 2.x A/AA and best practice), lays out
//   the way its direction reads (the quick exit at the end of the bar:
//   right in left-to-right pages, left in right-to-left ones), and every
//   link of its language switcher and every hreflang alternate answers;
// - searches: {page, word, title, warning?, lang?, status_lang?}; on that search page, the word (typed as
//   a reader would) lists the article of that title (with that warning, the
//   result marked with that lang, and the status saying so in an element
//   of status_lang);
// - marks: {page, text, lang}; every element of that page whose own text
//   is TEXT sits inside an element of that `lang` (text in another
//   language than the page's is marked with it, WCAG 3.1.2);
// - shots: paths screenshotted at phone and desktop widths into SHOTS;
// - hosts (optional): {"https://example.fr": "fr"}, languages with an
//   address of their own, each served from its folder of SITE_DIR by a
//   server of its own; a page's or a search's path may be a whole address
//   on one of them, and links to them are followed there.
//
//   node languages.mjs SITE_DIR SHOTS SPEC
import { createRequire } from "node:module";
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { serveSite } from "./serve_site.mjs";

const require = createRequire(process.env.PLACARD_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const [siteDir, shots, specText] = process.argv.slice(2);
const spec = JSON.parse(specText);

const { origin, server } = await serveSite(siteDir);
// The site's own address and each language's own, as served here.
const hosts = [["https://example.org", origin]];
const servers = [server];
for (const [address, folder] of Object.entries(spec.hosts || {})) {
  const own = await serveSite(join(siteDir, folder));
  hosts.push([address, own.origin]);
  servers.push(own.server);
}
const local = (url) => {
  for (const [address, here] of hosts) {
    if (url === address || url.startsWith(address + "/")) return here + url.slice(address.length);
  }
  return url.startsWith("/") ? origin + url : url;
};
const browser = await chromium.launch({ executablePath: process.env.PLACARD_CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const context = await browser.newContext();
const failures = [];
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (hosts.some(([, here]) => url.startsWith(here + "/"))) return route.continue();
  failures.push(`request to another host: ${url}`);
  return route.abort();
});

async function open(path) {
  const page = await context.newPage();
  page.on("pageerror", (e) => failures.push(`${path}: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") failures.push(`${path}: console: ${m.text()}`); });
  const response = await page.goto(local(path));
  if (response.status() !== 200) failures.push(`${path}: ${response.status()}`);
  return page;
}

try {
  for (const { path, lang, dir, dark } of spec.pages) {
    const page = await open(path);
    if (dark) await page.emulateMedia({ colorScheme: "dark" });
    const seen = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      dir: getComputedStyle(document.body).direction,
      attr: document.documentElement.getAttribute("dir"),
      exit: document.getElementById("quick-exit").getBoundingClientRect(),
      hint: document.querySelector(".exit-hint").getBoundingClientRect(),
      bar: document.querySelector(".exit-bar").getBoundingClientRect(),
      links: [...document.querySelectorAll(".languages a, link[rel=alternate][hreflang]")].map((a) => a.href),
    }));
    if (seen.lang !== lang) failures.push(`${path}: <html lang="${seen.lang}">, not ${lang}`);
    if (seen.dir !== dir) failures.push(`${path}: laid out ${seen.dir}, not ${dir}`);
    if ((dir === "rtl") !== (seen.attr === "rtl")) failures.push(`${path}: dir attribute ${seen.attr}`);
    // The bar reads from its start: the button, then the hint, at its end.
    const order = dir === "ltr" ? seen.exit.left < seen.hint.left : seen.exit.left > seen.hint.left;
    const atEnd = dir === "ltr" ? seen.bar.right - seen.hint.right < 2 : seen.hint.left - seen.bar.left < 2;
    if (!order || !atEnd) {
      failures.push(`${path}: the quick exit bar is not laid out ${dir} (button ${Math.round(seen.exit.left)}, hint ${Math.round(seen.hint.left)}–${Math.round(seen.hint.right)}, bar ${Math.round(seen.bar.left)}–${Math.round(seen.bar.right)})`);
    }
    for (const href of new Set(seen.links)) {
      const at = local(href);
      const r = await page.request.get(at);
      if (r.status() !== 200) failures.push(`${path}: its link to ${href} answers ${r.status()}`);
    }
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }));
    for (const v of result.violations) {
      failures.push(`axe ${path}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
    }
    await page.close();
    console.log(`ok: ${path} is ${lang} ${dir}${dark ? " (dark)" : ""}, passes axe, its languages answer`);
  }

  for (const { page: at, word, title, warning, lang, status_lang } of spec.searches) {
    const page = await open(at);
    await page.fill("#search-q", word);
    try {
      await page.waitForFunction((t) => [...document.querySelectorAll("#search-results h2")].some((h) => h.textContent === t), title, { timeout: 10000 });
      console.log(`ok: ${word} on ${at} finds ${title}`);
    } catch {
      failures.push(`${at}: ${word} does not find ${title} (${await page.textContent("#search-status")})`);
      await page.close();
      continue;
    }
    // The result as a reader sees it: its warning before its summary, its
    // language marked when it is not the page's.
    const shown = await page.evaluate((t) => {
      const li = [...document.querySelectorAll("#search-results li")].find((l) => l.querySelector("h2").textContent === t);
      const marker = li.querySelector(".warning-marker");
      const texts = [...li.querySelectorAll("p")].map((p) => p.className);
      return {
        warning: marker ? marker.textContent : "",
        first: marker ? texts.indexOf("warning-marker") < texts.indexOf("") || !texts.includes("") : true,
        lang: li.lang,
      };
    }, title);
    if (warning !== undefined && !(shown.warning.includes(warning) && shown.first)) {
      failures.push(`${at}: the result ${title} shows no warning "${warning}" before its summary: ${JSON.stringify(shown)}`);
    }
    if (lang !== undefined && shown.lang !== lang) {
      failures.push(`${at}: the result ${title} is marked lang="${shown.lang}", not ${lang}`);
    }
    if (status_lang !== undefined) {
      const said = await page.evaluate(() => {
        const s = document.getElementById("search-status");
        return { text: s.textContent, lang: (s.closest("[lang]") || document.documentElement).lang };
      });
      if (said.lang !== status_lang) {
        failures.push(`${at}: "${said.text}" sits in lang="${said.lang}", not ${status_lang}`);
      } else {
        console.log(`ok: "${said.text}" on ${at} is marked ${status_lang}`);
      }
    }
    await page.close();
  }

  for (const { page: at, text, lang } of spec.marks || []) {
    const page = await open(at);
    const found = await page.evaluate((t) => {
      const own = (e) => [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
      return [...document.querySelectorAll("body *")].filter((e) => own(e) === t)
        .map((e) => (e.closest("[lang]") || document.documentElement).lang);
    }, text);
    if (!found.length) failures.push(`${at}: no element says "${text}"`);
    else if (found.some((l) => l !== lang)) failures.push(`${at}: "${text}" is marked ${JSON.stringify(found)}, not ${lang}`);
    else console.log(`ok: ${at} marks "${text}" as ${lang} (${found.length} times)`);
    await page.close();
  }

  await mkdir(shots, { recursive: true });
  for (const path of spec.shots) {
    const name = path.replace(/^\/|\/$/g, "").replace(/\//g, "-") || "home";
    for (const [label, width] of [["phone", 390], ["desktop", 1280]]) {
      const page = await open(path);
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(shots, `${name}-${label}.png`), fullPage: true });
      await page.close();
    }
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
for (const f of failures) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
