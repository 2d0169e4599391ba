//! The search index: built from the rendered pages in memory, by our own code, into a few
//! hundred static JSON files that the theme's `search-engine.js` queries in the browser. No
//! WebAssembly, no Node, no second pass over the output folder.
//!
//! What is indexed is decided by the templates (see extract.rs): the text of elements marked
//! `data-search-body`, metadata from `data-search-meta`, filters from `data-search-filter`.
//! Words are split the same way here and in the browser (terms.rs); the file layout is in
//! index.rs.

mod extract;
mod index;
mod spelling;
pub mod terms;

use crate::diagnostics::Diagnostic;
use crate::Output;
use rayon::prelude::*;

pub use extract::{extract, Record};

/// Where the index goes, relative to the site root. `search.js` loads
/// `<root>search-index/index.json` and the engine beside it in the theme's static files.
pub const BUNDLE_DIR: &str = "search-index/";

/// The index for the pages in `out`, as output paths and contents under [`BUNDLE_DIR`]: what
/// `serve` and the tests call, and `build` through [`Collector`] batch by batch. It leaves `out`
/// alone. It cannot fail today; the `Result` keeps the signature of a stage that may.
pub fn index_files(out: &Output) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut collector = Collector::default();
    collector.add(out);
    collector.files()
}

/// The searchable pages' records, in path order (which numbers the pages, so two builds give the
/// same index). When no page marks a `data-search-body` (a theme override without it), every
/// page's `<body>` is indexed instead.
pub fn records(out: &Output) -> Vec<Record> {
    let mut collector = Collector::default();
    collector.add(out);
    collector.records()
}

/// The records of pages given in batches, in any order: a build hands over each batch of pages
/// as it is rendered and written, and keeps only their records, never every page at once.
#[derive(Default)]
pub struct Collector {
    /// Records of pages that mark what is searchable, with their output paths.
    marked: Vec<(String, Record)>,
    /// Every page's whole `<body>`, kept only while no page has marked anything (once one has,
    /// they are never used).
    whole: Vec<(String, Record)>,
}

impl Collector {
    /// Reads the pages among `batch`.
    pub fn add(&mut self, batch: &Output) {
        self.add_files(batch.iter().map(|(path, bytes)| (path, bytes.as_slice())));
    }

    /// Reads the pages among `files` (output path, contents), however they are held.
    pub fn add_files<'a>(&mut self, files: impl Iterator<Item = (&'a String, &'a [u8])>) {
        let html: Vec<(&String, &str)> = files
            .filter(|(path, _)| path.ends_with(".html"))
            .filter_map(|(path, bytes)| std::str::from_utf8(bytes).ok().map(|s| (path, s)))
            .collect();
        let marked_before = !self.marked.is_empty();
        let read: Vec<(bool, (String, Record))> = html
            .into_par_iter()
            .filter_map(|(path, s)| {
                let marked = extract::has_body(s);
                if !marked && marked_before {
                    return None;
                }
                Some((marked, (path.clone(), extract::extract(page_url(path), s, !marked))))
            })
            .collect();
        for (marked, record) in read {
            if marked {
                self.marked.push(record);
            } else {
                self.whole.push(record);
            }
        }
        if !self.marked.is_empty() {
            self.whole = Vec::new();
        }
    }

    /// The records, in path order.
    fn records(self) -> Vec<Record> {
        let mut records = if self.marked.is_empty() {
            self.whole
        } else {
            self.marked
        };
        records.sort_by(|a, b| a.0.cmp(&b.0));
        records.into_iter().map(|(_, r)| r).collect()
    }

    /// The index files, as [`index_files`] gives them.
    pub fn files(self) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        Ok(index::build(&self.records())
            .into_iter()
            .map(|(name, bytes)| (format!("{BUNDLE_DIR}{name}"), bytes))
            .collect())
    }
}

/// A page's URL relative to the site root, with a leading slash: `/strategies/3/`. The base path
/// is left out so the index does not depend on `base_url`; the engine prefixes the site root.
fn page_url(path: &str) -> String {
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    format!("/{dir}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_root_relative_without_index_html() {
        assert_eq!(page_url("strategies/3/index.html"), "/strategies/3/");
        assert_eq!(page_url("index.html"), "/");
        assert_eq!(page_url("404.html"), "/404.html");
    }

    #[test]
    fn only_pages_with_a_body_marker_when_any_has_one() {
        let mut out = Output::new();
        out.insert(
            "a/index.html".into(),
            b"<html><body><main data-search-body>a</main></body></html>".to_vec(),
        );
        out.insert("b/index.html".into(), b"<html><body>b</body></html>".to_vec());
        out.insert("c.css".into(), b"body{}".to_vec());
        let urls: Vec<String> = records(&out).into_iter().map(|r| r.url).collect();
        assert_eq!(urls, ["/a/"]);
        out.remove("a/index.html");
        let texts: Vec<String> = records(&out).into_iter().map(|r| r.text).collect();
        assert_eq!(texts, ["b"]);
    }
}
