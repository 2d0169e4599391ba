//! What the fuzz targets run, shared with `tests/suite/fuzz.rs` (which includes this file with
//! `#[path]`) so every committed crash input replays through exactly the fuzzed code path.
//!
//! - `markdown`: arbitrary bytes as one content file of a kind chosen by the first byte, through
//!   front matter splitting, YAML model parsing and Markdown rendering with real `RenderOptions`.
//! - `site`: a small content tree generated from the bytes (see `tree.rs`), or written out
//!   literally (`>>> path` lines between files, as the seeds are), through the whole pipeline
//!   after reading: parse → resolve → render with the embedded theme.
//! - `disk` (`disk.rs`): such a tree written to a temporary folder with symbolic links in, out of
//!   and around the project, built from disk.
//!
//! Beyond "no panic" all check invariants that must hold for any input: a failed build says why
//! with at least one error; diagnostics render and point inside their file; unless raw HTML is
//! trusted, no content can add a script, an event handler or a script URL to a page; output paths
//! are canonical and stay inside the output folder; what a body says after its raw HTML reaches
//! the page (`html.rs` reads pages as browsers do).

pub mod disk;
pub mod html;
pub mod tree;

use blueprint::diagnostics::{Diagnostic, Diagnostics};
use blueprint::load::{self, SourceFile, StaticFiles};
use blueprint::markdown::{self, Autolinker, RenderOptions};
use blueprint::model::{ItemRef, Kind, RawHtml};
use blueprint::urls::Urls;
use blueprint::{build_files, BuildOptions, Built};
use std::path::PathBuf;

/// The file the first byte's low four bits select; bit 5 turns auto-linking on, bits 6 and 7 pick
/// what happens to raw HTML (see `markdown`).
const FILES: &[&str] = &[
    "content/config.yaml",
    "content/references.yaml",
    "content/chapters/00-x.md",
    "content/directions/1.md",
    "content/strategies/1.md",
    "content/targets/1.1.md",
    "content/recommendations/1.1.1.md",
    "content/initiatives/x.yaml",
    "content/indicators/1.1.yaml",
    "content/milestones/x.yaml",
    "content/notes.txt",
];

fn config() -> String {
    format!(
        "title: Fuzz\ndescription: A generated site.\nbase_url: https://example.org/sub/\n{}",
        tree::LEVELS
    )
}

/// One content file of any kind, parsed and (if Markdown) rendered.
pub fn markdown(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let path = FILES[usize::from(selector & 0x0f) % FILES.len()];
    let autolink = selector & 0x20 != 0;
    let raw_html = [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Trust, RawHtml::Sanitize][usize::from(selector >> 6)];
    // read_tree refuses non-UTF-8 files before parsing; lossy decoding keeps the rest useful.
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut files = vec![source(path, &text)];
    if path != FILES[0] {
        files.push(source(FILES[0], &config()));
    }
    let texts: Vec<SourceFile> = files.iter().map(source_of).collect();
    // The same bytes are also an image under static/, for the header readers (image sizes).
    let statics = StaticFiles::from([("images/fuzz.png".to_string(), rest.to_vec())]);
    let (corpus, diags) = load::parse(load::Tree {
        files,
        statics: statics.clone(),
    });
    check_diagnostics(diags, &texts);

    let urls = Urls::new(&corpus.config.base_url);
    let linker = linker(&corpus);
    let bodies: Vec<(Kind, &str, &str)> = corpus
        .items
        .iter()
        .filter_map(|i| Some((i.head.r.kind, i.head.r.id.as_str(), i.markdown()?)))
        .collect();
    // A file whose front matter failed is still rendered whole, so the fuzzer need not get the
    // YAML right to reach the Markdown.
    let mut bodies = if bodies.is_empty() && path.ends_with(".md") {
        vec![(Kind::CHAPTER, "x", text.as_str())]
    } else {
        bodies
    };
    bodies.push((Kind::CHAPTER, "image", "![An image](/images/fuzz.png)"));
    for (kind, id, body) in bodies {
        let this = ItemRef::new(kind, id);
        let opts = RenderOptions {
            urls: &urls,
            plan: &corpus.plan,
            autolinker: autolink.then_some(&linker),
            raw_html,
            statics: &statics,
            this: &this,
        };
        let r = markdown::render(body, &opts);
        for (_, range) in &r.links {
            assert!(
                range.start <= range.end && range.end <= body.len(),
                "link range {range:?} outside the body"
            );
        }
        if raw_html != RawHtml::Trust {
            let unsafe_link = r
                .links
                .iter()
                .any(|(t, _)| matches!(t, markdown::LinkTarget::Unsafe(_)));
            html::assert_inert(&r.html, &[], !unsafe_link);
        }
    }
}

