// terms() in search-engine.js must split text exactly as src/search/terms.rs does, or a query
// word would miss the index's term. Two checks: the shared specification (terms-cases.json,
// which tests/search.rs runs against the Rust side), and the whole Blueprint: the terms the
// engine finds in every indexed page's text and metadata are exactly the index's terms.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { REPO, build } from "./lib.mjs";

const engine = await import(path.join(REPO, "themes/default/static/search-engine.js"));

test("terms() follows the specification shared with terms.rs", () => {
  const spec = JSON.parse(readFileSync(new URL("./terms-cases.json", import.meta.url), "utf8"));
  assert.ok(spec.cases.length > 10);
  for (const c of spec.cases) {
    assert.deepEqual(engine.terms(c.text).map((t) => t.term), c.terms, c.text);
  }
});

// The metadata fields the index counts (META_WEIGHTS in src/search/index.rs).
const META = ["id", "acronym", "title", "label"];

test("terms() finds exactly the index's terms in the Blueprint's indexed text", () => {
  const site = build(".", "/").out;
  const index = path.join(site, "search-index");
  const manifest = JSON.parse(readFileSync(path.join(index, "index.json"), "utf8"));
  const dir = path.join(index, manifest.dir);
  const read = (sub) => readdirSync(path.join(dir, sub)).map((f) => JSON.parse(readFileSync(path.join(dir, sub, f), "utf8")));
  const indexed = new Set(read("terms").flatMap((chunk) => chunk.t));
  const found = new Set();
  for (const [, meta, text] of read("pages").flat()) {
    for (const s of [text, ...META.map((k) => meta[k] || "")]) for (const t of engine.terms(s)) found.add(t.term);
  }
  const onlyIndex = [...indexed].filter((t) => !found.has(t));
  const onlyEngine = [...found].filter((t) => !indexed.has(t));
  assert.ok(indexed.size > 3000, `${indexed.size} terms`);
  assert.deepEqual({ onlyIndex: onlyIndex.slice(0, 20), onlyEngine: onlyEngine.slice(0, 20) }, { onlyIndex: [], onlyEngine: [] });
  // The folding and the compounds are in the index (else this test would prove little).
  for (const t of ["center", "organization", "startup", "cooperation"]) assert.ok(indexed.has(t), t);
});
