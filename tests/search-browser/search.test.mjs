// Real-browser tests of the site search: the Blueprint built under a sub-path base_url, served
// with the theme's CSP, searched through the theme's UI in headless Chromium.
// Run: npm test (here). Needs /usr/bin/chromium (or $CHROMIUM) and cargo or $BLUEPRINT_BIN.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { build, serve, launch, watchedPage } from "./lib.mjs";

const BASE = "/hk-blueprint/";
let browser, blueprint, xss, zh;

before(async () => {
  browser = await launch();
  blueprint = await serve(build(".", BASE).out, BASE);
  xss = await serve(build("tests/fixtures/search-xss", "/xss/").out, "/xss/");
  zh = await serve(build("tests/fixtures/search-zh", "/zh/").out, "/zh/");
});

after(async () => {
  await browser?.close();
  for (const s of [blueprint, xss, zh]) await s?.close();
});

async function withPage(fn, options = {}) {
  const context = await browser.newContext(options);
  const page = await watchedPage(context);
  try {
    await fn(page);
    assert.deepEqual(await page.problems(), [], "no CSP violations or console errors");
  } finally {
    await context.close();
  }
}

/// The search page for `query` (and filters): the hrefs and kinds of the results shown. The
/// status is in the page's language (a Chinese site says 項結果 / 沒有結果, and 搜尋中 meanwhile).
async function searchPage(page, site, params) {
  await page.goto(`${site.url}search/?${new URLSearchParams(params)}`);
  await page.waitForFunction(() => /result|No results|項結果|沒有結果/.test(document.getElementById("search-status").textContent) && !/Searching|搜尋中/.test(document.getElementById("search-status").textContent));
  return page.$$eval("#search-results .search-result", (items) =>
    items.map((li) => ({ href: li.querySelector("a").getAttribute("href"), kind: li.querySelector(".kind")?.textContent, text: li.textContent })),
  );
}

const FIRST = {
  ITVF: "initiatives/itvf/",
  techtas: "initiatives/techtas/",
  HSITP: "initiatives/hsitp/",
  "3.1.2": "recommendations/3.1.2/",
  "1.1": "targets/1.1/",
  // Five recommendations 2.1.x share the prefix and score close to Target 2.1.
  "2.1": "targets/2.1/",
};

test("acronyms and ids find their own item first", async () => {
  await withPage(async (page) => {
    for (const [query, expected] of Object.entries(FIRST)) {
      const results = await searchPage(page, blueprint, { q: query });
      assert.ok(results.length > 0, `results for ${query}`);
      assert.equal(results[0].href, BASE + expected, `first result for ${query}: ${results.slice(0, 3).map((r) => r.href)}`);
    }
    // Indicator 1.1 shares the number 1.1 with Target 1.1: it comes right after.
    const ones = await searchPage(page, blueprint, { q: "1.1" });
    assert.equal(ones[1].href, BASE + "indicators/1.1/");
  });
});

test("misspellings and other spellings find what the right spelling finds", async () => {
  await withPage(async (page) => {
    const hrefs = async (q) => (await searchPage(page, blueprint, { q })).map((r) => r.href);
    for (const [wrong, right] of [
      ["Nothern Metropolis", "Northern Metropolis"],
      ["venture capitol", "venture capital"],
      ["data center", "data centre"],
      ["startup", "start-up"],
      ["start up", "start-up"],
    ]) {
      // The same first result, and the right spelling's first three among the first five.
      const [got, want] = [await hrefs(wrong), await hrefs(right)];
      const says = `${wrong}: ${got.slice(0, 5)} / ${right}: ${want.slice(0, 3)}`;
      assert.ok(want.length > 0 && got[0] === want[0], says);
      assert.ok(want.slice(0, 3).every((h) => got.slice(0, 5).includes(h)), says);
    }
    // A misspelling's result is shown with the right spelling offered, as the text spells it.
    await searchPage(page, blueprint, { q: "Nothern Metropolis" });
    const offer = page.locator("#search-results .search-suggestion a");
    assert.equal(await offer.textContent(), "Northern Metropolis");
    assert.equal(await offer.getAttribute("href"), BASE + "search/?q=Northern+Metropolis");
  });
});

