// Shared by the search browser test and benches/search.sh: build a site with the blueprint
// binary, serve it under a sub-path with the theme's CSP also sent as a header (so the search
// engine's module and fetches run under it too), and drive headless Chromium.
import { execFileSync, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/// The blueprint binary: $BLUEPRINT_BIN, or a release build (a no-op when up to date).
export function binary() {
  if (process.env.BLUEPRINT_BIN) return process.env.BLUEPRINT_BIN;
  execFileSync("cargo", ["build", "--release", "--quiet"], { cwd: REPO, stdio: "inherit" });
  return path.join(REPO, "target/release/blueprint");
}

/// Builds the project at `root` (relative to the repo) into a fresh temporary folder.
export function build(root, base, extraEnv = {}) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "search-browser-")), "site");
  const run = spawnSync(binary(), ["build", "--root", path.join(REPO, root), "--out", out, "--base-url", `http://127.0.0.1${base}`, "--as-of", "2026-01"], {
    env: { ...process.env, ...extraEnv },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`build of ${root} failed:\n${run.stderr}`);
  return { out, stderr: run.stderr };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".csv": "text/csv",
  ".xml": "application/xml",
  ".txt": "text/plain",
};

/// Serves `dir` at `base` (e.g. /hk-blueprint/) on a free loopback port; nothing outside `base`.
/// Counts the bytes it sends, for the benchmark.
export async function serve(dir, base) {
  const csp = readFileSync(path.join(dir, "index.html"), "utf8").match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  const stats = { bytes: 0, requests: [] };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(base)) return end(res, 404, "outside the base path");
    rel = rel.slice(base.length);
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, rel);
    if (!file.startsWith(dir + path.sep)) return end(res, 403, "no");
    try {
      if (!(await stat(file)).isFile()) return end(res, 404, "not found");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "content-security-policy": csp });
      res.end(body);
      stats.bytes += body.length;
      stats.requests.push({ path: url.pathname, bytes: body.length });
    } catch {
      end(res, 404, "not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}${base}`, stats, close: () => new Promise((r) => server.close(r)) };
}

function end(res, code, text) {
  res.writeHead(code, { "content-type": "text/plain" });
  res.end(text);
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/// A page that records CSP violations and console errors, for the tests to assert there are none.
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.problems = async () => {
    const csp = await page.evaluate(() => window.__csp || []).catch(() => []);
    return problems.concat(csp.map((c) => `CSP: ${c}`));
  };
  return page;
}