/// Two made-up initiatives and any the file defines, so bodies are auto-linked for real.
fn linker(corpus: &load::Corpus) -> Autolinker {
    let mut names = vec![
        (
            "mif".to_string(),
            vec!["Minimal Innovation Fund".to_string(), "MIF".to_string()],
        ),
        ("park".to_string(), vec!["Science Park".to_string()]),
    ];
    for i in corpus.items.iter().filter_map(|i| i.initiative()) {
        let mut list = vec![i.name.clone()];
        list.extend(i.acronym.clone());
        list.extend(i.aliases.iter().cloned());
        names.push((i.id.clone(), list));
    }
    Autolinker::new(&names)
}

/// A tree through parse → resolve → render.
pub fn site(data: &[u8]) {
    if let Some(tree) = tree_of(data) {
        site_files(tree);
    }
}

/// The tree an input stands for: written out literally (`>>> path` lines between files, as the
/// seeds, made from the test fixtures, are) or generated from the bytes.
pub fn tree_of(data: &[u8]) -> Option<load::Tree> {
    use arbitrary::Arbitrary;
    tree::literal(data).or_else(|| {
        let tree = tree::Tree::arbitrary_take_rest(arbitrary::Unstructured::new(data)).ok()?;
        Some(tree.tree())
    })
}

/// The whole pipeline after reading, on the given files, with every invariant checked; whether
/// the site built.
pub fn site_files(tree: load::Tree) -> bool {
    let texts: Vec<SourceFile> = tree.files.iter().map(source_of).collect();
    let opts = BuildOptions {
        // No themes/ folder there: the embedded theme, as on a fresh project.
        root: PathBuf::from("/nonexistent/blueprint-fuzz"),
        base_url: None,
        as_of: (2024, 1),
        search: false,
    };
    let statics = tree.statics.clone();
    check_build(build_files(tree, &opts), &texts, &statics)
}

/// The invariants of a build's outcome, from content files `texts` and static files `statics`;
/// whether it built.
pub fn check_build(result: Result<Built, Diagnostics>, texts: &[SourceFile], statics: &StaticFiles) -> bool {
    let built = match result {
        Ok(built) => built,
        Err(diags) => {
            assert!(
                diags.has_errors(),
                "a failed build must report an error:\n{}",
                diags.render()
            );
            check_diagnostics(diags, texts);
            return false;
        }
    };
    assert!(!built.warnings.has_errors(), "a build that succeeded carries errors");
    check_diagnostics(built.warnings, texts);
    assert!(built.output.contains_key("index.html"), "a built site has a home page");
    // Trusted raw HTML may hold scripts by design; other sites are held to "inert".
    let config = config_of(texts);
    let theme_scripts = theme_scripts(&config);
    assert_no_file_under_file(&built.output);
    let mut shown = String::new();
    for (path, bytes) in &built.output {
        assert_safe_path(path);
        // Static files are published byte for byte, whatever they hold: only pages are checked.
        if !path.ends_with(".html") || statics.contains_key(path) {
            continue;
        }
        let page = std::str::from_utf8(bytes).expect("pages are UTF-8");
        if config.raw_html != RawHtml::Trust {
            html::assert_inert(page, &theme_scripts, true);
        }
        shown.push_str(&html::visible_text(page));
        shown.push('\n');
    }
    assert_end_markers(texts, &shown);
    true
}

