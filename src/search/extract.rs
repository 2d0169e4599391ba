//! What a page gives the index, read from its HTML: the text of its `data-search-body`
//! elements (less any `data-search-ignore` inside them), its metadata and its filters. The
//! templates decide what is searchable; this scanner only follows their attributes:
//!
//! - `data-search-body`: text inside is indexed and shown in excerpts.
//! - `data-search-ignore`: text inside is not (labels such as "Kind", charts, method notes).
//! - `data-search-meta="key"`: the element's text is metadata `key` (anywhere on the page, even
//!   inside an ignored element); `data-search-meta="key:value"` sets it literally.
//! - `data-search-filter="key"` / `"key:value"`: the same for filter values (several allowed).
//!
//! Pages are read through the site's one HTML tokenizer (`crate::html`).

use crate::html::{self, Token};
use litemap::LiteMap;

/// One searchable page.
#[derive(Debug, Default, PartialEq)]
pub struct Record {
    pub url: String,
    pub meta: LiteMap<String, String>,
    pub filters: LiteMap<String, Vec<String>>,
    /// The indexed text, whitespace collapsed: what excerpts are cut from.
    pub text: String,
}

const BODY: &str = "data-search-body";
const IGNORE: &str = "data-search-ignore";
const META: &str = "data-search-meta";
const FILTER: &str = "data-search-filter";

/// Elements that end a word: text on either side must not run together.
fn breaks_words(name: &str) -> bool {
    !matches!(
        name,
        "a" | "abbr" | "b" | "cite" | "code" | "em" | "i" | "mark" | "q" | "s" | "small" | "span" | "strong" | "u"
    )
}

/// Elements whose text reads as a block of its own (see `Scan::block_end`).
fn ends_block(name: &str) -> bool {
    // Called on every closing tag: compared in place, not lowercased into a new string.
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "li",
        "dt",
        "dd",
        "td",
        "th",
        "caption",
        "figcaption",
    ]
    .iter()
    .any(|b| b.eq_ignore_ascii_case(name))
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Whether `html` marks anything for indexing.
pub fn has_body(html: &str) -> bool {
    html.contains(BODY)
}

struct Open<'h> {
    name: &'h str,
    /// Whether the element ends a word (see `breaks_words`), decided once when it opens.
    breaks: bool,
    in_body: bool,
    ignored: bool,
    /// (key, is_filter, where its text starts in `all`)
    capture: Vec<(String, bool, usize)>,
}

#[derive(Default)]
struct Scan<'h> {
    stack: Vec<Open<'h>>,
    /// Every text on the page while an element's text is being captured (metadata, filters).
    all: String,
    /// Open elements capturing their text.
    capturing: usize,
    /// Open elements marked `data-search-body` (or the body, with `whole_body`).
    bodies: usize,
    record: Record,
    whole_body: bool,
    /// Whether an element with one of our attributes has been seen (always, with `whole_body`).
    started: bool,
}

const ANY: &str = "data-search-";

/// Reads `html` into a record for `url`. With `whole_body`, everything in `<body>` counts as
/// marked (for a theme whose pages carry no `data-search-body` at all).
pub fn extract(url: String, html: &str, whole_body: bool) -> Record {
    let mut scan = Scan {
        whole_body,
        started: whole_body,
        ..Scan::default()
    };
    scan.record.url = url;
    // Only elements carrying a data-search-* attribute, and what they contain, matter: scanning
    // stops once the last has closed (the rest is navigation and footer). Before that, tags
    // without our attributes and text outside them cost a search for the next `<`.
    let last = if whole_body {
        html.len()
    } else {
        html.rfind(ANY).unwrap_or(0)
    };
    let mut tokens = html::tokens(html);
    while let Some(token) = tokens.next() {
        match token {
            Token::Text(text) => scan.text(text),
            Token::End(name) => scan.close(name),
            Token::Start { name, attrs, .. } => scan.start(name, attrs),
        }
        if tokens.offset() > last && scan.bodies == 0 && scan.capturing == 0 {
            break;
        }
    }
    let mut record = scan.record;
    let trimmed = record.text.trim_end_matches([' ', '·']).len();
    record.text.truncate(trimmed);
    // Records are held for every page until the index is built (190 MB at 100 000 pages): the
    // slack of a string grown by pushes would be up to as much again.
    record.text.shrink_to_fit();
    record
}

