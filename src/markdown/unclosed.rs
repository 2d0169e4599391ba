//! Raw HTML that would swallow the rest of a page: a `<!--` never ended, or a `<style>`,
//! `<textarea>`, `<template>`, … never closed. A browser (`raw_html: trust`) or the sanitiser
//! (`sanitize`, which removes these elements with their content) would then drop everything
//! after it without a word, so each one is reported where it opens.
//!
//! Only raw HTML can close them: text and code are escaped, so a `</style>` written in a code
//! span closes nothing. The scan therefore reads the raw HTML pieces of the body in order.

use pulldown_cmark::Event;
use std::ops::Range;

/// Elements read as text up to their end tag, which nothing inside can hide: raw text and RCDATA
/// elements (`noscript` too, as browsers read it with scripting on). A browser shows none of
/// their content as the page's text; the sanitiser removes them with it.
const RAW_TEXT: &[&str] = &[
    "script", "style", "iframe", "noembed", "noframes", "noscript", "textarea", "title", "xmp",
];

/// Elements parsed as usual whose content is lost all the same (the sanitiser removes them with
/// it; a browser never shows `template` content, and reads SVG and MathML by other rules): they
/// nest, and a raw text element inside one can hide its end tag. Void elements (`embed`,
/// `frame`) have no content to lose.
const PARSED: &[&str] = &["template", "svg", "math", "select", "object", "applet", "frameset"];

/// What never ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// `<!--`, read up to `-->`.
    Comment,
    /// `<?`, `<!` or `</` not starting a tag, or `<![CDATA[`: read as a comment up to the next `>`.
    Markup(&'static str),
    /// An element, by name (`plaintext` can never be closed).
    Element(&'static str),
}

/// One opening that never ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed {
    /// The opening in the body's source: `<!--`, `<?` … or `<name`.
    pub range: Range<usize>,
    pub what: Opening,
}

/// A position in the raw HTML pieces: (piece, byte in it).
type At = (usize, usize);

