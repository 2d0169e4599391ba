//! Rendering: the resolved site to an in-memory map of output path → bytes, through the theme's
//! Tera templates, plus the static files as they are. Pages render in parallel; the map is
//! ordered, so output never depends on scheduling. Nothing here touches the disk.

mod changes;
pub(crate) mod context;
pub(crate) mod data;
mod files;
mod item;
pub(crate) mod lists;
mod partial;
mod report;
mod statics;
mod template_errors;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::model::Kind;
use crate::resolve::Site;
use crate::theme::Theme;
use context::{BranchCtx, LanguageCtx, NavCtx, Page, PageMeta, SiteCtx};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub use crate::Output;
pub use item::chart_sources;
pub(crate) use item::{
    cards, history, indicator_groups, milestone_rows, rollup, IndicatorGroup, MilestoneRow, StandingCtx, UpdateCtx,
};
pub(crate) use lists::{alphabetical, development_ids, entry, Section};
pub use partial::only;
use template_errors::{at_template, parse_error, template_error};

/// A batch's pages as rendered: each page's file and its HTML or what went wrong.
type Rendered = Vec<(String, Result<String, Diagnostic>)>;

/// A page waiting to be rendered: its path and a closure producing its HTML.
type Job<'a> = (
    String,
    Box<dyn Fn(&Renderer) -> Result<String, Diagnostic> + Send + Sync + 'a>,
);

pub struct Renderer<'a> {
    pub site: &'a Site,
    /// The site's words in the page's language.
    pub strings: Arc<Strings>,
    /// The engine's words (summaries, charts) in the page's language.
    pub words: crate::i18n::words::Words,
    /// The main language's URLs: what is published once (the feed, data) is there.
    pub main_urls: crate::urls::Urls,
    tera: tera::Tera,
    /// The templates' sources (name, text), to point at the line a rendering error is on.
    sources: Vec<(String, String)>,
}

impl<'a> Renderer<'a> {
    pub fn render_page<T: Serialize>(&self, template: &str, mut page: PageMeta, data: T) -> Result<String, Diagnostic> {
        if !page.noindex {
            page.jsonld = crate::publish::jsonld::script(&self.crumbs(&page), page.described.as_ref());
        }
        let page = Page { page, data };
        let context = tera::Context::from_serialize(&page).map_err(|e| template_error(template, &e))?;
        let mut html = self
            .tera
            .render(template, &context)
            .map_err(|e| at_template(template_error(template, &e), &e, &self.sources))?;
        // Tera's buffer grows in steps: keep only the page until it is written (at 10 000 pages
        // the slack was 200 MB).
        html.shrink_to_fit();
        Ok(html)
    }

    /// The site's word for `key` in the page's language: Rust-made titles (list pages, search,
    /// 404) go through it as templates go through `t(k=…)`.
    pub fn t(&self, key: &str) -> String {
        self.strings.get(key).unwrap_or(key).to_string()
    }

    /// [`t`](Self::t) with each `{name}` in the word replaced by its value.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// Metadata for a page at `path` (relative, e.g. `strategies/3/`).
    pub fn meta(&self, path: &str, title: String, description: String, section: &'static str) -> PageMeta<'a> {
        PageMeta {
            title,
            description,
            canonical: self.site.urls().absolute(path),
            path: path.to_string(),
            section,
            breadcrumbs: Vec::new(),
            lang: None,
            prev: None,
            next: None,
            toc: &[],
            noindex: false,
            main_only: false,
            jsonld: String::new(),
            described: None,
            og_image: None,
        }
    }
}

impl Renderer<'_> {
    /// The page's breadcrumb trail for JSON-LD: absolute URLs, named as the visible trail names
    /// them, ending with the page itself.
    fn crumbs(&self, page: &PageMeta) -> Vec<(String, String)> {
        let urls = self.site.urls();
        let absolute = |url: &str| urls.absolute(url.strip_prefix(urls.prefix.as_str()).unwrap_or(url));
        let mut crumbs: Vec<(String, String)> = page
            .breadcrumbs
            .iter()
            .map(|c| {
                let name = if c.label.is_empty() { &c.title } else { &c.label };
                (absolute(&c.url), name.clone())
            })
            .collect();
        if crumbs.is_empty() && !page.path.is_empty() {
            crumbs.push((urls.absolute(""), "Home".into()));
        }
        let title = if page.title.is_empty() {
            &self.site.config().title
        } else {
            &page.title
        };
        crumbs.push((page.canonical.clone(), title.clone()));
        crumbs
    }
}