impl<'h> Scan<'h> {
    fn indexing(&self) -> bool {
        self.stack.last().is_some_and(|o| o.in_body && !o.ignored)
    }

    fn space(&mut self) {
        if self.indexing() && !self.record.text.is_empty() && !self.record.text.ends_with(' ') {
            self.record.text.push(' ');
        }
        if self.capturing > 0 && !self.all.ends_with(' ') {
            self.all.push(' ');
        }
    }

    /// The end of a block (a heading, a paragraph, a list item): a middle dot unless the block
    /// ended in punctuation, so an excerpt reads "fund ITVF · What … says about it · In 2017",
    /// not one run-on sentence. Search terms are letters and digits, so the dot finds nothing.
    fn block_end(&mut self) {
        if self.indexing() {
            let text = &mut self.record.text;
            let end = text.trim_end().len();
            text.truncate(end);
            if text.ends_with(|c: char| c.is_alphanumeric() || matches!(c, ')' | '”' | '’' | '"' | '%')) {
                text.push_str(" ·");
            }
        }
        self.space();
    }

    fn text(&mut self, raw: &str) {
        let indexing = self.indexing();
        let capturing = self.capturing > 0;
        if raw.is_empty() || !(indexing || capturing) {
            return;
        }
        let decoded = if raw.contains('&') {
            std::borrow::Cow::Owned(html::decode(raw))
        } else {
            std::borrow::Cow::Borrowed(raw)
        };
        if indexing {
            push_collapsed(&mut self.record.text, &decoded);
        }
        if capturing {
            push_collapsed(&mut self.all, &decoded);
        }
    }

    /// A start tag: opened and tracked, unless it is a script or style (not text) or comes
    /// before anything the index wants.
    fn start(&mut self, name: &'h str, attrs: &str) {
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            return;
        }
        // Until the first element carrying one of our attributes nothing is indexed or captured
        // (none of its ancestors is marked, or its attribute would have come first): the tags
        // before it (head, header, navigation) are stepped over, not tracked.
        if !self.started {
            if !attrs.contains(ANY) {
                return;
            }
            self.started = true;
        }
        self.open(name, attrs);
    }

    fn open(&mut self, name: &'h str, attrs: &str) {
        // Attributes are read only when one of ours is there: most tags have none.
        let attrs = if attrs.contains(ANY) {
            html::attributes(attrs)
        } else {
            Vec::new()
        };
        let parent_body = self.stack.last().is_some_and(|o| o.in_body);
        let parent_ignored = self.stack.last().is_some_and(|o| o.ignored);
        // The site's own tags are lowercase: no allocation unless one is not.
        let lower = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(name.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(name)
        };
        let mut open = Open {
            breaks: breaks_words(&lower),
            in_body: parent_body || attrs.iter().any(|(k, _)| k == BODY) || (self.whole_body && lower == "body"),
            ignored: parent_ignored || attrs.iter().any(|(k, _)| k == IGNORE),
            capture: Vec::new(),
            name,
        };
        for (key, value) in &attrs {
            let is_filter = key == FILTER;
            if !is_filter && key != META {
                continue;
            }
            match value.split_once(':') {
                Some((k, v)) => self.set(k.trim(), v.trim(), is_filter),
                None => open.capture.push((value.trim().to_string(), is_filter, self.all.len())),
            }
        }
        if open.breaks {
            self.space();
        }
        if is_void(&lower) {
            for (key, is_filter, _) in open.capture {
                self.set(&key, "", is_filter);
            }
            return;
        }
        self.capturing += usize::from(!open.capture.is_empty());
        self.bodies += usize::from(open.in_body && !parent_body);
        self.stack.push(open);
    }

    fn close(&mut self, name: &str) {
        // A stray end tag closes nothing; a missing one is closed by its parent's.
        let Some(k) = self.stack.iter().rposition(|o| o.name.eq_ignore_ascii_case(name)) else {
            return;
        };
        while self.stack.len() > k {
            let open = self.stack.pop().expect("k < len");
            let parent_body = self.stack.last().is_some_and(|o| o.in_body);
            self.bodies -= usize::from(open.in_body && !parent_body);
            self.capturing -= usize::from(!open.capture.is_empty());
            for (key, is_filter, from) in open.capture {
                let value = self.all[from.min(self.all.len())..].trim().to_string();
                self.set(&key, &value, is_filter);
            }
            if ends_block(open.name) {
                self.block_end();
            } else if open.breaks {
                self.space();
            }
        }
        if self.capturing == 0 {
            self.all.clear();
        }
    }

    fn set(&mut self, key: &str, value: &str, is_filter: bool) {
        if key.is_empty() {
            return;
        }
        if is_filter {
            if !value.is_empty() {
                let values = self.record.filters.entry(key.to_string()).or_default();
                if !values.iter().any(|v| v == value) {
                    values.push(value.to_string());
                }
            }
        } else {
            self.record
                .meta
                .entry(key.to_string())
                .or_insert_with(|| value.to_string());
        }
    }
}

