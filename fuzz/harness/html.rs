//! What the harness checks in pages, written independently of the library: that content adds no
//! behaviour (`assert_inert`), and which text a browser shows (`visible_text`), to tell when raw
//! HTML swallowed what was written after it.

/// Content must never add behaviour to a page, whatever it contains (raw HTML is escaped unless
/// the site trusts it): no script but the theme's, no event-handler attribute, no script URL.
/// `urls`: also check URLs (a Markdown fragment keeps an unsafe image URL for `resolve` to
/// reject, so a fragment with an unsafe link is let through).
pub fn assert_inert(html: &str, theme_scripts: &[String], urls: bool) {
    for tag in tags(html) {
        let lower = tag.to_ascii_lowercase();
        let name_end = lower
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(lower.len());
        let (name, attrs) = lower.split_at(name_end);
        // A JSON-LD block is data, never run; its text cannot end it early (`publish::jsonld`
        // escapes `<`), or the tags after it would show here.
        let data_block = tag == "script type=\"application/ld+json\"";
        assert!(
            name != "script" || data_block || theme_scripts.iter().any(|s| s == tag),
            "content put a script on a page: <{tag}>"
        );
        for (attr, value) in attributes(attrs) {
            assert!(
                !attr.starts_with("on"),
                "content put an event handler on a page: <{tag}>"
            );
            // Attributes browsers follow or load as URLs (an `id` may read `vbscript:` harmlessly).
            let is_url = [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "poster",
                "data",
                "cite",
            ]
            .contains(&attr);
            let scripted = ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| as_browsers_read(value).starts_with(s));
            assert!(
                !(urls && is_url && scripted),
                "content put a script URL on a page: <{tag}>"
            );
        }
    }
}

/// An attribute value as a browser takes it for a URL (written here independently of the
/// library's own check): character references for tabs and newlines decoded, then (WHATWG URL
/// standard) leading controls and spaces trimmed, tabs and newlines dropped, lowercase.
fn as_browsers_read(value: &str) -> String {
    let mut v = value.to_string();
    for (entity, c) in [
        ("&#9;", "\t"),
        ("&#x9;", "\t"),
        ("&#10;", "\n"),
        ("&#xa;", "\n"),
        ("&#13;", "\r"),
        ("&#xd;", "\r"),
        ("&tab;", "\t"),
        ("&newline;", "\n"),
    ] {
        v = v.replace(entity, c);
    }
    let v = v.trim_start_matches(|c: char| c <= ' ');
    v.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The real tags of an HTML page, without `<` and `>`: escaped text (`&lt;`) never starts one.
/// Comments, closing tags and the doctype are skipped.
fn tags(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |j| &comment[j + 3..]);
            continue;
        }
        let mut quote = None;
        let end = rest
            .char_indices()
            .find(|&(_, c)| match quote {
                Some(q) if c == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    false
                }
                None => c == '>',
            })
            .map_or(rest.len(), |(j, _)| j);
        if !rest.starts_with(['/', '!']) {
            found.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    found
}

/// `name="value"` pairs of a tag's attribute text (values quoted or bare).
fn attributes(mut s: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if s.is_empty() {
            return found;
        }
        let name_end = s
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = &s[..name_end];
        s = s[name_end..].trim_start();
        let Some(after) = s.strip_prefix('=') else {
            found.push((name, ""));
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let close = body.find(q).unwrap_or(body.len());
                (&body[..close], body.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(|c: char| c.is_ascii_whitespace()).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        found.push((name, value));
        s = next;
    }
}

/// Raw text elements (read as text up to `</name`, `noscript` too since scripting is on) and
/// RCDATA ones (`textarea`, `title`): none of their content is the page's text.
const RAW_TEXT: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];

/// Start tags that end SVG or MathML content and are HTML again (the HTML standard's list for
/// foreign content, `font` taken whatever its attributes).
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// One token of a page, as the HTML tokenizer reads it at a `<`.
enum Token<'a> {
    /// A `<` that starts nothing: it is text.
    Lt,
    /// A comment, a doctype or a bogus comment (`<?x>`, `<!x>`, `</ x>`): never shown.
    Hidden,
    /// A CDATA section in SVG or MathML, shown as text.
    Cdata(&'a str),
    Start(String, bool),
    End(String),
    /// The page ended inside the token: the rest is gone.
    Eof,
}

/// The text a browser shows of a page, concatenated: what comments, raw text elements
/// (`<style>` …), RCDATA ones (`<textarea>`) and `<template>` content take is left out, read as
/// the HTML standard's tokenizer reads it (script's escaped states included). Where the model
/// is rough (SVG and MathML, `<plaintext>`), text counts as shown: a lost word must be lost.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut templates = 0usize;
    // An open <svg> or <math> and how deeply it nests in itself.
    let mut foreign: Option<(String, usize)> = None;
    loop {
        let Some(i) = rest.find('<') else {
            if templates == 0 {
                out.push_str(rest);
            }
            return out;
        };
        if templates == 0 {
            out.push_str(&rest[..i]);
        }
        let (token, after) = token(&rest[i..], foreign.is_some());
        rest = after;
        match token {
            Token::Lt if templates == 0 => out.push('<'),
            Token::Cdata(text) if templates == 0 => out.push_str(text),
            Token::Lt | Token::Cdata(_) | Token::Hidden => {}
            Token::Eof => return out,
            Token::End(name) => match &mut foreign {
                Some((f, depth)) if *f == name => {
                    *depth -= 1;
                    if *depth == 0 {
                        foreign = None;
                    }
                }
                Some(_) if name == "br" || name == "p" => foreign = None,
                Some(_) => {}
                None if name == "template" => templates = templates.saturating_sub(1),
                None => {}
            },
            Token::Start(name, self_closing) => {
                match &mut foreign {
                    Some((f, depth)) if *f == name && !self_closing => *depth += 1,
                    Some(_) if BREAKOUT.contains(&name.as_str()) => foreign = None,
                    _ => {}
                }
                if foreign.is_some() {
                    continue;
                }
                match name.as_str() {
                    "svg" | "math" if !self_closing => foreign = Some((name, 1)),
                    "template" => templates += 1,
                    "plaintext" => {
                        if templates == 0 {
                            out.push_str(rest);
                        }
                        return out;
                    }
                    n if RAW_TEXT.contains(&n) => match raw_text_end(rest, n) {
                        Some(end) => rest = &rest[end..],
                        None => return out,
                    },
                    _ => {}
                }
            }
        }
    }
}

