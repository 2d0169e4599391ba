//! The search index: pagefind's library API run over the rendered pages, in memory, so `build`
//! needs no Node, no network and no second pass over the output folder.
//!
//! What is indexed is decided by the templates, not here: pagefind indexes only elements marked
//! `data-pagefind-body` (the item pages' `<article>`), and takes its metadata (`title`, `label`,
//! `kind`, `id`, `acronym`) and filters (`kind`, `strategy`) from `data-pagefind-*` attributes.
//! The theme's `search.js` queries the bundle with pagefind's own JS API and draws the results.

mod trim;

use crate::diagnostics::Diagnostic;
use crate::render::Output;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

/// Where the bundle goes, relative to the site root. `search.js` loads `<root>pagefind/pagefind.js`.
pub const BUNDLE_DIR: &str = "pagefind/";

/// The marker of an indexable page. When no page has it (a theme override without it), pagefind
/// indexes every page's `<body>`, so then every page is handed over.
const BODY_MARKER: &str = "data-pagefind-body";

/// Builds the search bundle from the HTML pages in `out` and adds its files under `pagefind/`.
pub fn add_index(out: &mut Output) -> Result<(), Diagnostic> {
    let files = index_files(out)?;
    out.extend(files);
    Ok(())
}

/// The search bundle for the pages in `out`, as output paths and contents, leaving `out` alone so
/// the pages can be written to disk meanwhile.
pub fn index_files(out: &Output) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let files = build(indexable_pages(out))?;
    Ok(files
        .into_iter()
        .map(|(name, bytes)| (format!("{BUNDLE_DIR}{name}"), bytes))
        .collect())
}

/// The pages to index as (URL, HTML), in path order, each cut to what pagefind indexes (see
/// trim.rs). The order fixes pagefind's page numbers and so the bytes of the index: the output
/// map is sorted, which keeps two builds identical.
fn indexable_pages(out: &Output) -> Vec<(String, String)> {
    let html: Vec<(&String, &str)> = out
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .filter_map(|(path, bytes)| std::str::from_utf8(bytes).ok().map(|s| (path, s)))
        .collect();
    // Skipping pages pagefind would drop anyway saves parsing them (it parses one page at a time).
    let any_body = html.iter().any(|(_, s)| s.contains(BODY_MARKER));
    html.into_par_iter()
        .filter(|(_, s)| !any_body || s.contains(BODY_MARKER))
        .map(|(path, s)| (page_url(path), trim::trim(s).unwrap_or_else(|| s.to_string())))
        .collect()
}

/// A page's URL relative to the site root, with a leading slash: `/strategies/3/`. The base path
/// is left out so the index does not depend on `base_url`; `search.js` sets pagefind's `baseUrl`
/// to the site root, which pagefind prefixes to every result URL.
fn page_url(path: &str) -> String {
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    format!("/{dir}")
}

/// Whether a file of pagefind's bundle is needed by the theme's UI. pagefind also emits its
/// default, modular and component UIs, a highlighting script, a web worker and WebAssembly for
/// languages the site does not have (about 550 KB in all); search.js uses only the JS API (on
/// the page, without the worker), the WebAssembly of the site's languages and the index itself.
fn needed(name: &str, wasm: &[String]) -> bool {
    matches!(name, "pagefind.js" | "pagefind-entry.json")
        || wasm.iter().any(|w| w == name)
        || (name.starts_with("pagefind.") && name.ends_with(".pf_meta"))
        || ["fragment/", "index/", "filter/"].iter().any(|d| name.starts_with(d))
}

