// A reader's journey by clicking links, as served under the sub-path: home → strategy → target →
// recommendation → initiative, then back to the recommendation through the initiative's
// back-link ("Recommendations that mention it"). Which strategy/target/recommendation is taken
// is found by clicking, not hard-coded: the first recommendation (in page order) that names an
// initiative. No console errors or failed requests on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, recordProblems, PREFIX } from './lib/site.mjs';

let env;
let context;
before(async () => {
  env = await setup();
  context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
});
after(async () => {
  await context?.close();
  await env?.close();
});

const itemLinks = (kind) => `main a[href^="${PREFIX}${kind}/"]`;
const pathOf = (url) => new URL(url).pathname;

/** Unique hrefs of the item pages of `kind` linked from the page's main content, in page order. */
async function hrefs(page, kind) {
  const all = await page.$$eval(itemLinks(kind), (as) => as.map((a) => a.getAttribute('href')));
  const re = new RegExp(`^${PREFIX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${kind}/[^/]+/$`);
  return [...new Set(all.filter((h) => re.test(h)))];
}

/** Clicks the first link in main to `href` and waits for the page. */
async function follow(page, href) {
  const link = page.locator(`main a[href="${href}"]`).first();
  await link.scrollIntoViewIfNeeded();
  await Promise.all([page.waitForURL((u) => u.pathname === href), link.click()]);
  await expectItemPage(page);
}

async function expectItemPage(page) {
  const h1 = page.locator('main h1');
  assert.equal(await h1.count(), 1, `${page.url()} has ${await h1.count()} <h1> in main`);
  assert.ok((await h1.innerText()).trim().length > 0, `${page.url()}: empty <h1>`);
  assert.ok(pathOf(page.url()).startsWith(PREFIX), `${page.url()} left the sub-path ${PREFIX}`);
}

test('home → strategy → target → recommendation → initiative → back-link to the recommendation', async (t) => {
  const page = await context.newPage();
  const problems = recordProblems(page);
  const trail = [];
  await page.goto(env.url(''));
  await expectItemPage(page);

  let found = null;
  search: for (const s of await hrefs(page, 'strategies')) {
    await follow(page, s);
    for (const t of await hrefs(page, 'targets')) {
      await follow(page, t);
      for (const r of await hrefs(page, 'recommendations')) {
        await follow(page, r);
        const inits = await hrefs(page, 'initiatives');
        if (inits.length) {
          found = { s, t, r, i: inits[0] };
          break search;
        }
        await page.goBack();
      }
      await page.goBack();
    }
    await page.goBack();
  }
  assert.ok(found, 'no strategy → target → recommendation path reaches an initiative by clicking');
  trail.push(found.s, found.t, found.r);

  await follow(page, found.i);
  trail.push(found.i);
  // The initiative page links back to the recommendation it is mentioned in.
  const back = page.locator(`main a[href="${found.r}"]`);
  assert.ok((await back.count()) > 0, `initiative ${found.i} has no back-link to ${found.r}`);
  await follow(page, found.r);
  trail.push(found.r);
  assert.equal(pathOf(page.url()), found.r);

  // The browser's own Back button returns to the initiative.
  await page.goBack();
  assert.equal(pathOf(page.url()), found.i);
  await page.close();
  t.diagnostic(`path taken: ${PREFIX} → ${trail.join(' → ')}`);
  assert.deepEqual(problems, [], `problems on the way (${trail.join(' → ')}):\n  ${problems.join('\n  ')}`);
});

test('breadcrumbs on an item page lead up to its parent', async () => {
  const page = await context.newPage();
  await page.goto(env.url(''));
  const [s] = await hrefs(page, 'strategies');
  await follow(page, s);
  const crumbs = page.locator('nav[aria-label="Breadcrumb"] a');
  assert.ok((await crumbs.count()) > 0, `${s} has no breadcrumb links`);
  const first = crumbs.last(); // the parent
  const href = await first.getAttribute('href');
  assert.ok(href.startsWith(PREFIX), `breadcrumb ${href} is outside ${PREFIX}`);
  await Promise.all([page.waitForURL((u) => u.pathname === href), first.click()]);
  await page.close();
});
