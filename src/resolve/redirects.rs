//! Old addresses: `redirect_from` paths must be safe and must not take the place of a generated
//! page or another redirect. The redirect pages themselves are rendered in `render::data`.

use super::items::Table;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ItemRef, Plan};
use std::collections::{BTreeMap, BTreeSet};

/// Pages the site generates whatever the content: a redirect may not take their place.
const RESERVED: &[&str] = &[
    "a-z/",
    "references/",
    "search/",
    "data/",
    "assets/",
    "search-index/",
    "404.html",
    "sitemap.xml",
    "robots.txt",
];

/// The output path of a `redirect_from` entry (`/initiatives/old/` → `initiatives/old/`), if safe:
/// a canonical path of lowercase letters, digits, '-', '.' and '/' below the output folder.
pub fn redirect_path(raw: &str) -> Option<String> {
    let p = raw.trim().trim_start_matches('/');
    let ok = !p.is_empty()
        && p.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '/'))
        && !p.contains("..")
        && !p.contains("//")
        && !p.starts_with('.')
        // Found by fuzzing: `strategies/./1/` named a page's folder in a spelling the clash
        // check below did not recognise, and `x/index.html/` needs a folder where a page's file
        // is. One spelling per folder, and never through a page's file.
        && p.split('/').all(|s| s != "." && s != "index.html");
    ok.then(|| {
        if p.ends_with('/') {
            p.to_string()
        } else {
            format!("{p}/")
        }
    })
}

/// Old addresses must be safe paths that no generated page or other redirect uses.
pub fn check(plan: &Plan, table: &Table, diags: &mut Diagnostics) {
    let pages: BTreeSet<String> = table
        .refs()
        .map(crate::urls::Urls::item_path)
        .chain(plan.kinds().map(|k| format!("{}/", k.folder())))
        .collect();
    let mut taken: BTreeMap<String, &ItemRef> = BTreeMap::new();
    for h in table.heads() {
        for raw in &h.redirect_from {
            let at = h.source.locate("", raw);
            let Some(path) = redirect_path(raw) else {
                diags.push(
                    Diagnostic::error("E020", format!("redirect `{raw}` is not a safe site path"))
                        .at(at)
                        .help("write the old page's folder, e.g. `initiatives/old-id/`: lowercase letters, digits, '-', '.', '/', and no `.`, `..` or `index.html` part"),
                );
                continue;
            };
            let clash = if pages.contains(&path) || RESERVED.iter().any(|r| path.starts_with(r)) {
                Some("a page the site generates".to_string())
            } else {
                taken.get(&path).map(|other| format!("a redirect to {other}"))
            };
            if let Some(what) = clash {
                diags.push(
                    Diagnostic::error("E020", format!("redirect `{raw}` would replace {what}"))
                        .at(at)
                        .help("an old address can redirect to one page only, and never where a page exists"),
                );
                continue;
            }
            taken.insert(path, &h.r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::redirect_path;

    #[test]
    fn only_canonical_folder_paths_are_safe() {
        assert_eq!(redirect_path("/initiatives/old/").as_deref(), Some("initiatives/old/"));
        assert_eq!(redirect_path("targets/1.1").as_deref(), Some("targets/1.1/"));
        for raw in [
            "../x/",
            "a//b/",
            ".x/",
            "strategies/./1/",
            "a/.",
            "index.html",
            "strategies/1/index.html/",
            "A/",
        ] {
            assert_eq!(redirect_path(raw), None, "{raw}");
        }
    }
}