test("a query that finds nothing offers the closest that does, as a link, on the page and in the drop-down", async () => {
  await withPage(async (page) => {
    // "fnud" is too short to be corrected while searching (four letters): nothing is found.
    const none = await searchPage(page, blueprint, { q: "fnud", kind: "Initiative" });
    assert.equal(none.length, 0);
    assert.match(await page.locator("#search-status").textContent(), /No results/);
    const offer = page.locator("#search-results .search-suggestion a");
    assert.equal(await offer.textContent(), "fund");
    await Promise.all([page.waitForURL(/\?kind=Initiative&q=fund$/), offer.click()]);
    await page.locator("#search-results .search-result").first().waitFor();
    // The drop-down offers it too, and the link leads to the search page.
    await page.goto(blueprint.url + "strategies/");
    await page.locator("#site-search").fill("blokchain zebrra");
    const popupOffer = page.locator("#site-search-popup .search-suggestion a");
    await popupOffer.waitFor();
    assert.match(await popupOffer.textContent(), /^blockchain/);
    assert.equal(await page.locator("#site-search-popup .search-result").count(), 0);
    await Promise.all([page.waitForURL(/search\/\?q=blockchain/), popupOffer.click()]);
  });
});

test("header box: type an acronym, arrow down, Enter follows the first result", async () => {
  await withPage(async (page) => {
    await page.goto(blueprint.url + "strategies/3/");
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search");
    await page.keyboard.type("techtas");
    const first = page.locator("#site-search-popup .search-result a").first();
    await first.waitFor();
    // On a slow machine a word typed so far ("techt") may draw first: wait for the whole word's
    // results, or a redraw could take the focus from under the arrow keys.
    await page.waitForFunction(() => /“techtas”/.test(document.querySelector("#site-search-popup .search-popup-all a")?.textContent || ""));
    assert.equal(await first.getAttribute("href"), BASE + "initiatives/techtas/");
    assert.match(await page.locator("#site-search-popup .search-result").first().textContent(), /Initiative/);
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), BASE + "initiatives/techtas/");
    await page.keyboard.press("ArrowUp");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search");
    await page.keyboard.press("ArrowDown");
    await Promise.all([page.waitForURL(blueprint.url + "initiatives/techtas/"), page.keyboard.press("Enter")]);
    assert.match(await page.locator("h1").textContent(), /Technology Talent Admission Scheme/);
  });
});

test("header box: Escape closes the drop-down and returns to the box", async () => {
  await withPage(async (page) => {
    await page.goto(blueprint.url);
    await page.locator("#site-search").fill("HSITP");
    await page.locator("#site-search-popup .search-result a").first().waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search");
    assert.equal(await page.locator("#site-search-popup").isHidden(), true);
    assert.equal(await page.locator("#site-search").inputValue(), "HSITP");
    // The drop-down puts an exact id first too.
    await page.locator("#site-search").fill("2.1");
    await page.waitForFunction(() => document.querySelector("#site-search-popup a")?.getAttribute("href").endsWith("/targets/2.1/"));
  });
});

test("search page: a query typed runs, shows kind, label, title and a highlighted excerpt, and is linkable", async () => {
  await withPage(async (page) => {
    await page.goto(blueprint.url + "search/");
    await page.locator("#search-page-input").fill("listing regime");
    await page.waitForURL(/\?q=listing\+regime$/);
    const first = page.locator("#search-results .search-result").first();
    await first.waitFor();
    assert.equal(await first.locator("h2 a").getAttribute("href"), BASE + "recommendations/3.1.2/");
    assert.equal(await first.locator(".kind").textContent(), "Recommendation");
    assert.equal(await first.locator(".item-label").textContent(), "Recommendation (2)");
    assert.equal(await first.locator(".item-id").textContent(), "3.1.2");
    assert.match(await first.locator("h2").textContent(), /To optimise the existing listing regime/);
    assert.ok((await first.locator(".result-excerpt mark").count()) > 0, "excerpt highlights the match");
    // "Show more" draws the next ten and moves the focus to the first of them.
    await page.locator("#search-page-input").fill("innovation");
    await page.locator("button.search-more").click();
    await page.waitForFunction(() => document.querySelectorAll("#search-results .search-result").length === 20);
    assert.equal(await page.evaluate(() => document.activeElement === document.querySelectorAll("#search-results .search-result a")[10]), true);
    // Escape in the box clears the query, the results and the URL.
    await page.locator("#search-page-input").press("Escape");
    assert.equal(await page.locator("#search-results .search-result").count(), 0);
    assert.equal(new URL(page.url()).search, "");
  });
});

