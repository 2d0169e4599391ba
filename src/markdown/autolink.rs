//! Initiative auto-linking: finds every name, acronym and alias of an initiative in text, as
//! whole words, longest first.

use aho_corasick::{AhoCorasick, MatchKind};
use std::ops::Range;

/// Finds initiative names, acronyms and aliases in text.
pub struct Autolinker {
    matcher: Option<AhoCorasick>,
    /// For each pattern: the initiative id it stands for.
    targets: Vec<String>,
}

impl Autolinker {
    /// `names`: (initiative id, every name it goes by).
    pub fn new(names: &[(String, Vec<String>)]) -> Autolinker {
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        for (id, list) in names {
            for name in list.iter().filter(|n| !n.trim().is_empty()) {
                patterns.push(name.clone());
                targets.push(id.clone());
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Autolinker { matcher, targets }
    }

    /// Whole-word matches in `text`: (byte range, initiative id).
    pub fn find<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Range<usize>, &'a str)> + 'a {
        self.matcher
            .iter()
            .flat_map(move |m| m.find_iter(text))
            .filter(move |m| is_word_boundary(text, m.start(), m.end()))
            .map(move |m| (m.range(), self.targets[m.pattern().as_usize()].as_str()))
    }
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}
