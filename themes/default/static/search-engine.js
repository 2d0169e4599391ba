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
export function cmp(a, b) {
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

  // The typo tools (search-typos.js), loaded on first need: most queries never need them.
  let typoTools = null;
  function typos() {
    if (!typoTools) {
      const ix = { get, chunks, lookup, firsts, suffixFirsts, dir, rank, slots, scores, row };
      typoTools = import("./search-typos.js").then((m) => m.typos(ix));
      typoTools.catch(() => { typoTools = null; });
    }
    return typoTools;
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
      for (const c of await (await typos()).corrections(t.term, edits)) {
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
        if (!ranked.length) suggestion = await (await typos()).suggest(query, words, allowed);
        else if (words.some((t) => t.corrected)) suggestion = await (await typos()).respell(query, words, ranked[0][0], new Set());
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
