//! Languages: which a site is published in (`languages:` in config.yaml), where each one's pages
//! live (`/zh-hant/…` for all but the main one), the translated text of items
//! (`<id>.<tag>.md` or `.yaml` beside the original) and the site's own words in each language
//! (the theme's `i18n/<tag>.yaml`), with the checks of all three.
//!
//! Nothing is ever translated here: an item without a translation file keeps the main
//! language's text, marked as such (`ItemHead::lang`), so its pages say so.

pub mod cited;
pub mod order;
pub mod words;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::{yaml, Corpus, SourceFile};
use crate::model::{ItemRef, Text};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The language every theme has all its words in: the reference a translation is checked
/// against, and what a word missing in another language falls back to.
pub const REFERENCE: &str = "en";

/// The language of the words that stay in the reference language (config words, the engine's
/// sentences) on a page in `lang`: none on a page in the reference language.
pub fn foreign(lang: &str) -> Option<&'static str> {
    (!lang.starts_with(REFERENCE)).then_some(REFERENCE)
}

/// The folder a language's pages are published in: its tag in lower case (`zh-hant/`), as
/// Hugo and Zola do; empty for the main language, whose pages stay at the root.
pub fn folder(main: &str, lang: &str) -> String {
    if lang == main {
        String::new()
    } else {
        format!("{}/", lang.to_ascii_lowercase())
    }
}

/// Why `tag` is not a language tag this site can use (letters, then `-`-separated parts of
/// letters and digits, as BCP 47: `en`, `zh-Hant`, `pt-BR`).
pub fn check_tag(tag: &str) -> Result<(), String> {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    if !(2..=3).contains(&first.len()) || !first.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err("it must start with a two- or three-letter language code (`en`, `zh`)".into());
    }
    if parts.any(|p| !(1..=8).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_alphanumeric())) {
        return Err("each part after a `-` must be 1 to 8 letters or digits (`zh-Hant`, `pt-BR`)".into());
    }
    Ok(())
}

/// The id and language of a translation file's name (`3.1.2.zh-Hant.md` → `3.1.2`, `zh-Hant`),
/// when its stem ends in one of `others`, the site's languages but the main one.
pub fn split_name<'a>(stem: &'a str, others: &[String]) -> Option<(&'a str, String)> {
    others.iter().find_map(|lang| {
        let id = stem.strip_suffix(lang.as_str())?.strip_suffix('.')?;
        (!id.is_empty()).then(|| (id, lang.clone()))
    })
}

/// An item's text in another language, from its translation file.
#[derive(Debug, Clone)]
pub struct Translation {
    pub lang: String,
    pub r: ItemRef,
    pub title: String,
    pub label: Option<String>,
    pub text: Option<Text>,
    /// The source of the title, required of an initiative's name ([`cited::check`]).
    pub cited: cited::Citation,
    pub source: Arc<SourceFile>,
}

/// What a translation file states: the item it translates, its words, and where its title comes
/// from; everything else (links, status, figures) is the original's. The citation's fields are a
/// status's evidence's (`StatusUpdate`): an initiative's name in another language must have
/// them, and its quote must contain the name.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationMeta {
    /// The id of the item it translates (the file is `<id>.<language>.md` or `.yaml`).
    pub id: String,
    /// The title in this language; for an initiative, its name as the cited source gives it.
    pub title: String,
    /// The label above the title, in this language (else the original's).
    #[serde(default)]
    pub label: Option<String>,
    /// Who published the title in this language: publisher, title of the page or paper.
    #[serde(default)]
    pub source: Option<String>,
    /// When that source was published (YYYY-MM-DD, YYYY-MM or YYYY).
    #[serde(default)]
    pub date: Option<String>,
    /// Where it can be read (http or https).
    #[serde(default)]
    pub url: Option<String>,
    /// The source's own words, containing the title exactly as written under `title:`.
    #[serde(default)]
    pub quote: Option<String>,
}

/// The corpus as the pages in `lang` show it: each item's translation where there is one, the
/// main language's text (marked with its language) where there is none.
pub fn translated(corpus: &Corpus, lang: &str, diags: &mut Diagnostics) -> Corpus {
    let mut c = corpus.clone();
    let main = std::mem::replace(&mut c.config.language, lang.to_string());
    let mine: BTreeMap<&ItemRef, &Translation> = corpus
        .translations
        .iter()
        .filter(|t| t.lang == lang)
        .map(|t| (&t.r, t))
        .collect();
    for item in &mut c.items {
        let Some(t) = mine.get(&item.head.r) else {
            item.head.lang = Some(main.clone());
            continue;
        };
        cited::check(t, diags);
        item.head.title_source = cited::TitleSource::of(t, &item.head.title, &main).map(Arc::new);
        item.head.title.clone_from(&t.title);
        if let Some(label) = &t.label {
            item.head.label.clone_from(label);
        }
        item.part.retitle(&t.title);
        if item.text.is_some() {
            item.text = t.text.clone();
            item.head.source = Arc::clone(&t.source);
        }
    }
    let known: BTreeSet<&ItemRef> = corpus.items.iter().map(|i| &i.head.r).collect();
    for t in mine.values().filter(|t| !known.contains(&t.r)) {
        diags.push(
            Diagnostic::error(
                "E046",
                format!(
                    "`{}` translates {} `{}`, which does not exist",
                    t.source.path.display(),
                    t.r.kind,
                    t.r.id
                ),
            )
            .at(t.source.locate("id:", &t.r.id))
            .help("name the file after an item of its folder (`<id>.<language>.md`), or delete it"),
        );
    }
    c
}