/// Tera's escaping hook: the same five characters as everywhere else (Tera's default also
/// escapes `/`, which makes every URL unreadable).
fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(crate::markdown::escape(s).as_bytes())
}

/// `{{ x | number }}`: a number as the site writes every number it formats itself, `45,310` and
/// `2,306` (commas between thousands, as in charts and prose; never `2306.0`, as Tera prints
/// floats), keeping every decimal the value has; anything else as it is.
fn number(val: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    match format_number(&val) {
        Some(s) => tera::Value::from(s),
        None => val,
    }
}

fn format_number(val: &tera::Value) -> Option<String> {
    val.as_f64().map(|f| crate::progress::number(f, 6))
}

#[cfg(test)]
#[test]
fn the_number_filter_groups_thousands_as_charts_and_prose_do() {
    let n = |v: tera::Value| format_number(&v);
    assert_eq!(n(tera::Value::from(45310)).as_deref(), Some("45,310"));
    assert_eq!(n(tera::Value::from(2306.0)).as_deref(), Some("2,306"));
    assert_eq!(n(tera::Value::from(0.74)).as_deref(), Some("0.74"));
    assert_eq!(n(tera::Value::from(1.125)).as_deref(), Some("1.125"));
    assert_eq!(n(tera::Value::from("x")), None);
}

/// `{{ text | lang }}`: `zh` for text that is mostly Chinese (a quote from a Chinese-language
/// source on an English page), else empty, so the template can mark the passage's language for
/// screen readers and fonts. `zh`, not `zh-Hant`: sources are in either script.
fn lang(val: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    let text = val.as_str().unwrap_or("");
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let han = text
        .chars()
        .filter(|c| matches!(*c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF))
        .count();
    tera::Value::from(if letters > 0 && han * 2 > letters { "zh" } else { "" })
}

fn load_tera(theme: &Theme, site: &Site, langs: &Langs) -> Result<(tera::Tera, Vec<(String, String)>), Diagnostics> {
    let mut tera = tera::Tera::default();
    tera.set_escape_fn(escape_to);
    tera.register_filter("number", number);
    tera.register_filter("lang", lang);
    tera.register_function("t", crate::i18n::Lookup(Arc::clone(&langs.strings)));
    let foreign = !langs.strings.lang.starts_with(crate::i18n::REFERENCE);
    tera.register_function("data_lang", crate::i18n::DataLang(foreign));
    tera.register_filter("en", crate::i18n::InEnglish(foreign));
    tera.register_filter("day", crate::i18n::Day::of(&langs.strings));
    let mut diags = Diagnostics::default();
    let mut templates = Vec::new();
    for (name, bytes) in theme.templates() {
        match std::str::from_utf8(bytes) {
            // Each language has its own Tera: its words without arguments are written into the
            // templates once, not looked up on every page (at 10 000 pages the lookups cost
            // about a tenth of rendering).
            Ok(s) => templates.push((
                name.to_string(),
                crate::i18n::in_reference(crate::i18n::inline_words(s, &langs.strings), foreign),
            )),
            Err(_) => diags.push(Diagnostic::error(
                "E001",
                format!("theme template `{name}` is not UTF-8"),
            )),
        }
    }
    // Templates are parsed one by one first so an error names its file, line and column; only
    // syntax errors count here (a parent or component lives in another file).
    for (name, source) in &templates {
        if let Err(e) = tera::Tera::default().add_raw_template(name, source) {
            if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                diags.push(parse_error(name, &e, &templates));
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str()))) {
        diags.push(at_template(template_error("(loading)", &e), &e, &templates));
        return Err(diags);
    }
    // What every page shares is set once, not serialised again for each page.
    tera.global_context().insert("site", &site_ctx(site, langs));
    // The words as a map, `{{ w["skip"] }}`: a lookup costs a fraction of a `t()` call, which
    // is kept for words with arguments and for components (which see only their arguments).
    tera.global_context().insert("w", &langs.strings.all());
    Ok((tera, templates))
}

