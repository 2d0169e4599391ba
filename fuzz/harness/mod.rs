//! What the fuzz targets run, shared with `tests/fuzz_regressions.rs` (which includes this file
//! with `#[path]`) so every committed crash input replays through exactly the fuzzed code path.
//!
//! - `markdown`: arbitrary bytes as one content file of a kind chosen by the first byte, through
//!   front matter splitting, YAML model parsing and Markdown rendering with real `RenderOptions`.
//! - `site`: a small content tree generated from the bytes (see `tree.rs`), or written out
//!   literally (`>>> path` lines between files, as the seeds are), through the whole pipeline
//!   after reading: parse → resolve → render with the embedded theme.
//!
//! Beyond "no panic" both check invariants that must hold for any input: a failed build says why
//! with at least one error; diagnostics render and point inside their file; unless raw HTML is
//! trusted, no content can add a script, an event handler or a script URL to a page; output paths
//! are canonical and stay inside the output folder.

pub mod tree;

use blueprint::diagnostics::{Diagnostic, Diagnostics};
use blueprint::load::{self, SourceFile, StaticFiles};
use blueprint::markdown::{self, Autolinker, RenderOptions};
use blueprint::model::{ItemRef, Kind, RawHtml};
use blueprint::urls::Urls;
use blueprint::{build_files, BuildOptions};
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

const CONFIG: &str = "title: Fuzz\ndescription: A generated site.\nbase_url: https://example.org/sub/\n";

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
        files.push(source(FILES[0], CONFIG));
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
    macro_rules! bodies {
        ($($list:ident: $kind:expr),*) => {
            [$(corpus.$list.iter().map(|d| ($kind, d.meta.id.as_str(), d.body.as_str())).collect::<Vec<_>>()),*].concat()
        };
    }
    let bodies = bodies!(chapters: Kind::Chapter, directions: Kind::Direction, strategies: Kind::Strategy,
        targets: Kind::Target, recommendations: Kind::Recommendation);
    // A file whose front matter failed is still rendered whole, so the fuzzer need not get the
    // YAML right to reach the Markdown.
    let mut bodies = if bodies.is_empty() && path.ends_with(".md") {
        vec![(Kind::Chapter, "x", text.as_str())]
    } else {
        bodies
    };
    bodies.push((Kind::Chapter, "image", "![An image](/images/fuzz.png)"));
    for (kind, id, body) in bodies {
        let this = ItemRef::new(kind, id);
        let opts = RenderOptions {
            urls: &urls,
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
            assert_inert(&r.html, &[], !unsafe_link);
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
    for d in &corpus.initiatives {
        let i = &d.value;
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
    // Trusted raw HTML may hold scripts by design; other sites are held to "inert".
    let configs = texts
        .iter()
        .filter(|f| f.path.ends_with("config.yaml"))
        .map(source_of)
        .collect();
    let config = load::parse(load::Tree {
        files: configs,
        statics: StaticFiles::new(),
    })
    .0
    .config;
    let opts = BuildOptions {
        // No themes/ folder there: the embedded theme, as on a fresh project.
        root: PathBuf::from("/nonexistent/blueprint-fuzz"),
        base_url: None,
        as_of: (2024, 1),
        search: false,
    };
    match build_files(tree, &opts) {
        Ok(built) => {
            assert!(!built.warnings.has_errors(), "a build that succeeded carries errors");
            check_diagnostics(built.warnings, &texts);
            assert!(built.output.contains_key("index.html"), "a built site has a home page");
            let theme_scripts = theme_scripts(&config);
            assert_no_file_under_file(&built.output);
            for (path, bytes) in &built.output {
                assert_safe_path(path);
                if path.ends_with(".html") && config.raw_html != RawHtml::Trust {
                    let html = std::str::from_utf8(bytes).expect("pages are UTF-8");
                    assert_inert(html, &theme_scripts, true);
                }
            }
            true
        }
        Err(diags) => {
            assert!(
                diags.has_errors(),
                "a failed build must report an error:\n{}",
                diags.render()
            );
            check_diagnostics(diags, &texts);
            false
        }
    }
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

/// Content must never add behaviour to a page, whatever it contains (raw HTML is escaped unless
/// the site trusts it): no script but the theme's, no event-handler attribute, no script URL.
/// `urls`: also check URLs (a Markdown fragment keeps an unsafe image URL for `resolve` to
/// reject, so a fragment with an unsafe link is let through).
fn assert_inert(html: &str, theme_scripts: &[String], urls: bool) {
    for tag in tags(html) {
        let lower = tag.to_ascii_lowercase();
        let name_end = lower
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(lower.len());
        let (name, attrs) = lower.split_at(name_end);
        assert!(
            name != "script" || theme_scripts.iter().any(|s| s == tag),
            "content put a script on a page: <{tag}>"
        );
        for (attr, value) in attributes(attrs) {
            assert!(
                !attr.starts_with("on"),
                "content put an event handler on a page: <{tag}>"
            );
            // Attributes browsers follow or load as URLs (an `id` may read `vbscript:` harmlessly).
            let is_url = [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "poster",
                "data",
                "cite",
            ]
            .contains(&attr);
            let scripted = ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| as_browsers_read(value).starts_with(s));
            assert!(
                !(urls && is_url && scripted),
                "content put a script URL on a page: <{tag}>"
            );
        }
    }
}

/// An attribute value as a browser takes it for a URL (written here independently of the
/// library's own check): character references for tabs and newlines decoded, then (WHATWG URL
/// standard) leading controls and spaces trimmed, tabs and newlines dropped, lowercase.
fn as_browsers_read(value: &str) -> String {
    let mut v = value.to_string();
    for (entity, c) in [
        ("&#9;", "\t"),
        ("&#x9;", "\t"),
        ("&#10;", "\n"),
        ("&#xa;", "\n"),
        ("&#13;", "\r"),
        ("&#xd;", "\r"),
        ("&tab;", "\t"),
        ("&newline;", "\n"),
    ] {
        v = v.replace(entity, c);
    }
    let v = v.trim_start_matches(|c: char| c <= ' ');
    v.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The real tags of an HTML page, without `<` and `>`: escaped text (`&lt;`) never starts one.
/// Comments, closing tags and the doctype are skipped.
fn tags(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |j| &comment[j + 3..]);
            continue;
        }
        let mut quote = None;
        let end = rest
            .char_indices()
            .find(|&(_, c)| match quote {
                Some(q) if c == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    false
                }
                None => c == '>',
            })
            .map_or(rest.len(), |(j, _)| j);
        if !rest.starts_with(['/', '!']) {
            found.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    found
}

/// `name="value"` pairs of a tag's attribute text (values quoted or bare).
fn attributes(mut s: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if s.is_empty() {
            return found;
        }
        let name_end = s
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = &s[..name_end];
        s = s[name_end..].trim_start();
        let Some(after) = s.strip_prefix('=') else {
            found.push((name, ""));
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let close = body.find(q).unwrap_or(body.len());
                (&body[..close], body.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(|c: char| c.is_ascii_whitespace()).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        found.push((name, value));
        s = next;
    }
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