/// Nothing written in a body is lost without a word: each generated body ends with a paragraph
/// holding only a marker (`tree::end_marker`), after whatever raw HTML came before it, and that
/// marker must be among the text a browser shows (`shown`: of every page) of a site that built.
/// A raw HTML element never closed swallows it, and must have failed the build (E040).
fn assert_end_markers(texts: &[SourceFile], shown: &str) {
    for f in texts {
        if let Some(marker) = tree::end_marker_of(&f.text) {
            assert!(
                shown.contains(marker),
                "the end of `{}` (`{marker}`) is on no page: raw HTML swallowed it without an error",
                f.path.display()
            );
        }
    }
}

/// The site's configuration as the files set it (the defaults when it does not parse).
fn config_of(texts: &[SourceFile]) -> blueprint::model::Config {
    let configs = texts
        .iter()
        .filter(|f| f.path.ends_with("config.yaml"))
        .map(source_of)
        .collect();
    load::parse(load::Tree {
        files: configs,
        statics: StaticFiles::new(),
    })
    .0
    .config
}

fn source(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        text: text.to_string(),
    }
}

fn source_of(f: &SourceFile) -> SourceFile {
    source(f.path.to_str().unwrap_or_default(), &f.text)
}

/// Every diagnostic renders, and a location points at a line that exists in its file.
fn check_diagnostics(diags: Diagnostics, files: &[SourceFile]) {
    let items: Vec<Diagnostic> = diags.clone().sorted();
    for d in &items {
        let shown = d.to_string();
        assert!(shown.starts_with("error[") || shown.starts_with("warning["), "{shown}");
        let Some(loc) = &d.location else { continue };
        if loc.line == 0 {
            continue;
        }
        let Some(file) = files.iter().find(|f| f.path == loc.file) else {
            continue; // theme files and the like
        };
        let lines = file.text.split('\n').count();
        assert!(loc.line <= lines, "line {} of a {lines}-line file:\n{shown}", loc.line);
        assert!(loc.col >= 1, "column 0:\n{shown}");
    }
    let report = diags.render();
    assert!(items.is_empty() || report.ends_with('\n'));
}

/// The theme's own `<script>` tags (base.html), as real tags (see `tags`) for a site with this
/// configuration's base URL.
fn theme_scripts(config: &blueprint::model::Config) -> Vec<String> {
    let assets = markdown::escape(&Urls::new(&config.base_url).page("assets/"));
    ["site.js", "search.js"]
        .map(|js| format!("script src=\"{assets}{js}\" defer"))
        .to_vec()
}

/// Output paths are relative, canonical (no empty, `.` or `..` segment: two spellings of one
/// file would slip past every check that compares paths) and stay inside the output folder.
fn assert_safe_path(path: &str) {
    assert!(
        !path.starts_with('/') && !path.contains(['\\', '\0']),
        "output path `{path}`"
    );
    assert!(
        path.split('/').all(|c| !c.is_empty() && c != "." && c != ".."),
        "output path `{path}` is not canonical"
    );
}

/// No output file also has to be a folder (`index.html` and `index.html/index.html`): writing
/// one of them would fail, or one would be lost.
fn assert_no_file_under_file(output: &blueprint::render::Output) {
    for path in output.keys() {
        let folder = format!("{path}/");
        let under = output
            .range(folder.clone()..)
            .next()
            .filter(|(p, _)| p.starts_with(&folder));
        assert!(
            under.is_none(),
            "output file `{path}` is also a folder of `{}`",
            under.unwrap().0
        );
    }
}
