// What a reader sees of converted articles, in headless Chromium: the
// text of each page's article (code blocks aside, where markup is meant
// to be seen) holds no tag and no entity, and nothing is requested from
// another host.
//
//   node shown_text.mjs SITE_DIR PATHS_JSON
import { createRequire } from "node:module";
import { serveSite } from "./serve_site.mjs";

const require = createRequire(process.env.PLACARD_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [siteDir, pathsJson] = process.argv.slice(2);
const paths = JSON.parse(pathsJson);

const { origin, server } = await serveSite(siteDir);
const browser = await chromium.launch({ executablePath: process.env.PLACARD_CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const context = await browser.newContext();
const failures = [];
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith(origin)) return route.continue();
  failures.push(`request to another host: ${url}`);
  return route.abort();
});

try {
  for (const path of paths) {
    const page = await context.newPage();
    const response = await page.goto(origin + path);
    if (response.status() !== 200) failures.push(`${path}: ${response.status()}`);
    const seen = await page.evaluate(() => {
      const main = document.querySelector("main") || document.body;
      const copy = main.cloneNode(true);
      copy.querySelectorAll("pre, code").forEach((e) => e.remove());
      return { text: copy.innerText, pre: main.querySelectorAll("pre").length };
    });
    const tag = seen.text.match(/<\/?[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?>/);
    const entity = seen.text.match(/&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);/);
    const shortcode = seen.text.match(/\[\/?(caption|code|gallery|embed)[\] ]/);
    if (tag) failures.push(`${path}: shows the tag ${tag[0]} as text`);
    if (entity) failures.push(`${path}: shows the entity ${entity[0]} as text`);
    if (shortcode) failures.push(`${path}: shows the shortcode ${shortcode[0]} as text`);
    if (!tag && !entity && !shortcode) console.log(`ok: ${path} (${seen.pre} code blocks)`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
