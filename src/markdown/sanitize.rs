//! `raw_html: sanitize`: raw HTML in Markdown keeps its harmless markup (`<sub>`, `<abbr
//! title>`, tables, …) and loses scripts, event handlers, styles, frames, forms and any URL
//! that is not `http(s)`, `mailto`, `tel` or relative.
//!
//! pulldown-cmark hands inline HTML over in pieces (`<abbr title="x">` and `</abbr>` are separate
//! events, with Markdown between them), so no piece can be judged alone. The whole rendered body
//! is sanitised instead, once, and only when it holds raw HTML; so the allow-list below also
//! keeps every element and attribute the renderer itself writes (heading anchors, notes,
//! citations, photo notes, highlighted code, images).

use std::sync::OnceLock;

/// Obsolete elements in ammonia's default list: the Nu HTML checker rejects them, so their
/// tags go (their text stays).
const OBSOLETE: &[&str] = &["acronym", "center", "strike", "tt"];

/// Elements removed with everything inside them: active content, and foreign content (SVG,
/// MathML) whose parsing rules differ from HTML's.
const REMOVED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "noembed", "noframes",
    "template", "svg", "math", "textarea", "select", "title", "xmp",
];

/// The renderer's own attributes beyond ammonia's defaults (see `markdown.rs` and `images.rs`).
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["aria-hidden", "aria-label", "tabindex"]),
    ("span", &["aria-hidden"]),
    ("div", &["role"]),
    ("pre", &["data-lang"]),
    ("img", &["loading", "decoding"]),
];

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.rm_tags(OBSOLETE)
            .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
            .add_generic_attributes(["id", "class"])
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
        for (tag, attributes) in TAG_ATTRIBUTES {
            b.add_tag_attributes(tag, attributes.iter());
        }
        b
    })
}

/// The body's HTML with its raw HTML made harmless.
pub fn sanitize(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_harmless_markup() {
        let html = "<p>H<sub>2</sub>O <abbr title=\"Research and Development\">R&amp;D</abbr><br></p>";
        assert_eq!(sanitize(html), html);
        let table = "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>";
        assert_eq!(sanitize(table), table);
    }

    #[test]
    fn removes_active_content() {
        let hostile = [
            ("<script>alert(1)</script>", "alert"),
            ("<img src=x onerror=alert(1)>", "onerror"),
            ("<a href=\"javascript:alert(1)\">x</a>", "javascript"),
            ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "alert"),
            ("<a href=\"&#106;avascript:alert(1)\">x</a>", "alert"),
            ("<a href=\"java&#x09;script:alert(1)\">x</a>", "alert"),
            ("<svg onload=alert(1)><circle r=\"1\"/></svg>", "svg"),
            ("<iframe src=\"https://x.org\"></iframe>", "iframe"),
            ("<p style=\"color:red\">x</p>", "style"),
            ("<img src=\"data:image/png;base64,AAAA\">", "data:"),
            ("<form action=\"https://x.org\"><input name=q></form>", "form"),
            ("<SCRIPT SRC=//x.org/x.js></SCRIPT>", "x.js"),
        ];
        for (input, gone) in hostile {
            let out = sanitize(input).to_ascii_lowercase();
            assert!(!out.contains(gone), "{input} → {out}");
        }
    }

    #[test]
    fn links_get_rel_noopener() {
        assert_eq!(
            sanitize("<a href=\"https://x.org/\">x</a>"),
            "<a href=\"https://x.org/\" rel=\"noopener noreferrer\">x</a>"
        );
    }
}
