//! What a Markdown link or image destination names: an item (`strategy:3#intro`), a reference
//! (`ref:5`), an anchor on the same page, a file under `static/` (`/images/chart.png`), another
//! site, or something the site cannot publish (a relative path, an unknown kind, a script URL).

use crate::model::{ItemRef, Plan};

/// Where a body links to, with its byte range in the body for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    Item(ItemRef, Option<String>),
    Reference(u32),
    SamePage(String),
    /// Another site (`https:`, `mailto:`, `tel:`, `//host/…`): passed through unchecked.
    External(String),
    /// A root-relative path: a file under `static/`, percent-decoded, without the leading `/`,
    /// query or fragment (`/files/a%20b.pdf#page=3` → `files/a b.pdf`).
    File(String),
    /// A relative path (`images/chart.png`, `../x.pdf`): it would resolve against each page's
    /// own address, so it is refused.
    Relative(String),
    /// An image whose source is not a file of the site: another site's, which the site's
    /// Content Security Policy blocks, or no file at all (`strategy:3`, `#x`).
    ImageSource(String),
    UnknownKind(String),
    Unsafe(String),
}

/// Classifies a link's destination as written in Markdown.
pub fn classify(plan: &Plan, dest: &str) -> LinkTarget {
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::SamePage(anchor.to_string());
    }
    if is_unsafe_url(dest) {
        return LinkTarget::Unsafe(dest.to_string());
    }
    if dest.starts_with("//") {
        return LinkTarget::External(dest.to_string());
    }
    if let Some(path) = dest.strip_prefix('/') {
        let path = path.split(['?', '#']).next().unwrap_or("");
        return LinkTarget::File(percent_decode(path));
    }
    let Some((scheme, rest)) = split_scheme(dest) else {
        return if dest.is_empty() {
            LinkTarget::SamePage(String::new())
        } else {
            LinkTarget::Relative(dest.to_string())
        };
    };
    if scheme == "ref" {
        return match rest.parse() {
            Ok(n) => LinkTarget::Reference(n),
            Err(_) => LinkTarget::UnknownKind(dest.to_string()),
        };
    }
    if matches!(scheme, "http" | "https" | "mailto" | "tel") {
        return LinkTarget::External(dest.to_string());
    }
    match plan.kind(scheme) {
        Some(kind) => {
            let (id, anchor) = match rest.split_once('#') {
                Some((id, a)) => (id, Some(a.to_string())),
                None => (rest, None),
            };
            LinkTarget::Item(ItemRef::new(kind, id), anchor)
        }
        None => LinkTarget::UnknownKind(dest.to_string()),
    }
}

/// Script and data URLs, which run code or smuggle in a document when followed: no content may
/// link to one. Compared as browsers parse URLs (WHATWG URL standard): leading and trailing
/// controls and spaces trimmed, tabs and newlines anywhere dropped, so `java\tscript:` counts.
pub fn is_unsafe_url(url: &str) -> bool {
    let scheme: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
}

/// What an image's source names: only files of the site can be shown.
pub fn classify_image(plan: &Plan, dest: &str) -> LinkTarget {
    match classify(plan, dest) {
        t @ (LinkTarget::File(_) | LinkTarget::Relative(_) | LinkTarget::Unsafe(_)) => t,
        _ => LinkTarget::ImageSource(dest.to_string()),
    }
}

/// `scheme:rest` when `dest` starts with a URL scheme (a letter, then letters, digits, `+-.`).
fn split_scheme(dest: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = dest.split_once(':')?;
    let ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then_some((scheme, rest))
}

/// Decodes `%XX` escapes; anything else, including a malformed escape, stays as written.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |j: usize| b.get(j).and_then(|&c| (c as char).to_digit(16));
        if let (b'%', Some(h), Some(l)) = (b[i], hex(i + 1), hex(i + 2)) {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::plan;

    #[test]
    fn classifies_destinations() {
        assert_eq!(
            classify(&plan(), "/images/chart.png"),
            LinkTarget::File("images/chart.png".into())
        );
        assert_eq!(
            classify(&plan(), "/files/a%20b.pdf?x=1#page=3"),
            LinkTarget::File("files/a b.pdf".into())
        );
        assert_eq!(
            classify(&plan(), "/files/a:b.pdf"),
            LinkTarget::File("files/a:b.pdf".into())
        );
        assert_eq!(
            classify(&plan(), "images/chart.png"),
            LinkTarget::Relative("images/chart.png".into())
        );
        assert_eq!(classify(&plan(), "../x.pdf"), LinkTarget::Relative("../x.pdf".into()));
        assert_eq!(
            classify(&plan(), "images/a:b.png"),
            LinkTarget::Relative("images/a:b.png".into())
        );
        assert_eq!(
            classify(&plan(), "https://x.org/"),
            LinkTarget::External("https://x.org/".into())
        );
        assert_eq!(
            classify(&plan(), "//x.org/a.png"),
            LinkTarget::External("//x.org/a.png".into())
        );
        assert_eq!(classify(&plan(), ""), LinkTarget::SamePage(String::new()));
        assert_eq!(
            classify(&plan(), "JaVaScRiPt:alert(1)"),
            LinkTarget::Unsafe("JaVaScRiPt:alert(1)".into())
        );
        assert_eq!(
            classify(&plan(), "initiatve:x"),
            LinkTarget::UnknownKind("initiatve:x".into())
        );
        assert_eq!(
            classify(&plan(), "strategy:3#intro"),
            LinkTarget::Item(
                ItemRef::new(plan().kind("strategy").unwrap(), "3"),
                Some("intro".into())
            )
        );
    }

    #[test]
    fn images_come_from_static_files_only() {
        assert_eq!(classify_image(&plan(), "/a.png"), LinkTarget::File("a.png".into()));
        for dest in ["https://x.org/a.png", "strategy:3", "#x", "", "ref:1"] {
            assert_eq!(
                classify_image(&plan(), dest),
                LinkTarget::ImageSource(dest.into()),
                "{dest}"
            );
        }
        assert!(matches!(
            classify_image(&plan(), "data:image/png;base64,x"),
            LinkTarget::Unsafe(_)
        ));
    }
}
