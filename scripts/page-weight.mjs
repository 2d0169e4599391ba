#!/usr/bin/env node
// Page weight gate: what a reader downloads for each page — its HTML plus the CSS and JS it
// links (<link rel="stylesheet">, <script src>), each counted once per page, excluding the search
// engine's files (search-index/ and assets/search-engine.js: fetched only when someone searches) — reported uncompressed and
// gzipped, and failed above the budgets below.
//
//   node scripts/page-weight.mjs SITE_DIR
//
// The budgets, and why:
// - MAX_PAGE_KB, any single page: 150 KB uncompressed. The heaviest page is the A–Z index (every
//   item of the Blueprint on one page: ~112 KB today, of which ~31 KB is the CSS and JS every
//   page shares). 150 KB is about 3 s on a slow 3G link (400 kbit/s) even where the host does not
//   compress (a plain S3 bucket); it leaves the index room to grow with the content (~0.3 KB per
//   item) and still catches anything that makes it half as heavy again.
// - MAX_MEDIAN_KB, the median page: 55 KB uncompressed. The typical page is an item page of
//   ~37 KB (~6 KB of its own HTML plus the shared ~31 KB of site.css, site.js, search.css and
//   search.js). A regression that bloats every page (an inlined font, a JS library, a big inline
//   SVG in the base template) moves the median long before it moves the maximum. It was 50 KB
//   (~13 KB of room); session 7 spent that room on purpose: type tokens and two chart layouts in
//   site.css (24 KB now), typo tolerance in search.js (14.5 KB), and on every page JSON-LD
//   breadcrumbs, hreflang alternates and a language switcher (the median page is 50.8 KB: ~9 KB
//   of its own HTML and ~42 KB of shared CSS and JS). 55 KB leaves ~4 KB of room again; the
//   shared files' comments (~2.6 KB in site.css, ~3 KB in search.js) are the next thing to cut.
// - MAX_FONT_KB, the web fonts the stylesheets load (@font-face url(), every one counted, as a
//   browser may fetch each): 40 KB. The theme ships one variable Public Sans woff2 (~26 KB, Latin,
//   every weight); a second family, or all of Unicode, would pass it. Fonts are compressed
//   already, so raw and gzipped are the same; they are fetched once and cached for every page.
// - MAX_BOOK_KB, print/ only: 600 KB. It is the whole plan on one page, read as a book or saved
//   as a PDF rather than browsed (~330 KB today, 11 MB for a synthetic 10 000-page plan); it has
//   a budget of its own, about twice today's, so the page budget still catches the others.
// Uncompressed bytes are the budget because they are what the browser parses and what a host
// without compression sends; gzip sizes are reported for information (GitHub Pages, nginx with
// gzip on and CDNs send those: ~8–20 KB a page today).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const MAX_PAGE_KB = 150;
const MAX_MEDIAN_KB = 55;
const MAX_FONT_KB = 40;
const MAX_BOOK_KB = 600;
const BOOK = 'print/index.html';

const dir = path.resolve(process.argv[2] || 'output');
if (!fs.existsSync(path.join(dir, 'index.html'))) {
  console.error(`page-weight: ${dir} has no index.html; build the site first`);
  process.exit(2);
}

const files = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(d, e.name);
    if (e.isDirectory()) walk(full);
    else files.push(path.relative(dir, full).split(path.sep).join('/'));
  }
})(dir);

const sizeCache = new Map();
function sizes(rel) {
  if (!sizeCache.has(rel)) {
    const bytes = fs.readFileSync(path.join(dir, rel));
    sizeCache.set(rel, { raw: bytes.length, gz: zlib.gzipSync(bytes, { level: 6 }).length });
  }
  return sizeCache.get(rel);
}

// The site's path prefix, from any root-relative asset link (e.g. /hk-blueprint/assets/site.css).
function resolve(page, url) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return null; // external or data:
  const clean = decodeURIComponent(url.split('#')[0].split('?')[0]);
  if (clean.startsWith('/')) {
    // find the file by stripping leading path segments until it exists (sub-path deploys)
    const parts = clean.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const rel = parts.slice(i).join('/');
      if (files.includes(rel)) return rel;
    }
    return { missing: url };
  }
  const rel = path.posix.normalize(path.posix.join(path.posix.dirname(page), clean));
  return files.includes(rel) ? rel : { missing: url };
}

const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return m ? (m[2] ?? m[3] ?? m[4]).replace(/&amp;/g, '&') : null;
};

