// The search engine: queries the index `blueprint build` writes to search-index/ (its layout is
// described in src/search/index.rs). Loaded by search.js on first use, as a module.
//
// A query is split into words exactly as the index was (terms() mirrors src/search/terms.rs).
// Every word must match (AND). A word of two letters or more also matches the words it begins
// (as you type: "regul" finds "regulation"), and a plural or -ing/-ed form also matches its stem's
// words ("technologies" finds "technology"); an exact match counts more than either. A page's
// score is the sum, over the query's words, of the index's BM25 weight times the word's rarity.
//
// Forgiving: a word of five letters or more that matches (almost) nothing also matches the index
// words one edit away (two from nine letters on), found through the words that share its first
// half (the term chunks) or its second half (the backward words of suffixes/), and counted less
// than a prefix. Two query words also match the word they make together ("start up" finds
// "startup"), and a hyphenated query word its parts apart ("start-up" finds "start up"). When a
// query finds nothing, or only through a correction, search() also returns the closest query
// that finds something, in the text's own spelling.

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u{20000}-\u{2ffff}]/u;
const WORD = /[\p{Alphabetic}\p{N}]/u;
const DIGIT = /[0-9]/;
const MAX_LEN = 48;
const PREFIX = 0.7; // a word the query word only begins, or a stem's
const FUZZY = [1, 0.4, 0.25]; // a correction's weight, by its number of edits
const FEW = 3; // a word matching fewer pages than this is also corrected
const MAX_FUZZY_CHUNKS = 3; // chunks read on each side (beginning, end) to correct a word
const MAX_CORRECTIONS = 8; // index words one misspelt word may stand for
const MAX_EXPANSION = 400; // index words one query word may stand for
const EXCERPT_WORDS = 24;

// The spelling rules of src/search/spelling.rs, in the same order: a British ending becomes the
// common form (centre → center, organisation → organization). [old, new, tails, shortest stem].
const ALONE = ["s", ""];
const FOLDS = [
  ["mme", "m", ALONE, 3],
  ["tre", "ter", ALONE, 2],
  ["bre", "ber", ALONE, 2],
  ["logue", "log", ALONE, 3],
  ["cence", "cense", ALONE, 1],
  ["fence", "fense", ALONE, 1],
  ["our", "or", ["ables", "able", "ably", "ally", "hood", "less", "ites", "ite", "ful", "ers", "ing", "al", "ed", "er", "s", ""], 3],
  ["is", "iz", ["ational", "ations", "ation", "ing", "ers", "ed", "er", "es", "e"], 3],
  ["ys", "yz", ["ational", "ations", "ation", "ing", "ers", "ed", "er", "es", "e"], 3],
  ["ell", "el", ["ing", "ers", "ed", "er"], 2],
  ["dgement", "dgment", ALONE, 1],
];

// `word` (lowercased) with its British ending in the common form.
export function fold(word) {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return word;
  for (const [old, now, tails, min] of FOLDS) {
    for (const tail of tails) {
      if (!word.endsWith(old + tail)) continue;
      const stem = word.slice(0, word.length - old.length - tail.length);
      if (stem.length >= min) return stem + now + tail;
    }
  }
  return word === "ageing" ? "aging" : word;
}

const HYPHEN = /^[-\u2010\u2011]$/;
const LETTER = /\p{Alphabetic}/u;

