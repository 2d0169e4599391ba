//! The internal link and anchor gate: builds the bundled Blueprint in memory under a sub-path
//! base URL (through the library API, as `blueprint build` does) and checks that every `href`,
//! `src`, `srcset`, `action` and CSS `url()` pointing inside the site resolves to a file of the
//! output (pages, and files copied from `static/`: the minimal fixture's image and PDF too), that
//! every `#fragment` names an `id` on the page it points to, that every page's ids are unique,
//! and that `sitemap.xml`, `robots.txt` and the JSON data only name pages that exist.
//!
//! A sub-path base URL (`/hk-blueprint/`) catches links that only work at a domain's root: any
//! root-relative link outside the prefix is reported. Relative links on `404.html` are reported
//! too: hosts serve that page at whatever path was missing, so they would resolve elsewhere.
//!
//! `BLUEPRINT_LINKS_DIR=path/to/output` (with `BLUEPRINT_LINKS_BASE_URL=` the base URL it was
//! built with) checks a folder already written instead; `scripts/test.sh` uses this on the site
//! the browser tests see. The search index (`search-index/`) is the search tests' business and is
//! only checked for being linked correctly, not parsed.

use blueprint::html::Token;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

type Files = BTreeMap<String, Vec<u8>>;

const BASE_URL: &str = "https://example.org/hk-blueprint/";

struct Site {
    files: Files,
    base_url: String,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        if let Some(dir) = std::env::var_os("BLUEPRINT_LINKS_DIR") {
            let base_url = std::env::var("BLUEPRINT_LINKS_BASE_URL").unwrap_or_else(|_| BASE_URL.to_string());
            return Site {
                files: read_dir(Path::new(&dir)),
                base_url,
            };
        }
        let opts = blueprint::BuildOptions {
            root: env!("CARGO_MANIFEST_DIR").into(),
            base_url: Some(BASE_URL.to_string()),
            as_of: blueprint::current_month().unwrap(),
            search: true,
        };
        match blueprint::build_in_memory(&opts) {
            Ok(built) => Site {
                files: built.output,
                base_url: BASE_URL.to_string(),
            },
            Err(diags) => panic!("the bundled site does not build:\n{}", diags.render()),
        }
    })
}

fn read_dir(dir: &Path) -> Files {
    let mut files = Files::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(key, std::fs::read(entry.path()).unwrap());
        }
    }
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
}

// ---------------------------------------------------------------------------------------------
// A small HTML tokenizer: start tags and their attributes, with line numbers. Comments,
// doctypes, end tags and the raw text of <script> and <style> are skipped.