const rows = [];
const problems = [];
for (const page of files.filter((f) => f.endsWith('.html') && !f.startsWith('search-index/'))) {
  const html = fs.readFileSync(path.join(dir, page), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const assets = new Set();
  for (const [tag] of html.matchAll(/<(?:link|script)\b[^>]*>/gi)) {
    let url = null;
    if (/^<script/i.test(tag)) url = attr(tag, 'src');
    else if (/\brel\s*=\s*["']?[^"'>]*\b(stylesheet|modulepreload)\b/i.test(tag)) url = attr(tag, 'href');
    if (!url) continue;
    const rel = resolve(page, url);
    if (rel === null) continue;
    if (typeof rel === 'object') {
      problems.push(`${page}: links ${rel.missing}, which is not in the site`);
      continue;
    }
    if (rel.startsWith('search-index/')) continue; // search chunks: loaded only when searching
    assets.add(rel);
  }
  let raw = sizes(page).raw;
  let gz = sizes(page).gz;
  for (const a of assets) {
    raw += sizes(a).raw;
    gz += sizes(a).gz;
  }
  rows.push({ page, raw, gz, html: sizes(page).raw, assets: [...assets] });
}

// The fonts any stylesheet of the site loads, resolved against the stylesheet's folder.
const fonts = new Set();
for (const css of files.filter((f) => f.endsWith('.css'))) {
  const text = fs.readFileSync(path.join(dir, css), 'utf8');
  for (const [, url] of text.matchAll(/url\(\s*["']?([^"')]+\.(?:woff2?|ttf|otf))["']?\s*\)/gi)) {
    const rel = resolve(css, url);
    if (typeof rel === 'string') fonts.add(rel);
    else if (rel) problems.push(`${css}: loads ${rel.missing}, which is not in the site`);
  }
}
const fontBytes = [...fonts].reduce((n, f) => n + sizes(f).raw, 0);

rows.sort((a, b) => b.raw - a.raw);
const kb = (n) => (n / 1024).toFixed(1).padStart(6);
const median = rows.length ? [...rows].sort((a, b) => a.raw - b.raw)[Math.floor(rows.length / 2)] : null;
const total = rows.reduce((s, r) => s + r.raw, 0);

console.log(`page weight: ${rows.length} pages, HTML + CSS + JS per page (search files excluded)`);
console.log(`  ${'KB raw'.padStart(6)}  ${'KB gz'.padStart(6)}  ${'HTML KB'.padStart(7)}  page`);
const show = process.env.PAGE_WEIGHT_ALL === '1' ? rows : rows.slice(0, 10);
for (const r of show) console.log(`  ${kb(r.raw)}  ${kb(r.gz)}  ${kb(r.html).padStart(7)}  /${r.page.replace(/index\.html$/, '')}`);
if (show.length < rows.length) console.log(`  … ${rows.length - show.length} lighter pages (PAGE_WEIGHT_ALL=1 lists all)`);
const heaviest = rows.find((r) => r.page !== BOOK) || rows[0];
if (rows.length) {
  console.log(
    `  heaviest ${kb(heaviest.raw).trim()} KB (/${heaviest.page}, budget ${MAX_PAGE_KB}; print/ apart, budget ${MAX_BOOK_KB}), median ${kb(median.raw).trim()} KB (budget ${MAX_MEDIAN_KB}), ` +
      `lightest ${kb(rows[rows.length - 1].raw).trim()} KB, average ${kb(total / rows.length).trim()} KB; shared CSS+JS: ${rows[0].assets.join(', ') || 'none'}`,
  );
}

console.log(`  fonts: ${kb(fontBytes).trim()} KB (budget ${MAX_FONT_KB}): ${[...fonts].join(', ') || 'none'}`);
if (fontBytes > MAX_FONT_KB * 1024) {
  problems.push(`the stylesheets load ${kb(fontBytes).trim()} KB of fonts, over the ${MAX_FONT_KB} KB font budget (${[...fonts].join(', ')})`);
}
for (const r of rows) {
  if (r.page === BOOK) {
    if (r.raw > MAX_BOOK_KB * 1024) problems.push(`/${r.page}: ${kb(r.raw).trim()} KB is over the ${MAX_BOOK_KB} KB budget of the one-page plan`);
    continue;
  }
  if (r.raw > MAX_PAGE_KB * 1024) {
    problems.push(`/${r.page}: ${kb(r.raw).trim()} KB of HTML+CSS+JS is over the ${MAX_PAGE_KB} KB page budget (HTML ${kb(r.html).trim()} KB, plus ${r.assets.join(', ')})`);
  }
}
if (median && median.raw > MAX_MEDIAN_KB * 1024) {
  problems.push(`the median page (/${median.page}) weighs ${kb(median.raw).trim()} KB, over the ${MAX_MEDIAN_KB} KB median budget: something makes every page heavier`);
}
if (!rows.length) problems.push('no pages found');
if (problems.length) {
  console.log(`page weight: FAIL\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('page weight: ok');
