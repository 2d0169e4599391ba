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

/// The index for the pages in `out`, as output paths and contents under [`BUNDLE_DIR`]: the one
/// entry point `build`, `serve` and the tests share. It leaves `out` alone, so `build` writes the
/// pages to disk meanwhile. It cannot fail today; the `Result` keeps the
/// signature of a stage that may.
pub fn index_files(out: &Output) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let records = records(out);
    Ok(index::build(&records)
        .into_iter()
        .map(|(name, bytes)| (format!("{BUNDLE_DIR}{name}"), bytes))
        .collect())
}

/// The searchable pages' records, in path order (which numbers the pages, so two builds give the
/// same index). When no page marks a `data-search-body` (a theme override without it), every
/// page's `<body>` is indexed instead.
pub fn records(out: &Output) -> Vec<Record> {
    let html: Vec<(&String, &str)> = out
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .filter_map(|(path, bytes)| std::str::from_utf8(bytes).ok().map(|s| (path, s)))
        .collect();
    let any_body = html.par_iter().any(|(_, s)| extract::has_body(s));
    html.into_par_iter()
        .filter(|(_, s)| !any_body || extract::has_body(s))
        .map(|(path, s)| extract::extract(page_url(path), s, !any_body))
        .collect()
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
