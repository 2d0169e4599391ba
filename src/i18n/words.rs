//! The engine's phrasebook: the words of the sentences it composes itself (progress summaries and
//! explanations, chart keys and labels), in one language, as entries with `{name}` arguments.
//!
//! Each entry is the theme's `engine.<key>` or `chart.<key>` word (`i18n/<tag>.yaml`), so the
//! Chinese page reads a Chinese sentence rather than an English one marked `lang="en"`. The
//! English built in here is the same as `en.yaml`'s (a test holds them equal): the resolver,
//! which runs before the theme's words are loaded, composes with it, and a theme that lacks an
//! entry keeps it. Numbers are not localised: Hong Kong's Chinese uses the same digits, decimal
//! point and thousands commas as its English.

use super::Strings;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Every entry and its English, the reference words (`en.yaml` holds the same).
pub const ENGLISH: &[(&str, &str)] = &[
    // Summary: "1.13% in 2024; targets 1.3% for 2025 and 2% for 2030; on current growth, …".
    ("engine.value_in", "{value} in {year}"),
    ("engine.value_for", "{value} for {year}"),
    ("engine.no_figures", "No figures yet"),
    ("engine.target_one", "target {targets}"),
    ("engine.target_many", "targets {targets}"),
    ("engine.no_target", "no target set"),
    ("engine.clause_sep", "; "),
    ("engine.end", "."),
    ("engine.list_sep", ", "),
    ("engine.list_and", " and "),
    (
        "engine.left_out",
        " Progress does not use the figure for {years}: its measure is not the plan's.",
    ),
    ("engine.about", "about {value}"),
    ("engine.at_least", "at least {value}"),
    ("engine.over", "over {value}"),
    ("engine.verdict.achieved_one", "already meets the target for {years}"),
    ("engine.verdict.achieved_many", "already meets the targets for {years}"),
    ("engine.verdict.on_track", "on track for {years}"),
    ("engine.verdict.needs_acceleration", "progress but acceleration needed for {years}"),
    ("engine.verdict.limited", "limited progress towards {years}"),
    ("engine.verdict.moving_away_one", "moving away from the target for {years}"),
    ("engine.verdict.moving_away_many", "moving away from the targets for {years}"),
    ("engine.verdict.not_assessable", "progress not yet assessable"),
    ("engine.on_growth", "on current growth, {clause}"),
    ("engine.on_change", "on current yearly change, {clause}"),
    // A dashboard's tally.
    (
        "engine.rollup_one",
        "{good} of {assessable} assessable indicator on track for its next milestone ({not} not assessable).",
    ),
    (
        "engine.rollup_many",
        "{good} of {assessable} assessable indicators on track for their next milestone ({not} not assessable).",
    ),
    // A dashboard card's figures: "1.13% (2024)", "1.3% by 2025".
    ("engine.value_in_year", "{value} ({year})"),
    ("engine.value_by", "{value} by {year}"),
    // A group of commitments' tally, and the home page's headline.
    ("engine.tally", "{parts} (of {total})"),
    ("engine.headline", "Dated commitments: {tally}; {overdue} overdue with no record that they were done."),
    ("engine.titled", "{title}: {text}"),
    ("engine.tally.delivered", "{n} delivered"),
    ("engine.tally.partly-delivered", "{n} partly delivered"),
    ("engine.tally.under-way", "{n} under way"),
    ("engine.tally.not-started", "{n} not started"),
    ("engine.tally.dropped-or-changed", "{n} dropped or changed"),
    ("engine.tally.no-public-record", "{n} no public record found"),
    ("engine.tally.not-yet-reviewed", "{n} not yet reviewed"),
    // Explanations, one per target.
    ("engine.explain.no_figures", "No figures yet to compare with the target of {target}."),
    (
        "engine.explain.achieved",
        "The latest figure, {latest} ({latest_year}), already meets the target of {target}.",
    ),
    (
        "engine.explain.moving_away",
        "The baseline, {base} ({base_year}), met the target of {target}, but the latest figure, {latest} ({latest_year}), no longer does.",
    ),
    (
        "engine.explain.passed",
        " The target year has come and the target is unmet, so it is not on track.",
    ),
    (
        "engine.explain.one_figure",
        "Only one dated figure, {latest} ({latest_year}), so there is no trend to compare with the target of {target}.",
    ),
    (
        "engine.explain.no_required",
        "The target year {target_year} is not after the baseline year {base_year}, so no required rate exists.",
    ),
    (
        "engine.explain.rates",
        "From {base} ({base_year}) to {latest} ({latest_year}) the value {observed}; reaching {target_value} by {target_year} needs {required} from {base_year}. Ratio{note} {ratio}: {status}.",
    ),
    ("engine.growth.up", "grew {rate} a year"),
    ("engine.growth.down", "fell {rate} a year"),
    ("engine.growth.need_up", "growth of {rate} a year"),
    ("engine.growth.need_down", "a fall of {rate} a year"),
    ("engine.change.up", "rose by {rate} a year"),
    ("engine.change.down", "fell by {rate} a year"),
    ("engine.change.need_up", "a rise of {rate} a year"),
    ("engine.change.need_down", "a fall of {rate} a year"),
    ("engine.unchanged", "did not change"),
    ("engine.points", "{n} percentage points"),
    (
        "engine.note.zero",
        " of yearly changes (a growth rate from zero is undefined)",
    ),
    (
        "engine.note.non_positive",
        " of yearly changes (growth rates need positive values)",
    ),
    ("engine.status.achieved", "achieved"),
    ("engine.status.on-track", "on track"),
    ("engine.status.needs-acceleration", "progress, acceleration needed"),
    ("engine.status.limited-progress", "limited progress"),
    ("engine.status.moving-away", "moving away from target"),
    ("engine.status.not-assessable", "not assessable"),
    // Charts.
    ("chart.target_label", "{year} target: {value}"),
    ("chart.in_plan", "In the {plan}"),
    ("chart.observed", "Observed"),
    ("chart.published_since", "Published since"),
    ("chart.differs", "Measure differs"),
    ("chart.target", "Target"),
    ("chart.targets", "Targets"),
    ("chart.path", "Path to target"),
    ("chart.no_figures", "No figures yet"),
    ("chart.empty", "No figures to chart yet"),
    ("chart.million", "{n} million"),
    (
        "chart.year_note",
        "Years are the years the figures describe; the {plan} prints them in its {columns}.",
    ),
    ("chart.column", "{years} column"),
    ("chart.columns", "{years} columns"),
    ("chart.axis.percent", "per cent"),
    ("chart.axis.hkd", "HK$"),
    ("chart.axis.count", "number"),
    ("chart.axis.per-1000", "per 1,000"),
    ("chart.axis.ratio", "ratio"),
    ("chart.axis.square-metres", "square metres"),
    ("chart.axis.places", "places"),
    (
        "chart.sources",
        "Sources: {source}; for {years}, published since, the sources cited in the data table",
    ),
    ("chart.source", "Source: {source}"),
    // Values.
    ("engine.million_m2", "{n} million m²"),
];