/// The site's own words in one language: key → text, from the theme's `i18n/<tag>.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    pub lang: String,
    words: BTreeMap<String, String>,
    /// The reference language's words, for a key this language lacks (`check` reports it).
    fallback: BTreeMap<String, String>,
}

impl Strings {
    /// The word for `key`, in this language if it has it, else in the reference language.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.words
            .get(key)
            .or_else(|| self.fallback.get(key))
            .map(String::as_str)
    }

    /// Every word: this language's, and the reference language's where it has none.
    pub fn all(&self) -> BTreeMap<&str, &str> {
        let mut all: BTreeMap<&str, &str> = self.fallback.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        all.extend(self.words.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        all
    }

    /// Whether the word for `key` is the reference language's, this language lacking it.
    pub fn falls_back(&self, key: &str) -> bool {
        !self.words.contains_key(key) && self.fallback.contains_key(key)
    }

    /// The word for `key`, or `default` (the plan's own word, from config.yaml) when no
    /// language has one: plan-specific words (`kind.strategy`) are optional.
    pub fn get_or<'a>(&'a self, key: &str, default: &'a str) -> &'a str {
        self.get(key).unwrap_or(default)
    }
}

/// `{{ t(k="key", name=value) }}`: the word for `key`, each `{name}` in it replaced by the
/// argument of that name; `default=` is used when no language has the key (a plan's own word).
/// A key no language has, without a default, is a template error, so a typo shows. The words
/// are the theme's, written as its templates are, so they are not escaped again (an apostrophe
/// stays one); the arguments, which come from content, are.
pub struct Lookup(pub Arc<Strings>);

