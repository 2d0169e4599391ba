//! Cutting a page down to what pagefind indexes before handing it over. pagefind parses the
//! whole page but, once a page has `data-pagefind-body` elements, indexes only those; parsing is
//! most of the indexing time and one page at a time (the API holds a lock while it parses), and
//! the body elements are about a quarter of an item page (the rest is the head, header, related
//! links and footer). So each page is cut, in parallel, to its `<html>` tag (for the language),
//! its `<title>` and its body elements.
//!
//! The cut must not change what pagefind records. A page keeps its whole HTML when anything
//! outside the body elements could matter to pagefind — a `data-pagefind-*` attribute (metadata
//! and filters may sit anywhere) or an `<h1>` (its fallback title) — or when the body elements
//! cannot be delimited by the simple scan here.

const BODY: &str = "data-pagefind-body";

/// The page cut to what pagefind indexes, or `None` to hand over the whole page.
pub fn trim(html: &str) -> Option<String> {
    let bodies = body_ranges(html)?;
    let mut outside = 0;
    for r in &bodies {
        if matters(&html[outside..r.start]) {
            return None;
        }
        outside = r.end;
    }
    if matters(&html[outside..]) {
        return None;
    }
    let mut page = String::with_capacity(bodies.iter().map(|r| r.len()).sum::<usize>() + 256);
    page.push_str(html_tag(html)?);
    if let Some(title) = element(html, "title") {
        page.push_str("<head>");
        page.push_str(title);
        page.push_str("</head>");
    }
    page.push_str("<body>");
    for r in bodies {
        page.push_str(&html[r]);
        page.push('\n');
    }
    page.push_str("</body></html>");
    Some(page)
}

/// Whether text outside the body elements holds something pagefind would record.
fn matters(outside: &str) -> bool {
    outside.contains("data-pagefind-") || outside.contains("<h1")
}

/// The byte ranges of the elements carrying `data-pagefind-body`, in order, outermost only.
fn body_ranges(html: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(BODY) {
        let at = from + i;
        // The attribute must be inside a start tag: a `<` before it with no `>` between.
        let start = html[..at].rfind('<')?;
        if html[start..at].contains('>') || html[start + 1..].starts_with('/') {
            return None;
        }
        let name: String = html[start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            return None;
        }
        let end = matching_end(html, start, &name)?;
        ranges.push(start..end);
        from = end;
    }
    (!ranges.is_empty()).then_some(ranges)
}

/// The end (after `>`) of the element of tag `name` starting at `start`, counting nested
/// elements of the same name.
fn matching_end(html: &str, start: usize, name: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut pos = start;
    while let Some(i) = html[pos..].find('<') {
        let tag = pos + i;
        let rest = &html[tag + 1..];
        let (closing, rest) = match rest.strip_prefix('/') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let same = rest.len() > name.len()
            && rest.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && !rest.as_bytes()[name.len()].is_ascii_alphanumeric();
        let close = tag + html[tag..].find('>')? + 1;
        if same && closing {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(close);
            }
        } else if same && !html[tag..close].ends_with("/>") {
            depth += 1;
        }
        pos = close;
    }
    None
}

/// The `<html …>` start tag.
fn html_tag(html: &str) -> Option<&str> {
    let start = html.find("<html")?;
    let end = start + html[start..].find('>')? + 1;
    Some(&html[start..end])
}

/// The first element of tag `name` (no nesting), whole.
fn element<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!("<{name}"))?;
    let close = format!("</{name}>");
    let end = start + html[start..].find(&close)? + close.len();
    Some(&html[start..end])
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn keeps_the_html_tag_title_and_body_elements() {
        let page = r#"<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><title>T</title></head>
<body><nav><a href="/">Home</a></nav><main><article class="a" data-pagefind-body><article>nested</article><p>x</p></article>
<aside>links</aside></main><footer>f</footer></body></html>"#;
        assert_eq!(
            trim(page).as_deref(),
            Some(
                r#"<html lang="zh-Hant"><head><title>T</title></head><body><article class="a" data-pagefind-body><article>nested</article><p>x</p></article>
</body></html>"#
            )
        );
    }

    #[test]
    fn several_body_elements_are_kept_in_order() {
        let page = r#"<html><body><header data-pagefind-body><h1>R</h1></header><p>no</p><ol data-pagefind-body><li>a</li></ol></body></html>"#;
        let cut = trim(page).unwrap();
        assert!(cut.contains("<header data-pagefind-body><h1>R</h1></header>\n<ol data-pagefind-body><li>a</li></ol>"));
        assert!(!cut.contains("no"));
    }

    #[test]
    fn whole_page_when_something_outside_could_matter() {
        for page in [
            // Metadata or a filter outside the body.
            r#"<html><head><meta data-pagefind-meta="image[content]" content="x"></head><body><div data-pagefind-body>b</div></body></html>"#,
            r#"<html><body><div data-pagefind-body>b</div><span data-pagefind-filter="k:v"></span></body></html>"#,
            // An <h1> outside: pagefind's fallback title.
            r#"<html><body><h1>T</h1><div data-pagefind-body>b</div></body></html>"#,
            // No body element, or one that does not close.
            r#"<html><body><div>b</div></body></html>"#,
            r#"<html><body><div data-pagefind-body>b</body></html>"#,
            // The marker as text, not as an attribute.
            r#"<html><body><p>write data-pagefind-body on it</p></body></html>"#,
        ] {
            assert_eq!(trim(page), None, "{page}");
        }
    }
}
