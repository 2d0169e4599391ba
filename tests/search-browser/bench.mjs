// Browser side of benches/search.sh: for a built site, the bytes a query transfers and the time
// to its first result, in headless Chromium. Not a test: it prints numbers.
//
// usage: node bench.mjs SITE_DIR BASE QUERY SECOND_QUERY [RUNS] [TYPO_QUERY]
// TYPO_QUERY, a misspelt first query, is timed until the drop-down answers (results or none).
import { serve, launch } from "./lib.mjs";

const [dir, base, query, second, runsArg, typo] = process.argv.slice(2);
const RUNS = Number(runsArg || 7);

// The search's own requests: the engine and the index (the page's own files are not search).
const isSearch = (r) => r.path.startsWith(base + "search-index/") || r.path.endsWith("/search-engine.js");
// Bytes of the search's files served since `stats` was reset, as sent (uncompressed).
function searchBytes(stats) {
  return stats.requests.filter(isSearch).reduce((n, r) => n + r.bytes, 0);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Types `q` into the header box the way a reader does (focus, then the whole query as one input
// event) and returns the milliseconds, by the page's performance clock, until the first result
// is on screen. The box starts loading the engine on focus; the UI waits 120 ms after typing.
// With `anyAnswer`, until the drop-down says anything (a query that finds nothing says so).
async function timeToFirstResult(page, q, anyAnswer = false) {
  return page.evaluate(
    ([q, anyAnswer]) =>
      new Promise((resolve) => {
        const input = document.getElementById("site-search");
        const popup = document.getElementById("site-search-popup");
        const start = performance.now();
        new MutationObserver((_, obs) => {
          const status = popup.querySelector(".search-popup-status");
          if (popup.querySelector(".search-result a") || (anyAnswer && status && status.textContent)) {
            obs.disconnect();
            resolve(performance.now() - start);
          }
        }).observe(popup, { childList: true, subtree: true });
        input.focus();
        input.value = q;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }),
    [q, anyAnswer],
  );
}

// The engine's own search time, without the UI's debounce: search plus loading the first six
// results' data, once the engine is loaded.
async function engineTime(page, root, q) {
  return page.evaluate(
    async ([root, q]) => {
      const engine = await (await import(root + "assets/search-engine.js")).open(root);
      const start = performance.now();
      const r = await engine.search(q);
      await Promise.all(r.results.slice(0, 6).map((x) => x.data()));
      return performance.now() - start;
    },
    [root, q],
  );
}

const site = await serve(dir, base);
const browser = await launch();
const cold = [];
const warm = [];
const engine = [];
const slow = [];
let coldBytes = 0;
let warmBytes = 0;
let coldFiles = [];
for (let i = 0; i < RUNS; i++) {
  // A fresh context has an empty cache: the first query pays for the engine and the manifest.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url + "strategies/");
  site.stats.bytes = 0;
  site.stats.requests = [];
  cold.push(await timeToFirstResult(page, query));
  coldBytes = searchBytes(site.stats);
  coldFiles = site.stats.requests.filter(isSearch).map((r) => `${r.path.replace(base, "")} ${r.bytes}`);
  // A second, different query on the same page: only index chunks and fragments not yet loaded.
  site.stats.requests = [];
  await page.locator("#site-search").fill("");
  warm.push(await timeToFirstResult(page, second));
  warmBytes = searchBytes(site.stats);
  engine.push(await engineTime(page, base, "talent"));
  await context.close();
}
// The misspelt query as a first query, cold: what a correction costs.
const typoMs = [];
let typoBytes = 0;
let typoFiles = [];
let typoFound = 0;
for (let i = 0; typo && i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url + "strategies/");
  site.stats.requests = [];
  typoMs.push(await timeToFirstResult(page, typo, true));
  typoBytes = searchBytes(site.stats);
  typoFiles = site.stats.requests.filter(isSearch).map((r) => `${r.path.replace(base, "")} ${r.bytes}`);
  typoFound = await page.locator("#site-search-popup .search-result").count();
  await context.close();
}
// A phone on a slow 4G network (Lighthouse's mobile profile: 150 ms round trips, 1.6 Mbit/s).
for (let i = 0; i < Math.min(RUNS, 3); i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url + "strategies/");
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 200000, uploadThroughput: 94000 });
  slow.push(await timeToFirstResult(page, query));
  await context.close();
}
await browser.close();
await site.close();
console.log(
  JSON.stringify({
    query,
    second,
    coldMs: Math.round(median(cold)),
    warmMs: Math.round(median(warm)),
    engineMs: Math.round(median(engine)),
    slow4gMs: Math.round(median(slow)),
    coldBytes,
    warmBytes,
    coldFiles,
    ...(typo ? { typo, typoMs: Math.round(median(typoMs)), typoBytes, typoFiles, typoFound } : {}),
  }),
);
