//! Raw HTML that would swallow the rest of a page: a `<!--` never ended, or a `<style>`,
//! `<textarea>`, `<template>`, … never closed. A browser (`raw_html: trust`) or the sanitiser
//! (`sanitize`, which removes these elements with their content) would then drop everything
//! after it without a word, so each one is reported where it opens.
//!
//! Only raw HTML can close them: text and code are escaped, so a `</style>` written in a code
//! span closes nothing. The scan therefore reads the raw HTML pieces of the body in order.

use pulldown_cmark::Event;
use std::ops::Range;

/// Elements whose content is lost up to their end tag: raw text and RCDATA elements (the
/// parser reads them as text up to `</name`), and those the sanitiser removes with their
/// content. Void elements (`embed`, `frame`) have no content to lose.
const SWALLOWING: &[&str] = &[
    "script", "style", "iframe", "frameset", "object", "applet", "noscript", "noembed", "noframes", "template", "svg",
    "math", "textarea", "select", "title", "xmp",
];

/// What never ends: `<!--`, or an element's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed {
    /// The opening in the body's source: `<!--` or `<name`.
    pub range: Range<usize>,
    /// `None` for a comment.
    pub element: Option<&'static str>,
}

/// Every unclosed opening among the body's raw HTML events, each located in `src`.
pub fn find(src: &str, events: &[(Event, Range<usize>)]) -> Vec<Unclosed> {
    let pieces: Vec<(&str, usize)> = events
        .iter()
        .filter_map(|(e, range)| match e {
            Event::Html(h) | Event::InlineHtml(h) => Some((h.as_ref(), source_start(src, h, range))),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    let (mut piece, mut at) = (0, 0);
    while let Some((p, start, opening)) = next_opening(&pieces, piece, at) {
        let len = opening.map_or(4, |name| name.len() + 1);
        let close = match opening {
            None => find_from(&pieces, p, start + 4, |s| s.find("-->").map(|i| i + 3)),
            Some(name) => find_from(&pieces, p, start + len, |s| end_tag(s, name)),
        };
        match close {
            Some((q, end)) => (piece, at) = (q, end),
            None => {
                let from = pieces[p].1 + start;
                found.push(Unclosed {
                    range: from..(from + len).min(src.len()),
                    element: opening,
                });
                // The rest is swallowed anyway: one report says it.
                break;
            }
        }
    }
    found
}

/// Where the event's text starts in `src`: its range's start, or where it is found in that
/// range when container markers (`> ` of a quote) were stripped from it.
fn source_start(src: &str, html: &str, range: &Range<usize>) -> usize {
    let within = src.get(range.clone()).unwrap_or("");
    let first_line = html.lines().next().unwrap_or("");
    range.start + within.find(first_line).unwrap_or(0)
}

/// The next `<!--` or swallowing start tag at or after byte `at` of piece `piece`.
fn next_opening(pieces: &[(&str, usize)], piece: usize, at: usize) -> Option<(usize, usize, Option<&'static str>)> {
    (piece..pieces.len()).find_map(|p| {
        let from = if p == piece { at } else { 0 };
        let text = pieces[p].0.get(from..)?;
        let mut search = 0;
        while let Some(i) = text[search..].find('<') {
            let i = search + i;
            let rest = &text[i + 1..];
            if rest.starts_with("!--") {
                return Some((p, from + i, None));
            }
            if let Some(name) = SWALLOWING.iter().find(|n| tag_named(rest, n)) {
                return Some((p, from + i, Some(*name)));
            }
            search = i + 1;
        }
        None
    })
}

/// Whether `rest` (after a `<`) starts with `name` as a whole tag name, in any case.
fn tag_named(rest: &str, name: &str) -> bool {
    rest.get(..name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name))
        && rest[name.len()..]
            .chars()
            .next()
            .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
}

/// The byte just after `</name` in `s`, in any case.
fn end_tag(s: &str, name: &str) -> Option<usize> {
    let mut search = 0;
    while let Some(i) = s[search..].find("</") {
        let i = search + i;
        if tag_named(&s[i + 2..], name) {
            return Some(i + 2 + name.len());
        }
        search = i + 2;
    }
    None
}

/// The first place `closes` finds in the pieces from byte `at` of piece `piece` on, as (piece,
/// byte after the close).
fn find_from(
    pieces: &[(&str, usize)],
    piece: usize,
    at: usize,
    closes: impl Fn(&str) -> Option<usize>,
) -> Option<(usize, usize)> {
    (piece..pieces.len()).find_map(|p| {
        let from = if p == piece { at } else { 0 };
        let end = closes(pieces[p].0.get(from..)?)?;
        Some((p, from + end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn unclosed(src: &str) -> Vec<(String, Option<&'static str>)> {
        let events: Vec<_> = Parser::new(src).into_offset_iter().collect();
        find(src, &events)
            .into_iter()
            .map(|u| (src[u.range].to_string(), u.element))
            .collect()
    }

    #[test]
    fn finds_openings_never_closed() {
        for (src, tag, element) in [
            ("a\n\n<!-- draft\n\nb\n", "<!--", None),
            ("a <style>p{}\n\nb\n", "<style", Some("style")),
            ("a <TEXTAREA rows=2>\n\nb\n", "<TEXTAREA", Some("textarea")),
            ("<xmp>\n\nb\n", "<xmp", Some("xmp")),
            ("a <noscript>x\n\nb\n", "<noscript", Some("noscript")),
            ("a <title/>x\n\nb\n", "<title", Some("title")),
            ("<template>\n\nb\n", "<template", Some("template")),
            ("a <style>x</style> <style>\n\nb\n", "<style", Some("style")),
        ] {
            assert_eq!(unclosed(src), vec![(tag.to_string(), element)], "{src:?}");
        }
    }

    #[test]
    fn closed_or_escaped_openings_pass() {
        for src in [
            "<!-- note -->\n\nb\n",
            "a <style>p{}</style> b\n",
            "<template>\n\nx\n\n</template>\n",
            "a <titles> b\n",
            "`<style>` in code\n",
            "    <style>\n",
            "a <abbr title=\"x\">b</abbr>\n",
        ] {
            assert_eq!(unclosed(src), vec![], "{src:?}");
        }
        // A close written as code is text, not a tag: the element stays open.
        assert_eq!(unclosed("a <xmp> b `</xmp>`\n").len(), 1);
    }
}
