//! The one reader of the site's own HTML: a tokenizer of tags and text, attribute lists and
//! character references. The search index (`search::extract`) and the link checker
//! (tests/links.rs) read pages through it. The fuzz harness keeps a reader of its own on
//! purpose: it is the oracle that checks what the library writes, so it must not share its
//! mistakes.
//!
//! The pages are the site's own output, well-formed and escaped by Tera or the Markdown renderer,
//! so a scanner of tags and text is enough (a full HTML5 parser costs more than the whole search
//! stage); it never fails, whatever it is given.

/// A piece of a page, in document order. Comments, doctypes and processing instructions are
/// stepped over; the contents of `<script>` and `<style>` are not text and are skipped.
#[derive(Debug, PartialEq)]
pub enum Token<'h> {
    /// Text between tags, with its character references still encoded (see [`decode`]).
    Text(&'h str),
    /// A start tag: its name as written, its attributes unparsed (see [`attributes`]), and the
    /// byte offset of its `<`.
    Start { name: &'h str, attrs: &'h str, at: usize },
    /// An end tag's name as written.
    End(&'h str),
}

/// The tokens of `html`.
pub fn tokens(html: &str) -> Tokens<'_> {
    Tokens { html, pos: 0 }
}

/// The iterator [`tokens`] returns. [`Tokens::offset`] says how far it has read.
pub struct Tokens<'h> {
    html: &'h str,
    pos: usize,
}

impl<'h> Tokens<'h> {
    /// The byte offset up to which `html` has been read.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// The tag (or comment) starting at `lt`, and where reading goes on after it.
    fn tag(&self, lt: usize) -> (Option<Token<'h>>, usize) {
        let html = self.html;
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            return (None, rest.find("-->").map_or(html.len(), |k| lt + k + 3));
        }
        let Some(gt) = tag_end(rest) else {
            return (None, html.len());
        };
        let inner = &rest[1..gt];
        let end = lt + gt + 1;
        if let Some(name) = inner.strip_prefix('/') {
            return (Some(Token::End(name.trim())), end);
        }
        if inner.starts_with('!') || inner.starts_with('?') {
            return (None, end);
        }
        let name_len = inner
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inner.len());
        let name = &inner[..name_len];
        if name.is_empty() {
            // A lone `<` in text.
            return (Some(Token::Text("<")), lt + 1);
        }
        let start = Token::Start {
            name,
            attrs: &inner[name_len..],
            at: lt,
        };
        let close = if name.eq_ignore_ascii_case("script") {
            "</script"
        } else if name.eq_ignore_ascii_case("style") {
            "</style"
        } else {
            return (Some(start), end);
        };
        (Some(start), html[end..].find(close).map_or(html.len(), |k| end + k))
    }
}

impl<'h> Iterator for Tokens<'h> {
    type Item = Token<'h>;

    fn next(&mut self) -> Option<Token<'h>> {
        let html = self.html;
        while self.pos < html.len() {
            let lt = html[self.pos..].find('<').map_or(html.len(), |k| self.pos + k);
            if lt > self.pos {
                // The text first; the tag after it is read on the next call, so `offset` never
                // runs ahead of what was handed out.
                let text = &html[self.pos..lt];
                self.pos = lt;
                return Some(Token::Text(text));
            }
            let (tag, next) = self.tag(lt);
            self.pos = next;
            if tag.is_some() {
                return tag;
            }
        }
        None
    }
}

/// The index of the `>` ending the tag at the start of `s`, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    // Bytes, not chars: the three that matter are ASCII and never part of a longer character.
    let mut quote = None;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The attributes of a start tag (its `attrs`), names lowercased, values decoded.
pub fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (raw, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = decode(raw);
            rest = next;
        }
        if name_len == 0 {
            // Not an attribute name (a stray `=`): skip a character so the loop moves on.
            rest = rest.get(1..).unwrap_or("");
            continue;
        }
        out.push((name, value));
    }
}

/// Decodes character references: numeric ones and the named ones HTML writers commonly use.
/// Anything else stays as written.
pub fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.char_indices().take(12).find(|&(_, c)| c == ';').map(|(k, _)| k);
        let decoded = semi.and_then(|k| reference(&rest[1..k]).map(|c| (c, k + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Token::*;

    #[test]
    fn tags_text_and_skipped_parts_in_order() {
        let html = r#"<!DOCTYPE html><p class="a>b">x &amp; y<br/></p><!-- <p> --><script>"<b>"</script>z<"#;
        let got: Vec<Token> = tokens(html).collect();
        assert_eq!(
            got,
            [
                Start {
                    name: "p",
                    attrs: r#" class="a>b""#,
                    at: 15
                },
                Text("x &amp; y"),
                Start {
                    name: "br",
                    attrs: "/",
                    at: 39
                },
                End("p"),
                Start {
                    name: "script",
                    attrs: "",
                    at: 60
                },
                End("script"),
                Text("z"),
            ]
        );
        assert_eq!(
            attributes(r#" class="a>b" hidden data-x='1 &lt; 2'"#),
            [
                ("class".to_string(), "a>b".to_string()),
                ("hidden".to_string(), String::new()),
                ("data-x".to_string(), "1 < 2".to_string()),
            ]
        );
    }

    #[test]
    fn broken_html_never_panics() {
        for html in ["<", "<p", "</>", "<a b='c>", "a < b", "<p>é<", "<script>never closed"] {
            let _ = tokens(html).count();
        }
        assert_eq!(
            tokens("a < b > c").collect::<Vec<_>>(),
            [Text("a "), Text("<"), Text(" b > c")]
        );
        // An unended tag ends the page: nothing after it is read.
        assert_eq!(tokens("a <b c").collect::<Vec<_>>(), [Text("a ")]);
        assert_eq!(decode("&amp;&#x41;&#66;&bogus;&"), "&AB&bogus;&");
        assert_eq!(decode("&amp;T city”, and I&amp;T eco…"), "&T city”, and I&T eco…");
    }
}
