//! Where a translated title comes from. An initiative's name in another language is not the
//! plan's words (the Blueprint names it in English only), so it is shown only with the
//! authoritative source that gives it: the fields a status's evidence carries (`source`,
//! `date`, `url`, `quote`), checked by the same [`uncited`] check, and a quote that contains
//! the name word for word (E049), so that a reader can see the name where it was found.

use super::Translation;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::evidence::parse_date;
use crate::model::Kind;
use crate::resolve::{bad_date, uncited};
use serde::Serialize;

/// A translation file's citation of its title, as written: each field optional to the parser,
/// required by [`check`] when any is given, and always for an initiative's name.
#[derive(Debug, Clone, Default)]
pub struct Citation {
    pub source: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub quote: Option<String>,
}

impl Citation {
    fn is_empty(&self) -> bool {
        [&self.source, &self.date, &self.url, &self.quote]
            .iter()
            .all(|f| f.is_none())
    }
}

/// A translated title with its source, for the page to show: the original title (in `lang`,
/// the main language) stays beside it, and the source is linked under it.
#[derive(Debug, Clone, Serialize)]
pub struct TitleSource {
    pub original: String,
    pub lang: String,
    pub source: String,
    pub date: String,
    pub url: String,
}

impl TitleSource {
    /// The source of `t`'s title, when it cites one in full; `original` is the title it
    /// replaces, in `main`, the site's main language.
    pub fn of(t: &Translation, original: &str, main: &str) -> Option<TitleSource> {
        let c = &t.cited;
        Some(TitleSource {
            original: original.to_string(),
            lang: main.to_string(),
            source: c.source.clone()?,
            date: c.date.clone()?,
            url: c.url.clone()?,
        })
    }
}

/// The checks of a translation's citation: complete (E031, as a status's evidence), dated
/// (E005), and quoting the title word for word (E049). Required of an initiative's name; a
/// translation of another kind is checked only when it cites a source.
pub fn check(t: &Translation, diags: &mut Diagnostics) {
    let c = &t.cited;
    if t.r.kind != Kind::INITIATIVE && c.is_empty() {
        return;
    }
    let what = format!("{} `{}`", t.r.kind, t.r.id);
    let title_at = || t.source.locate("title:", &t.title);
    let mut needs = uncited(&c.source, c.url.as_deref(), &c.quote, ("name", "name"));
    if c.date.as_deref().is_none_or(|d| d.trim().is_empty()) {
        needs.push((
            "has no date",
            String::from("add `date:` with the date the source was published (YYYY-MM-DD, YYYY-MM or YYYY)"),
        ));
    }
    for (problem, help) in needs {
        diags.push(
            Diagnostic::error("E031", format!("{what}: its title in `{}` {problem}", t.lang))
                .at(title_at())
                .help(format!(
                    "{help}; a title in another language is shown only with the authoritative source that gives it"
                )),
        );
    }
    if let Some(date) = c
        .date
        .as_deref()
        .filter(|d| !d.trim().is_empty() && parse_date(d).is_none())
    {
        diags.push(bad_date(&t.source, "date:", date));
    }
    let quote = c.quote.as_deref().unwrap_or("");
    if !quote.trim().is_empty() && !quote.contains(t.title.as_str()) {
        diags.push(
            Diagnostic::error(
                "E049",
                format!("{what}: the quote does not contain its title in `{}`, “{}”, word for word", t.lang, t.title),
            )
            .at(t.source.locate("quote:", quote))
            .help("quote the source's words that give the name, exactly as published; or write under `title:` the name as the source writes it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;
    use crate::model::ItemRef;
    use std::sync::Arc;

    fn translation(kind: Kind, cited: Citation) -> Translation {
        let text = "id: itf\ntitle: 創新及科技基金\n".to_string();
        Translation {
            lang: "zh-Hant".into(),
            r: ItemRef::new(kind, "itf"),
            title: "創新及科技基金".into(),
            label: None,
            text: None,
            cited,
            source: Arc::new(SourceFile {
                path: "content/initiatives/itf.zh-Hant.yaml".into(),
                text,
            }),
        }
    }

    fn full(quote: &str) -> Citation {
        Citation {
            source: Some("Innovation and Technology Commission".into()),
            date: Some("2024-01-02".into()),
            url: Some("https://www.itc.gov.hk/".into()),
            quote: Some(quote.into()),
        }
    }

    fn codes(t: &Translation) -> Vec<String> {
        let mut diags = Diagnostics::default();
        check(t, &mut diags);
        diags.iter().map(|d| d.code.to_string()).collect()
    }

    #[test]
    fn an_initiatives_name_needs_its_source_and_a_quote_carrying_it() {
        assert!(codes(&translation(Kind::INITIATIVE, full("由創新及科技基金資助"))).is_empty());
        assert_eq!(codes(&translation(Kind::INITIATIVE, full("創新科技基金"))), ["E049"]);
        assert_eq!(
            codes(&translation(Kind::INITIATIVE, Citation::default())),
            ["E031", "E031", "E031", "E031"]
        );
        let undated = Citation {
            date: Some("2024/01/02".into()),
            ..full("創新及科技基金")
        };
        assert_eq!(codes(&translation(Kind::INITIATIVE, undated)), ["E005"]);
    }

    #[test]
    fn another_kinds_title_is_checked_only_when_it_cites_a_source() {
        assert!(codes(&translation(Kind::CHAPTER, Citation::default())).is_empty());
        let partial = Citation {
            source: Some("A bureau".into()),
            ..Citation::default()
        };
        assert_eq!(codes(&translation(Kind::CHAPTER, partial)).len(), 3);
    }
}
