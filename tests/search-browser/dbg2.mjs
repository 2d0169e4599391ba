import { serve, launch } from "./lib.mjs";
const site = await serve("/tmp/dbgsite", "/hk-blueprint/");
const browser = await launch();
const page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
await page.goto(site.url + "search/?q=venture");
await page.locator("#search-results .search-result").first().waitFor();
console.log(await page.evaluate(() => { const f = document.querySelector(".search-filters"); return [getComputedStyle(f).display, f.getBoundingClientRect().width, [...f.children].map(c => c.getBoundingClientRect().width + " " + getComputedStyle(c).display)]; }));
await browser.close(); await site.close();
