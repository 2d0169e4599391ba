// Visual regression: the top of one page of every kind at 375 and 1280 px, light and dark,
// compared with the committed baselines in visual-baselines/. Screenshots are taken at half
// scale as JPEG at quality 50, the first 600 px only (~10 KB each; the same picture encodes to the same bytes, and a
// compression artefact stays under THRESHOLD) with the self-hosted font
// loaded, animations and the caret off. A screenshot fails when more than TOLERANCE of its pixels
// differ by more than THRESHOLD in any channel; then the expected, actual and difference images
// are written to OUT_DIR for a developer to open.
//
//   BLUEPRINT_SITE_DIR=DIR node visual.mjs [OUT_DIR]      compare (scripts/test.sh gate `visual`)
//   BLUEPRINT_VISUAL_UPDATE=1 …                           rewrite the baselines instead
// The site must be built with a fixed month (`--as-of`, see scripts/test.sh) so statuses that
// depend on the date do not change the pictures.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, listPages } from './lib/site.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASELINES = path.join(HERE, 'visual-baselines');
const OUT = path.resolve(process.argv[2] || path.join(HERE, 'visual-failures'));
const UPDATE = process.env.BLUEPRINT_VISUAL_UPDATE === '1';
const THRESHOLD = 48; // of 255, per channel: anti-aliasing differences stay under it
const TOLERANCE = 0.002; // share of pixels that may differ: 0.2 %
const SCALE = 0.5;

// The first page of every kind, and the search page with a query (its results drawn by JS).
const kinds = new Map();
for (const p of listPages()) if (!kinds.has(p.kind)) kinds.set(p.kind, p.path);
kinds.set('search index', 'search/?q=fund');
const shots = [];
for (const [kind, url] of kinds) {
  for (const width of [375, 1280]) {
    for (const scheme of ['light', 'dark']) shots.push({ name: `${kind.replace(/\W+/g, '-')}-${width}-${scheme}`, url, width, scheme });
  }
}

/** Runs in the page: compares two PNGs (data URLs); returns the share differing and a diff PNG. */
async function compare([a, b, threshold]) {
  const load = (src) => new Promise((ok, fail) => {
    const img = new Image();
    img.onload = () => ok(img);
    img.onerror = fail;
    img.src = src;
  });
  const [ia, ib] = await Promise.all([load(a), load(b)]);
  const w = Math.max(ia.width, ib.width), h = Math.max(ia.height, ib.height);
  const pixels = (img) => {
    const c = new OffscreenCanvas(w, h);
    const x = c.getContext('2d');
    x.drawImage(img, 0, 0);
    return x.getImageData(0, 0, w, h).data;
  };
  const pa = pixels(ia), pb = pixels(ib);
  const c = document.createElement('canvas');
  c.width = w; c.height = h;
  const x = c.getContext('2d');
  const out = x.createImageData(w, h);
  let differ = 0;
  for (let i = 0; i < pa.length; i += 4) {
    const d = Math.max(Math.abs(pa[i] - pb[i]), Math.abs(pa[i + 1] - pb[i + 1]), Math.abs(pa[i + 2] - pb[i + 2]), Math.abs(pa[i + 3] - pb[i + 3]));
    const bad = d > threshold;
    if (bad) differ++;
    // the difference in red over a faded copy of the expected image
    out.data[i] = bad ? 255 : 255 - (255 - pa[i]) / 4;
    out.data[i + 1] = bad ? 0 : 255 - (255 - pa[i + 1]) / 4;
    out.data[i + 2] = bad ? 0 : 255 - (255 - pa[i + 2]) / 4;
    out.data[i + 3] = 255;
  }
  x.putImageData(out, 0, 0);
  return { share: differ / (w * h), sameSize: ia.width === ib.width && ia.height === ib.height, diff: c.toDataURL('image/png') };
}

const env = await setup();
const failures = [];
let written = 0;
try {
  const scratch = await (await env.browser.newContext()).newPage();
  for (const s of shots) {
    const context = await env.browser.newContext({
      viewport: { width: s.width, height: s.width < 500 ? 812 : 900 },
      deviceScaleFactor: SCALE,
      colorScheme: s.scheme,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    await page.goto(env.url(s.url), { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready);
    // The first 600 px: the header, the title and the start of the page (a shift anywhere
    // above moves everything in it).
    const clip = { x: 0, y: 0, width: s.width, height: 600 };
    const png = await page.screenshot({ animations: 'disabled', caret: 'hide', type: 'jpeg', quality: 50, clip });
    await context.close();
    const file = path.join(BASELINES, `${s.name}.jpg`);
    if (UPDATE || !fs.existsSync(file)) {
      if (!UPDATE) failures.push(`${s.name}: no baseline (refresh with BLUEPRINT_VISUAL_UPDATE=1)`);
      fs.mkdirSync(BASELINES, { recursive: true });
      fs.writeFileSync(UPDATE ? file : path.join(OUT, `${s.name}-actual.jpg`), png);
      written++;
      continue;
    }
    const expected = fs.readFileSync(file);
    if (expected.equals(png)) continue;
    const dataUrl = (buf) => `data:image/jpeg;base64,${buf.toString('base64')}`;
    const r = await scratch.evaluate(compare, [dataUrl(expected), dataUrl(png), THRESHOLD]);
    if (r.sameSize && r.share <= TOLERANCE) continue;
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, `${s.name}-expected.jpg`), expected);
    fs.writeFileSync(path.join(OUT, `${s.name}-actual.jpg`), png);
    fs.writeFileSync(path.join(OUT, `${s.name}-diff.png`), Buffer.from(r.diff.split(',')[1], 'base64'));
    failures.push(`${s.name} (/${s.url}): ${(r.share * 100).toFixed(2)} % of pixels differ${r.sameSize ? '' : ', and the size changed'}; see ${path.join(OUT, s.name)}-{expected,actual}.jpg and -diff.png`);
  }
} finally {
  await env.close();
}
if (UPDATE) {
  const bytes = fs.readdirSync(BASELINES).reduce((n, f) => n + fs.statSync(path.join(BASELINES, f)).size, 0);
  console.log(`visual: wrote ${written} baselines to ${BASELINES} (${(bytes / 1024).toFixed(0)} KB in all)`);
} else if (failures.length) {
  console.log(`visual: FAIL, ${failures.length} of ${shots.length} screenshots\n  ${failures.join('\n  ')}`);
  process.exit(1);
} else {
  console.log(`visual: ok, ${shots.length} screenshots match their baselines (tolerance ${TOLERANCE * 100} % of pixels)`);
}
