//! blueprint: publishes a government policy blueprint as a cross-linked, searchable static site
//! with progress charts. The pipeline, one stage per module, each taking the previous stage's
//! value:
//!
//! read (`load::read_tree`) → parse (`load::parse`) → resolve (`resolve::resolve`) →
//! render (`render::prepare`, then the pages in batches) → search (`search::Collector`, from the
//! rendered pages) → write (`write::Staging`, the only stage touching disk). `build` streams the
//! pages from render to write; `check`, `serve` and the tests keep the site in memory
//! (`build_in_memory`).

pub mod charts;
pub mod commitments;
pub mod diagnostics;
#[cfg(test)]
mod fixtures;
pub mod html;
pub mod i18n;
pub mod incremental;
pub mod init;
pub mod kinds;
pub mod load;
pub mod markdown;
pub mod model;
pub mod progress;
pub mod publish;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod theme;
pub mod urls;
pub mod write;

/// `eprint!` that cannot panic. Every message goes to stderr; when it is closed early
/// (`blueprint build 2>&1 | head -1`), `eprint!` would panic (exit 101) where the run should
/// go on quietly and end with the exit code its outcome deserves.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprintln!` that cannot panic: see [`say!`].
#[macro_export]
macro_rules! sayln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

// After the macros it uses.
pub mod timings;

use diagnostics::Diagnostics;
use std::path::{Path, PathBuf};
use timings::timed;

/// The built site: output path (relative, `/`-separated) → file contents. Render makes it, search
/// adds its index to it, write puts it on disk; it belongs to none of them.
pub type Output = std::collections::BTreeMap<String, Vec<u8>>;

#[derive(Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub base_url: Option<String>,
    /// The month the build treats as "now" for past milestones and targets.
    pub as_of: (i32, u32),
    /// Build the search index (the slowest stage; `serve` builds it after the pages).
    pub search: bool,
}

/// A successful build: the site in memory, and any warnings.
pub struct Built {
    pub output: Output,
    pub warnings: Diagnostics,
}

/// Runs every stage but writing: what `check` and `serve` share.
pub fn build_in_memory(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    let tree = timed("read", || load::read_tree(&opts.root))?;
    build_files(tree, opts)
}

/// Every stage after reading, on files already in memory: the fuzz targets (fuzz/) build
/// generated trees through it without touching the disk. The theme still comes from `opts.root`.
pub fn build_files(tree: load::Tree, opts: &BuildOptions) -> Result<Built, Diagnostics> {
    let (resolved, warnings) = Resolved::new(tree, opts)?;
    let output = resolved.render(opts.search)?;
    Ok(Built { output, warnings })
}

/// The site resolved in each of its languages (the main one first), with the theme and its
/// words: all that rendering reads. `incremental` keeps one between saves.
struct Resolved {
    sites: Vec<resolve::Site>,
    strings: Vec<i18n::Strings>,
    theme: theme::Theme,
}

impl Resolved {
    /// Parses and resolves `tree`, and loads the theme; with the warnings so far.
    fn new(tree: load::Tree, opts: &BuildOptions) -> Result<(Resolved, Diagnostics), Diagnostics> {
        let (sites, mut warnings) = resolved(tree, opts)?;
        let theme = theme::Theme::load(&opts.root)?;
        let strings = words(&sites, &theme, &mut warnings)?;
        Ok((Resolved { sites, strings, theme }, warnings))
    }

    /// Every file of the site, in memory, with each language's search index if `search`.
    fn render(&self, search: bool) -> Result<Output, Diagnostics> {
        let mut output = Output::new();
        let mut collectors: Vec<search::Collector> = self.sites.iter().map(|_| search::Collector::default()).collect();
        let rendering = timed("prepare", || {
            render::prepare(&self.sites, self.strings.clone(), &self.theme)
        })?;
        let folders = rendering.folders();
        timed("render", || {
            rendering.run(usize::MAX, |lang, batch| {
                if search {
                    collectors[lang].add(&batch);
                }
                output.extend(in_folder(&folders[lang], batch));
                Ok(())
            })
        })?;
        if search {
            for (collector, folder) in collectors.into_iter().zip(&folders) {
                let index = timed("search", || collector.files()).map_err(Diagnostics::from)?;
                output.extend(in_folder(folder, index));
            }
        }
        Ok(output)
    }