test("filters by kind and by strategy, kept in the URL", async () => {
  await withPage(async (page) => {
    const funds = await searchPage(page, blueprint, { q: "fund", kind: "Initiative" });
    assert.ok(funds.length > 3);
    assert.ok(funds.every((r) => r.kind === "Initiative"), funds.map((r) => r.kind).join());
    assert.equal(await page.locator("#search-kind").inputValue(), "Initiative");
    const strategies = await page.$$eval("#search-branch option", (o) => o.map((x) => x.value).filter(Boolean));
    assert.equal(strategies.length, 8);
    assert.match(strategies[2], /^Strategy \(3\): /);
    await page.selectOption("#search-kind", "");
    await page.locator("#search-page-input").fill("start-ups");
    await page.selectOption("#search-branch", strategies[2]);
    await page.waitForURL(/strategy=/);
    await page.waitForFunction(() => /result/.test(document.getElementById("search-status").textContent));
    const hrefs = await page.$$eval("#search-results .search-result h2 a", (a) => a.map((x) => x.getAttribute("href")));
    assert.ok(hrefs.length > 0);
    assert.ok(hrefs.every((h) => /\/(strategies\/3|targets\/3\.\d+|recommendations\/3\.\d+\.\d+)\/$/.test(h)), hrefs.join());
  });
});

test("text from content shows as text in results", async () => {
  await withPage(async (page) => {
    for (const q of ["zebracorn", "onerror"]) {
      const results = await searchPage(page, xss, { q });
      assert.ok(results.length > 0, q);
    }
    const results = await searchPage(page, xss, { q: "title" });
    assert.match(results[0].text, /Tags <script>window.__xss = 1<\/script> & <img src=x onerror="window.__xss = 2"> in a title/);
    const zebra = await searchPage(page, xss, { q: "fund" });
    assert.match(zebra[0].text, /Zebracorn <b>Fund<\/b> \(Z<i>C<\/i>F\)/);
    const inside = await page.$$eval("#search-results *", (els) => [...new Set(els.map((e) => e.tagName.toLowerCase()))].sort());
    assert.deepEqual(inside.filter((t) => !["ol", "li", "p", "span", "h2", "a", "mark", "button"].includes(t)), []);
    await page.goto(`${xss.url}search/?q=highlight`);
    await page.locator("#search-results .result-excerpt").first().waitFor();
    assert.match(await page.locator("#search-results .result-excerpt").first().textContent(), /<mark>fake highlight<\/mark> and <b> as text/);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });
});

test("Chinese: a word inside an unspaced sentence finds the page", async () => {
  await withPage(async (page) => {
    for (const q of ["人才", "研究", "國際"]) {
      const results = await searchPage(page, zh, { q });
      assert.equal(results[0]?.href, "/zh/chapters/1/", q);
    }
  });
});

test("without JavaScript the header box leads to the search page and the A–Z index", async () => {
  await withPage(
    async (page) => {
      await page.goto(blueprint.url + "strategies/3/");
      await page.locator("#site-search").fill("ITVF");
      await Promise.all([page.waitForURL(/search\/\?q=ITVF$/), page.locator("#site-search").press("Enter")]);
      const az = page.locator("main a", { hasText: "A–Z index" }).first();
      assert.equal(await az.getAttribute("href"), BASE + "a-z/");
      await Promise.all([page.waitForURL(blueprint.url + "a-z/"), az.click()]);
    },
    { javaScriptEnabled: false },
  );
});

// axe is injected as an inline script, which the site's CSP rightly forbids: this context
// bypasses CSP (the other tests check it).
async function axe(page, include) {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
  const result = await page.evaluate((include) => window.axe.run(include, { runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] }), include);
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("axe passes on the search page with results and on the header's drop-down", async () => {
  const context = await browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    await searchPage(page, blueprint, { q: "venture fund", kind: "Initiative" });
    assert.deepEqual(await axe(page, "main"), []);
    await page.goto(blueprint.url + "targets/3.1/");
    await page.locator("#site-search").fill("ITVF");
    await page.locator("#site-search-popup .search-result a").first().waitFor();
    assert.deepEqual(await axe(page, ".site-header"), []);
  } finally {
    await context.close();
  }
});