/// A bogus comment (or doctype) from `from` to the next `>`.
fn to_gt(from: &str) -> (Token<'_>, &str) {
    from.find('>')
        .map_or((Token::Eof, ""), |j| (Token::Hidden, &from[j + 1..]))
}

/// The token at `s` (which starts with `<`) and what follows it.
fn token(s: &str, foreign: bool) -> (Token<'_>, &str) {
    let after = &s[1..];
    if let Some(comment) = after.strip_prefix("!--") {
        // `<!-->` and `<!--->` are whole comments; otherwise up to `-->` or `--!>`.
        if let Some(r) = comment.strip_prefix('>').or_else(|| comment.strip_prefix("->")) {
            return (Token::Hidden, r);
        }
        let end = [comment.find("-->").map(|j| j + 3), comment.find("--!>").map(|j| j + 4)];
        return match end.into_iter().flatten().min() {
            Some(j) => (Token::Hidden, &comment[j..]),
            None => (Token::Eof, ""),
        };
    }
    if foreign {
        if let Some(cdata) = after.strip_prefix("![CDATA[") {
            let end = cdata.find("]]>").unwrap_or(cdata.len());
            return (Token::Cdata(&cdata[..end]), cdata.get(end + 3..).unwrap_or(""));
        }
    }
    if after.starts_with(['!', '?']) {
        return to_gt(after);
    }
    if let Some(end) = after.strip_prefix('/') {
        return match end.chars().next() {
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, _, r) = tag(end);
                (name.map_or(Token::Eof, Token::End), r)
            }
            Some('>') => (Token::Hidden, &end[1..]),
            None => (Token::Lt, after),
            Some(_) => to_gt(end),
        };
    }
    match after.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => {
            let (name, self_closing, r) = tag(after);
            (name.map_or(Token::Eof, |n| Token::Start(n, self_closing)), r)
        }
        _ => (Token::Lt, after),
    }
}

/// A tag's lowercase name, whether it ends with `/>`, and what follows its `>`; no name when the
/// page ends inside the tag. Attribute values quote `>` only after `=`, as the tokenizer has it.
fn tag(s: &str) -> (Option<String>, bool, &str) {
    let name_end = s
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(s.len());
    let name = s[..name_end].to_ascii_lowercase();
    #[derive(PartialEq)]
    enum State {
        Name,
        BeforeValue,
        Quoted(char),
        Unquoted,
    }
    let mut state = State::Name;
    let mut chars = s[name_end..].char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        let end = || &s[name_end + j + 1..];
        state = match (state, c) {
            (State::Quoted(q), c) if c == q => State::Name,
            (q @ State::Quoted(_), _) => q,
            (_, '>') => return (Some(name), false, end()),
            (State::Name, '/') if chars.peek().is_some_and(|&(_, n)| n == '>') => {
                return (Some(name), true, &end()[1..]);
            }
            (State::Name, '=') => State::BeforeValue,
            (State::BeforeValue, c) if c.is_ascii_whitespace() => State::BeforeValue,
            (State::BeforeValue, q @ ('"' | '\'')) => State::Quoted(q),
            (State::BeforeValue, _) => State::Unquoted,
            (State::Unquoted, c) if c.is_ascii_whitespace() => State::Name,
            (s, _) => s,
        };
    }
    (None, false, "")
}

/// Where the content of the raw text element `name` ends (at its end tag, which is then read as
/// a tag); `None` when it runs to the end of the page.
fn raw_text_end(s: &str, name: &str) -> Option<usize> {
    if name != "script" {
        return (0..s.len()).find(|&i| closes(s, i, "</", name));
    }
    // Script data: after `<!--` a `<script` nests ("double escaped") and the next `</script`
    // only ends that, until `-->`. `escape`: 0 none, 1 after `<!--`, 2 nested.
    let mut escape = 0u8;
    let mut i = 0;
    while i < s.len() {
        let at = &s.as_bytes()[i..];
        if escape == 0 && at.starts_with(b"<!--") {
            escape = 1;
            // From the dashes, so that `<!-->` ends it again at once.
            i += 2;
            continue;
        }
        if escape < 2 && closes(s, i, "</", "script") {
            return Some(i);
        }
        if escape > 0 && at.starts_with(b"-->") {
            escape = 0;
        } else if escape == 1 && closes(s, i, "<", "script") {
            escape = 2;
        } else if escape == 2 && closes(s, i, "</", "script") {
            escape = 1;
        }
        i += 1;
    }
    None
}

/// Whether `s[i..]` is `open` and `name` (any case) followed by a space, `/` or `>`.
fn closes(s: &str, i: usize, open: &str, name: &str) -> bool {
    let b = &s.as_bytes()[i..];
    let n = open.len() + name.len();
    b.starts_with(open.as_bytes())
        && b.len() > n
        && b[open.len()..n].eq_ignore_ascii_case(name.as_bytes())
        && matches!(b[n], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
}
