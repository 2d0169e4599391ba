// Layout a designer would sign off, on one page of every kind at 375 and 1280 px:
//   - no text box narrower than its text (a clipped label, a pill whose words spill out);
//   - nothing in the header overlapping anything else there (brand, search, navigation);
//   - cards of one row equal in height (a dashboard's bottoms line up).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, listPages, representativePages } from './lib/site.mjs';

// One page of each kind (the largest: the most content, the most to go wrong).
const pages = representativePages(listPages()).filter((p, i, all) => all.findIndex((q) => q.kind === p.kind) === i);
let env;
before(async () => {
  env = await setup();
});
after(async () => env?.close());

/** Runs in the page: the layout defects found, as strings. */
function layoutDefects() {
  const out = [];
  const name = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${(el.textContent || '').trim().slice(0, 40)}"`;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  // Boxes that hold a short text and must show all of it.
  const boxes = 'button, .status, .commitment, .tag, .kind, .count, .count-label, .site-nav a, .brand-title, .card h3, .card-facts dd, .for-year, th, .pager-title';
  for (const el of document.querySelectorAll(boxes)) {
    if (!visible(el) || el.closest('.table-wrap')) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) out.push(`clipped: ${name(el)} (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
  }
  // The header's parts must not overlap each other.
  const parts = [...document.querySelectorAll('.site-header .brand, .site-header .search-form input, .site-header .search-form button, .site-nav li')].filter(visible);
  const rects = parts.map((el) => el.getBoundingClientRect());
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      if (parts[i].contains(parts[j]) || parts[j].contains(parts[i])) continue;
      const a = rects[i], b = rects[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`header overlap: ${name(parts[i])} and ${name(parts[j])}`);
    }
  }
  // The header clears the top edge and leaves most of a phone's screen to the page.
  const header = document.querySelector('.site-header')?.getBoundingClientRect();
  const nav = document.querySelector('.site-nav')?.getBoundingClientRect();
  const brand = document.querySelector('.site-header .brand')?.getBoundingClientRect();
  if (brand && brand.top < 6) out.push(`the brand sits ${brand.top.toFixed(0)} px from the top edge`);
  if (header && nav && innerWidth < 500 && nav.bottom > innerHeight * 0.2) out.push(`header and navigation take ${nav.bottom.toFixed(0)} of ${innerHeight} px`);
  // Cards of one row: equal heights.
  for (const grid of document.querySelectorAll('.cards, .tiles')) {
    const rows = new Map();
    for (const card of grid.children) {
      if (!visible(card)) continue;
      const r = card.getBoundingClientRect();
      const key = Math.round(r.top);
      if (!rows.has(key)) rows.set(key, []);
      rows.get(key).push({ h: r.height, el: card });
    }
    for (const row of rows.values()) {
      const hs = row.map((c) => c.h);
      if (Math.max(...hs) - Math.min(...hs) > 1) out.push(`cards of one row differ in height: ${hs.map((h) => h.toFixed(0)).join(', ')} px (${name(row[0].el)})`);
    }
  }
  return out;
}

for (const [label, viewport] of [
  ['375 px', { width: 375, height: 812 }],
  ['1280 px', { width: 1280, height: 900 }],
]) {
  test(`layout: one page of every kind (${pages.length}) at ${label}`, async (t) => {
    const context = await env.browser.newContext({ viewport });
    try {
      for (const p of pages) {
        await t.test(`/${p.path} (${p.kind})`, async () => {
          const page = await context.newPage();
          await page.goto(env.url(p.path), { waitUntil: 'load' });
          await page.evaluate(() => document.fonts.ready);
          const defects = await page.evaluate(layoutDefects);
          await page.close();
          assert.deepEqual(defects, [], `/${p.path} at ${label}:\n  ${defects.join('\n  ')}`);
        });
      }
    } finally {
      await context.close();
    }
  });
}
