//! No English of the site's own on its Chinese pages: every text node (and every label a reader
//! hears or sees: `alt`, `title`, `aria-label`, `placeholder`) of a `/zh-hant/` page is either
//! inside an element marked `lang="en"` (the Blueprint's text, config words, untranslated
//! items) or free of English words. Numbers, ids (`3.1.2`), acronyms (`ITVF`, `R&D`) and units
//! pass; a lowercase English word does not, so a sentence the engine writes in English, or a
//! template word not yet in the words files, fails here with its page and place.

use crate::harness::*;
use blueprint::html::{attributes, decode, tokens, Token};

/// Elements without an end tag: they never open a subtree.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
];

/// Attributes whose words a reader meets.
const SPOKEN: &[&str] = &["alt", "title", "aria-label", "placeholder", "aria-description"];

/// Whether `text` has an English word: two or more letters with a lowercase one among them.
/// Acronyms (`ITVF`, `A–Z`), units (`HK$`), ids and slugs (`3.1.2`, `elderly-internet-use`),
/// addresses, names written in camel case (`JavaScript`, `BibTeX`) and placeholders in brackets
/// (`[date]`) pass; `km` would not, and none is written on a Chinese page.
fn has_english(text: &str) -> bool {
    text.split_whitespace()
        .filter(|t| !t.contains("://"))
        .filter(|t| !(t.contains('-') && t.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.'))))
        .any(|t| {
            let mut rest = t;
            while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic()) {
                let len = rest[start..]
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(rest.len() - start);
                let word = &rest[start..start + len];
                let bracketed = rest[..start].ends_with('[');
                let camel = word.bytes().skip(1).any(|b| b.is_ascii_uppercase());
                if len >= 2 && word.bytes().any(|b| b.is_ascii_lowercase()) && !bracketed && !camel {
                    return true;
                }
                rest = &rest[start + len..];
            }
            false
        })
}

/// What on `html` is English outside elements marked as in another language (`lang="en"`),
/// each with the element it is in.
fn english_outside_en(html: &str) -> Vec<String> {
    // The open elements: name, and whether it (or an ancestor) is English.
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut found = Vec::new();
    // The head's words (`<title>`, a feed's `title`) cannot carry `lang`; the site's name in
    // them is a config word. The body starts where the head ends.
    let body = html.find("</head>").unwrap_or(0);
    for token in tokens(&html[body..]) {
        let english = open.last().is_some_and(|o| o.1);
        match token {
            Token::Start { name, attrs, .. } => {
                let name = name.to_ascii_lowercase();
                let attrs = attributes(attrs);
                let lang = attrs.iter().find(|(k, _)| k == "lang").map(|(_, v)| v.as_str());
                // `lang="en"` marks English; `lang="zh"` a source's own words, which may mix
                // English names into Chinese. Neither is the site's own Chinese.
                let here = match lang {
                    Some(l) => l != "zh-Hant",
                    None => english,
                };
                for (k, v) in &attrs {
                    if !here && SPOKEN.contains(&k.as_str()) && has_english(v) {
                        found.push(format!("<{name} {k}=\"{v}\">"));
                    }
                }
                if !VOID.contains(&name.as_str()) && !attrs.iter().any(|(k, _)| k == "/") {
                    open.push((name, here));
                }
            }
            Token::End(name) => {
                let name = name.to_ascii_lowercase();
                if let Some(k) = open.iter().rposition(|o| o.0 == name) {
                    open.truncate(k);
                }
            }
            Token::Text(text) => {
                let text = decode(text);
                let inside = open.last().map_or("", |o| o.0.as_str());
                // Code and keyboard keys are not words of the page's language.
                if !english && !matches!(inside, "code" | "kbd" | "pre") && has_english(&text) {
                    found.push(format!("<{inside}> {}", text.trim()));
                }
            }
        }
    }
    found
}

/// Every finding on the Chinese pages of `built`, as `page: finding`.
fn findings(built: &blueprint::Built) -> Vec<String> {
    let mut all = Vec::new();
    for (path, bytes) in &built.output {
        if !(path.starts_with("zh-hant/") && path.ends_with(".html")) {
            continue;
        }
        let html = std::str::from_utf8(bytes).unwrap();
        all.extend(english_outside_en(html).into_iter().map(|f| format!("{path}: {f}")));
    }
    all
}

fn assert_none(found: &[String]) {
    assert!(
        found.is_empty(),
        "{} English text(s) of the site's own on Chinese pages, e.g.:\n{}",
        found.len(),
        found.iter().take(usize::MAX).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_scanner_finds_english_outside_lang_en_only() {
    assert!(!has_english(
        "請把 [date] 換成 JavaScript BibTeX ITVF HK$5 3.1.2 ugc-places https://a.hk/x"
    ));
    assert!(has_english("1.3% by 2025"));
    let html = "<p>進度 3.1.2 ITVF A–Z<span lang=\"en\">by <b>2025</b> ok</span><img alt=\"a photo\">\
                <i title=\"好\">on track</i><code>x.yaml</code></p>";
    assert_eq!(english_outside_en(html), ["<img alt=\"a photo\">", "<i> on track"]);
}

#[test]
fn the_bilingual_fixture_has_no_english_of_its_own_on_chinese_pages() {
    let site = site_with_overlay(Some(&fixtures().join("bilingual")));
    assert_none(&findings(&build(site.path(), None)));
}

#[test]
fn the_bundled_site_has_no_english_of_its_own_on_chinese_pages() {
    let built = build(&repo(), None);
    assert_none(&findings(&built));
    // The engine's sentences pass as Chinese, not as English marked `lang="en"`.
    for (path, bytes) in built
        .output
        .iter()
        .filter(|(p, _)| p.starts_with("zh-hant/indicators/"))
    {
        let html = std::str::from_utf8(bytes).unwrap();
        for marked in [
            "<p class=\"lede\" lang=\"en\">",
            "<div lang=\"en\"><svg",
            "<div class=\"spark\" lang=\"en\">",
        ] {
            assert!(!html.contains(marked), "{path}: {marked}");
        }
    }
}