impl tera::Function<tera::TeraResult<String>> for Lookup {
    fn call(&self, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
        let key: &str = kwargs.must_get("k")?;
        // The default is read only when the key is missing: most calls name a key that exists.
        let found = match self.0.get(key) {
            Some(text) => Some(text.to_string()),
            None => kwargs.get::<&str>("default")?.map(crate::markdown::escape),
        };
        let Some(text) = found else {
            return Err(tera::Error::message(format!(
                "no UI string `{key}` in themes/default/i18n/{REFERENCE}.yaml"
            )));
        };
        // Most words have no `{name}` to fill in: no need to walk the arguments.
        if !text.contains('{') {
            return Ok(text);
        }
        let mut out = text;
        for (name, value) in kwargs.iter() {
            let name = name.to_string();
            if name != "k" && name != "default" {
                let shown = value.as_str().map_or_else(|| value.to_string(), str::to_string);
                out = out.replace(&format!("{{{name}}}"), &crate::markdown::escape(&shown));
            }
        }
        Ok(out)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `{{ data_lang() }}`: ` lang="en"` on a page in another language, nothing on an English one.
/// It marks what stays in the reference language whatever the page's: the Blueprint's and its
/// sources' words, config words and the sentences the engine writes, so that screen readers and
/// fonts treat them as English.
pub struct DataLang(pub bool);

impl tera::Function<tera::TeraResult<&'static str>> for DataLang {
    fn call(&self, _: tera::Kwargs, _: &tera::State) -> tera::TeraResult<&'static str> {
        Ok(if self.0 { concat!(" lang=\"", "en", "\"") } else { "" })
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `{{ x | en }}`: `x`, escaped, inside `<span lang="en">` on a page in another language; as
/// it is on an English one (so English pages stay as they were, without empty spans).
pub struct InEnglish(pub bool);

impl tera::Filter<tera::Value, tera::TeraResult<String>> for InEnglish {
    fn call(&self, val: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
        let text = crate::markdown::escape(&val.as_str().map_or_else(|| val.to_string(), str::to_string));
        Ok(if self.0 {
            format!("<span lang=\"{REFERENCE}\">{text}</span>")
        } else {
            text
        })
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `{{ date | day }}`: a date the engine prints (`2023-12-21`, a month `2026-12`) as the page's
/// language writes it, from its words `date.day` and `date.month` (`{year}年{m}月{d}日`). The
/// reference language keeps dates as the data has them (ISO), as its pages always have;
/// anything not a date is printed as it is.
pub struct Day {
    day: String,
    month: String,
    reference: bool,
}

impl Day {
    pub fn of(strings: &Strings) -> Day {
        Day {
            day: strings.get("date.day").unwrap_or("{year}-{mm}-{dd}").to_string(),
            month: strings.get("date.month").unwrap_or("{year}-{mm}").to_string(),
            reference: strings.lang.starts_with(REFERENCE),
        }
    }

    /// `text` written as a date, if it is one.
    pub fn write(&self, text: &str) -> Option<String> {
        let mut parts = text.split('-');
        let year = parts
            .next()
            .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?;
        let num = |p: Option<&str>| p.filter(|p| p.len() == 2).and_then(|p| p.parse::<u32>().ok());
        let month = num(parts.next())?;
        let day = match parts.next() {
            Some(d) => Some(num(Some(d))?),
            None => None,
        };
        if parts.next().is_some() || !(1..=12).contains(&month) {
            return None;
        }
        if self.reference {
            return None;
        }
        let (template, d) = match day {
            Some(d) => (&self.day, d),
            None => (&self.month, 0),
        };
        let args = [
            ("year", year.to_string()),
            ("mm", format!("{month:02}")),
            ("dd", format!("{d:02}")),
            ("m", month.to_string()),
            ("d", d.to_string()),
        ];
        Some(
            args.iter()
                .fold(template.clone(), |s, (k, v)| s.replace(&format!("{{{k}}}"), v)),
        )
    }
}

impl tera::Filter<tera::Value, tera::TeraResult<String>> for Day {
    fn call(&self, val: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
        let text = val.as_str().map_or_else(|| val.to_string(), str::to_string);
        Ok(self.write(&text).unwrap_or(text))
    }
}

/// `source` (a template) as an English page renders it: `data_lang()` is empty and `| en` prints
/// its value as any expression does, so both are written out of the template instead of being
/// called for every value on every page (about 5 % of a one-language build at 10 000 pages).
pub fn in_reference(source: String, foreign: bool) -> String {
    if foreign {
        return source;
    }
    source
        .replace("{{ data_lang() }}", "")
        .replace("{% if data_lang() %}", "{% if false %}")
        .replace("{% if not data_lang() %}", "{% if true %}")
        .replace(" | en }}", " }}")
}

/// `source` (a template) with each word that takes no argument written in: `{{ w["key"] }}`
/// escaped, as Tera would print it, `{{ w["key"] | safe }}` and `{{ t(k="key") }}` as they are
/// (both are the theme's markup). A key no language has, or a word with braces (which Tera
/// would read as markup), is left to Tera, so a typo still fails the build.
pub fn inline_words(source: &str, strings: &Strings) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find("{{ ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match inlined(tail, strings) {
            Some((word, len)) => {
                out.push_str(&word);
                rest = &tail[len..];
            }
            None => {
                out.push_str("{{ ");
                rest = &tail[3..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The word the expression at the start of `tail` prints, and the expression's length.
fn inlined(tail: &str, strings: &Strings) -> Option<(String, usize)> {
    let len = tail.find("}}")? + 2;
    let expr = tail[3..len - 2].trim();
    let w = expr.strip_prefix("w[\"");
    let (key, safe) = if let Some(k) = w.and_then(|e| e.strip_suffix("\"]")) {
        (k, false)
    } else if let Some(k) = w.and_then(|e| e.strip_suffix("\"] | safe")) {
        (k, true)
    } else {
        (expr.strip_prefix("t(k=\"")?.strip_suffix("\")")?, true)
    };
    let word = strings
        .get(key)
        .filter(|w| !key.contains('"') && !w.contains(['{', '}']))?;
    Some((
        if safe {
            word.to_string()
        } else {
            crate::markdown::escape(word)
        },
        len,
    ))
}

/// A theme file of words: its path in the project (for diagnostics) and its bytes.
pub type WordsFile<'a> = (&'a str, &'a [u8]);

/// The words of each of `langs` from the theme's files (`i18n/<tag>.yaml`). With `check` (a
/// site in more than one language), E047 for a language without a file and W031 for each word
/// a language lacks; a site in one language the theme has no words for keeps the reference
/// language's, as before there were translations.
pub fn load_strings(files: &[WordsFile], langs: &[&str], check: bool, diags: &mut Diagnostics) -> Vec<Strings> {
    let parsed: BTreeMap<&str, (PathBuf, String, BTreeMap<String, String>)> = langs
        .iter()
        .chain(std::iter::once(&REFERENCE))
        .filter_map(|lang| {
            let name = format!("i18n/{lang}.yaml");
            let (_, bytes) = files.iter().find(|(p, _)| *p == name)?;
            let path = PathBuf::from(format!("themes/default/{name}"));
            let text = String::from_utf8_lossy(bytes).into_owned();
            let file = SourceFile {
                path: path.clone(),
                text,
            };
            match yaml::parse::<BTreeMap<String, String>>(&file, &file.text, 0) {
                Ok(words) => Some((*lang, (path, file.text, words))),
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        })
        .collect();
    let reference = parsed.get(REFERENCE).map(|(_, _, w)| w.clone()).unwrap_or_default();
    langs
        .iter()
        .map(|lang| {
            let words = match parsed.get(lang) {
                Some((path, text, words)) => {
                    if check {
                        missing_words(lang, path, text, words, &reference, diags);
                    }
                    words.clone()
                }
                None if !check => BTreeMap::new(),
                None => {
                    diags.push(
                        Diagnostic::error("E047", format!("the site is published in `{lang}`, but the theme has no words in it"))
                            .at(Location::file(&PathBuf::from(format!("themes/default/i18n/{lang}.yaml"))))
                            .help(format!("copy the theme's i18n/{REFERENCE}.yaml to themes/default/i18n/{lang}.yaml in the project and translate each line")),
                    );
                    BTreeMap::new()
                }
            };
            Strings {
                lang: lang.to_string(),
                words,
                fallback: reference.clone(),
            }
        })
        .collect()
}

/// W031 for each of the reference language's words `lang`'s file lacks.
fn missing_words(
    lang: &str,
    path: &std::path::Path,
    text: &str,
    words: &BTreeMap<String, String>,
    reference: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    for (key, english) in reference.iter().filter(|(k, _)| !words.contains_key(*k)) {
        diags.push(
            Diagnostic::warning(
                "W031",
                format!("UI string `{key}` is missing in `{lang}`; its pages show the {REFERENCE} words"),
            )
            .at(Location::at_offset(path, text, text.len().saturating_sub(1), 1))
            .help(format!("add a line `{key}: …` translating \"{english}\"")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_files_are_named_after_the_item_and_the_language() {
        let others = vec!["zh-Hant".to_string()];
        assert_eq!(split_name("3.1.2.zh-Hant", &others), Some(("3.1.2", "zh-Hant".into())));
        assert_eq!(split_name("3.1.2", &others), None);
        assert_eq!(split_name("zh-Hant", &others), None);
        assert_eq!(split_name("ai.zh-Hans", &others), None);
    }

    #[test]
    fn language_tags_are_checked_for_shape() {
        assert!(check_tag("en").is_ok());
        assert!(check_tag("zh-Hant").is_ok());
        assert!(check_tag("pt-BR").is_ok());
        assert!(check_tag("english").is_err());
        assert!(check_tag("zh_Hant").is_err());
        assert!(check_tag("zh-").is_err());
        assert!(check_tag("../x").is_err());
    }

    #[test]
    fn words_without_arguments_are_written_into_templates() {
        let words = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let s = Strings {
            lang: "en".into(),
            words: words(&[("a", "it's <b>"), ("b", "{plan}")]),
            fallback: BTreeMap::new(),
        };
        let t = r#"<p>{{ w["a"] }}|{{ w["a"] | safe }}|{{ t(k="a") }}|{{ t(k="b") }}|{{ w["zz"] }}|{{ t(k="a", x=1) }}</p>"#;
        assert_eq!(
            inline_words(t, &s),
            r#"<p>it&#39;s &lt;b&gt;|it's <b>|it's <b>|{{ t(k="b") }}|{{ w["zz"] }}|{{ t(k="a", x=1) }}</p>"#
        );
    }

    #[test]
    fn dates_are_written_in_the_pages_language() {
        let strings = |lang: &str, pairs: &[(&str, &str)]| Strings {
            lang: lang.into(),
            words: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            fallback: BTreeMap::new(),
        };
        let en = Day::of(&strings("en", &[]));
        assert_eq!(en.write("2023-12-21"), None, "English keeps the day as the data has it");
        assert_eq!(en.write("2026-12"), None);
        let zh = Day::of(&strings(
            "zh-Hant",
            &[("date.day", "{year}年{m}月{d}日"), ("date.month", "{year}年{m}月")],
        ));
        assert_eq!(zh.write("2023-12-21").as_deref(), Some("2023年12月21日"));
        assert_eq!(zh.write("2026-02").as_deref(), Some("2026年2月"));
        for not_a_date in ["2024", "about 2025", "2023-13-01", "2023-12-21-1", "20231-12", ""] {
            assert_eq!(zh.write(not_a_date), None, "{not_a_date}");
        }
    }

    #[test]
    fn the_main_language_stays_at_the_root() {
        assert_eq!(folder("en", "en"), "");
        assert_eq!(folder("en", "zh-Hant"), "zh-hant/");
    }
}
