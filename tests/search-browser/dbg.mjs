import { serve, launch, watchedPage } from "./lib.mjs";
const BASE="/hk-blueprint/";
const site = await serve("/tmp/dbgsite", BASE);
const browser = await launch();
const page = await watchedPage(await browser.newContext());
await page.goto(site.url + "search/");
await page.waitForFunction(() => !document.querySelector(".search-filters").hidden);
const queries = (process.env.Q || "ITVF,techtas,TechTAS,HSITP,3.1.2,1.1,start-ups,startups").split(",");
for (const q of queries) {
  if (process.env.TS) await page.evaluate((ts) => { globalThis.TS = ts; }, process.env.TS);
  const res = await page.evaluate(async ([root,q]) => {
    const pf = await import(root + "pagefind/pagefind.js");
    if (globalThis.TS) await pf.options({ ranking: JSON.parse(globalThis.TS) });
    const r = await pf.search(q, {filters:{}});
    const ds = await Promise.all(r.results.slice(0,5).map(x => x.data()));
    return r.results.length + " " + ds.map((d,i) => d.url + " " + r.results[i].score.toFixed(2)).join(" | ");
  }, [BASE, q]);
  console.log(q, res);
}
console.log(await page.problems());
await browser.close(); await site.close();
