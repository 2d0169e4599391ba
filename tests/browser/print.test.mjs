// Printing: with print media, the page's content prints and the navigation does not — no <nav>
// at all (site navigation, breadcrumbs, pager, tables of contents, letter bars), no header
// search form, no skip link — and nothing is wider than the paper. Checked on a page of every
// kind; one page is also printed to PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, representativePages, listPages } from './lib/site.mjs';

const perKind = [...new Map(representativePages(listPages()).map((p) => [p.kind, p])).values()];
let env;
let context;
before(async () => {
  env = await setup();
  context = await env.browser.newContext({ viewport: { width: 800, height: 1000 } });
});
after(async () => {
  await context?.close();
  await env?.close();
});

const HIDDEN_IN_PRINT = ['nav', '.site-nav', 'form[role="search"]', '.search-form', '.skip-link', '.pager', '.breadcrumbs'];

for (const p of perKind) {
  test(`print: /${p.path} [${p.kind}]`, async () => {
    const page = await context.newPage();
    await page.goto(env.url(p.path));
    await page.emulateMedia({ media: 'print' });
    const facts = await page.evaluate((selectors) => {
      const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      const visibleNav = [];
      const reported = new Set();
      for (const sel of selectors) {
        for (const el of document.querySelectorAll(sel)) {
          if (reported.has(el)) continue;
          // every <nav> is navigation; a search form inside <main> (the search page's own) is content
          if (sel === 'form[role="search"]' && el.closest('main')) continue;
          if (!shown(el)) continue;
          reported.add(el);
          const label = el.getAttribute('aria-label') ? ` aria-label="${el.getAttribute('aria-label')}"` : '';
          visibleNav.push(`${sel}: <${el.tagName.toLowerCase()} class="${el.className}"${label}>`);
        }
      }
      const main = document.querySelector('main');
      const h1 = main && main.querySelector('h1');
      return {
        visibleNav: [...new Set(visibleNav)],
        mainShown: !!main && shown(main),
        h1Shown: !!h1 && shown(h1),
        mainText: main ? main.innerText.trim().length : 0,
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      };
    }, HIDDEN_IN_PRINT);
    if (facts.visibleNav.length) assert.fail(`navigation still shown in print on /${p.path} (hide it in @media print):\n  ${facts.visibleNav.join('\n  ')}`);
    assert.ok(facts.mainShown && facts.h1Shown && facts.mainText > 20, `the content (<main> and its <h1>) does not print on /${p.path}`);
    assert.ok(facts.scrollWidth <= facts.clientWidth + 1, `print layout is ${facts.scrollWidth}px wide for ${facts.clientWidth}px`);
    await page.close();
  });
}

test('print: an indicator page prints to PDF', async () => {
  const p = listPages().find((x) => x.kind === 'indicators item') || perKind[0];
  const page = await context.newPage();
  await page.goto(env.url(p.path));
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 2000 && pdf.subarray(0, 5).toString() === '%PDF-', `no PDF for /${p.path}`);
  await page.close();
});
