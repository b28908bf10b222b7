// Search in any script, in headless Chromium: for each WORD=TITLE pair, a
// search for the word (typed as a reader would, capitals and all) lists
// the article of that title.
//
//   node search_scripts.mjs SITE_DIR WORD=TITLE...
import { createRequire } from "node:module";
import { serveSite } from "./serve_site.mjs";

const require = createRequire(process.env.PLACARD_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [siteDir, ...pairs] = process.argv.slice(2);
const { origin, server } = await serveSite(siteDir);
const browser = await chromium.launch({ executablePath: process.env.PLACARD_CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
const failures = [];
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => failures.push(e.message));
  await page.goto(origin + "/search/");
  for (const pair of pairs) {
    const [word, title] = pair.split("=");
    await page.fill("#search-q", word);
    try {
      await page.waitForFunction((t) => [...document.querySelectorAll("#search-results h2")].some((h) => h.textContent === t), title, { timeout: 10000 });
      console.log(`ok: ${word} finds ${title}`);
    } catch {
      const status = await page.textContent("#search-status");
      failures.push(`${word}: no result ${title} (${status})`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
for (const f of failures) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
