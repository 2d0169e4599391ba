//! What the dev server adds to pages: the live-reload client (a same-origin script and stylesheet,
//! because the theme's CSP forbids inline ones), the error overlay, and the page shown when no
//! build has ever succeeded. The published site never contains any of this.

/// URL prefix of the server's own endpoints; no content path can start with `__`.
pub const PREFIX: &str = "/__blueprint/";
pub const EVENTS: &str = "/__blueprint/events";
pub const CLIENT_JS: &str = "/__blueprint/client.js";
pub const CLIENT_CSS: &str = "/__blueprint/client.css";

pub const CLIENT_JS_BODY: &str = include_str!("client.js");
pub const CLIENT_CSS_BODY: &str = include_str!("client.css");

const OVERLAY_TITLE: &str =
    "The site did not rebuild. You are seeing the last good version. Fix the file and save: this page reloads by itself.";

/// The tags that load the client; `g` tells it which build the page came from.
fn client_tags(generation: u64) -> String {
    format!("<link rel=\"stylesheet\" href=\"{CLIENT_CSS}\"><script src=\"{CLIENT_JS}?g={generation}\" defer></script>")
}

/// The overlay as HTML, so it shows even before (or without) the script running. In English,
/// whatever the page's language: the script puts the title in the page's language once it runs
/// (the page carries the words, `serve.overlay_title`); the diagnostics stay English, as they
/// are everywhere (they are for the plan's editors, and quote its English files).
pub fn overlay(error: &str) -> String {
    format!(
        "<div id=\"blueprint-overlay\" role=\"alert\" lang=\"en\"><div class=\"blueprint-overlay-box\"><p class=\"blueprint-overlay-title\">{OVERLAY_TITLE}</p><pre>{}</pre></div></div>",
        escape(error)
    )
}

/// A page with the client injected before `</head>` and, when the last build failed, the overlay
/// right after `<body …>`.
pub fn inject(html: &[u8], generation: u64, error: Option<&str>) -> Vec<u8> {
    // Insertions at offsets of the original page. A theme override without `</head>` gets the
    // client first, so it still reloads.
    let mut inserts = vec![(find(html, b"</head>").unwrap_or(0), client_tags(generation))];
    if let Some(error) = error {
        let body_open_end =
            find(html, b"<body").and_then(|i| html[i..].iter().position(|&b| b == b'>').map(|j| i + j + 1));
        if let Some(at) = body_open_end {
            inserts.push((at, overlay(error)));
        }
    }
    inserts.sort_by_key(|(at, _)| *at);
    let extra: usize = inserts.iter().map(|(_, text)| text.len()).sum();
    let mut out = Vec::with_capacity(html.len() + extra);
    let mut from = 0;
    for (at, text) in inserts {
        out.extend_from_slice(&html[from..at]);
        out.extend_from_slice(text.as_bytes());
        from = at;
    }
    out.extend_from_slice(&html[from..]);
    out
}

/// The page served for every HTML request while no build has succeeded yet.
pub fn error_page(error: &str, generation: u64) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Build failed · blueprint serve</title>\n{}\n</head>\n<body>\n{}\n</body>\n</html>\n",
        client_tags(generation),
        overlay(error)
    )
    .into_bytes()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The one escaping function, shared with Markdown output (XML and HTML need the same five).
pub use crate::markdown::escape;

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>t</title></head><body class=\"x\"><p>hi</p></body></html>";

    #[test]
    fn injects_client_before_head_end() {
        let out = String::from_utf8(inject(PAGE.as_bytes(), 7, None)).unwrap();
        assert!(out.contains("<script src=\"/__blueprint/client.js?g=7\" defer></script></head>"));
        assert!(!out.contains("blueprint-overlay"));
    }

    #[test]
    fn overlay_follows_body_tag_and_is_escaped() {
        let out = String::from_utf8(inject(
            PAGE.as_bytes(),
            1,
            Some("error: <script>alert(1)</script> & more"),
        ))
        .unwrap();
        let body = out.find("<body class=\"x\">").unwrap() + "<body class=\"x\">".len();
        assert!(out[body..].starts_with("<div id=\"blueprint-overlay\""));
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(!out.contains("<script>alert"));
        assert!(out.ends_with("<p>hi</p></body></html>"));
    }

    #[test]
    fn the_overlay_title_is_the_themes_english() {
        let en = std::fs::read_to_string("themes/default/i18n/en.yaml").unwrap();
        assert!(en.contains(&format!("serve.overlay_title: \"{OVERLAY_TITLE}\"")));
        assert!(CLIENT_JS_BODY.contains(OVERLAY_TITLE), "client.js's own copy");
    }

    #[test]
    fn pages_without_head_still_reload() {
        let out = String::from_utf8(inject(b"<p>bare</p>", 2, Some("e"))).unwrap();
        assert!(out.starts_with("<link rel=\"stylesheet\""));
        assert!(out.ends_with("<p>bare</p>"));
    }
}
