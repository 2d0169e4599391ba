#!/usr/bin/env node
// Prints the built site's print/ page (the whole plan on one page) to an A4 PDF with headless
// Chromium, for the publish workflow to put beside it as a download. `blueprint build` itself
// never runs a browser. Needs playwright-core (npm ci in tests/browser) and a Chromium or Chrome.
//
//   node scripts/print-pdf.mjs SITE_DIR OUT.pdf [BASE_PATH]
//   CHROMIUM=/usr/bin/google-chrome node scripts/print-pdf.mjs output output/print/plan.pdf /repo/
import fs from 'node:fs';
import { chromium } from '../tests/browser/node_modules/playwright-core/index.mjs';
import { startServer } from '../tests/browser/lib/server.mjs';
import { CHROMIUM_ARGS } from '../tests/browser/lib/site.mjs';

const [dir, out, prefix = '/'] = process.argv.slice(2);
if (!dir || !out || !fs.existsSync(`${dir}/print/index.html`)) {
  console.error('usage: node scripts/print-pdf.mjs SITE_DIR OUT.pdf [BASE_PATH] (SITE_DIR must have print/index.html)');
  process.exit(2);
}
const server = await startServer({ dir, prefix: prefix.replace(/\/?$/, '/') });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}print/`, { waitUntil: 'load' });
  fs.writeFileSync(out, await page.pdf({ format: 'A4', outline: true, tagged: true }));
  console.log(`${out}: ${fs.statSync(out).size} bytes`);
} finally {
  await browser.close();
  await server.close();
}
