//! `raw_html` end to end: a page whose Markdown holds hostile raw HTML, built with each setting.
//! `escape` shows it as text, `sanitize` (the default) keeps only harmless markup, `trust` passes
//! it through as written (the site's CSP is then the last line of defence).

use crate::harness::*;
use std::fs;

const HOSTILE: &str = r#"---
id: "1"
title: To do better
---
Water is H<sub>2</sub>O.

<script>alert("script")</script>

An <img src=x onerror=alert(1)> image, <a href="JaVaScRiPt:alert('js')">a link</a>,
<a href="&#106;avascript:alert('entity')">another</a> and <b onmouseover="alert('over')">bold</b>.

<svg onload=alert(2)><circle r="1"/></svg>

<iframe src="https://evil.example/"></iframe>

<p style="color: red">styled</p>
"#;

/// The page's tags (`<…>`, lowercased): where active content would be live. Raw HTML shown as
/// text (`&lt;script&gt;`) is not among them.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|t| t.split('>').next().unwrap_or("").to_ascii_lowercase())
        .collect()
}

/// No tag is a script, frame or SVG, and none has an event handler, a script URL or a style.
fn assert_nothing_live(html: &str) {
    for tag in tags(html) {
        let name = tag.split_whitespace().next().unwrap_or("");
        assert!(!["script", "iframe", "svg"].contains(&name), "live <{tag}>:\n{html}");
        for bad in [" on", "javascript:", "style="] {
            assert!(!tag.contains(bad), "live <{tag}>:\n{html}");
        }
    }
}

fn direction_page(mode: Option<&str>) -> String {
    let site = site_with_overlay(None);
    fs::write(site.path().join("content/directions/1.md"), HOSTILE).unwrap();
    if let Some(mode) = mode {
        let config = site.path().join("content/config.yaml");
        let text = fs::read_to_string(&config).unwrap();
        fs::write(&config, format!("{text}raw_html: {mode}\n")).unwrap();
    }
    let built = build(site.path(), None);
    main_of(page(&built, "directions/1/index.html")).to_string()
}

#[test]
fn escape_shows_raw_html_as_text() {
    let html = direction_page(Some("escape"));
    assert_nothing_live(&html);
    assert!(html.contains("&lt;script&gt;alert"), "{html}");
    assert!(html.contains("H&lt;sub&gt;2&lt;/sub&gt;O"), "{html}");
}

#[test]
fn sanitize_is_the_default_and_keeps_only_harmless_markup() {
    let default = direction_page(None);
    assert_eq!(default, direction_page(Some("sanitize")));
    assert_nothing_live(&default);
    for kept in [
        "H<sub>2</sub>O",
        "<b>bold</b>",
        "<p>styled</p>",
        "rel=\"noopener noreferrer\"",
    ] {
        assert!(default.contains(kept), "{kept} lost:\n{default}");
    }
}

#[test]
fn trust_passes_raw_html_through() {
    let html = direction_page(Some("trust"));
    assert!(html.contains("<script>alert(\"script\")</script>"), "{html}");
    assert!(html.contains("<b onmouseover=\"alert('over')\">bold</b>"), "{html}");
    // The check the other modes pass does see live content.
    assert!(std::panic::catch_unwind(|| assert_nothing_live(&html)).is_err());
}
