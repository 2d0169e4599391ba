// Shared helpers for the browser tests: where the built site is, which pages it has and of which
// kind, a served copy of it under a sub-path, a headless Debian Chromium, and a recorder of
// console errors and failed requests.
//
// Environment (scripts/test.sh sets these):
//   BLUEPRINT_SITE_DIR  the built site (required): `blueprint build --base-url BASE --out DIR`
//   BLUEPRINT_BASE_URL  the base URL it was built with; only its path (the sub-path, e.g.
//                       /hk-blueprint/) matters: the tests serve the folder there on a free port,
//                       and every link the site prints is root-relative
//   CHROMIUM            the browser binary (default /usr/bin/chromium). Nothing is downloaded.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

export const SITE_DIR = process.env.BLUEPRINT_SITE_DIR ? path.resolve(process.env.BLUEPRINT_SITE_DIR) : null;
export const PREFIX = new URL(process.env.BLUEPRINT_BASE_URL || '/hk-blueprint/', 'http://127.0.0.1').pathname.replace(/\/?$/, '/');

export function requireSite() {
  if (!SITE_DIR || !fs.existsSync(path.join(SITE_DIR, 'index.html'))) {
    throw new Error(
      'BLUEPRINT_SITE_DIR must name a built site (run via scripts/test.sh, or: blueprint build --base-url http://127.0.0.1/hk-blueprint/ --out DIR)',
    );
  }
  return SITE_DIR;
}

/** Every HTML page of the site: { file, path (URL path under the prefix), kind, bytes }. */
export function listPages(dir = requireSite()) {
  const pages = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      const rel = path.relative(dir, full).split(path.sep).join('/');
      if (e.isDirectory()) {
        if (rel === 'search-index') continue;
        walk(full);
      } else if (e.name.endsWith('.html')) {
        const urlPath = rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
        pages.push({ file: rel, path: urlPath, kind: kindOf(rel), bytes: fs.statSync(full).size });
      }
    }
  };
  walk(dir);
  return pages;
}

/** A page's kind: `home`, `404`, `strategies index`, `strategies item`, … */
export function kindOf(rel) {
  if (rel === 'index.html') return 'home';
  if (rel === '404.html') return '404';
  const parts = rel.split('/');
  if (parts.length === 2) return `${parts[0]} index`;
  return `${parts[0]} item`;
}

/**
 * A few pages of every kind: the first (in path order) and the largest (most content, most
 * variety). `perKind` is 2 unless BLUEPRINT_ALL_PAGES=1, which returns every page.
 */
export function representativePages(pages = listPages()) {
  if (process.env.BLUEPRINT_ALL_PAGES === '1') return pages;
  const byKind = new Map();
  for (const p of pages) {
    if (!byKind.has(p.kind)) byKind.set(p.kind, []);
    byKind.get(p.kind).push(p);
  }
  const out = [];
  for (const [, list] of byKind) {
    const first = list[0];
    const largest = list.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    out.push(first);
    if (largest !== first) out.push(largest);
  }
  return out;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
];

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (scripts/test.sh does this)`);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** Starts the server and the browser; returns { server, browser, url(path), close() }. */
export async function setup() {
  const dir = requireSite();
  const server = await startServer({ dir, prefix: PREFIX });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    url: (p = '') => server.url + p.replace(/^\//, ''),
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Records what a reader's console would show: console errors and warnings about the page
 * (CSP, deprecated APIs…), uncaught exceptions, requests that failed or answered >= 400.
 */
export function recordProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || (msg.type() === 'warning' && /Content Security Policy|deprecated/i.test(msg.text()))) {
      const loc = msg.location();
      problems.push(`console ${msg.type()}: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText || 'failed';
    // Chromium reports requests cancelled because the page navigated away (a click before the
    // favicon arrived) as ERR_ABORTED. A missing file still fails as an HTTP 404 (below), and a
    // blocked one as ERR_BLOCKED_BY_*, so ignoring aborts hides no defect.
    if (why === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.method()} ${req.url()} (${why})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return problems;
}

/** Runs `fn` over `items` with at most `n` at a time. */
export async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

/** The elements that stick out past the right edge of the viewport (for an overflow report). */
export async function overflowReport(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const vw = doc.clientWidth;
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += '#' + el.id;
      if (el.classList.length) s += '.' + [...el.classList].join('.');
      return s;
    };
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      }
      return false;
    };
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > vw + 1 && !clipped(el)) {
        // report the outermost offender only
        if (!offenders.some((o) => o.el.contains(el))) {
          offenders.push({ el, text: `${describe(el)} (right edge ${Math.round(r.right)}px, width ${Math.round(r.width)}px)` });
        }
      }
    }
    return {
      scrollWidth: doc.scrollWidth,
      clientWidth: vw,
      offenders: offenders.slice(0, 5).map((o) => o.text),
    };
  });
}