/// A kind's plural title in the page's language: `kind.<name>.plural` from the theme's words
/// when they have it (a plan's levels are its own; the theme may know the Blueprint's), else the
/// config's.
pub fn kind_plural(strings: &Strings, kind: Kind) -> String {
    strings
        .get_or(&format!("kind.{}.plural", kind.name()), kind.plural_title())
        .to_string()
}

/// A kind's title in the page's language, as [`kind_plural`].
pub fn kind_title(strings: &Strings, kind: Kind) -> String {
    strings
        .get_or(&format!("kind.{}", kind.name()), kind.title())
        .to_string()
}

/// search.js's words (`search.js.<name>` → `<name>`) and the dev server's overlay's (`serve.*`,
/// keys kept) as JSON for a `<script type="application/json">` on the page (so `<` is escaped:
/// the script cannot be closed from inside). Empty for the reference language: both scripts
/// have its words.
fn search_words(strings: &Strings) -> String {
    if strings.lang.starts_with(crate::i18n::REFERENCE) {
        return String::new();
    }
    let words: BTreeMap<&str, &str> = strings
        .all()
        .into_iter()
        .filter_map(|(k, v)| {
            Some((
                k.strip_prefix("search.js.").or(k.starts_with("serve.").then_some(k))?,
                v,
            ))
        })
        .collect();
    serde_json::to_string(&words)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// What a language's pages need to know of the site's languages.
struct Langs<'a> {
    strings: Arc<Strings>,
    /// The main language's site: data downloads, the feed and assets are published once, there.
    main: &'a Site,
    /// Every language's tag, autonym and site, the main one first.
    all: Vec<(&'a str, String, &'a Site)>,
}

fn site_ctx<'a>(site: &'a Site, langs: &'a Langs<'_>) -> SiteCtx<'a> {
    let c = &site.config();
    let u = &site.urls();
    let m = langs.main.urls();
    // The levels the config puts in the navigation, then what every plan has.
    let levels = site
        .plan()
        .levels()
        .iter()
        .filter(|l| l.decl.nav)
        .map(|l| (kind_plural(&langs.strings, l.kind), l.kind));
    let w = |key: &str| langs.strings.get_or(key, key).to_string();
    let built_in = [
        (w("nav.initiatives"), Kind::INITIATIVE),
        (w("nav.progress"), Kind::INDICATOR),
        (w("nav.timeline"), Kind::MILESTONE),
    ];
    let nav = levels
        .chain(built_in)
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
        files_root: &m.prefix,
        print: prints(langs.main),
        search_words: search_words(&langs.strings),
        text_lang: Some(langs.main.config().language.as_str()).filter(|l| *l != c.language),
        nav,
        search_url: u.page("search/"),
        az_url: u.page("a-z/"),
        assets: m.page("assets/"),
        languages: if langs.all.len() < 2 {
            Vec::new()
        } else {
            langs
                .all
                .iter()
                .map(|(tag, name, s)| LanguageCtx {
                    tag,
                    name: name.clone(),
                    root: s.urls().prefix.clone(),
                    base: s.urls().base_url.clone(),
                    current: *tag == c.language,
                })
                .collect()
        },
        plan_name: langs
            .strings
            .get_or(&format!("plan_name.{}", c.plan_name), &c.plan_name),
        published: c.published.as_deref(),
        table_chapter: site.table_chapter().map(|h| h.label.as_str()).filter(|l| !l.is_empty()),
        branch: site.plan().branch_level().map(|l| BranchCtx {
            name: l.kind.name(),
            title: l.kind.title(),
            plural: l.kind.plural_title(),
        }),
        searchable: searchable(site, &langs.strings),
    }
}

