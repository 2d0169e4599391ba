// Keyboard-only use: the first Tab stop is a visible "skip to main content" link that moves focus
// into <main>; Tab alone reaches the search box, the search button and every main navigation
// link, each with a visible focus indicator; "/" jumps to the search box; typing a query and
// pressing Enter opens the search page under the sub-path. Checked on a page of every kind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, representativePages, listPages, PREFIX } from './lib/site.mjs';

// one page per kind is enough here: the header and skip link come from the base template
const perKind = [...new Map(representativePages(listPages()).map((p) => [p.kind, p])).values()];
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

/** Facts about the focused element. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { none: true };
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      cls: el.className && typeof el.className === 'string' ? el.className : '',
      href: el.getAttribute('href'),
      text: (el.innerText || el.value || '').trim().slice(0, 60),
      inMain: !!el.closest('main'),
      inMainNav: !!el.closest('nav.site-nav'),
      isMain: el.tagName === 'MAIN',
      onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
      indicator: outline || shadow,
    };
  });

const label = (f) => (f.none ? '(nothing)' : `<${f.tag}${f.id ? '#' + f.id : ''}${f.cls ? '.' + f.cls.split(' ').join('.') : ''}> ${f.href || ''} "${f.text}"`);

for (const p of perKind) {
  test(`keyboard: /${p.path} [${p.kind}]`, async () => {
    const page = await context.newPage();
    await page.goto(env.url(p.path));

    // 1. The first Tab stop is the skip link, visible when focused, and it works.
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    assert.ok(skip.tag === 'a' && /skip|跳至/i.test(skip.text), `the first Tab stop is ${label(skip)}, not a skip link`);
    assert.ok(skip.onScreen, 'the skip link stays off screen when focused');
    assert.ok(skip.indicator, 'the focused skip link has no visible focus indicator (outline or box-shadow)');
    await page.keyboard.press('Enter');
    const afterSkip = await focused(page);
    assert.ok(afterSkip.isMain || afterSkip.inMain, `Enter on the skip link moved focus to ${label(afterSkip)}, not into <main>`);
    await page.keyboard.press('Tab');
    const next = await focused(page);
    assert.ok(next.inMain, `after skipping, the next Tab stop ${label(next)} is not inside <main>`);

    // 2. Tab from the top reaches the search box, its button and every main navigation link.
    await page.goto(env.url(p.path));
    const navLinks = await page.$$eval('nav.site-nav a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(navLinks.length >= 3, `only ${navLinks.length} links in nav.site-nav`);
    const seen = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      seen.push(f);
      if (f.inMain) break;
    }
    // The search page has one box, its own, instead of the header's.
    const search = seen.find(
      (f) => f.id === 'site-search' || f.id === 'search-page-input' || (f.tag === 'input' && f.cls.includes('search')),
    );
    assert.ok(search, `Tab never reaches the search box; stops: ${seen.map(label).join(' | ')}`);
    assert.ok(search.indicator, 'the focused search box has no visible focus indicator');
    const missing = navLinks.filter((h) => !seen.some((f) => f.inMainNav && f.href === h));
    assert.deepEqual(missing, [], `Tab does not reach these main navigation links: ${missing.join(', ')}`);
    const noIndicator = seen.filter((f) => (f.inMainNav || f.id === 'site-search') && !f.indicator);
    assert.deepEqual(noIndicator.map(label), [], 'focused controls without a visible focus indicator');
    const hidden = seen.filter((f) => !f.onScreen);
    assert.deepEqual(hidden.map(label), [], 'Tab stops that are not visible on screen');
    await page.close();
  });
}

test('keyboard: "/" focuses the search box, Enter submits the query under the sub-path', async () => {
  const page = await context.newPage();
  const home = perKind.find((p) => p.kind === 'home') || perKind[0];
  await page.goto(env.url(home.path));
  await page.keyboard.press('/');
  const f = await focused(page);
  assert.ok(f.tag === 'input' && /search/.test(f.id + f.cls), `"/" focused ${label(f)}, not the search box`);
  await page.keyboard.type('innovation');
  await Promise.all([page.waitForURL((u) => u.pathname === `${PREFIX}search/`), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'innovation');
  await page.close();
});