/// The first unclosed opening among the body's raw HTML events, located in `src`: everything
/// after it is lost, so one report says it. The pieces are read in order as one stream (what the
/// renderer writes between them is escaped text and its own tags, which close nothing), the way
/// browsers tokenize HTML: comments, raw text elements (script's `<!--<script>` nesting too) and
/// markup read to `>` are skipped as a whole, and elements in `PARSED` are counted open and closed.
pub fn find(src: &str, events: &[(Event, Range<usize>)]) -> Vec<Unclosed> {
    let pieces: Vec<(&str, usize)> = events
        .iter()
        .filter_map(|(e, range)| match e {
            Event::Html(h) | Event::InlineHtml(h) => Some((h.as_ref(), source_start(src, h, range))),
            _ => None,
        })
        .collect();
    let unclosed = |(p, i): At, len: usize, what: Opening| {
        let from = pieces[p].1 + i;
        vec![Unclosed {
            range: from..(from + len).min(src.len()),
            what,
        }]
    };
    // Elements of PARSED still open: where each opened, its name.
    let mut open: Vec<(At, &'static str)> = Vec::new();
    let mut at = (0, 0);
    while let Some(((p, i), token)) = next_token(&pieces, at) {
        let text = &pieces[p].0[i..];
        let foreign = open.last().is_some_and(|(_, n)| matches!(*n, "svg" | "math"));
        let (len, what, end) = match token {
            Token::Comment => (4, Opening::Comment, find_from(&pieces, (p, i + 4), comment_end)),
            Token::Markup("<![CDATA[") if foreign => {
                let ends = |s: &str| s.find("]]>").map(|j| j + 3);
                (9, Opening::Markup("<![CDATA["), find_from(&pieces, (p, i + 9), ends))
            }
            Token::Markup(m) => {
                let ends = |s: &str| s.find('>').map(|j| j + 1);
                (m.len(), Opening::Markup(m), find_from(&pieces, (p, i + m.len()), ends))
            }
            Token::Start("plaintext") => (10, Opening::Element("plaintext"), None),
            Token::Start(name) if RAW_TEXT.contains(&name) && !foreign => {
                let from = (p, i + tag_end(text).unwrap_or(name.len() + 1));
                let end = find_from(&pieces, from, |s| raw_text_end(s, name));
                (name.len() + 1, Opening::Element(name), end)
            }
            Token::Start(name) => {
                if PARSED.contains(&name) {
                    open.push(((p, i), name));
                }
                at = (p, i + tag_end(text).unwrap_or(name.len() + 1));
                continue;
            }
            Token::End(name) => {
                if let Some(k) = open.iter().rposition(|(_, n)| *n == name) {
                    open.truncate(k);
                }
                at = (p, i + name.len() + 2);
                continue;
            }
        };
        match end {
            Some(next) => at = next,
            None => return unclosed((p, i), len, what),
        }
    }
    // The outermost element left open takes the rest with it.
    match open.first() {
        Some(&(start, name)) => unclosed(start, name.len() + 1, Opening::Element(name)),
        None => Vec::new(),
    }
}

/// What a `<` starts, among what matters here.
enum Token {
    Comment,
    Markup(&'static str),
    /// A start tag of an element in `RAW_TEXT`, `PARSED` or `plaintext`.
    Start(&'static str),
    /// An end tag of an element in `PARSED`.
    End(&'static str),
}

/// The next token that matters at or after `at`.
fn next_token(pieces: &[(&str, usize)], at: At) -> Option<(At, Token)> {
    (at.0..pieces.len()).find_map(|p| {
        let from = if p == at.0 { at.1 } else { 0 };
        let text = pieces[p].0.get(from..)?;
        let mut search = 0;
        while let Some(i) = text[search..].find('<') {
            let i = search + i;
            if let Some(token) = token(&text[i + 1..]) {
                return Some(((p, from + i), token));
            }
            // Any other start tag is passed whole: its attribute values may hold `<!--` as text.
            let tag = text[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic());
            search = i + if tag { tag_end(&text[i..]).unwrap_or(1) } else { 1 };
        }
        None
    })
}

/// The token that `rest`, just after a `<`, starts, if it matters.
fn token(rest: &str) -> Option<Token> {
    let named = |names: &[&'static str], s: &str| names.iter().find(|n| tag_named(s, n)).copied();
    if rest.starts_with("!--") {
        Some(Token::Comment)
    } else if rest.starts_with("![CDATA[") {
        Some(Token::Markup("<![CDATA["))
    } else if rest.starts_with('!') {
        Some(Token::Markup("<!"))
    } else if rest.starts_with('?') {
        Some(Token::Markup("<?"))
    } else if let Some(end) = rest.strip_prefix('/') {
        match end.chars().next() {
            Some(c) if c.is_ascii_alphabetic() => named(PARSED, end).map(Token::End),
            // `</>` is dropped; `</` then anything else is read to the next `>`.
            Some('>') | None => None,
            Some(_) => Some(Token::Markup("</")),
        }
    } else {
        named(RAW_TEXT, rest)
            .or_else(|| named(PARSED, rest))
            .or_else(|| named(&["plaintext"], rest))
            .map(Token::Start)
    }
}

/// Where a comment's text `s` (after `<!--`) ends: `<!-->` and `<!--->` end at once, others at
/// `-->` or `--!>`.
fn comment_end(s: &str) -> Option<usize> {
    if s.starts_with('>') {
        return Some(1);
    }
    if s.starts_with("->") {
        return Some(2);
    }
    let ends = [s.find("-->").map(|i| i + 3), s.find("--!>").map(|i| i + 4)];
    ends.into_iter().flatten().min()
}

/// The byte just after the `>` that ends the tag starting `s` (at its `<`), read as browsers do:
/// a `>` in a quoted attribute value does not end it.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    let mut after_equals = false;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '>') => return Some(i + 1),
            (None, '"' | '\'') if after_equals => quote = Some(c),
            _ => {}
        }
        if quote.is_none() && !c.is_ascii_whitespace() {
            after_equals = c == '=';
        }
    }
    None
}

/// Where the content of the raw text element `name` ends in `s`: the byte after `</name`. In a
/// script, after `<!--` a `<script` nests and the next `</script` only ends that, until `-->`
/// (the HTML standard's "script data escaped" states), so a closing tag there closes nothing.
fn raw_text_end(s: &str, name: &str) -> Option<usize> {
    let at = |i: usize, prefix: &str| {
        s.get(i..)
            .and_then(|r| r.strip_prefix(prefix))
            .is_some_and(|r| tag_named(r, name))
    };
    let end = |i: usize| Some(i + 2 + name.len());
    if name != "script" {
        return s
            .match_indices("</")
            .map(|(i, _)| i)
            .find(|&i| at(i, "</"))
            .and_then(end);
    }
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    for (i, _) in s.char_indices() {
        let rest = &s[i..];
        state = match state {
            State::Data if rest.starts_with("<!--") => State::Escaped,
            State::Data | State::Escaped if at(i, "</") => return end(i),
            // Read from the `<!--`'s dashes on, `<!-->` ends the escape it starts, as it should.
            State::Escaped | State::DoubleEscaped if rest.starts_with("-->") => State::Data,
            State::Escaped if at(i, "<") => State::DoubleEscaped,
            State::DoubleEscaped if at(i, "</") => State::Escaped,
            other => other,
        };
    }
    None
}

/// Where the event's text starts in `src`: its range's start, or where it is found in that
/// range when container markers (`> ` of a quote) were stripped from it.
fn source_start(src: &str, html: &str, range: &Range<usize>) -> usize {
    let within = src.get(range.clone()).unwrap_or("");
    let first_line = html.lines().next().unwrap_or("");
    range.start + within.find(first_line).unwrap_or(0)
}

/// Whether `rest` (after a `<` or `</`) starts with `name` as a whole tag name, in any case.
fn tag_named(rest: &str, name: &str) -> bool {
    rest.get(..name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name))
        && rest[name.len()..]
            .chars()
            .next()
            .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
}

/// The first place `closes` finds in the pieces from `at` on, as (piece, byte after the close).
fn find_from(pieces: &[(&str, usize)], at: At, closes: impl Fn(&str) -> Option<usize>) -> Option<At> {
    (at.0..pieces.len()).find_map(|p| {
        let from = if p == at.0 { at.1 } else { 0 };
        let end = closes(pieces[p].0.get(from..)?)?;
        Some((p, from + end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn unclosed(src: &str) -> Vec<(String, Opening)> {
        let events: Vec<_> = Parser::new(src).into_offset_iter().collect();
        find(src, &events)
            .into_iter()
            .map(|u| (src[u.range].to_string(), u.what))
            .collect()
    }

    #[test]
    fn finds_openings_never_closed() {
        use Opening::*;
        for (src, tag, what) in [
            ("a\n\n<!-- draft\n\nb\n", "<!--", Comment),
            ("a <style>p{}\n\nb\n", "<style", Element("style")),
            ("a <TEXTAREA rows=2>\n\nb\n", "<TEXTAREA", Element("textarea")),
            ("<xmp>\n\nb\n", "<xmp", Element("xmp")),
            ("a <noscript>x\n\nb\n", "<noscript", Element("noscript")),
            ("a <title/>x\n\nb\n", "<title", Element("title")),
            ("<template>\n\nb\n", "<template", Element("template")),
            ("a <style>x</style> <style>\n\nb\n", "<style", Element("style")),
            ("<plaintext>\n\nb\n", "<plaintext", Element("plaintext")),
            // Found by fuzzing: each closes as a text search sees it, not as a browser reads it.
            ("<script><!--<script></script>\n\nb\n", "<script", Element("script")),
            ("<template><style></template>\n\nb\n", "<style", Element("style")),
            (
                "<template><template></template>\n\nb\n",
                "<template",
                Element("template"),
            ),
            ("<![CDATA[ x\n\nb\n", "<![CDATA[", Markup("<![CDATA[")),
            ("<?php echo 1\n\nb\n", "<?", Markup("<?")),
            ("<!DOCTYPE x\n\nb\n", "<!", Markup("<!")),
        ] {
            assert_eq!(unclosed(src), vec![(tag.to_string(), what)], "{src:?}");
        }
    }

    #[test]
    fn closed_or_escaped_openings_pass() {
        for src in [
            "<!-- note -->\n\nb\n",
            "<!-->\n\nb\n",
            "<!-- a --!>\n\nb\n",
            "a <style>p{}</style> b\n",
            "<template>\n\nx\n\n</template>\n",
            "<template><template></template></template>\n",
            "<script><!--<script></script></script>\n",
            "<script><!-- x --></script>\n",
            "<script><!--></script>\n",
            "<svg><style></svg>\n",
            "<div title=\"<!--\">x</div>\n",
            "<!DOCTYPE html>\n",
            "<?php\necho 1;\n?>\n",
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