/// The WebAssembly files pagefind.js will load, from the bundle's entry file: one per language
/// that has a stemmer (`"wasm": "en"`), and the generic one for any language without (Chinese).
fn wasm_files(entry: &[u8]) -> Vec<String> {
    let entry: serde_json::Value = serde_json::from_slice(entry).unwrap_or_default();
    let mut files: Vec<String> = entry["languages"]
        .as_object()
        .into_iter()
        .flat_map(|langs| langs.values())
        .map(|l| format!("wasm.{}.pagefind", l["wasm"].as_str().unwrap_or("unknown")))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Runs pagefind over `pages` and returns the bundle's files (path inside the bundle, bytes),
/// sorted by path.
fn build(pages: Vec<(String, String)>) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    // pagefind's API is async only because its CLI shares it; a single-threaded runtime is enough
    // (its CPU-heavy parts run on rayon) and keeps our own threads out of the way.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| error(format!("cannot start the indexing runtime: {e}")))?;
    runtime.block_on(async move {
        // Each page's language comes from its `<html lang>`; pagefind segments Chinese and
        // Japanese pages into words (the `extended` feature).
        let config = PagefindServiceConfig::builder().build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| error(format!("cannot configure pagefind: {e}")))?;
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url.clone()), html)
                .await
                .map_err(|e| error(format!("cannot index `{url}`: {e}")))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| error(format!("cannot build the search index: {e}")))?;
        let files: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .collect();
        let entry = files
            .iter()
            .find(|(name, _)| name == "pagefind-entry.json")
            .map_or(&[][..], |(_, b)| b.as_slice());
        let wasm = wasm_files(entry);
        let mut files: Vec<(String, Vec<u8>)> = files.into_iter().filter(|(name, _)| needed(name, &wasm)).collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    })
}

fn error(message: String) -> Diagnostic {
    Diagnostic::error("E019", message)
        .help("this is a bug in the search indexing (src/search.rs); please report it with the page named")
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
            b"<html><body><main data-pagefind-body>a</main></body></html>".to_vec(),
        );
        out.insert("b/index.html".into(), b"<html><body>b</body></html>".to_vec());
        out.insert("c.css".into(), b"body{}".to_vec());
        let urls: Vec<String> = indexable_pages(&out).into_iter().map(|(u, _)| u).collect();
        assert_eq!(urls, ["/a/"]);
        out.remove("a/index.html");
        let urls: Vec<String> = indexable_pages(&out).into_iter().map(|(u, _)| u).collect();
        assert_eq!(urls, ["/b/"]);
    }

    /// Cutting pages (trim.rs) must leave the index byte for byte as pagefind makes it from
    /// whole pages: English with filters and metadata, and Chinese.
    #[test]
    fn cutting_pages_does_not_change_the_index() {
        for fixture in ["minimal", "search-zh", "search-xss"] {
            let opts = crate::BuildOptions {
                root: std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures")
                    .join(fixture),
                base_url: None,
                as_of: (2026, 1),
                search: true,
            };
            let out = crate::build_in_memory(&opts).map_err(|d| d.render()).unwrap().output;
            let whole: Vec<(String, String)> = out
                .iter()
                .filter(|(p, b)| p.ends_with(".html") && String::from_utf8_lossy(b).contains(BODY_MARKER))
                .map(|(p, b)| (page_url(p), String::from_utf8_lossy(b).into_owned()))
                .collect();
            assert!(
                whole.iter().any(|(_, html)| trim::trim(html).is_some()),
                "{fixture}: no page was cut"
            );
            let from_whole = build(whole).unwrap();
            let built: Vec<(String, Vec<u8>)> = out
                .iter()
                .filter_map(|(p, b)| p.strip_prefix(BUNDLE_DIR).map(|n| (n.to_string(), b.clone())))
                .collect();
            assert!(from_whole == built, "{fixture}: the index differs when pages are cut");
        }
    }

    #[test]
    fn ships_only_what_the_theme_uses() {
        let wasm = wasm_files(br#"{"version":"1.6.0","languages":{"en":{"hash":"en_1","wasm":"en","page_count":2},"zh-hant":{"hash":"zh-hant_1","wasm":null,"page_count":1}}}"#);
        assert_eq!(wasm, ["wasm.en.pagefind", "wasm.unknown.pagefind"]);
        for name in [
            "pagefind.js",
            "pagefind-entry.json",
            "wasm.en.pagefind",
            "pagefind.en_1234.pf_meta",
            "index/en_1.pf_index",
            "fragment/en_1.pf_fragment",
            "filter/en_1.pf_filter",
        ] {
            assert!(needed(name, &wasm), "{name}");
        }
        for name in [
            "pagefind-ui.js",
            "pagefind-worker.js",
            "pagefind-ui.css",
            "pagefind-component-ui.js",
            "pagefind-highlight.js",
            "pagefind-modular-ui.css",
            "wasm.fr.pagefind",
        ] {
            assert!(!needed(name, &wasm), "{name}");
        }
    }
}
