// A built site served from its folder on loopback, as a static host serves
// it: `/x/` is `x/index.html`, a missing file is 404.html with status 404,
// and every answer carries `Content-Security-Policy: default-src 'self'`.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join, extname, normalize } from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".png": "image/png" };

// Serves siteDir; resolves to { origin, server }.
export async function serveSite(siteDir) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    let file = join(siteDir, path.endsWith("/") ? path + "index.html" : path);
    let status = 200;
    let body;
    try { body = await readFile(file); } catch {
      status = 404; file = join(siteDir, "404.html");
      body = await readFile(file).catch(() => "");
    }
    res.writeHead(status, { "Content-Type": TYPES[extname(file)] || "application/octet-stream",
      "Content-Security-Policy": "default-src 'self'" });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${server.address().port}`, server };
}
