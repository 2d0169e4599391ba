//! The static files' place in the output: each is copied to the site root as it is, unless the
//! site writes something at that path itself (a page, a theme asset, the sitemap, a data
//! download, a redirect, the search index), which is an error: one of the two would be lost.

use super::Output;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::statics::FOLDER;
use crate::load::StaticFiles;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Adds every static file to `out`; `generated` is every path the site writes itself (pages not
/// rendered yet included).
pub fn add(statics: &StaticFiles, out: &mut Output, generated: &BTreeSet<String>) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for path in statics.keys() {
        if let Some(what) = clash(path, generated) {
            let file = PathBuf::from(FOLDER).join(path);
            diags.push(
                Diagnostic::error("E023", format!("`{}` {what}", file.display()))
                    .at(Location::file(&file))
                    .help("rename or move the file: the site writes this path itself (to change a generated page, edit content/ or the theme)"),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    out.extend(statics.iter().map(|(path, bytes)| (path.clone(), bytes.clone())));
    Ok(())
}

/// Why `path` cannot hold a static file, if it cannot.
fn clash(path: &str, out: &BTreeSet<String>) -> Option<String> {
    if out.contains(path) {
        return Some(format!("would replace the generated `{path}`"));
    }
    let bundle = crate::search::BUNDLE_DIR;
    if path.starts_with(bundle) {
        return Some(format!("is inside `{bundle}`, where the search index is written"));
    }
    let folder = format!("{path}/");
    if out
        .range(folder.clone()..)
        .next()
        .is_some_and(|k| k.starts_with(&folder))
    {
        return Some(format!("is a file where the site has the folder `{folder}`"));
    }
    let mut parents = path.match_indices('/').map(|(i, _)| &path[..i]);
    parents
        .find(|p| out.contains(*p))
        .map(|p| format!("needs a folder `{p}/` where the site has the file `{p}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashes_with_generated_paths() {
        let out: BTreeSet<String> = ["index.html", "search/index.html", "sitemap.xml", "assets/site.css"]
            .into_iter()
            .map(str::to_string)
            .collect();
        for (path, why) in [
            ("index.html", "replace"),
            ("sitemap.xml", "replace"),
            ("assets/site.css", "replace"),
            ("search/index.html", "replace"),
            ("search-index/meta.json", "search index"),
            ("search", "folder `search/`"),
            ("sitemap.xml/x.png", "the file `sitemap.xml`"),
        ] {
            assert!(clash(path, &out).is_some_and(|w| w.contains(why)), "{path}");
        }
        for path in ["images/chart.png", "assets/logo.png", "search.png", "files/index.html"] {
            assert_eq!(clash(path, &out), None, "{path}");
        }
    }
}
