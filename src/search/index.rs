//! The index files `search-engine.js` reads, built from the pages' records. Everything is JSON
//! (gzip-compressible by any static host, readable in a debugger) and split so that a query
//! fetches only what it needs:
//!
//! - `index.json`: the page count, the folder of this build's other files (named by a hash of
//!   their contents, so they can be cached for ever and a reader never mixes two builds' files),
//!   and for each chunk of the sorted term list its first term, so the engine knows which chunk
//!   can hold a term or a prefix without fetching the others. The rest is inside that folder:
//! - `terms/<n>.json`: `{"t": [terms…], "p": [[page delta, score, page delta, score, …], …]}`.
//!   Scores are BM25 term weights (k1 1.2, b 0.75) × 100, with the words of the title, label,
//!   id and acronym counted several times, so the engine only multiplies by each term's rarity.
//! - `suffixes/<n>.json`: the words of four letters or more (no digits, no CJK), each spelt
//!   backwards, sorted; `index.json` lists each chunk's first. With the term chunks (sorted
//!   forwards) they find the index words that share a query word's beginning or its end, which
//!   is where the engine looks for a misspelt word's neighbours: one typo leaves either the first
//!   half or the second half intact. Fetched only when a query word matches (almost) nothing.
//! - `pages/<n>.json`: [[url, meta, text], …] for [`PAGES_PER_CHUNK`] pages: what a result
//!   shows, fetched only for the results drawn.
//! - `filters.json`: for each filter and value, its pages (delta-coded), sorted.
//!
//! Pages are numbered in URL order and every map is sorted, so the same site gives the same bytes.

use super::extract::Record;
use super::terms;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

pub const PAGES_PER_CHUNK: usize = 4;
/// A term chunk is closed once its JSON passes this size (a chunk holds at least one term).
const CHUNK_BYTES: usize = 16 * 1024;
/// The same for a chunk of backward words: smaller, as a typo's lookup reads one or two.
const SUFFIX_CHUNK_BYTES: usize = 8 * 1024;
/// The shortest word kept backwards: a query word needs five letters to be corrected, and one
/// edit away it has four.
const SUFFIX_MIN_CHARS: usize = 4;
/// How many times a word of each metadata field counts, beside its place in the text. An id or
/// acronym outweighs a title so `3.1.2` or `ITVF` finds its own item first.
const META_WEIGHTS: [(&str, u32); 4] = [("id", 10), ("acronym", 10), ("title", 5), ("label", 3)];
const K1: f64 = 1.2;
const B: f64 = 0.75;

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    pages: usize,
    pages_per_chunk: usize,
    /// The folder of the other files, relative to `index.json`'s.
    dir: String,
    /// The first term of each chunk, in order; chunk `n` is `terms/<n>.json`.
    chunks: Vec<&'a str>,
    /// The first backward word of each chunk of `suffixes/<n>.json`.
    suffixes: Vec<String>,
}

#[derive(Serialize)]
struct TermChunk<'a> {
    t: Vec<&'a str>,
    p: Vec<&'a [u32]>,
}

/// A page's weighted term counts and its length in words.
struct Counted {
    terms: HashMap<String, u32>,
    words: u32,
}

fn count(record: &Record) -> Counted {
    let mut terms: HashMap<String, u32> = HashMap::new();
    // Most words repeat on a page: a key is allocated only for a word's first occurrence.
    let mut add = |t: &str, weight: u32| match terms.get_mut(t) {
        Some(n) => *n += weight,
        None => {
            terms.insert(t.to_string(), weight);
        }
    };
    let mut words = 0;
    terms::each(&record.text, |t, _| {
        words += 1;
        add(t, 1);
    });
    for (field, weight) in META_WEIGHTS {
        if let Some(value) = record.meta.get(field) {
            terms::each(value, |t, _| add(t, weight));
        }
    }
    Counted { terms, words }
}

/// The index files (path inside the bundle, bytes) for `records`, which must be in URL order.
pub fn build(records: &[Record]) -> Vec<(String, Vec<u8>)> {
    let counted: Vec<Counted> = records.par_iter().map(count).collect();
    let total: u64 = counted.iter().map(|c| u64::from(c.words)).sum();
    let avg = (total as f64 / counted.len().max(1) as f64).max(1.0);
    let mut postings: HashMap<&str, Vec<u32>> = HashMap::new();
    for (page, c) in counted.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * f64::from(c.words) / avg);
        for (term, &tf) in &c.terms {
            let tf = f64::from(tf);
            let score = (100.0 * tf * (K1 + 1.0) / (tf + norm)).round().max(1.0) as u32;
            postings.entry(term.as_str()).or_default().extend([page as u32, score]);
        }
    }
    let mut terms: Vec<(&str, Vec<u32>)> = postings.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    terms.par_iter_mut().for_each(|(_, p)| delta_code(p));

    let mut files = Vec::new();
    let mut firsts = Vec::new();
    for range in chunks(&terms, |(t, p)| t.len() + 6 + p.len() * 4, CHUNK_BYTES) {
        let chunk = TermChunk {
            t: terms[range.clone()].iter().map(|(t, _)| *t).collect(),
            p: terms[range.clone()].iter().map(|(_, p)| p.as_slice()).collect(),
        };
        files.push((format!("terms/{}.json", firsts.len()), json(&chunk)));
        firsts.push(terms[range.start].0);
    }
    let backward = backward_words(terms.iter().map(|(t, _)| *t));
    let mut suffix_firsts = Vec::new();
    for range in chunks(&backward, |w| w.len() + 3, SUFFIX_CHUNK_BYTES) {
        let name = format!("suffixes/{}.json", suffix_firsts.len());
        files.push((name, json(&backward[range.clone()])));
        suffix_firsts.push(backward[range.start].clone());
    }
    files.push(("filters.json".to_string(), json(&filters(records))));
    let pages: Vec<(String, Vec<u8>)> = records
        .par_chunks(PAGES_PER_CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let rows: Vec<(&str, Meta, &str)> = chunk
                .iter()
                .map(|r| (r.url.as_str(), Meta(&r.meta), r.text.as_str()))
                .collect();
            (format!("pages/{n}.json"), json(&rows))
        })
        .collect();
    files.extend(pages);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let dir = format!("{:016x}", fnv1a(&files));
    let manifest = Manifest {
        version: 2,
        pages: records.len(),
        pages_per_chunk: PAGES_PER_CHUNK,
        dir: dir.clone(),
        chunks: firsts,
        suffixes: suffix_firsts,
    };
    let mut out = vec![("index.json".to_string(), json(&manifest))];
    out.extend(files.into_iter().map(|(name, bytes)| (format!("{dir}/{name}"), bytes)));
    out
}

