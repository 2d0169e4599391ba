//! Words, as the index stores them and as `search-engine.js` reads a query: the two must split
//! text the same way, so this file and `terms()` in the theme's `search-engine.js` are one
//! algorithm written twice (tests/search-browser checks they agree on real queries).
//!
//! - A word is a run of letters and digits (Unicode `Alphabetic` or `Numeric`), lowercased.
//!   A `.` between two digits stays inside it, so ids (`3.1.2`) and figures (`26.5`) are words.
//! - Chinese, Japanese and Korean are written without spaces: a run of those characters becomes
//!   its overlapping pairs (`創新科技` → `創新`, `新科`, `科技`), a lone character itself. A query
//!   is split the same way and all its pairs must match, which finds a word inside an unspaced
//!   sentence without a dictionary (the approach of Lucene's CJK analyser).
//! - Words longer than [`MAX_LEN`] characters (URLs, hashes) are not indexed.

use std::ops::Range;

pub const MAX_LEN: usize = 48;

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Word,
    Cjk,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// Han, kana and Hangul; the same ranges as `CJK` in search-engine.js.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0xac00..=0xd7af | 0x20000..=0x2ffff)
}

/// Calls `f` with each term of `text` (lowercased) and its byte range in `text`.
pub fn each(text: &str, mut f: impl FnMut(&str, Range<usize>)) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut k = 0;
    while k < chars.len() {
        match class(chars[k].1) {
            Class::Other => k += 1,
            Class::Word => {
                let start = k;
                while k < chars.len() {
                    let c = chars[k].1;
                    let joins_digits = c == '.'
                        && k > start
                        && chars[k - 1].1.is_ascii_digit()
                        && chars.get(k + 1).is_some_and(|n| n.1.is_ascii_digit());
                    if class(c) == Class::Word || joins_digits {
                        k += 1;
                    } else {
                        break;
                    }
                }
                if k - start <= MAX_LEN {
                    let range = chars[start].0..end_of(k);
                    // str::to_lowercase, like JS's toLowerCase, knows a word-final sigma.
                    f(&text[range.clone()].to_lowercase(), range);
                }
            }
            Class::Cjk => {
                let start = k;
                while k < chars.len() && class(chars[k].1) == Class::Cjk {
                    k += 1;
                }
                if k - start == 1 {
                    f(&text[chars[start].0..end_of(k)], chars[start].0..end_of(k));
                }
                for pair in chars[start..k].windows(2) {
                    let range = pair[0].0..pair[1].0 + pair[1].1.len_utf8();
                    f(&text[range.clone()], range);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        super::each(text, |t, r| {
            assert!(text[r].to_lowercase() == t);
            out.push(t.to_string())
        });
        out
    }

    #[test]
    fn words_ids_and_figures() {
        assert_eq!(
            terms("Recommendation 3.1.2: HK$26.5 billion."),
            ["recommendation", "3.1.2", "hk", "26.5", "billion"]
        );
        assert_eq!(
            terms("start-ups’ I&T 1,000 end. 2."),
            ["start", "ups", "i", "t", "1", "000", "end", "2"]
        );
        assert_eq!(terms("Zürich ÉTÉ"), ["zürich", "été"]);
        assert!(terms(&"x".repeat(49)).is_empty());
    }

    #[test]
    fn chinese_becomes_pairs() {
        assert_eq!(terms("創新科技 and 人"), ["創新", "新科", "科技", "and", "人"]);
        assert_eq!(terms("I&T創新"), ["i", "t", "創新"]);
    }
}
