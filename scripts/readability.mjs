// Mozilla's Readability.js over saved pages, for scripts/bench --import-pages:
//   node scripts/readability.mjs LIST
// LIST names one page file a line; for each, one JSON line is printed, in
// order: {"text": the article's textContent} ("" when Readability finds no
// article) or {"error": "..."}. jsdom parses each file as UTF-8 when its
// bytes are valid UTF-8 (a saved page has lost the charset its server sent,
// and without one jsdom, as a browser, would read it as Windows-1252), else
// the bytes, sniffing <meta charset> as a browser does; it runs no script.
// jsdom and @mozilla/readability come from $PLACARD_NODE_MODULES, by
// default .tools/node_modules (scripts/bench installs them there).
import { readFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const modules = process.env.PLACARD_NODE_MODULES ||
  path.join(path.dirname(fileURLToPath(import.meta.url)), "..", ".tools", "node_modules");
const require = createRequire(path.join(modules, "readability.cjs"));
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const utf8 = new TextDecoder("utf-8", { fatal: true });
for (const file of readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean)) {
  let out, dom;
  try {
    const bytes = readFileSync(file);
    let page;
    try {
      page = utf8.decode(bytes);
    } catch {
      page = bytes;
    }
    dom = new JSDOM(page, { virtualConsole: new VirtualConsole() });
    const article = new Readability(dom.window.document).parse();
    out = { text: article ? article.textContent || "" : "" };
  } catch (e) {
    out = { error: String((e && e.message) || e).slice(0, 200) };
  }
  writeSync(1, JSON.stringify(out) + "\n");
  if (dom) {
    dom.window.close();
    // A closed window is freed only once the event loop turns: without
    // this wait the heap grows by megabytes a page until node dies.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