/// The engine's words in one language.
#[derive(Debug, Clone)]
pub struct Words {
    /// Whether these are the built-in reference words, unchanged (the resolver's).
    pub reference: bool,
    /// The language of the plan's own words (titles, measures) when it is not these words'
    /// (`en` on a Chinese page): what a chart marks them with.
    pub foreign: Option<&'static str>,
    map: HashMap<&'static str, String>,
}

impl Words {
    /// The built-in English, made once.
    pub fn english() -> &'static Words {
        static ENGLISH_WORDS: LazyLock<Words> = LazyLock::new(|| Words {
            reference: true,
            foreign: None,
            map: ENGLISH.iter().map(|(k, v)| (*k, (*v).to_string())).collect(),
        });
        &ENGLISH_WORDS
    }

    /// The words of `strings`' language, each entry it lacks in English.
    pub fn of(strings: &Strings) -> Words {
        let map: HashMap<&'static str, String> = ENGLISH
            .iter()
            .map(|(k, v)| (*k, strings.get(k).unwrap_or(v).to_string()))
            .collect();
        let reference = ENGLISH.iter().all(|(k, v)| map.get(k).is_some_and(|w| w == v));
        Words {
            reference,
            foreign: super::foreign(&strings.lang),
            map,
        }
    }

    /// The entry `key` (one of [`ENGLISH`]'s), each `{name}` replaced by its value.
    /// One pass over the entry, as the engine fills in thousands of them on a large site; a
    /// `{name}` with no argument of that name stays as it is.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let words = self.get(key);
        let mut out = String::with_capacity(words.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
        let mut rest = words;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let tail = &rest[open..];
            let arg = tail.find('}').and_then(|close| {
                let name = &tail[1..close];
                args.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v, close))
            });
            match arg {
                Some((value, close)) => {
                    out.push_str(value);
                    rest = &tail[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The entry `key` as it is (the key itself if it is none of [`ENGLISH`]'s: a typo shows).
    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// `items` as one list: "a, b and c" in English, "a、b及c" in Chinese.
    pub fn join_and(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!(
                "{}{}{last}",
                init.join(self.get("engine.list_sep")),
                self.get("engine.list_and")
            ),
        }
    }
}

/// `s` with its first letter capitalised (a no-op for a sentence that starts with a digit or a
/// Chinese character).
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The default theme's words in `lang`, for tests of what pages in that language say.
#[cfg(test)]
pub(crate) fn theme_words(lang: &str) -> Words {
    Words::of(&tests::theme(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    pub(super) fn theme(lang: &str) -> Strings {
        let en = std::fs::read("themes/default/i18n/en.yaml").unwrap();
        let zh = std::fs::read("themes/default/i18n/zh-Hant.yaml").unwrap();
        let files = [("i18n/en.yaml", en.as_slice()), ("i18n/zh-Hant.yaml", zh.as_slice())];
        let mut d = Diagnostics::default();
        let s = super::super::load_strings(&files, &["en", "zh-Hant"], true, &mut d);
        assert!(!d.has_errors());
        s.into_iter().find(|s| s.lang == lang).unwrap()
    }

    #[test]
    fn the_theme_english_is_the_built_in_english() {
        let en = theme("en");
        for (k, v) in ENGLISH {
            assert_eq!(en.get(k), Some(*v), "en.yaml's `{k}`");
        }
        assert!(Words::of(&en).reference);
    }

    #[test]
    fn the_chinese_theme_has_every_entry_in_chinese() {
        let zh = theme("zh-Hant");
        for (k, _) in ENGLISH {
            assert!(!zh.falls_back(k), "zh-Hant.yaml lacks `{k}`");
        }
        let w = Words::of(&zh);
        assert!(!w.reference);
        assert_eq!(
            w.join_and(&["2025".into(), "2030".into(), "2035".into()]),
            "2025、2030及2035"
        );
    }

    #[test]
    fn arguments_are_filled_in_once_each() {
        let w = Words::english();
        let value = w.fill("engine.value_for", &[("value", "{year}"), ("year", "2025")]);
        assert_eq!(value, "{year} for 2025", "a value is not filled in again");
        assert_eq!(w.fill("engine.value_for", &[("year", "2025")]), "{value} for 2025");
        assert_eq!(w.fill("engine.end", &[]), ".");
    }

    #[test]
    fn capitals_only_for_letters() {
        assert_eq!(capitalised("on track"), "On track");
        assert_eq!(capitalised("尚無數字"), "尚無數字");
        assert_eq!(capitalised(""), "");
    }
}
