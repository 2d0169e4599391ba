//! Words, as the index stores them and as `search-engine.js` reads a query: the two must split
//! text the same way, so this file and `terms()` in the theme's `search-engine.js` are one
//! algorithm written twice, held to one specification (tests/search-browser/terms-cases.json,
//! run by tests/search.rs and terms.test.mjs, which also compares the engine with the index).
//!
//! - A word is a run of letters and digits (Unicode `Alphabetic` or `Numeric`), lowercased.
//!   A `.` between two digits stays inside it, so ids (`3.1.2`) and figures (`26.5`) are words.
//! - Chinese, Japanese and Korean are written without spaces: a run of those characters becomes
//!   its overlapping pairs (`創新科技` → `創新`, `新科`, `科技`), a lone character itself. A query
//!   is split the same way and all its pairs must match, which finds a word inside an unspaced
//!   sentence without a dictionary (the approach of Lucene's CJK analyser).
//! - Words longer than [`MAX_LEN`] characters (URLs, hashes) are not indexed.
//! - British and American spellings are folded to one form (spelling.rs): `centre` is `center`.
//! - Words joined by a hyphen between two letters are also one term, after their parts
//!   (`start-ups` gives `start`, `ups`, `startups`), so `startup` finds `start-up` and
//!   `co-operation` finds `cooperation`. The joined term's range covers the whole compound.

use super::spelling::fold;
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

/// Whether `c` joins two words into one compound: a hyphen between two letters.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Calls `f` with each term of `text` (lowercased, spelling folded) and its byte range in `text`.
pub fn each(text: &str, mut f: impl FnMut(&str, Range<usize>)) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    // The compound being read: its start, its parts so far (lowercased, joined) and their count.
    let mut compound: Option<(usize, String, usize)> = None;
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
                let range = chars[start].0..end_of(k);
                // str::to_lowercase, like JS's toLowerCase, knows a word-final sigma.
                let lower = text[range.clone()].to_lowercase();
                if k - start <= MAX_LEN {
                    f(&fold(&lower), range.clone());
                }
                let (from, mut joined, parts) = compound.take().unwrap_or((range.start, String::new(), 0));
                joined.push_str(&lower);
                let continues = chars[k - 1].1.is_alphabetic()
                    && chars.get(k).is_some_and(|c| is_hyphen(c.1))
                    && chars
                        .get(k + 1)
                        .is_some_and(|c| class(c.1) == Class::Word && c.1.is_alphabetic());
                if continues {
                    compound = Some((from, joined, parts + 1));
                    k += 1;
                } else if parts > 0 && joined.chars().count() <= MAX_LEN {
                    f(&fold(&joined), from..range.end);
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
        super::each(text, |t, _| out.push(t.to_string()));
        out
    }

    /// Each term with the text its range covers.
    fn spans(text: &str) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        super::each(text, |t, r| out.push((t.to_string(), &text[r])));
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
            ["start", "ups", "startups", "i", "t", "1", "000", "end", "2"]
        );
        assert_eq!(terms("Zürich ÉTÉ"), ["zürich", "été"]);
        assert!(terms(&"x".repeat(49)).is_empty());
    }

    #[test]
    fn hyphenated_words_are_also_one_term_spanning_the_compound() {
        let s = spans("Start-up co\u{2011}operation end-2024 COVID-19 re-organised x");
        let got: Vec<(&str, &str)> = s.iter().map(|(t, r)| (t.as_str(), *r)).collect();
        assert_eq!(
            got,
            [
                ("start", "Start"),
                ("up", "up"),
                ("startup", "Start-up"),
                ("co", "co"),
                ("operation", "operation"),
                ("cooperation", "co\u{2011}operation"),
                ("end", "end"),
                ("2024", "2024"),
                ("covid", "COVID"),
                ("19", "19"),
                ("re", "re"),
                ("organized", "organised"),
                ("reorganized", "re-organised"),
                ("x", "x"),
            ]
        );
        assert_eq!(terms("a-b-c"), ["a", "b", "c", "abc"]);
        assert_eq!(terms("a- b -c"), ["a", "b", "c"]);
    }

    #[test]
    fn spelling_is_folded() {
        assert_eq!(
            terms("Data Centres, data center"),
            ["data", "centers", "data", "center"]
        );
    }

    #[test]
    fn chinese_becomes_pairs() {
        assert_eq!(terms("創新科技 and 人"), ["創新", "新科", "科技", "and", "人"]);
        assert_eq!(terms("I&T創新"), ["i", "t", "創新"]);
    }
}
