//! Rendering a few pages alone, for `serve` after an edit that changes nothing else
//! (`crate::incremental`): the same renderers and page jobs as a whole build, filtered.

use super::{languages, page_file};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::resolve::Site;
use crate::theme::Theme;
use crate::Output;
use rayon::prelude::*;

/// The pages `wanted` picks, by language number (as in `sites`) and page path (`strategies/3/`,
/// [`super::PRINT`]), rendered as a whole build renders them and at their output paths
/// (`zh-hant/strategies/3/index.html`).
pub fn only(
    sites: &[Site],
    strings: Vec<Strings>,
    theme: &Theme,
    wanted: impl Fn(usize, &str) -> bool,
) -> Result<Output, Diagnostics> {
    let mut out = Output::new();
    let mut diags = Diagnostics::default();
    for (lang, (folder, renderer, jobs)) in languages(sites, strings, theme)?.into_iter().enumerate() {
        let chosen: Vec<_> = jobs.iter().filter(|(path, _)| wanted(lang, path)).collect();
        let rendered: Vec<(String, Result<String, Diagnostic>)> = chosen
            .into_par_iter()
            .map(|(path, job)| (format!("{folder}{}", page_file(path)), job(&renderer)))
            .collect();
        for (file, result) in rendered {
            match result {
                Ok(html) => {
                    out.insert(file, html.into_bytes());
                }
                Err(d) => diags.push(d),
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}
