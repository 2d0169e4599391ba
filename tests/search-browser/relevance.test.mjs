// Relevance, measured: the judged queries of judged.json run through the search page (the real
// engine and UI, in Chromium) on the Blueprint, scored by MRR (the mean of 1/rank of the first
// expected item in the ten results shown first, 0 if none) and success@3 (the share of queries
// with an expected item in the top three). The floors fail CI on a regression in ranking.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { build, serve, launch } from "./lib.mjs";

const BASE = "/hk-blueprint/";
const JUDGED = JSON.parse(readFileSync(new URL("./judged.json", import.meta.url), "utf8")).queries;
const FLOOR = { mrr: 0.9, success3: 0.95 };
let browser, site;

before(async () => {
  browser = await launch();
  site = await serve(build(".", BASE).out, BASE);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/// The hrefs of the results the search page shows for `q`, relative to the site root.
async function shown(page, q) {
  await page.goto(`${site.url}search/?${new URLSearchParams({ q })}`);
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status").textContent;
    return /result|No results/.test(s) && !/Searching/.test(s);
  });
  const hrefs = await page.$$eval("#search-results .search-result h2 a", (a) => a.map((x) => x.getAttribute("href")));
  return hrefs.map((h) => h.slice(BASE.length));
}

/// Rank (1-based) of the first expected item in `hrefs`, or 0.
function rank(hrefs, expect) {
  const i = hrefs.findIndex((h) => expect.includes(h));
  return i + 1;
}

test("judged queries: MRR and success@3 over the floors", async (t) => {
  assert.ok(JUDGED.length >= 60, `${JUDGED.length} judged queries`);
  const context = await browser.newContext();
  const page = await context.newPage();
  const rows = [];
  for (const j of JUDGED) {
    const hrefs = await shown(page, j.q);
    rows.push({ ...j, rank: rank(hrefs, j.expect), top: hrefs.slice(0, 3) });
  }
  await context.close();
  const mrr = rows.reduce((n, r) => n + (r.rank ? 1 / r.rank : 0), 0) / rows.length;
  const success3 = rows.filter((r) => r.rank >= 1 && r.rank <= 3).length / rows.length;
  const byKind = {};
  for (const r of rows) {
    const k = (byKind[r.kind] ||= { n: 0, hit: 0 });
    k.n++;
    if (r.rank >= 1 && r.rank <= 3) k.hit++;
  }
  t.diagnostic(`${rows.length} judged queries: MRR ${mrr.toFixed(3)}, success@3 ${success3.toFixed(3)}`);
  t.diagnostic("success@3 by kind: " + Object.entries(byKind).map(([k, v]) => `${k} ${v.hit}/${v.n}`).join(", "));
  for (const r of rows.filter((r) => !(r.rank >= 1 && r.rank <= 3))) {
    t.diagnostic(`miss: “${r.q}” (${r.kind}) rank ${r.rank || "-"}; top: ${r.top.join(" ") || "none"}`);
  }
  assert.ok(mrr >= FLOOR.mrr, `MRR ${mrr.toFixed(3)} < ${FLOOR.mrr}`);
  assert.ok(success3 >= FLOOR.success3, `success@3 ${success3.toFixed(3)} < ${FLOOR.success3}`);
});