// [{ term, start, end, cjk?, parts? }] with start/end as string indices into text; a compound's
// joined term (start-up → startup) follows its parts and says how many there were.
export function terms(text) {
  const chars = [];
  for (let i = 0; i < text.length; ) {
    const c = String.fromCodePoint(text.codePointAt(i));
    chars.push({ c, i, cls: CJK.test(c) ? "cjk" : WORD.test(c) ? "word" : "other" });
    i += c.length;
  }
  const end = (k) => (k < chars.length ? chars[k].i : text.length);
  const out = [];
  let compound = null; // { from, joined, parts }
  let k = 0;
  while (k < chars.length) {
    const cls = chars[k].cls;
    if (cls === "other") {
      k++;
    } else if (cls === "word") {
      const start = k;
      while (k < chars.length) {
        const c = chars[k].c;
        const joins = c === "." && k > start && DIGIT.test(chars[k - 1].c) && k + 1 < chars.length && DIGIT.test(chars[k + 1].c);
        if (chars[k].cls === "word" || joins) k++;
        else break;
      }
      const lower = text.slice(chars[start].i, end(k)).toLowerCase();
      if (k - start <= MAX_LEN) out.push({ term: fold(lower), start: chars[start].i, end: end(k) });
      const c = compound || { from: chars[start].i, joined: "", parts: 0 };
      compound = null;
      c.joined += lower;
      const continues = LETTER.test(chars[k - 1].c) && k + 1 < chars.length && HYPHEN.test(chars[k].c) && chars[k + 1].cls === "word" && LETTER.test(chars[k + 1].c);
      if (continues) {
        compound = { from: c.from, joined: c.joined, parts: c.parts + 1 };
        k++;
      } else if (c.parts > 0 && Array.from(c.joined).length <= MAX_LEN) {
        out.push({ term: fold(c.joined), start: c.from, end: end(k), parts: c.parts + 1 });
      }
    } else {
      const start = k;
      while (k < chars.length && chars[k].cls === "cjk") k++;
      if (k - start === 1) out.push({ term: chars[start].c, start: chars[start].i, end: end(k), cjk: true });
      for (let p = start; p + 1 < k; p++) out.push({ term: text.slice(chars[p].i, end(p + 2)), start: chars[p].i, end: end(p + 2), cjk: true });
    }
  }
  return out;
}

