// The whole plan on one page (print/): printed to PDF in headless Chromium, it makes a sane
// number of A4 pages, its contents list and every other in-page link land on an element of the
// page, and each chapter starts a new sheet. BLUEPRINT_PRINT_PDF=FILE keeps the PDF (the publish
// workflow attaches it to the site as a download).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setup } from './lib/site.mjs';

let env;
let page;
before(async () => {
  env = await setup();
  page = await (await env.browser.newContext({ viewport: { width: 800, height: 1000 } })).newPage();
  await page.goto(env.url('print/'));
});
after(async () => {
  await env?.close();
});

test('print/: every contents entry and in-page link has its target', async () => {
  const facts = await page.evaluate(() => {
    const links = [...document.querySelectorAll('main a[href^="#"]')].map((a) => a.getAttribute('href').slice(1));
    const toc = [...document.querySelectorAll('.print-contents a')].map((a) => a.getAttribute('href'));
    return {
      toc: toc.length,
      tocInPage: toc.every((h) => h.startsWith('#')),
      missing: links.filter((id) => !document.getElementById(decodeURIComponent(id))),
      sections: document.querySelectorAll('main section.print-item').length,
    };
  });
  assert.ok(facts.toc >= 10, `the contents list has ${facts.toc} entries`);
  assert.ok(facts.tocInPage, 'a contents entry leaves the page');
  assert.deepEqual(facts.missing, [], `in-page links without a target: ${facts.missing.join(', ')}`);
  assert.ok(facts.sections >= facts.toc - 30, 'sections');
});

test('print/: prints to a sane number of A4 pages, chapters on a new sheet', async () => {
  await page.emulateMedia({ media: 'print' });
  const breaks = await page.evaluate(() =>
    [...document.querySelectorAll('.print-chapter')].map((s) => getComputedStyle(s).breakBefore),
  );
  assert.ok(breaks.length > 0 && breaks.every((b) => b === 'page'), `chapter breaks: ${[...new Set(breaks)]}`);
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  if (process.env.BLUEPRINT_PRINT_PDF) fs.writeFileSync(process.env.BLUEPRINT_PRINT_PDF, pdf);
  console.log(`# print/: ${pages} A4 pages, ${pdf.length} bytes`);
  assert.ok(pages >= 40 && pages <= 200, `print/ makes ${pages} pages (expected 40 to 200)`);
});