#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    line: usize,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The start tags of a page, read with the site's own tokenizer (`blueprint::html`), with the
/// line each starts on.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    // line numbers, counted incrementally (tags come in document order)
    let (mut line, mut counted) = (1, 0);
    let mut out = Vec::new();
    for token in blueprint::html::tokens(html) {
        if let Token::Start { name, attrs, at } = token {
            line += b[counted..at].iter().filter(|&&c| c == b'\n').count();
            counted = at;
            out.push(Tag {
                name: name.to_ascii_lowercase(),
                attrs: blueprint::html::attributes(attrs),
                line,
            });
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------------------------
// The checker

/// One link found in a file.
struct Link {
    file: String,
    line: usize,
    what: String,
    url: String,
}

#[derive(Default)]
struct Report {
    problems: Vec<String>,
    links: usize,
    anchors: usize,
    pages: usize,
}

struct Checker<'a> {
    files: &'a Files,
    origin: String,
    prefix: String,
    base_url: String,
    ids: BTreeMap<&'a str, BTreeSet<String>>,
}

/// A file's URL path relative to the prefix, as the folder links inside it resolve against.
fn dir_of(key: &str) -> &str {
    key.rfind('/').map_or("", |p| &key[..p + 1])
}

/// `scheme:` before any `/`, `?` or `#`: an absolute URL (`https:`, `mailto:`, `data:`, …).
fn has_scheme(url: &str) -> bool {
    let Some(end) = url.find(':') else { return false };
    let scheme = &url[..end];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..") || path == "." || path == "..";
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut s = parts.join("/");
    if trailing && !s.is_empty() {
        s.push('/');
    }
    Some(s)
}

impl<'a> Checker<'a> {
    fn new(files: &'a Files, base_url: &str) -> Checker<'a> {
        let base_url = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
        let path_start = base_url[after_scheme..]
            .find('/')
            .map_or(base_url.len(), |p| after_scheme + p);
        let origin = base_url[..path_start].to_string();
        let prefix = base_url[path_start..].to_string();
        let mut ids = BTreeMap::new();
        for (key, bytes) in files {
            if key.ends_with(".html") {
                let html = String::from_utf8_lossy(bytes);
                let set = tags(&html)
                    .iter()
                    .flat_map(|t| {
                        let mut v = Vec::new();
                        if let Some(id) = t.attr("id") {
                            v.push(id.to_string());
                        }
                        if t.name == "a" {
                            if let Some(n) = t.attr("name") {
                                v.push(n.to_string());
                            }
                        }
                        v
                    })
                    .collect();
                ids.insert(key.as_str(), set);
            }
        }
        Checker {
            files,
            origin,
            prefix,
            base_url,
            ids,
        }
    }

    /// Checks one link; `Err` is the problem.
    fn check(&self, link: &Link, report: &mut Report) -> Result<(), String> {
        let url = link.url.trim();
        if url.is_empty() {
            return Err("empty URL".into());
        }
        let (before_hash, fragment) = match url.split_once('#') {
            Some((a, f)) => (a, Some(f)),
            None => (url, None),
        };
        let path_part = before_hash.split('?').next().unwrap_or("");
        let lower = url.to_ascii_lowercase();
        // Resolve to a path relative to the site's prefix, or decide it is external.
        let rel: String = if before_hash.is_empty() {
            link.file.clone()
        } else if lower.starts_with("javascript:") {
            return Err("javascript: URL (blocked by the site's CSP, and not a link)".into());
        } else if let Some(rest) = url.strip_prefix("//") {
            let host = rest.split('/').next().unwrap_or("");
            if self.origin.ends_with(&format!("//{host}")) {
                return Err(format!(
                    "protocol-relative link to this site; use a root-relative link under {}",
                    self.prefix
                ));
            }
            return Ok(());
        } else if has_scheme(url) {
            if let Some(rest) = path_part.strip_prefix(&self.base_url) {
                rest.to_string()
            } else if path_part.starts_with(&format!("{}/", self.origin)) || path_part == self.origin {
                return Err(format!(
                    "absolute link to this host outside the base path {}",
                    self.prefix
                ));
            } else {
                return Ok(()); // external (http, https, mailto, tel, data, …)
            }
        } else if path_part.starts_with('/') {
            match path_part.strip_prefix(&self.prefix) {
                Some(rest) => rest.to_string(),
                None if format!("{path_part}/") == self.prefix => String::new(),
                None => {
                    return Err(format!(
                    "root-relative link outside the base path {} (breaks when the site is published under a sub-path)",
                    self.prefix
                ))
                }
            }
        } else {
            if link.file == "404.html" {
                return Err("relative link on 404.html: hosts serve that page at any missing path, so it resolves elsewhere; use a root-relative link".into());
            }
            match normalise(&format!("{}{}", dir_of(&link.file), path_part)) {
                Some(p) => p,
                None => return Err(format!("relative link climbs above the base path {}", self.prefix)),
            }
        };
        let rel = percent_decode(&rel);
        report.links += 1;
        let target = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.clone()
        };
        if !self.files.contains_key(&target) {
            if self.files.contains_key(&format!("{rel}/index.html")) {
                return Err(format!(
                    "folder link without a trailing slash: write {}{rel}/ (only some hosts redirect)",
                    self.prefix
                ));
            }
            return Err(format!("no such file in the output: {target}"));
        }
        if let Some(frag) = fragment {
            let frag = percent_decode(frag);
            if frag.is_empty() || frag.starts_with(":~:") {
                return Ok(());
            }
            if let Some(ids) = self.ids.get(target.as_str()) {
                report.anchors += 1;
                if !ids.contains(&frag) && frag != "top" {
                    return Err(format!("no element with id=\"{frag}\" on {target}"));
                }
            }
        }
        Ok(())
    }

    fn links(&self) -> Vec<Link> {
        let mut links = Vec::new();
        for (key, bytes) in self.files {
            if key.starts_with("search-index/") {
                continue;
            }
            let text = || String::from_utf8_lossy(bytes).into_owned();
            let mut push = |line: usize, what: String, url: &str| {
                links.push(Link {
                    file: key.clone(),
                    line,
                    what,
                    url: url.to_string(),
                })
            };
            if key.ends_with(".html") {
                for t in tags(&text()) {
                    for (name, value) in &t.attrs {
                        let what = format!("<{} {name}>", t.name);
                        match name.as_str() {
                            "href" | "xlink:href" | "src" | "action" | "poster" | "data" | "cite" | "formaction" => {
                                push(t.line, what, value)
                            }
                            "srcset" | "imagesrcset" => {
                                for candidate in value.split(',') {
                                    if let Some(u) = candidate.split_whitespace().next() {
                                        push(t.line, what.clone(), u);
                                    }
                                }
                            }
                            "content" if t.attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("refresh")) => {
                                if let Some((_, u)) = value.split_once("url=") {
                                    push(t.line, what, u);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            } else if key.ends_with(".css") {
                let css = text();
                for (n, line) in css.lines().enumerate() {
                    let mut rest = line;
                    while let Some(p) = rest.find("url(") {
                        rest = &rest[p + 4..];
                        let end = rest.find(')').unwrap_or(rest.len());
                        let u = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'');
                        if !u.starts_with("data:") && !u.starts_with('#') {
                            push(n + 1, "css url()".into(), u);
                        }
                        rest = &rest[end..];
                    }
                }
            } else if key == "sitemap.xml" {
                for (n, line) in text().lines().enumerate() {
                    let mut rest = line;
                    while let Some(p) = rest.find("<loc>") {
                        rest = &rest[p + 5..];
                        let end = rest.find("</loc>").unwrap_or(rest.len());
                        push(n + 1, "<loc>".into(), &blueprint::html::decode(&rest[..end]));
                        rest = &rest[end..];
                    }
                }
            } else if key == "robots.txt" {
                for (n, line) in text().lines().enumerate() {
                    if let Some(u) = line.strip_prefix("Sitemap:") {
                        push(n + 1, "Sitemap:".into(), u.trim());
                    }
                }
            } else if key.ends_with(".json") {
                if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
                    let mut found = Vec::new();
                    json_urls(&v, &mut found);
                    for u in found {
                        push(0, "JSON \"url\"".into(), &u);
                    }
                }
            }
        }
        links
    }

    fn run(&self) -> Report {
        let mut report = Report {
            pages: self.ids.len(),
            ..Report::default()
        };
        for link in self.links() {
            if let Err(problem) = self.check(&link, &mut report) {
                report.problems.push(format!(
                    "{}:{}: {} \"{}\": {problem}",
                    link.file, link.line, link.what, link.url
                ));
            }
        }
        report
    }
}

fn json_urls(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match v {
                    serde_json::Value::String(s) if k == "url" || k == "href" => out.push(s.clone()),
                    _ => json_urls(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_urls(v, out)),
        _ => {}
    }
}

fn duplicate_ids(files: &Files) -> Vec<String> {
    let mut problems = Vec::new();
    for (key, bytes) in files {
        if !key.ends_with(".html") {
            continue;
        }
        let mut seen = BTreeMap::new();
        for t in tags(&String::from_utf8_lossy(bytes)) {
            if let Some(id) = t.attr("id") {
                if id.is_empty() || id.chars().any(char::is_whitespace) {
                    problems.push(format!("{key}:{}: <{}> has an invalid id \"{id}\"", t.line, t.name));
                }
                if let Some(first) = seen.insert(id.to_string(), t.line) {
                    problems.push(format!(
                        "{key}:{}: duplicate id=\"{id}\" (first on line {first})",
                        t.line
                    ));
                }
            }
        }
    }
    problems
}

fn fail_with(title: &str, problems: &[String]) -> ! {
    let shown = problems.iter().take(200).cloned().collect::<Vec<_>>().join("\n  ");
    let more = if problems.len() > 200 {
        format!("\n  … and {} more", problems.len() - 200)
    } else {
        String::new()
    };
    panic!("{} {title}:\n  {shown}{more}\n", problems.len());
}

// ---------------------------------------------------------------------------------------------
// The gates

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = site();
    let checker = Checker::new(&site.files, &site.base_url);
    let report = checker.run();
    eprintln!(
        "link check: {} pages, {} internal links, {} of them with #anchors, {} problems (base {})",
        report.pages,
        report.links,
        report.anchors,
        report.problems.len(),
        site.base_url
    );
    assert!(report.pages > 0 && report.links > 0, "nothing was checked");
    if !report.problems.is_empty() {
        fail_with("broken internal links or anchors", &report.problems);
    }
}

#[test]
fn ids_are_unique_on_every_page() {
    let problems = duplicate_ids(&site().files);
    if !problems.is_empty() {
        fail_with("duplicate or invalid ids (anchors to them are ambiguous)", &problems);
    }
}

/// The bundled Blueprint has no static files; the minimal fixture links to two (an image and a
/// PDF with a `#page=` fragment). Under a sub-path they must resolve to the files copied from
/// `static/`, and the checker must notice when one is missing.
#[test]
fn links_to_static_files_resolve() {
    // The fixture's references live at example.org, BASE_URL's host: another host for the site.
    const SITE: &str = "https://site.test/hk-blueprint/";
    let opts = blueprint::BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"),
        base_url: Some(SITE.to_string()),
        as_of: blueprint::current_month().unwrap(),
        search: true,
    };
    let built = blueprint::build_in_memory(&opts).unwrap_or_else(|d| panic!("{}", d.render()));
    let statics = ["images/chart.png", "files/blueprint.pdf"];
    // Every link of the fixture must resolve; the static files' links are counted to be sure
    // they are among them.
    let static_problems = |files: &Files| -> (usize, Vec<String>) {
        let checker = Checker::new(files, SITE);
        let mut report = Report::default();
        let mut problems = Vec::new();
        let links = checker.links();
        let to_static = links
            .iter()
            .filter(|l| statics.iter().any(|f| l.url.starts_with(&format!("/hk-blueprint/{f}"))))
            .count();
        for link in &links {
            if let Err(p) = checker.check(link, &mut report) {
                problems.push(format!("{}: \"{}\": {p}", link.file, link.url));
            }
        }
        (to_static, problems)
    };
    let (checked, problems) = static_problems(&built.output);
    assert!(checked >= 2, "only {checked} links to static files");
    if !problems.is_empty() {
        fail_with("broken links to static files", &problems);
    }
    let mut without = built.output.clone();
    without.remove("images/chart.png");
    let (_, problems) = static_problems(&without);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("no such file in the output: images/chart.png")),
        "{problems:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The checker catches what it should: a small synthetic site with one of each defect.

#[test]
fn checker_reports_each_kind_of_broken_link() {
    let page = |body: &str| {
        format!("<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>").into_bytes()
    };
    let mut files = Files::new();
    files.insert(
        "index.html".into(),
        page(concat!(
            r##"<a href="/hk/a/">ok</a><a href="a/#sec">ok anchor</a><a href="#top">top</a><a href="https://other.example/">external</a>"##,
            r##"<a href="mailto:x@example.org">mail</a><a href="/hk/a/#missing">missing anchor</a><a href="/hk/nope/">missing page</a>"##,
            r##"<a href="/a/">escapes sub-path</a><a href="/hk/a">no slash</a><img src="/hk/img.png" alt=""><a href="https://example.org/hk/a/#sec">abs ok</a>"##,
            r##"<a href="https://example.org/other/">abs outside</a><a href="../../x/">climbs</a><a href="#here">own anchor missing</a>"##,
            r##"<!-- <a href="/hk/commented/">ignored</a> --><script>var s = '<a href="/hk/in-script/">';</script>"##,
            r##"<a href='a/?q=1&amp;r=2#sec'>query ok</a><a href="b%20c/">encoded</a>"##,
            r##"<a href="/hk/files/x.pdf#page=2">file with fragment</a><img src="/hk/files/a%20b.png" alt="ok">"##
        )),
    );
    files.insert("files/x.pdf".into(), b"%PDF".to_vec());
    files.insert("files/a b.png".into(), Vec::new());
    files.insert("a/index.html".into(), page(r##"<h2 id="sec">S</h2>"##));
    files.insert("b c/index.html".into(), page("encoded"));
    files.insert(
        "404.html".into(),
        page(r##"<a href="a/">relative on 404</a><a href="/hk/a/">ok</a>"##),
    );
    files.insert(
        "site.css".into(),
        b"body { background: url(missing.png); } a { background: url('data:image/png;base64,x'); }".to_vec(),
    );
    files.insert(
        "sitemap.xml".into(),
        b"<urlset><url><loc>https://example.org/hk/a/</loc></url><url><loc>https://example.org/hk/gone/</loc></url></urlset>".to_vec(),
    );
    let report = Checker::new(&files, "https://example.org/hk/").run();
    let all = report.problems.join("\n");
    let expect = [
        ("\"/hk/a/#missing\"", "no element with id=\"missing\""),
        ("\"/hk/nope/\"", "no such file"),
        ("\"/a/\"", "outside the base path"),
        ("\"/hk/a\"", "without a trailing slash"),
        ("\"/hk/img.png\"", "no such file"),
        ("\"https://example.org/other/\"", "outside the base path"),
        ("\"../../x/\"", "climbs above"),
        ("\"#here\"", "no element with id=\"here\""),
        ("404.html:1: <a href> \"a/\"", "relative link on 404.html"),
        ("css url() \"missing.png\"", "no such file"),
        ("\"https://example.org/hk/gone/\"", "no such file"),
    ];
    for (link, problem) in expect {
        assert!(
            report.problems.iter().any(|p| p.contains(link) && p.contains(problem)),
            "expected a problem for {link} ({problem}); got:\n{all}"
        );
    }
    assert_eq!(
        report.problems.len(),
        expect.len(),
        "unexpected problems (a valid link reported?):\n{all}"
    );
    assert!(
        !all.contains("commented") && !all.contains("in-script"),
        "comments or scripts were parsed:\n{all}"
    );

    let dup = duplicate_ids(&BTreeMap::from([(
        "p.html".to_string(),
        page(r##"<p id="x"></p><div id="x"></div>"##),
    )]));
    assert_eq!(dup.len(), 1, "{dup:?}");
}