    /// Each language's output folder (`zh-hant/`; empty for the main language).
    fn folders(&self) -> Vec<String> {
        let main = &self.sites[0].config().language;
        self.sites
            .iter()
            .map(|s| i18n::folder(main, &s.config().language))
            .collect()
    }
}

/// A language's files at their place in the output: under its folder (`zh-hant/`), if any.
fn in_folder(folder: &str, files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Output {
    files
        .into_iter()
        .map(|(path, bytes)| {
            (
                if folder.is_empty() {
                    path
                } else {
                    format!("{folder}{path}")
                },
                bytes,
            )
        })
        .collect()
}

/// The theme's words in each of the sites' languages; a missing word is a warning (W031), a
/// language without any an error (E047), checked only when there is more than one language.
fn words(
    sites: &[resolve::Site],
    theme: &theme::Theme,
    warnings: &mut Diagnostics,
) -> Result<Vec<i18n::Strings>, Diagnostics> {
    let langs: Vec<&str> = sites.iter().map(|s| s.config().language.as_str()).collect();
    let mut diags = Diagnostics::default();
    let strings = i18n::load_strings(&theme.words_files(), &langs, langs.len() > 1, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    warnings.extend(diags);
    Ok(strings)
}

/// Parse and resolve: the site in each of its languages, the main one first, and the warnings
/// so far. The other languages' sites are resolved from the same items with their translations
/// in place; their warnings repeat the main language's and are left out, their errors are not.
fn resolved(tree: load::Tree, opts: &BuildOptions) -> Result<(Vec<resolve::Site>, Diagnostics), Diagnostics> {
    let (corpus, mut diags) = timed("parse", || load::parse(tree));
    if corpus.plan_unknown {
        // Without config.yaml the plan's levels are unknown: judging links and lists against no
        // levels would only bury the one error that matters.
        return Err(diags);
    }
    let langs: Vec<String> = corpus.config.languages().into_iter().map(String::from).collect();
    let others: Vec<load::Corpus> = langs[1..]
        .iter()
        .map(|lang| i18n::translated(&corpus, lang, &mut diags))
        .collect();
    let resolve_opts = resolve::ResolveOptions {
        base_url: opts.base_url.clone(),
        as_of: opts.as_of,
    };
    // Resolution runs even after parse errors so one run reports every problem.
    let site = match timed("resolve", || resolve::resolve(corpus, &resolve_opts)) {
        Ok((site, resolve_diags)) => {
            diags.extend(resolve_diags);
            site
        }
        Err(resolve_diags) => {
            diags.extend(resolve_diags);
            return Err(diags);
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    if let Some(d) = print_skipped(&site, &opts.root) {
        diags.push(d);
    }
    let mut sites = vec![site.into_lean()];
    for (corpus, lang) in others.into_iter().zip(&langs[1..]) {
        let base = format!("{}{}", sites[0].urls().base_url, i18n::folder(&langs[0], lang));
        let opts = resolve::ResolveOptions {
            base_url: Some(base),
            as_of: opts.as_of,
        };
        match resolve::resolve(corpus, &opts) {
            Ok((site, _)) => sites.push(site.into_lean()),
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((sites, diags))
}

/// A plan too large for `print/` gets none unless its config asks (W032), which says why.
fn print_skipped(site: &resolve::Site, root: &Path) -> Option<diagnostics::Diagnostic> {
    let items = site.heads().count();
    let publishing = &site.config().publishing;
    if publishing.print.is_some() || publishing.prints(items) {
        return None;
    }
    let config = root.join("content").join("config.yaml");
    Some(
        diagnostics::Diagnostic::warning(
            "W032",
            format!(
                "print/ (the whole plan on one page) is not built: the plan has {items} items, more than {} a browser can print",
                publish::Publishing::PRINT_LIMIT
            ),
        )
        .at(diagnostics::Location::file(config.strip_prefix(root).unwrap_or(&config)))
        .help("set `publishing: {print: true}` in content/config.yaml to build it anyway, or `print: false` to say it is not wanted"),
    )
}

/// A site written to disk: how many pages and files, and any warnings.
pub struct Written {
    pub pages: usize,
    pub files: usize,
    pub warnings: Diagnostics,
}

/// Pages rendered and written per batch: enough to keep both threads busy, few enough that
/// the site is never held in memory whole (at 100 000 pages that was 1.5 GB).
const BATCH: usize = 2048;

/// Builds and writes the site to `out`. Pages are written as they are rendered, batch by batch,
/// while the search index reads them; the index is added last, before the output folder is
/// swapped in. An output folder that would swallow the project or feed on its own sources is
/// refused before anything is read.
pub fn build(opts: &BuildOptions, out: &Path) -> Result<Written, Diagnostics> {
    write::check_location(&opts.root, out)?;
    let tree = timed("read", || load::read_tree(&opts.root))?;
    let (sites, mut warnings) = resolved(tree, opts)?;
    if !sites[0].urls().base_url.starts_with("http") {
        warnings.push(relative_base_url(&sites[0].urls().base_url, &opts.root));
    }
    let theme = theme::Theme::load(&opts.root)?;
    let strings = words(&sites, &theme, &mut warnings)?;
    let rendering = timed("prepare", || render::prepare(&sites, strings, &theme))?;
    let folders = rendering.folders();
    let mut staging = write::Staging::open(out)?;
    let mut collectors: Vec<search::Collector> = sites.iter().map(|_| search::Collector::default()).collect();
    let mut pages = 0;
    let rendered = rendering.run(BATCH, |lang, batch| {
        pages += batch.keys().filter(|k| k.ends_with(".html")).count();
        let collector = &mut collectors[lang];
        let (written, ()) = rayon::join(
            || staging.put_in(&folders[lang], &batch),
            || {
                if opts.search {
                    collector.add(&batch);
                }
            },
        );
        written
    });
    // Every page is rendered: the resolved site is no longer needed, and the index, built next,
    // can use its memory (at 100 000 pages, most of the peak).
    drop(sites);
    let index = rendered.and_then(|()| {
        let mut index = Output::new();
        if !opts.search {
            return Ok(index);
        }
        for (collector, folder) in collectors.into_iter().zip(&folders) {
            let files = timed("search", || collector.files()).map_err(Diagnostics::from)?;
            index.extend(in_folder(folder, files));
        }
        Ok(index)
    });
    let written = index.and_then(|index| staging.put(&index));
    if let Err(e) = written {
        staging.abandon(&e);
        return Err(e);
    }
    let files = staging.len();
    timed("write", || staging.finish())?;
    Ok(Written { pages, files, warnings })
}

/// A site published without an absolute base URL has relative canonical links, `og:url` and
/// sitemap line in robots.txt, which search engines ignore; `serve` and `check` need none, so
/// only a build says so.
fn relative_base_url(base: &str, root: &Path) -> diagnostics::Diagnostic {
    let config = root.join("content").join("config.yaml");
    diagnostics::Diagnostic::warning(
        "W030",
        format!(
            "the base URL `{base}` is a path, so canonical links, og:url and robots.txt's Sitemap line are relative, which search engines ignore"
        ),
    )
    .at(diagnostics::Location::file(config.strip_prefix(root).unwrap_or(&config)))
    .help("for the published site, set `base_url: https://your.host/path/` in content/config.yaml or build with `--base-url https://your.host/path/`")
}

/// Today's year and month in UTC, or the month of `SOURCE_DATE_EPOCH` when set, so builds can
/// be reproduced on another day. A malformed value is an error, as the reproducible-builds
/// specification asks: ignoring it would build for today while the caller meant another day.
pub fn current_month() -> Result<(i32, u32), String> {
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if !s.is_empty() => match s.parse::<i64>() {
            Ok(n) if n >= 0 && s.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => {
                return Err(format!(
                    "SOURCE_DATE_EPOCH is `{s}`: it must be a whole number of seconds since 1970-01-01 UTC, e.g. 1705276800"
                ))
            }
        },
        _ => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(civil_month(secs.div_euclid(86_400)))
}

/// Year and month of a day count since 1970-01-01 (Howard Hinnant's civil-from-days).
fn civil_month(days: i64) -> (i32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month)
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_month_known_dates() {
        assert_eq!(super::civil_month(0), (1970, 1));
        assert_eq!(super::civil_month(20_393), (2025, 11));
        assert_eq!(super::civil_month(19_754), (2024, 2));
    }
}
