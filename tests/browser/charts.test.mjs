// Progress charts: every indicator page shows its chart — an <svg role="img"> inside
// figure.chart, with an accessible name, laid out at a readable size, with marks drawn (lines,
// points or bars), and within the viewport on a phone. One subtest per indicator page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, listPages, recordProblems } from './lib/site.mjs';

const indicatorPages = listPages().filter((p) => p.kind === 'indicators item');
let env;
before(async () => {
  env = await setup();
});
after(async () => env?.close());

async function chartFacts(page) {
  return page.evaluate(() => {
    const figs = [...document.querySelectorAll('main figure.chart')];
    return figs.map((fig) => {
      // Each chart comes in a wide and a narrow layout; CSS shows exactly one.
      const shown = [...fig.querySelectorAll('svg[role="img"]')].filter((s) => getComputedStyle(s).display !== 'none');
      if (shown.length !== 1) return { svg: false, html: `${shown.length} layouts shown: ${fig.outerHTML.slice(0, 200)}` };
      const svg = shown[0];
      const r = svg.getBoundingClientRect();
      const style = getComputedStyle(svg);
      let name = svg.getAttribute('aria-label') || '';
      const by = svg.getAttribute('aria-labelledby');
      if (!name && by) name = by.split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ');
      if (!name) name = svg.querySelector(':scope > title')?.textContent || '';
      const marks = svg.querySelectorAll('path, line, polyline, polygon, rect, circle, ellipse').length;
      // The smallest text as drawn: its font-size scaled by the rendered width over the viewBox's.
      const scale = r.width / (svg.viewBox.baseVal?.width || r.width);
      const sizes = [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size') || 16) * scale);
      return {
        svg: true,
        name: name.trim(),
        width: r.width,
        height: r.height,
        right: r.right,
        visible: style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0,
        marks,
        smallest: sizes.length ? Math.min(...sizes) : 99,
      };
    });
  });
}

for (const [label, viewport] of [
  ['desktop', { width: 1280, height: 900 }],
  ['375 px', { width: 375, height: 812 }],
]) {
  test(`indicator pages (${indicatorPages.length}) show their chart (${label})`, async (t) => {
    assert.ok(indicatorPages.length > 0, 'no indicator pages (indicators/*/index.html) in the site');
    const context = await env.browser.newContext({ viewport });
    try {
      for (const p of indicatorPages) {
        await t.test(`/${p.path}`, async () => {
          const page = await context.newPage();
          const problems = recordProblems(page);
          await page.goto(env.url(p.path));
          const charts = await chartFacts(page);
          await page.close();
          assert.ok(charts.length > 0, `/${p.path}: no <figure class="chart"> in main`);
          for (const c of charts) {
            assert.ok(c.svg, `/${p.path}: figure.chart has no <svg role="img">: ${c.html}`);
            assert.ok(c.name.length > 0, `/${p.path}: the chart's <svg role="img"> has no accessible name (aria-labelledby, aria-label or <title>)`);
            assert.ok(c.visible, `/${p.path}: the chart is hidden`);
            assert.ok(c.width >= 200 && c.height >= 80, `/${p.path}: the chart is ${Math.round(c.width)}×${Math.round(c.height)} px, too small to read`);
            assert.ok(c.smallest >= 12, `/${p.path}: chart text is drawn at ${c.smallest.toFixed(1)} px, under 12 px`);
            assert.ok(c.marks > 0, `/${p.path}: the chart's svg draws nothing (no path/line/polyline/rect/circle)`);
            assert.ok(c.right <= viewport.width + 1, `/${p.path}: the chart sticks out of the ${viewport.width}px viewport (right edge ${Math.round(c.right)}px)`);
          }
          assert.deepEqual(problems, [], problems.join('\n'));
        });
      }
    } finally {
      await context.close();
    }
  });
}
