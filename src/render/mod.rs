//! Rendering: the resolved site to an in-memory map of output path → bytes, through the theme's
//! Tera templates, plus the static files as they are. Pages render in parallel; the map is
//! ordered, so output never depends on scheduling. Nothing here touches the disk.

mod context;
mod data;
mod item;
mod lists;
mod statics;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Kind;
use crate::resolve::Site;
use crate::theme::Theme;
use context::{NavCtx, Page, PageMeta, SiteCtx};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The built site: output path (relative, `/`-separated) → file contents.
pub type Output = BTreeMap<String, Vec<u8>>;

/// A page waiting to be rendered: its path and a closure producing its HTML.
type Job<'a> = (
    String,
    Box<dyn Fn(&Renderer) -> Result<String, Diagnostic> + Send + Sync + 'a>,
);

pub struct Renderer<'a> {
    pub site: &'a Site,
    tera: tera::Tera,
    pub ctx: SiteCtx<'a>,
}

impl<'a> Renderer<'a> {
    pub fn render_page<T: Serialize>(&self, template: &str, page: PageMeta, data: T) -> Result<String, Diagnostic> {
        let page = Page {
            site: &self.ctx,
            page,
            data,
        };
        let context = tera::Context::from_serialize(&page).map_err(|e| template_error(template, &e))?;
        self.tera
            .render(template, &context)
            .map_err(|e| template_error(template, &e))
    }

    /// Metadata for a page at `path` (relative, e.g. `strategies/3/`).
    pub fn meta(&self, path: &str, title: String, description: String, section: &'static str) -> PageMeta<'a> {
        PageMeta {
            title,
            description,
            canonical: self.site.urls.absolute(path),
            path: path.to_string(),
            section,
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            toc: &[],
            noindex: false,
        }
    }
}

fn template_error(template: &str, e: &tera::Error) -> Diagnostic {
    let mut chain = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error("E012", format!("template `{template}` failed: {chain}"))
        .help("fix the template in themes/default/templates/, or delete your override to use the built-in one")
}

/// A template that does not parse: point at the line and column Tera's parser reports.
fn parse_error(name: &str, source: &str, e: &tera::Error) -> Diagnostic {
    let mut detail = String::new();
    let mut source_err: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source_err {
        detail = s.to_string();
        source_err = s.source();
    }
    let position = detail.lines().find_map(|l| {
        let (line, col) = l.trim().strip_prefix("--> ")?.split_once(':')?;
        Some((line.parse::<usize>().ok()?, col.parse::<usize>().ok()?))
    });
    let what = detail
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("= "))
        .map_or("syntax error", |l| l.trim_start().trim_start_matches("= "));
    let path = std::path::PathBuf::from(format!("themes/default/templates/{name}"));
    let mut d = Diagnostic::error("E012", format!("template `{name}` does not parse: {what}"))
        .help("fix the template, or delete your override to use the built-in one");
    if let Some((line, col)) = position {
        d = d.at(crate::diagnostics::Location::at_line_col(&path, source, line, col, 1));
    }
    d
}

fn load_tera(theme: &Theme) -> Result<tera::Tera, Diagnostics> {
    let mut tera = tera::Tera::default();
    // Tera's default also escapes `/`, which makes every URL unreadable; `'` and `"` are enough
    // for attribute safety.
    tera.set_escape_fn(crate::markdown::escape);
    let mut diags = Diagnostics::default();
    let mut templates = Vec::new();
    for (name, bytes) in theme.templates() {
        match std::str::from_utf8(bytes) {
            Ok(s) => templates.push((name.to_string(), s.to_string())),
            Err(_) => diags.push(Diagnostic::error(
                "E001",
                format!("theme template `{name}` is not UTF-8"),
            )),
        }
    }
    // Templates are parsed one by one first so an error names its file, line and column.
    for (name, source) in &templates {
        if let Err(e) = tera::Tera::default().add_raw_template(name, source) {
            if !e.to_string().contains("doesn't exist") {
                diags.push(parse_error(name, source, &e));
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if let Err(e) = tera.add_raw_templates(templates) {
        diags.push(template_error("(loading)", &e));
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(tera)
    }
}

fn site_ctx(site: &Site) -> SiteCtx<'_> {
    let c = &site.config;
    let u = &site.urls;
    let nav = [
        ("Strategies", Kind::Strategy),
        ("Recommendations", Kind::Recommendation),
        ("Initiatives", Kind::Initiative),
        ("Progress", Kind::Indicator),
        ("Timeline", Kind::Milestone),
    ]
    .into_iter()
    .map(|(label, kind)| NavCtx {
        url: u.kind_index(kind),
        label,
        section: kind.folder(),
    })
    .collect();
    SiteCtx {
        title: &c.title,
        short_title: c.short_title.as_deref().unwrap_or(&c.title),
        description: &c.description,
        language: &c.language,
        publisher: c.publisher.as_deref(),
        root: &u.prefix,
        nav,
        search_url: u.page("search/"),
        az_url: u.page("a-z/"),
        assets: u.page("assets/"),
    }
}

/// Renders every page, asset and data file.
pub fn render(site: &Site, theme: &Theme, search: bool) -> Result<Output, Diagnostics> {
    let tera = load_tera(theme)?;
    let renderer = Renderer {
        site,
        tera,
        ctx: site_ctx(site),
    };
    let mut jobs: Vec<Job> = Vec::new();
    // List pages first: the largest ones (home, A–Z) then start at once instead of being left
    // for one thread at the end while the other idles.
    lists::jobs(site, &mut jobs);
    item::jobs(site, &mut jobs);
    let results: Vec<(String, Result<String, Diagnostic>)> = crate::timed("pages", || {
        jobs.par_iter()
            .map(|(path, job)| (path.clone(), job(&renderer)))
            .collect()
    });
    let mut out = Output::new();
    let mut diags = Diagnostics::default();
    for (path, result) in results {
        match result {
            Ok(html) => {
                let file = if path.ends_with('/') || path.is_empty() {
                    format!("{path}index.html")
                } else {
                    path
                };
                out.insert(file, html.into_bytes());
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for (name, bytes) in theme.statics() {
        out.insert(format!("assets/{name}"), bytes.to_vec());
    }
    data::files(site, &mut out);
    // After the sitemap, which lists pages, not old addresses.
    data::redirects(site, &mut out);
    // Last, so a static file that would take the place of anything generated is caught.
    statics::add(&site.corpus.statics, &mut out)?;
    if search {
        // The search index is built from the pages just rendered (see src/search.rs).
        crate::timed("search", || crate::search::add_index(&mut out)).map_err(|d| {
            let mut diags = Diagnostics::default();
            diags.push(d);
            diags
        })?;
    }
    Ok(out)
}
