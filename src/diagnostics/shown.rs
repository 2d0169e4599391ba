//! Text from content as a diagnostic prints it. A file name, an id or a source line may hold
//! anything: a newline or an ESC would let it forge lines of the report (`error[E999]: …`) or
//! drive the terminal, a right-to-left override (U+202E) would reorder what follows. Such
//! characters are printed escaped, and the caret under a source line is placed by what the
//! terminal shows: wide characters take two columns, combining marks none, escapes their length.
//! A long line (a minified file) is cut to a window around the column.

use unicode_width::UnicodeWidthChar;

/// Characters of a source line shown around the column: lines longer than this are cut.
const WINDOW: usize = 120;

/// Characters printed as escapes (`\u{202e}`): control characters, and the invisible ones
/// that reorder or break lines.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `s` with every hidden character escaped.
pub fn printable(s: &str) -> String {
    if !s.chars().any(is_hidden) {
        return s.to_string();
    }
    s.chars().map(|c| escaped(c, false)).collect()
}

/// A character as printed; in a source line a tab is a space, one column wide like the caret's.
fn escaped(c: char, in_line: bool) -> String {
    match c {
        '\t' if in_line => " ".into(),
        c if is_hidden(c) => c.escape_default().to_string(),
        c => c.to_string(),
    }
}

/// A source line as printed, with where its caret goes (in terminal columns).
#[derive(Debug, PartialEq, Eq)]
pub struct ShownLine {
    pub text: String,
    pub caret_at: usize,
    pub caret_len: usize,
}

/// Line `line` shown with a caret under its characters `col` (1-based) to `col + len`.
pub fn shown_line(line: &str, col: usize, len: usize) -> ShownLine {
    let chars: Vec<char> = line.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    let (start, end) = window(chars.len(), at);
    let mut shown = ShownLine {
        text: String::new(),
        caret_at: 0,
        caret_len: 0,
    };
    let mut width = 0;
    if start > 0 {
        shown.text.push('…');
        width += 1;
    }
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        if i == at {
            shown.caret_at = width;
        }
        let piece = escaped(c, true);
        let w = if piece.chars().count() > 1 || c == '\t' {
            piece.chars().count()
        } else {
            c.width().unwrap_or(0)
        };
        shown.text.push_str(&piece);
        width += w;
        if i >= at && i < at + len {
            shown.caret_len += w;
        }
    }
    if at >= end {
        shown.caret_at = width;
    }
    if end < chars.len() {
        shown.text.push('…');
    }
    shown.caret_len = shown.caret_len.max(1);
    shown
}

/// The characters `start..end` of a line of `n` to show around character `at`.
fn window(n: usize, at: usize) -> (usize, usize) {
    if n <= WINDOW {
        return (0, n);
    }
    let start = at.saturating_sub(WINDOW / 2);
    let end = (start + WINDOW).min(n);
    (end - WINDOW, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text above the caret, as the terminal shows it.
    fn under_caret(s: &ShownLine) -> String {
        let mut col = 0;
        let mut out = String::new();
        for c in s.text.chars() {
            let w = c.width().unwrap_or(0);
            if col >= s.caret_at && col < s.caret_at + s.caret_len {
                out.push(c);
            }
            col += w;
        }
        out
    }

    #[test]
    fn hidden_characters_are_escaped() {
        assert_eq!(printable("a\nerror[E999]: x"), "a\\nerror[E999]: x");
        assert_eq!(printable("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(printable("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(printable("plain 中文"), "plain 中文");
        assert_eq!(printable("java\tscript:"), "java\\tscript:");
    }

    #[test]
    fn caret_stays_under_its_characters() {
        for (line, col, len, expected) in [
            ("id: \"中文\" x: bad", 13, 3, "bad"),
            ("a\u{1b}b: bad", 6, 3, "bad"),
            ("\tkey: bad", 7, 3, "bad"),
            ("e\u{301}e\u{301}: bad", 7, 3, "bad"),
            ("\u{202e}x: bad", 5, 3, "bad"),
            ("中文", 2, 1, "文"),
        ] {
            let s = shown_line(line, col, len);
            assert_eq!(under_caret(&s), expected, "{line:?} → {s:?}");
        }
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}TARGET{}", "a".repeat(100_000), "b".repeat(50_000));
        let s = shown_line(&line, 100_001, 6);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        assert!(s.text.chars().count() <= WINDOW + 2);
        assert_eq!(under_caret(&s), "TARGET");
        let s = shown_line(&line, 3, 1);
        assert!(!s.text.starts_with('…') && s.text.ends_with('…'));
        assert_eq!(s.caret_at, 2);
    }
}
