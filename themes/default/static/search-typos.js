// Typo tools for search-engine.js, which loads this module the first time a query word matches
// (almost) nothing, so that queries without typos do not pay for it: the index words a few edits
// from a query word, and the closest query that finds something ("Did you mean …?").
//
// A misspelt word's neighbours are found through the words that share its beginning (the term
// chunks, sorted forwards) or its end (suffixes/, the same words spelt backwards): one edit
// leaves the first half or the part after the middle letter intact (a swap across the middle
// spoils only one side); two edits leave the first or the last third intact unless one falls in
// each (those few are missed).
import { terms, cmp } from "./search-engine.js";

const DIGIT = /[0-9]/;
const MAX_FUZZY_CHUNKS = 3; // chunks read on each side (beginning, end) to correct a word
const MAX_CORRECTIONS = 8; // index words one misspelt word may stand for

// Edits (insert, delete, substitute, swap two neighbours) from a to b, or max + 1 if more.
export function distance(a, b, max) {
  const x = Array.from(a), y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev2 = null, prev = y.map((_, j) => j + 1);
  prev.unshift(0);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= y.length; j++) {
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (prev2 && i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      least = Math.min(least, d);
    }
    if (least > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[y.length];
}

// The beginning and the end a word's neighbours within `max` edits share with it (see above).
function keys(word, max) {
  const c = Array.from(word), n = c.length;
  const h = max === 1 ? n >> 1 : Math.floor(n / 3);
  return { head: c.slice(0, h).join(""), tail: c.slice(max === 1 ? h + 1 : n - h).join("") };
}

const backwards = (w) => Array.from(w).reverse().join("");

// `ix`: what the engine's open() shares of an opened index (see typos() there).
export function typos(ix) {
  const { get, chunks, lookup, firsts, suffixFirsts, dir, rank, slots, scores, row } = ix;

  // The words of `list`'s chunks (`path` n.json) that begin with `key`, if it takes few chunks.
  async function beginning(list, path, key, words) {
    if (!list.length || !key) return [];
    const [from, to] = chunks(list, key, key + "\u{10ffff}");
    if (to - from >= MAX_FUZZY_CHUNKS) return [];
    const out = [];
    for (let n = from; n <= to; n++) for (const w of words(await get(dir + path + n + ".json"))) if (w.startsWith(key)) out.push(w);
    return out;
  }

  // [{ word, edits, postings }]: the index words within `max` edits of `word`, nearest first.
  async function corrections(word, max) {
    const { head, tail } = keys(word, max);
    const near = new Map();
    const consider = (term) => {
      if (near.has(term) || term === word || DIGIT.test(term)) return;
      const edits = distance(word, term, max);
      if (edits <= max) near.set(term, edits);
    };
    (await beginning(firsts, "terms/", head, (c) => c.t)).forEach(consider);
    (await beginning(suffixFirsts, "suffixes/", backwards(tail), (c) => c)).forEach((w) => consider(backwards(w)));
    const best = [...near].sort((a, b) => a[1] - b[1] || cmp(a[0], b[0])).slice(0, MAX_CORRECTIONS);
    const out = [];
    for (const [term, edits] of best) {
      const [hit] = await lookup({ word: term, prefix: false });
      if (hit) out.push({ word: term, prefix: false, edits, postings: hit[1] });
    }
    return out.sort((a, b) => a.edits - b.edits || b.postings.length - a.postings.length);
  }

  // Corrected word `t` as `source` spells it (its terms `own`), with a capital where the reader
  // typed one: "Nothern" → "Northern".
  function respelt(t, query, source, own) {
    const seen = own.find((o) => o.term === t.corrected);
    const spelt = seen ? source.slice(seen.start, seen.end).toLowerCase() : t.corrected;
    const typed = query.slice(t.start, t.end);
    return typed[0] !== typed[0].toLowerCase() ? spelt[0].toUpperCase() + spelt.slice(1) : spelt;
  }

  // The query again with each corrected word as `page`'s text spells it, less the words of
  // `dropped`. A compound comes before its parts, so dropping it drops its hyphen too.
  async function respell(query, words, page, dropped) {
    const [, meta, text] = await row(page);
    const source = text + " " + (meta.title || "");
    const own = terms(source);
    let out = "", at = 0;
    for (const t of [...words].sort((a, b) => a.start - b.start || b.end - a.end)) {
      if (t.start < at || !(t.corrected || dropped.has(t))) continue;
      out += query.slice(at, t.start) + (dropped.has(t) ? "" : respelt(t, query, source, own));
      at = t.end;
    }
    return (out + query.slice(at)).replace(/\s+/g, " ").trim();
  }

  // The closest query that finds something, when `words` found nothing: each word that matched
  // nothing corrected with one edit more than searching allows, then less one slot.
  async function suggest(query, words, allowed) {
    for (const t of words) {
      const n = Array.from(t.term).length;
      if (t.own || t.corrected || t.cjk || t.parts || DIGIT.test(t.term) || n < 3) continue;
      const [c] = await corrections(t.term, n >= 5 ? 2 : 1);
      if (c) t.corrected = c.word;
    }
    const fixed = slots(words).map((s) => ({ joined: s.joined, parts: s.parts.map((t) => ({ ...t, term: t.corrected || t.term })) }));
    let ranked = await rank(fixed, allowed);
    let dropped = new Set();
    for (let i = fixed.length - 1; !ranked.length && i >= 0 && fixed.length > 1; i--) {
      ranked = await rank(fixed.filter((_, k) => k !== i), allowed);
      const slot = slots(words)[i];
      dropped = new Set([...slot.parts, slot.joined]);
    }
    if (!ranked.length) return null;
    const text = await respell(query, words, ranked[0][0], dropped);
    return text && text.toLowerCase() !== query.trim().toLowerCase() ? text : null;
  }

  return { corrections, respell, suggest };
}