/// Consecutive ranges of `items`, each closed once the sizes of its items pass `max` (a range
/// holds at least one item).
fn chunks<T>(items: &[T], size: impl Fn(&T) -> usize, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while from < items.len() {
        let mut total = 0;
        let mut to = from;
        while to < items.len() && (to == from || total < max) {
            total += size(&items[to]);
            to += 1;
        }
        out.push(from..to);
        from = to;
    }
    out
}

/// The words a typo can be corrected to (letters only, at least [`SUFFIX_MIN_CHARS`]), each
/// spelt backwards, sorted by code point as the engine compares them.
fn backward_words<'a>(terms: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = terms
        .filter(|t| t.chars().count() >= SUFFIX_MIN_CHARS)
        .filter(|t| t.chars().all(|c| c.is_alphabetic() && !terms::is_cjk(c)))
        .map(|t| t.chars().rev().collect())
        .collect();
    out.sort_unstable();
    out
}

/// FNV-1a over the files' names and contents: a name for this build's files that changes when
/// any of them does, the same on every machine and Rust version.
fn fnv1a(files: &[(String, Vec<u8>)]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in files {
        for &b in name.as_bytes().iter().chain([0u8].iter()).chain(bytes) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Page numbers in `[page, score, page, score, …]` become gaps from the previous page.
fn delta_code(postings: &mut [u32]) {
    let mut previous = 0;
    for pair in postings.chunks_exact_mut(2) {
        let page = pair[0];
        pair[0] = page - previous;
        previous = page;
    }
}

/// A page's metadata as a JSON object (an empty one too, which `LiteMap` would write as `[]`).
struct Meta<'a>(&'a litemap::LiteMap<String, String>);

impl Serialize for Meta<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter())
    }
}

fn filters(records: &[Record]) -> BTreeMap<&str, BTreeMap<&str, Vec<u32>>> {
    let mut out: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (page, r) in records.iter().enumerate() {
        for (key, values) in &r.filters {
            for v in values {
                out.entry(key).or_default().entry(v).or_default().push(page as u32);
            }
        }
    }
    for pages in out.values_mut().flat_map(|m| m.values_mut()) {
        let mut previous = 0;
        for p in pages.iter_mut() {
            let page = *p;
            *p -= previous;
            previous = page;
        }
    }
    out
}

fn json(value: &(impl Serialize + ?Sized)) -> Vec<u8> {
    // Serialising maps of strings and numbers cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str, title: &str, text: &str) -> Record {
        let mut r = Record {
            url: url.into(),
            text: text.into(),
            ..Record::default()
        };
        r.meta.insert("title".into(), title.into());
        r.filters.insert("kind".into(), vec!["Target".into()]);
        r
    }

    #[test]
    fn postings_are_delta_coded_and_titles_weigh_more() {
        let records = [
            record("/a/", "Fund", "a fund for start-ups"),
            record("/b/", "Other", "the fund"),
        ];
        let mut files: BTreeMap<String, Vec<u8>> = build(&records).into_iter().collect();
        let manifest: serde_json::Value = serde_json::from_slice(&files["index.json"]).unwrap();
        assert_eq!(manifest["pages"], 2);
        let dir = format!("{}/", manifest["dir"].as_str().unwrap());
        files = files
            .into_iter()
            .map(|(k, v)| (k.strip_prefix(&dir).unwrap_or(&k).to_string(), v))
            .collect();
        let chunk: serde_json::Value = serde_json::from_slice(&files["terms/0.json"]).unwrap();
        let t: Vec<&str> = chunk["t"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let fund = t.iter().position(|&x| x == "fund").unwrap();
        let p: Vec<u64> = chunk["p"][fund]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!((p[0], p[2]), (0, 1), "page 0, then page 1 as a gap of 1");
        assert!(p[1] > p[3], "the page titled Fund scores higher: {p:?}");
        let filters: serde_json::Value = serde_json::from_slice(&files["filters.json"]).unwrap();
        assert_eq!(filters["kind"]["Target"], serde_json::json!([0, 1]));
        let pages: serde_json::Value = serde_json::from_slice(&files["pages/0.json"]).unwrap();
        assert_eq!(pages[1][0], "/b/");
        // Words of four letters or more, backwards and sorted; "a", "for", "the", "ups" are too short.
        let suffixes: Vec<String> = serde_json::from_slice(&files["suffixes/0.json"]).unwrap();
        assert_eq!(suffixes, ["dnuf", "rehto", "sputrats", "trats"].map(String::from)[..]);
        assert_eq!(manifest["suffixes"], serde_json::json!(["dnuf"]));
    }
}
