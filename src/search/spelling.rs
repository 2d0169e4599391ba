//! Spelling variants folded to one form, so that a British and an American spelling of a word
//! are one term in the index and in a query: `centre` and `center` both become `center`,
//! `organisation` and `organization` both `organization`. `fold()` in the theme's
//! `search-engine.js` is the same rules written again; tests/search.rs and tests/search-browser
//! check that the two agree.
//!
//! Only the ending of a word of ASCII letters is rewritten, by the first rule that fits. A rule
//! may join two unrelated words (`enterprise` becomes `enterprize`); that is harmless, since the
//! index and the query fold alike, as long as no two common words of different meaning meet.
//! The stem before an ending must be long enough that short words stay themselves (`rise`,
//! `four`, `hour`, `acre`, `telling`).

use std::borrow::Cow;

/// Endings that follow `our` in the British spelling (`colour`, `favourable`, `labourers`),
/// longest first.
const OUR: [&str; 16] = [
    "ables", "able", "ably", "ally", "hood", "less", "ites", "ite", "ful", "ers", "ing", "al", "ed", "er", "s", "",
];
/// Endings that follow `is`/`ys` in `-ise`/`-yse` words (`organisation`, `analysed`), longest
/// first.
const ISE: [&str; 9] = ["ational", "ations", "ation", "ing", "ers", "ed", "er", "es", "e"];
/// Endings that follow `ell` in `travelled`, `modelling`, `traveller`.
const ELL: [&str; 4] = ["ing", "ers", "ed", "er"];

/// `word` (lowercased) with its British ending in the common form.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(word);
    }
    match rewrite(word) {
        Some(folded) => Cow::Owned(folded),
        None => Cow::Borrowed(word),
    }
}

/// `stem + new + tail` when `word` is `stem + old + tail` for one of `tails` (tried in order)
/// and the stem has at least `min` letters.
fn ending(word: &str, old: &str, new: &str, tails: &[&str], min: usize) -> Option<String> {
    tails.iter().find_map(|tail| {
        let stem = word.strip_suffix(tail)?.strip_suffix(old)?;
        (stem.len() >= min).then(|| format!("{stem}{new}{tail}"))
    })
}

fn rewrite(w: &str) -> Option<String> {
    // programme(s) → program(s)
    ending(w, "mme", "m", &["s", ""], 3)
        // centre, metre, fibre(s) → center, meter, fiber(s)
        .or_else(|| ending(w, "tre", "ter", &["s", ""], 2))
        .or_else(|| ending(w, "bre", "ber", &["s", ""], 2))
        // catalogue(s) → catalog(s)
        .or_else(|| ending(w, "logue", "log", &["s", ""], 3))
        // licence, defence, offence(s) → license, defense, offense(s)
        .or_else(|| ending(w, "cence", "cense", &["s", ""], 1))
        .or_else(|| ending(w, "fence", "fense", &["s", ""], 1))
        // colour, labourers, favourite → color, laborers, favorite
        .or_else(|| ending(w, "our", "or", &OUR, 3))
        // organise, organisation, analysed → organize, organization, analyzed
        .or_else(|| ending(w, "is", "iz", &ISE, 3))
        .or_else(|| ending(w, "ys", "yz", &ISE, 3))
        // travelled, modelling → traveled, modeling
        .or_else(|| ending(w, "ell", "el", &ELL, 2))
        // judgement(s) → judgment(s); ageing → aging
        .or_else(|| ending(w, "dgement", "dgment", &["s", ""], 1))
        .or_else(|| (w == "ageing").then(|| "aging".to_string()))
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn british_and_american_meet() {
        for (british, american) in [
            ("centre", "center"),
            ("centres", "centers"),
            ("programme", "program"),
            ("programmes", "programs"),
            ("organisation", "organization"),
            ("organisational", "organizational"),
            ("organise", "organize"),
            ("organising", "organizing"),
            ("analysed", "analyzed"),
            ("labour", "labor"),
            ("favourable", "favorable"),
            ("endeavours", "endeavors"),
            ("catalogue", "catalog"),
            ("licence", "license"),
            ("defences", "defenses"),
            ("travelled", "traveled"),
            ("modelling", "modeling"),
            ("judgement", "judgment"),
            ("ageing", "aging"),
        ] {
            assert_eq!(fold(british), fold(american), "{british} / {american}");
            assert_eq!(fold(british), american, "{british}");
        }
    }

    #[test]
    fn short_words_and_others_stay() {
        for w in [
            "rise",
            "raise",
            "four",
            "hour",
            "pour",
            "your",
            "acre",
            "telling",
            "crisis",
            "crises",
            "basis",
            "size",
            "prize",
            "tournament",
            "resources",
            "journal",
            "existing",
            "listing",
            "genre",
            "hong",
            "3.1.2",
            "zürich",
            "été",
        ] {
            assert_eq!(fold(w), w);
        }
    }
}
