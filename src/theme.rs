//! The theme: templates and static files embedded in the binary (so it runs standalone), each
//! overridable by a file of the same path under the project's `themes/default/`.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use std::borrow::Cow;
use std::path::Path;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),*]
    };
}

/// Every theme file, by its path inside the theme folder. The one list of theme files.
pub const FILES: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/components.html",
    "templates/home.html",
    "templates/item.html",
    "templates/list.html",
    "templates/indicator_table.html",
    "templates/references.html",
    "templates/report.html",
    "templates/changes.html",
    "templates/search.html",
    "templates/404.html",
    "templates/print.html",
    "static/site.css",
    "static/site.js",
    "static/search.js",
    "static/search-engine.js",
    "static/search-typos.js",
    "static/search.css",
    "static/favicon.svg",
    // Public Sans (SIL OFL 1.1), Latin subset, all weights in one variable woff2, from the npm
    // package @fontsource-variable/public-sans 5.3.0; its licence travels with it.
    "static/public-sans.woff2",
    "static/public-sans-OFL.txt",
    "i18n/en.yaml",
    "i18n/zh-Hant.yaml",
];

pub struct Theme {
    pub files: Vec<(String, Cow<'static, [u8]>)>,
}

impl Theme {
    /// The embedded theme with any files the project overrides.
    pub fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let dir = root.join("themes").join("default");
        let mut diags = Diagnostics::default();
        let mut files = Vec::new();
        let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        // The project's words in languages the theme has none in (`i18n/fr.yaml`) are theme
        // files too.
        let extra: Vec<(String, &[u8])> = std::fs::read_dir(dir.join("i18n"))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml") && !n.starts_with('.'))
            .map(|n| format!("i18n/{n}"))
            .filter(|p| !FILES.iter().any(|(f, _)| f == p))
            .map(|p| (p, &[] as &[u8]))
            .collect();
        let mut extra = extra;
        extra.sort();
        let all = FILES.iter().map(|(p, b)| (p.to_string(), *b)).chain(extra);
        for (path, bytes) in all {
            let over = dir.join(&path);
            // An override is read like content: never through a link that leaves the project.
            if let Some(d) = crate::load::link_out_of(root, &real_root, &over).filter(|_| over.exists()) {
                diags.push(d);
                continue;
            }
            let content = if over.is_file() {
                match std::fs::read(&over) {
                    Ok(b) => Cow::Owned(b),
                    Err(e) => {
                        let rel = over.strip_prefix(root).unwrap_or(&over);
                        diags.push(
                            Diagnostic::error("E001", format!("cannot read theme file `{}`: {e}", rel.display()))
                                .at(Location::file(rel))
                                .help("fix its permissions or delete it to use the built-in version"),
                        );
                        continue;
                    }
                }
            } else {
                Cow::Borrowed(bytes)
            };
            files.push((path, content));
        }
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(Theme { files })
        }
    }

    pub fn templates(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(p, b)| p.strip_prefix("templates/").map(|n| (n, b.as_ref())))
    }

    /// The files of the site's own words, one per language (`i18n/zh-Hant.yaml`).
    pub fn words_files(&self) -> Vec<crate::i18n::WordsFile<'_>> {
        self.files
            .iter()
            .filter(|(p, _)| p.starts_with("i18n/"))
            .map(|(p, b)| (p.as_str(), b.as_ref()))
            .collect()
    }

    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(p, b)| p.strip_prefix("static/").map(|n| (n, b.as_ref())))
    }
}
