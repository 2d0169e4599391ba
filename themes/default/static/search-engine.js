// The search engine: queries the index `blueprint build` writes to search-index/ (its layout is
// described in src/search/index.rs). Loaded by search.js on first use, as a module.
//
// A query is split into words exactly as the index was (terms() mirrors src/search/terms.rs).
// Every word must match (AND). A word of two letters or more also matches the words it begins
// (as you type: "regul" finds "regulation"), and a plural or -ing/-ed form also matches its stem's
// words ("technologies" finds "technology"); an exact match counts more than either. A page's
// score is the sum, over the query's words, of the index's BM25 weight times the word's rarity.

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u{20000}-\u{2ffff}]/u;
const WORD = /[\p{Alphabetic}\p{N}]/u;
const DIGIT = /[0-9]/;
const MAX_LEN = 48;
const PREFIX = 0.7; // a word the query word only begins, or a stem's
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

  // The chunk that would hold `word`: the last whose first term is not after it.
  function chunkOf(word) {
    let lo = 0, hi = firsts.length - 1, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(firsts[mid], word) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  // [[term, postings]] of the index words `form` matches.
  async function lookup(form) {
    if (!firsts.length) return [];
    const from = chunkOf(form.word);
    const to = form.prefix ? chunkOf(form.word + "\u{10ffff}") : from;
    const out = [];
    for (let n = from; n <= to && out.length < MAX_EXPANSION; n++) {
      const chunk = await get(dir + "terms/" + n + ".json");
      chunk.t.forEach((term, i) => {
        if (term === form.word || (form.prefix && term.startsWith(form.word))) out.push([term, chunk.p[i]]);
      });
    }
    return out.slice(0, MAX_EXPANSION);
  }

  function idf(df) { return Math.log(1 + (manifest.pages - df + 0.5) / (df + 0.5)); }

  // page → score for one query word: its best match on each page.
  async function scores(t) {
    const best = new Map();
    for (const form of clause(t)) {
      for (const [term, postings] of await lookup(form)) {
        const weight = idf(postings.length / 2) * (term === t.term ? 1 : PREFIX);
        for (const [page, s] of undelta(postings, 2)) {
          const v = s * weight;
          if (!(best.get(page) >= v)) best.set(page, v);
        }
      }
    }
    return best;
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

  async function data(page, words) {
    const rows = await get(dir + "pages/" + Math.floor(page / manifest.pages_per_chunk) + ".json");
    const [url, meta, text] = rows[page % manifest.pages_per_chunk];
    return { url: root + url.replace(/^\//, ""), meta, excerpt: excerpt(text, words) };
  }

  return {
    // { results: [{ score, data() }] }, best first.
    async search(query, options = {}) {
      const words = [];
      for (const t of terms(query || "")) if (!words.some((w) => w.term === t.term)) words.push(t);
      const allowed = await filterPages(options.filters);
      let ranked;
      if (!words.length) {
        ranked = allowed ? [...allowed].sort((a, b) => a - b).map((p) => [p, 0]) : [];
      } else {
        const per = await Promise.all(words.map(scores));
        ranked = [];
        for (const [page, s] of per[0]) {
          if (allowed && !allowed.has(page)) continue;
          let total = s;
          for (let i = 1; i < per.length && total >= 0; i++) total = per[i].has(page) ? total + per[i].get(page) : -1;
          if (total >= 0) ranked.push([page, total]);
        }
        ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      }
      return { results: ranked.map(([page, score]) => ({ score, data: () => data(page, words) })) };
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
  const forms = words.map(clause);
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