/// The kinds search finds, named in the page's language: "strategies, targets, … and indicators".
fn searchable(site: &Site, strings: &Strings) -> String {
    let kinds: Vec<String> = site
        .plan()
        .levels()
        .iter()
        .map(|l| l.kind)
        .chain([Kind::INITIATIVE, Kind::INDICATOR])
        .map(|k| kind_plural(strings, k).to_lowercase())
        .collect();
    match strings.get("list_separator") {
        Some(sep) => kinds.join(sep),
        None => crate::progress::join_and(&kinds),
    }
}

/// The whole plan on one page, to print (`publish::print`); robots skip it, as it repeats the
/// items' pages.
fn print_page(rd: &Renderer) -> Result<String, Diagnostic> {
    let c = rd.site.config();
    let title = format!("The whole {} on one page", c.plan_name);
    let mut meta = rd.meta("print/", title, c.description.clone(), "print");
    meta.noindex = true;
    meta.main_only = true;
    let data = crate::timings::timed("print.data", || crate::publish::print::data(rd.site, &rd.words));
    crate::timings::timed("print.page", || rd.render_page("print.html", meta, data))
}

/// Renders every page, asset and data file into memory; the search index is built from them
/// afterwards (`search::index_files`), by whichever command needs it.
pub fn render(site: &Site, theme: &Theme) -> Result<Output, Diagnostics> {
    let strings = crate::i18n::load_strings(
        &theme.words_files(),
        &[site.config().language.as_str()],
        false,
        &mut Diagnostics::default(),
    );
    let mut out = Output::new();
    prepare(std::slice::from_ref(site), strings, theme)?.run(usize::MAX, |_, batch| {
        out.extend(batch);
        Ok(())
    })?;
    Ok(out)
}

/// The site ready to render: for each language the templates loaded and every page a job still
/// to run, and every other file (theme assets, data downloads, feed, redirects, static files)
/// made already.
/// A language's output folder (empty for the main language), renderer and page jobs.
type Language<'a> = (String, Renderer<'a>, Vec<Job<'a>>);

pub struct Rendering<'a> {
    languages: Vec<Language<'a>>,
    main: &'a Site,
    /// The theme's own files (CSS, scripts, fonts), copied to `assets/`.
    assets: Output,
    /// Every page, in every language, at its output path.
    pages: BTreeSet<String>,
}

/// Each language's folder, renderer and page jobs (`sites`, the main language first, with
/// `strings`, their words).
fn languages<'a>(sites: &'a [Site], strings: Vec<Strings>, theme: &Theme) -> Result<Vec<Language<'a>>, Diagnostics> {
    let main = &sites[0];
    let all: Vec<(&str, String, &Site)> = sites
        .iter()
        .zip(&strings)
        .map(|(s, w)| {
            (
                s.config().language.as_str(),
                w.get("language_name").unwrap_or("").to_string(),
                s,
            )
        })
        .collect();
    let mut languages = Vec::new();
    for (site, strings) in sites.iter().zip(strings) {
        let strings = Arc::new(strings);
        let langs = Langs {
            strings: Arc::clone(&strings),
            main,
            all: all.clone(),
        };
        let (tera, sources) = load_tera(theme, site, &langs)?;
        let renderer = Renderer {
            site,
            words: crate::i18n::words::Words::of(&strings),
            strings,
            main_urls: main.urls().clone(),
            tera,
            sources,
        };
        let folder = crate::i18n::folder(&main.config().language, &site.config().language);
        // The whole plan on one page (the main language's) is the largest of all: first, so it
        // is not left for the end.
        let mut jobs: Vec<Job> = Vec::new();
        if folder.is_empty() && prints(main) {
            jobs.push((PRINT.into(), Box::new(print_page)));
        }
        // List pages first: the largest ones (home, A–Z) then start at once instead of being
        // left for one thread at the end while the other idles.
        lists::jobs(site, &mut jobs);
        item::jobs(site, &mut jobs);
        report::jobs(&mut jobs);
        changes::jobs(&mut jobs);
        languages.push((folder, renderer, jobs));
    }
    Ok(languages)
}