/// Appends `text` to `out` with every run of whitespace as one space, and none at the start.
fn push_collapsed(out: &mut String, text: &str) {
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    if text.starts_with(char::is_whitespace) {
        space(out);
    }
    let mut words = text.split_whitespace();
    if let Some(first) = words.next() {
        out.push_str(first);
        for w in words {
            out.push(' ');
            out.push_str(w);
        }
    }
    if text.ends_with(char::is_whitespace) {
        space(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><title>T</title><script>var x = "<p data-search-body>";</script></head>
<body><nav>Menu words</nav><article data-search-body>
<p class="eyebrow" data-search-ignore><span data-search-filter="kind" data-search-meta="kind">Recommendation</span> <span data-search-meta="id">3.1.2</span></p>
<span hidden data-search-filter="strategy:Strategy (3): Grow"></span>
<h1 data-search-meta="title">To optimise the <em>listing</em> regime</h1>
<p>Text with 2021<sup><a href="x">5</a></sup> &amp; “quotes” &lt;b&gt;</p><!-- a <p> comment -->
<dl><dt data-search-ignore>Acronym</dt><dd data-search-meta="acronym">ITVF</dd></dl>
</article><footer>Footer words</footer></body></html>"#;

    #[test]
    fn reads_body_text_metadata_and_filters() {
        let r = extract("/r/".into(), PAGE, false);
        assert_eq!(
            r.text,
            "To optimise the listing regime · Text with 2021 5 & “quotes” <b> ITVF"
        );
        assert_eq!(r.meta.get("kind").unwrap(), "Recommendation");
        assert_eq!(r.meta.get("id").unwrap(), "3.1.2");
        assert_eq!(r.meta.get("title").unwrap(), "To optimise the listing regime");
        assert_eq!(r.meta.get("acronym").unwrap(), "ITVF");
        assert_eq!(*r.filters.get("kind").unwrap(), ["Recommendation"]);
        assert_eq!(*r.filters.get("strategy").unwrap(), ["Strategy (3): Grow"]);
    }

    #[test]
    fn whole_body_when_no_page_marks_one() {
        let r = extract(
            "/".into(),
            "<html><body><p>a<br>b</p><script>no</script></body></html>",
            true,
        );
        assert_eq!(r.text, "a b");
    }

    #[test]
    fn broken_html_never_panics() {
        for html in [
            "<",
            "<p",
            "<p data-search-body>x</q></p>",
            "</>",
            "<a b='c>",
            "&#xffffffff; &#0; &",
            "<p data-search-body>é&#233;<",
        ] {
            let _ = extract("/".into(), html, true);
        }
    }
}
