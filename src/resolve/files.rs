//! Checks of Markdown links and images that name files: a root-relative path must name a file
//! under `static/`; relative paths and images from elsewhere are refused; images need alt text.

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Location};
use crate::load::statics::FOLDER;
use crate::load::StaticFiles;
use crate::model::Plan;

/// A root-relative link or image (`/images/chart.png`, here `images/chart.png`) must name a file.
pub fn check_file(plan: &Plan, path: &str, statics: &StaticFiles, at: Location, diags: &mut Diagnostics) {
    if statics.contains_key(path) {
        return;
    }
    let first = path.split('/').next().unwrap_or("");
    let is_page = path.is_empty() || path.ends_with('/') || plan.kind_in(first).is_some();
    let help = match suggestion(path, statics) {
        Some(s) if !is_page => format!("did you mean `/{s}`?"),
        _ if is_page => "a path from the site root names a file in static/; link to a page with `kind:id`, e.g. `[Strategy (3)](strategy:3)`".to_string(),
        _ => format!(
            "files in {FOLDER}/ (beside content/) are published at the site root: `{FOLDER}/{path}` is linked as `/{path}`"
        ),
    };
    diags.push(
        Diagnostic::error("E021", format!("`/{path}` is not a file in {FOLDER}/"))
            .at(at)
            .help(help),
    );
}

/// The file `path` most likely meant: a near spelling, or the same name in another folder.
fn suggestion<'a>(path: &str, statics: &'a StaticFiles) -> Option<&'a str> {
    did_you_mean(path, statics.keys().map(String::as_str)).or_else(|| {
        let name = path.rsplit('/').next()?;
        statics
            .keys()
            .find(|k| !name.is_empty() && k.rsplit('/').next() == Some(name))
            .map(String::as_str)
    })
}

/// A relative path resolves against each page's own address, so it is refused with the
/// root-relative form to write instead.
pub fn relative(dest: &str, statics: &StaticFiles, at: Location) -> Diagnostic {
    let mut path = dest.split(['?', '#']).next().unwrap_or("");
    while let Some(rest) = path.strip_prefix("./").or_else(|| path.strip_prefix("../")) {
        path = rest;
    }
    let path = suggestion(path, statics).unwrap_or(path);
    Diagnostic::error("E022", format!("`{dest}` is a relative path"))
        .at(at)
        .help(format!(
            "write the path from the site root, e.g. `/{path}` for `{FOLDER}/{path}` (a relative path means a different file on every page), or a full `https://` address for another site"
        ))
}

/// An image whose source is not a file under `static/`.
pub fn not_a_file(dest: &str, at: Location) -> Diagnostic {
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") || dest.starts_with("//") {
        return Diagnostic::error("E024", format!("image `{dest}` is on another site"))
            .at(at)
            .help(format!(
                "the site's Content Security Policy loads images from the site only: save the image (if its licence allows) in {FOLDER}/ and write its path from the site root, e.g. `/images/name.png`"
            ));
    }
    Diagnostic::error("E022", format!("image source `{dest}` is not a file"))
        .at(at)
        .help(format!(
            "an image shows a file in {FOLDER}/: write its path from the site root, e.g. `![What the chart shows](/images/chart.png)`"
        ))
}

/// WCAG 2.2 (1.1.1): every image needs a text alternative.
pub fn missing_alt(at: Location) -> Diagnostic {
    Diagnostic::warning("W005", "image without alt text")
        .at(at)
        .help("say in the brackets what the image shows for readers who cannot see it, e.g. `![Bar chart: R&D spending rose from 0.74% to 0.99% of GDP](/images/rd.png)`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn statics() -> StaticFiles {
        ["images/chart.png", "files/blueprint.pdf"]
            .into_iter()
            .map(|p| (p.to_string(), Vec::new()))
            .collect()
    }

    fn help_for(path: &str) -> String {
        let mut diags = Diagnostics::default();
        check_file(
            &crate::fixtures::plan(),
            path,
            &statics(),
            Location::file(Path::new("x.md")),
            &mut diags,
        );
        let all = diags.sorted();
        all.first().and_then(|d| d.help.clone()).unwrap_or_default()
    }

    #[test]
    fn missing_files_get_a_suggestion() {
        assert_eq!(help_for("images/chart.png"), "");
        assert_eq!(help_for("images/chrat.png"), "did you mean `/images/chart.png`?");
        assert_eq!(help_for("chart.png"), "did you mean `/images/chart.png`?");
        assert!(help_for("strategies/3/").contains("kind:id"));
        assert!(help_for("").contains("kind:id"));
        assert!(help_for("data/other.csv").contains("`static/data/other.csv` is linked as `/data/other.csv`"));
    }

    #[test]
    fn relative_paths_suggest_the_root_relative_form() {
        let d = relative("../images/chart.png#x", &statics(), Location::file(Path::new("x.md")));
        assert_eq!(d.code, "E022");
        assert!(d.help.unwrap().contains("`/images/chart.png`"));
        let d = not_a_file("HTTPS://x.org/a.png", Location::file(Path::new("x.md")));
        assert_eq!(d.code, "E024");
    }
}
