// Every page of the site, as a phone reader gets it (375 px wide): no console errors, no
// uncaught exceptions, no failed requests (CSS, JS, icons, search files…), and no horizontal
// scrolling. One subtest per page, so the summary counts pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, listPages, recordProblems, pool, overflowReport } from './lib/site.mjs';

const pages = listPages();
let env;
let context;

before(async () => {
  env = await setup();
  context = await env.browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
});
after(async () => {
  await context?.close();
  await env?.close();
});

test(`every page (${pages.length}) loads cleanly at 375 px`, async (t) => {
  assert.ok(pages.length > 0, 'the site has no pages');
  const results = await pool(pages, 8, async (p) => {
    const page = await context.newPage();
    const problems = recordProblems(page);
    let overflow = null;
    try {
      const res = await page.goto(env.url(p.path), { waitUntil: 'load' });
      if (!res || res.status() !== 200) problems.push(`page answered ${res ? res.status() : 'nothing'}`);
      // let deferred scripts and late requests (search, charts) finish
      await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
      overflow = await overflowReport(page);
    } catch (e) {
      problems.push(`could not load: ${e.message}`);
    } finally {
      await page.close();
    }
    return { p, problems, overflow };
  });
  for (const { p, problems, overflow } of results) {
    await t.test(`/${p.path} [${p.kind}]`, () => {
      const all = [...problems];
      if (overflow && overflow.clientWidth > 375) {
        all.push(`the layout viewport is ${overflow.clientWidth}px on a 375 px phone: no <meta name="viewport" content="width=device-width, initial-scale=1">?`);
      } else if (overflow && overflow.scrollWidth > overflow.clientWidth) {
        all.push(
          `horizontal scrolling at 375 px: page is ${overflow.scrollWidth}px wide for a ${overflow.clientWidth}px viewport; ` +
            `widest elements: ${overflow.offenders.join('; ') || '(none found outside scroll containers)'}`,
        );
      }
      if (all.length) assert.fail(`/${p.path} (${p.file}):\n  ${all.join('\n  ')}`);
    });
  }
});

test("a missing page answers 404 with the site's 404 page, styled, at any depth", async () => {
  for (const missing of ['no-such-page/', 'strategies/99/', 'a/b/c/d/']) {
    const page = await context.newPage();
    const problems = recordProblems(page);
    const res = await page.goto(env.url(missing), { waitUntil: 'load' });
    assert.equal(res.status(), 404, `/${missing} answered ${res.status()}`);
    const url = env.url(missing);
    // every stylesheet the page links must have loaded (an unstyled 404 is the classic sub-path bug)
    const unstyled = await page.evaluate(() =>
      [...document.querySelectorAll('link[rel~="stylesheet"]')].filter((l) => !l.sheet || l.sheet.cssRules.length === 0).map((l) => l.getAttribute('href')),
    );
    const h1 = await page.locator('main h1').count();
    await page.close();
    // the 404 itself is expected; anything else (its CSS, JS, icon failing to load) is a sub-path bug
    const others = problems.filter((p) => !p.endsWith(` ${url}`) && !p.includes(`(${url}:`));
    assert.deepEqual(others, [], `on the 404 page served at /${missing}:\n  ${others.join('\n  ')}`);
    assert.deepEqual(unstyled, [], `the 404 page served at /${missing}: stylesheets that did not load`);
    assert.equal(h1, 1, `the 404 page served at /${missing} has no <h1> in <main>`);
  }
});