/// Whether the site has `print/` (see [`crate::publish::Publishing::prints`]).
fn prints(main: &Site) -> bool {
    main.config().publishing.prints(main.heads().count())
}

/// The whole plan on one page, for print.
pub const PRINT: &str = "print/";

/// Lists the pages of each language (`sites`, the main language first, with `strings`, their
/// words) and makes every other file, once, for the main language. A static file at a path the
/// site writes itself is refused here, before any page is rendered.
pub fn prepare<'a>(sites: &'a [Site], strings: Vec<Strings>, theme: &Theme) -> Result<Rendering<'a>, Diagnostics> {
    let languages = languages(sites, strings, theme)?;
    let pages: BTreeSet<String> = languages
        .iter()
        .flat_map(|(folder, _, jobs)| jobs.iter().map(move |(path, _)| format!("{folder}{}", page_file(path))))
        .collect();
    let assets = theme
        .statics()
        .map(|(name, bytes)| (format!("assets/{name}"), bytes.to_vec()))
        .collect();
    Ok(Rendering {
        languages,
        main: &sites[0],
        assets,
        pages,
    })
}

impl Rendering<'_> {
    /// Each language's folder in the output (`zh-hant/`; empty for the main language), in the
    /// order `run` numbers them.
    pub fn folders(&self) -> Vec<String> {
        self.languages.iter().map(|(f, _, _)| f.clone()).collect()
    }

    /// Hands the other files to `sink` (as language 0), then renders the pages `batch` at a time
    /// (in parallel within a batch) and hands each batch to `sink` with its language's number (as
    /// in [`folders`](Self::folders); the paths are within the language's folder), so a caller that writes each
    /// batch out never holds the whole site. A batch goes to `sink` while the next one renders,
    /// so neither waits for the other (one batch after another cost a tenth more CPU at 10 000
    /// pages). Every page is rendered even after one fails, to report every error; after the
    /// first, nothing more reaches `sink`.
    pub fn run(
        self,
        batch: usize,
        mut sink: impl FnMut(usize, Output) -> Result<(), Diagnostics> + Send,
    ) -> Result<(), Diagnostics> {
        let Rendering {
            languages,
            main,
            assets,
            pages,
        } = self;
        files::other_files(
            main,
            assets,
            &files::sitemap_pages(&pages, &languages),
            pages,
            &mut sink,
        )?;
        let mut diags = Diagnostics::default();
        let render = |(lang, chunk): (usize, &[Job])| -> (usize, Rendered) {
            let renderer = &languages[lang].1;
            let pages = chunk
                .par_iter()
                .map(|(path, job)| (page_file(path), job(renderer)))
                .collect();
            (lang, pages)
        };
        crate::timings::timed("pages", || -> Result<(), Diagnostics> {
            let mut ready: Option<(usize, Output)> = None;
            let mut chunks = languages
                .iter()
                .enumerate()
                .flat_map(|(lang, (_, _, jobs))| jobs.chunks(batch.max(1)).map(move |c| (lang, c)));
            loop {
                let chunk = chunks.next();
                let (sunk, results) = rayon::join(
                    || ready.take().map_or(Ok(()), |(lang, out)| sink(lang, out)),
                    || chunk.map(render),
                );
                sunk?;
                let Some((lang, results)) = results else {
                    return Ok(());
                };
                let mut out = Output::new();
                for (file, result) in results {
                    match result {
                        Ok(html) => {
                            out.insert(file, html.into_bytes());
                        }
                        Err(d) => diags.push(d),
                    }
                }
                if !diags.has_errors() {
                    ready = Some((lang, out));
                }
            }
        })?;
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(())
    }
}

/// The file a page's path is written to: `strategies/3/` → `strategies/3/index.html`.
fn page_file(path: &str) -> String {
    if path.ends_with('/') || path.is_empty() {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}
