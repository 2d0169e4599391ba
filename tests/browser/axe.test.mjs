// Accessibility: axe-core with the WCAG 2.0/2.1/2.2 A and AA rules, zero violations, on a few
// pages of every kind (the first and the largest of each; BLUEPRINT_ALL_PAGES=1 for all), in
// the light and the dark colour scheme (prefers-color-scheme), at desktop width. One subtest per
// page and scheme; a failure lists each rule, its impact, the elements and axe's summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { setup, representativePages, pool } from './lib/site.mjs';

export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const pages = representativePages();
let env;
before(async () => {
  env = await setup();
});
after(async () => env?.close());

export function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `      - ${n.target.join(' ')}\n        ${n.html.replace(/\s+/g, ' ').slice(0, 240)}\n        ${(n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 400)}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more elements` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}) ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

for (const scheme of ['light', 'dark']) {
  test(`axe WCAG 2.2 A/AA, ${scheme} scheme: ${pages.length} pages covering every kind`, async (t) => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce' });
    try {
      const results = await pool(pages, 2, async (p) => {
        const page = await context.newPage();
        try {
          await page.goto(env.url(p.path), { waitUntil: 'load' });
          await page.emulateMedia({ colorScheme: scheme });
          const scheme_ = await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
          const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
          return { p, scheme_, violations: r.violations, passes: r.passes.length };
        } catch (e) {
          return { p, error: e.message };
        } finally {
          await page.close();
        }
      });
      for (const r of results) {
        await t.test(`/${r.p.path} [${r.p.kind}] (${scheme})`, () => {
          assert.ok(!r.error, `axe could not run on /${r.p.path}: ${r.error}`);
          assert.equal(r.scheme_, scheme, 'the colour scheme was not applied');
          if (r.violations.length) {
            assert.fail(`/${r.p.path} (${scheme}): ${r.violations.length} axe violation(s):\n${describeViolations(r.violations)}`);
          }
        });
      }
    } finally {
      await context.close();
    }
  });
}