// Code point order, as Rust sorts the index's terms (JS's < compares UTF-16 units).
function cmp(a, b) {
  const x = Array.from(a), y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

// What one query word matches: [{ word, prefix }], the first exact.
function clause(t) {
  const forms = [{ word: t.term, prefix: !t.cjk && Array.from(t.term).length >= 2 }];
  if (!t.cjk && t.term.length >= 5 && !DIGIT.test(t.term)) {
    const stem = t.term.replace(/(ies|es|s|ing|ed)$/, "");
    if (stem !== t.term && stem.length >= 4) forms.push({ word: stem, prefix: true });
  }
  return forms;
}

// How many edits a word may be corrected by: none under five letters or with a digit (ids,
// figures, acronyms are typed as they are), one up to eight, two from nine.
function allowedEdits(t) {
  const n = Array.from(t.term).length;
  if (t.cjk || t.parts || DIGIT.test(t.term) || !LETTER.test(t.term) || n < 5) return 0;
  return n >= 9 ? 2 : 1;
}

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

// The keys a word's neighbours within `max` edits must share with it: its beginning, or its end.
// One edit leaves the first half intact or the part after the middle letter (a swap across the
// middle spoils only one side); two edits leave the first or the last third intact unless one is
// in each (those few are missed).
function keys(word, max) {
  const c = Array.from(word), n = c.length;
  const h = max === 1 ? n >> 1 : Math.floor(n / 3);
  return { head: c.slice(0, h).join(""), tail: c.slice(max === 1 ? h + 1 : n - h).join("") };
}

const backwards = (w) => Array.from(w).reverse().join("");

function undelta(list, step) {
  const out = [];
  let page = 0;
  for (let i = 0; i < list.length; i += step) {
    page += list[i];
    out.push(step === 2 ? [page, list[i + 1]] : page);
  }
  return out;
}

export async function open(root) {
  const cache = new Map();
  function get(path) {
    if (!cache.has(path)) {
      const p = fetch(root + "search-index/" + path).then((r) => {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      p.catch(() => cache.delete(path)); // a failed fetch is retried next time
      cache.set(path, p);
    }
    return cache.get(path);
  }
  const manifest = await get("index.json");
  const dir = manifest.dir + "/";
  const firsts = manifest.chunks;
  const suffixFirsts = manifest.suffixes || [];

  // The chunks of `list` (their first words) that can hold a word `from` … `to`: [first, last].
  function chunks(list, from, to) {
    const find = (word) => {
      let lo = 0, hi = list.length - 1, found = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(list[mid], word) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return found;
    };
    return [find(from), find(to)];
  }

  // [[term, postings]] of the index words `form` matches.
  async function lookup(form) {
    if (!firsts.length) return [];
    const [from, to] = chunks(firsts, form.word, form.prefix ? form.word + "\u{10ffff}" : form.word);
    const out = [];
    for (let n = from; n <= to && out.length < MAX_EXPANSION; n++) {
      const chunk = await get(dir + "terms/" + n + ".json");
      chunk.t.forEach((term, i) => {
        if (term === form.word || (form.prefix && term.startsWith(form.word))) out.push([term, chunk.p[i]]);
      });
    }
    return out.slice(0, MAX_EXPANSION);
  }

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

  function idf(df) { return Math.log(1 + (manifest.pages - df + 0.5) / (df + 0.5)); }

  // page → score for one query word: its best match on each page. Sets t.forms (what it
  // matched, for excerpts) and t.corrected (its nearest correction, when it matched nothing).
  async function scores(t, edits = allowedEdits(t)) {
    const best = new Map();
    const add = (postings, weight) => {
      for (const [page, s] of undelta(postings, 2)) {
        const v = s * weight;
        if (!(best.get(page) >= v)) best.set(page, v);
      }
    };
    t.forms = clause(t);
    for (const form of t.forms) {
      for (const [term, postings] of await lookup(form)) add(postings, idf(postings.length / 2) * (term === t.term ? 1 : PREFIX));
    }
    t.corrected = null;
    t.own = best.size;
    if (best.size < FEW && edits) {
      for (const c of await corrections(t.term, edits)) {
        add(c.postings, idf(c.postings.length / 2) * FUZZY[c.edits]);
        t.forms.push(c);
        if (!t.own && !t.corrected) t.corrected = c.word;
      }
    }
    return best;
  }

  // The query as slots that must all match: a word, a hyphenated word (its joined form, or its
  // parts together), or two words that also stand for the word they make ("start up").
  function slots(words) {
    const out = [];
    for (const t of words) {
      if (t.parts) out.push({ parts: out.splice(out.length - t.parts).flatMap((s) => s.parts), joined: t });
      else out.push({ parts: [t], joined: null });
    }
    const seen = new Set();
    return out.filter((s) => !seen.has((s.joined || s.parts[0]).term) && seen.add((s.joined || s.parts[0]).term));
  }

  // page → score of a slot: its joined word's, or the mean over its parts on pages that have them
  // all, whichever is more. (A mean: the slot stands for one word, so "start-up" ranks as
  // "startup" does rather than by how often "start" and "up" occur.)
  async function slotScores(slot) {
    const per = await Promise.all(slot.parts.map((t) => scores(t)));
    const out = all(per);
    for (const [page, s] of out) out.set(page, s / per.length);
    if (slot.joined) for (const [page, s] of await scores(slot.joined, 0)) if (!(out.get(page) >= s)) out.set(page, s);
    return out;
  }

  // Pages in every map of `per`, with the sum of their scores.
  function all(per) {
    const out = new Map();
    for (const [page, s] of per[0] || []) {
      let total = s;
      for (let i = 1; i < per.length && total >= 0; i++) total = per[i].has(page) ? total + per[i].get(page) : -1;
      if (total >= 0) out.set(page, total);
    }
    return out;
  }

  // Two neighbouring plain words also match the word they make ("start up" → startup*).
  async function joinNeighbours(list) {
    const plain = (s) => !s.joined && s.parts.length === 1 && LETTER.test(s.parts[0].term) && !s.parts[0].cjk && !DIGIT.test(s.parts[0].term);
    const out = [];
    for (let i = 0; i < list.length; i++) {
      const a = list[i], b = list[i + 1];
      if (b && plain(a) && plain(b)) {
        const [x, y] = [a.parts[0], b.parts[0]];
        const joined = { term: fold(x.term + y.term), start: x.start, end: y.end, parts: 2 };
        if ((await lookup({ word: joined.term, prefix: true })).length) {
          out.push({ parts: [x, y], joined });
          i++;
          continue;
        }
      }
      out.push(a);
    }
    return out;
  }

  async function rank(list, allowed) {
    const per = await Promise.all((await joinNeighbours(list)).map(slotScores));
    const ranked = [];
    for (const [page, s] of all(per)) if (!allowed || allowed.has(page)) ranked.push([page, s]);
    return ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  async function filterPages(wanted) {
    const keys = Object.keys(wanted || {}).filter((k) => wanted[k]);
    if (!keys.length) return null;
    const all = await get(dir + "filters.json");
    let pages = null;
    for (const k of keys) {
      const set = new Set(undelta((all[k] || {})[wanted[k]] || [], 1));
      pages = pages ? new Set([...pages].filter((p) => set.has(p))) : set;
    }
    return pages;
  }

  async function row(page) {
    const rows = await get(dir + "pages/" + Math.floor(page / manifest.pages_per_chunk) + ".json");
    return rows[page % manifest.pages_per_chunk];
  }

  async function data(page, words) {
    const [url, meta, text] = await row(page);
    return { url: root + url.replace(/^\//, ""), meta, excerpt: excerpt(text, words) };
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

  return {
    // { results: [{ score, data() }], suggestion }, best first. `suggestion` is the closest query
    // that finds something when this one found nothing or only through a corrected word.
    async search(query, options = {}) {
      const words = terms(query || "");
      const allowed = await filterPages(options.filters);
      let ranked, suggestion = null;
      if (!words.length) {
        ranked = allowed ? [...allowed].sort((a, b) => a - b).map((p) => [p, 0]) : [];
      } else {
        ranked = await rank(slots(words), allowed);
        if (!ranked.length) suggestion = await suggest(query, words, allowed);
        else if (words.some((t) => t.corrected)) suggestion = await respell(query, words, ranked[0][0], new Set());
      }
      return { results: ranked.map(([page, score]) => ({ score, data: () => data(page, words) })), suggestion };
    },
    // { key: { value: page count } }
    async filters() {
      const all = await get(dir + "filters.json");
      const out = {};
      for (const k of Object.keys(all)) {
        out[k] = {};
        for (const v of Object.keys(all[k])) out[k][v] = all[k][v].length;
      }
      return out;
    },
  };
}

// Whether index word `term` answers a query word with these forms, as the search matched it.
function matches(term, forms) {
  return forms.some((f) => term === f.word || (f.prefix && term.startsWith(f.word)));
}

// About EXCERPT_WORDS words of `text` around the densest run of matches, as [{ text, mark }].
export function excerpt(text, words) {
  const all = terms(text);
  if (!all.length) return [];
  const forms = words.map((w) => w.forms || clause(w));
  const hit = all.map((t) => forms.findIndex((f) => matches(t.term, f)));
  let best = 0, bestScore = -1;
  for (let s = 0; s < all.length; s++) {
    if (hit[s] < 0 && s > 0) continue;
    const seen = new Set();
    let count = 0;
    for (let k = s; k < Math.min(all.length, s + EXCERPT_WORDS); k++) if (hit[k] >= 0) { seen.add(hit[k]); count++; }
    const score = seen.size * 100 + count;
    if (score > bestScore) { best = s; bestScore = score; }
    if (bestScore >= words.length * 100 + EXCERPT_WORDS) break;
  }
  // Start a few words before the first match, so it reads in context.
  const first = Math.max(0, Math.min(best - 3, all.length - EXCERPT_WORDS));
  const last = Math.min(all.length, first + EXCERPT_WORDS) - 1;
  const from = first === 0 ? 0 : all[first].start;
  const to = last === all.length - 1 ? text.length : all[last].end;
  const marks = [];
  for (let k = first; k <= last; k++) {
    if (hit[k] < 0) continue;
    const prev = marks[marks.length - 1];
    if (prev && all[k].start <= prev[1]) prev[1] = Math.max(prev[1], all[k].end);
    else marks.push([all[k].start, all[k].end]);
  }
  const out = [];
  if (from > 0) out.push({ text: "…", mark: false });
  let at = from;
  for (const [s, e] of marks) {
    if (s > at) out.push({ text: text.slice(at, s), mark: false });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (to > at) out.push({ text: text.slice(at, to), mark: false });
  if (to < text.length) out.push({ text: "…", mark: false });
  return out;
}
