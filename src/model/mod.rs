//! The typed content graph as written by editors: one struct per kind of file, with ids still
//! unresolved. Every struct rejects unknown fields so a typo is an error, not a silent default.

pub mod evidence;
pub mod item;
pub mod kind;
pub mod plan;

pub use crate::kinds::chapter::ChapterPart;
pub use crate::kinds::level::LevelPart;
pub use crate::kinds::Part;
pub use evidence::{CommitmentStatus, Derived, Input, NoneFound, StatusUpdate};
pub(crate) use item::item_file;
pub use item::{Item, ItemHead, Text};
pub use kind::{ItemRef, Kind, KindInfo};
pub use plan::{IdPattern, Level, LevelDecl, Plan};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Every language the site is published in (BCP 47 tags such as `en`, `zh-Hant`), `language`
    /// among them; only `language` when not set. The others get their pages under `/<tag in
    /// lower case>/`, their items' text from `<id>.<tag>.md` (or `.yaml`) beside the original
    /// and their own words from the theme's `i18n/<tag>.yaml`: see docs/content-format.md.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    /// What raw HTML in Markdown becomes: `escape` (shown as text), `sanitize` (harmless markup
    /// kept, scripts and the like removed; the default) or `trust` (passed through untouched).
    #[serde(default)]
    pub raw_html: RawHtml,
    /// How old, in months, a "none published" record may get before `check` asks for a new
    /// search (W010); 6 when not set.
    #[serde(default)]
    pub stale_after_months: Option<u32>,
    /// What readers call the plan, after "the": `Blueprint` gives "Search the Blueprint".
    #[serde(default = "default_plan_name")]
    pub plan_name: String,
    /// When the plan was published, as the home page shows it: `2022`.
    #[serde(default)]
    pub published: Option<String>,
    /// The plan's structure, top level first: see docs/content-format.md.
    #[serde(default)]
    pub levels: Vec<LevelDecl>,
    /// What the list pages of the built-in kinds say (their defaults are plan-neutral).
    #[serde(default)]
    pub lists: ListTexts,
    /// What the site says about reusing it: licence, who wrote the plan, who publishes the data.
    #[serde(default)]
    pub publishing: crate::publish::Publishing,
}

/// Titles and introductions of the built-in kinds' list pages.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListTexts {
    #[serde(default)]
    pub initiatives: Option<ListText>,
    #[serde(default)]
    pub indicators: Option<ListText>,
    #[serde(default)]
    pub milestones: Option<ListText>,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListText {
    pub title: String,
    pub intro: String,
}

/// What happens to raw HTML written in Markdown bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text, never interpreted.
    Escape,
    /// Harmless markup (`<sub>`, `<abbr title>`, tables, …) is kept; scripts, event handlers,
    /// styles, frames and `javascript:`/`data:` URLs are removed.
    #[default]
    Sanitize,
    /// Passed through untouched: only for a site whose every author is trusted.
    Trust,
}

impl Config {
    /// The site's languages, its main `language` first.
    pub fn languages(&self) -> Vec<&str> {
        let mut all = vec![self.language.as_str()];
        all.extend(
            self.languages
                .iter()
                .map(String::as_str)
                .filter(|l| *l != self.language),
        );
        all
    }
}

impl RawHtml {
    const NAMES: &'static [&'static str] = &["escape", "sanitize", "trust"];
}

/// By hand rather than derived so the old `true`/`false` get an error that says what to write now.
impl<'de> Deserialize<'de> for RawHtml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RawHtml, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = RawHtml;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("one of `escape`, `sanitize`, `trust`")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawHtml, E> {
                match v {
                    "escape" => Ok(RawHtml::Escape),
                    "sanitize" => Ok(RawHtml::Sanitize),
                    "trust" => Ok(RawHtml::Trust),
                    _ => Err(E::unknown_variant(v, RawHtml::NAMES)),
                }
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawHtml, E> {
                let now = if v { "trust" } else { "escape" };
                Err(E::invalid_value(
                    serde::de::Unexpected::Bool(v),
                    &format!("one of `escape`, `sanitize`, `trust`; `{v}` is now written `{now}`").as_str(),
                ))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_plan_name() -> String {
    "plan".into()
}
fn default_base_url() -> String {
    "/".into()
}

/// A link from one item to another that may be the Blueprint's own or an editorial addition.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub id: String,
    pub editorial: bool,
    #[serde(default)]
    pub why: Option<String>,
}

/// Front matter of a Markdown item: the fields every kind of page shares, then the kind's own.
/// Adding a field every Markdown item has is one line here.
macro_rules! front_matter {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident: $t:ty,)* }) => {
        item_file! {
            $(#[$m])*
            #[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
            #[serde(deny_unknown_fields)]
            pub struct $name {
                pub id: String,
                pub title: String,
                /// Printed above the title ("Chapter 2", "Target 01").
                #[serde(default)]
                pub label: Option<String>,
                /// Whether initiative names in the body become links.
                #[serde(default = "yes")]
                pub autolink: bool,
                ..shared,
                $($(#[$fm])* pub $f: $t,)*
            }
        }
    };
}

front_matter! {
    pub struct ChapterMeta {
        pub order: u32,
        /// What the chapter lists after its text: a level's folder (`strategies`) or
        /// `indicator_table`. A level listed by a chapter follows it in reading order.
        #[serde(default)]
        pub lists: Vec<String>,
    }
}

fn yes() -> bool {
    true
}

front_matter! {
    /// An item of one of the plan's declared levels.
    pub struct LevelMeta {
        /// The label was lost in the source text and restored from the structure.
        #[serde(default)]
        pub label_recovered: bool,
        /// The id of the item of the parent level it belongs to.
        #[serde(default)]
        pub parent: Option<String>,
        /// Items of the level's `serves` level that it serves.
        #[serde(default)]
        pub serves: Vec<Link>,
        #[serde(default)]
        pub indicators: Vec<Link>,
        #[serde(default)]
        pub initiatives: Vec<String>,
        /// What has happened to what the item says will be done, each with its evidence
        /// (as a milestone's `updates`).
        #[serde(default)]
        pub updates: Vec<StatusUpdate>,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InitiativeKind {
    Fund,
    Scheme,
    Programme,
    Facility,
    Platform,
    Body,
    Event,
    Plan,
    Policy,
    Service,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub quote: String,
    #[serde(rename = "where")]
    pub where_: String,
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
}

item_file! {
    #[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Initiative {
        pub id: String,
        pub name: String,
        #[serde(default)]
        pub acronym: Option<String>,
        #[serde(default)]
        pub aliases: Vec<String>,
        pub kind: InitiativeKind,
        #[serde(default)]
        pub facts: Vec<Fact>,
        /// Its name in another language's pages, from a cited translation file: linked in text
        /// in that language, beside `name`, which still links the original's words there.
        #[serde(skip)]
        pub translated_name: Option<String>,
        ..shared,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorSet {
    Development,
    Further,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Increase,
    Decrease,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PointKind {
    Baseline,
    Observed,
    Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    About,
    AtLeast,
    Over,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// The column's publication year (in `updates`, the year the figure describes).
    pub year: i32,
    /// The year the figure describes, when it differs from `year`.
    #[serde(default)]
    pub data_year: Option<i32>,
    pub value: f64,
    pub printed: String,
    pub kind: PointKind,
    #[serde(default)]
    pub qualifier: Option<Qualifier>,
    pub source: String,
    /// Where the figure can be read (required in `updates`; an http or https address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What a reader should know about the figure: a change of method, a revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The source's own words that carry the figure (required for a later figure that is not
    /// derived), so a reviewer can check the number against them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// When the source was published (YYYY-MM-DD, YYYY-MM or YYYY): "What changed" and the feed
    /// list later figures by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Why this figure's measure is not the Blueprint's (a changed definition, another scope):
    /// it is shown, marked, and progress does not use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differs: Option<String>,
    /// Why the year is this site's inference, when the source gives none ("the existing some
    /// 5 595" in a plan published in 2022): the table marks the year as inferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<String>,
    /// A figure this site computed from published inputs (then `url` and `quote` are the inputs').
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Derived>,
}

impl Point {
    /// The year the value describes: what charts and growth rates use.
    pub fn data_year(&self) -> i32 {
        self.data_year.unwrap_or(self.year)
    }
}

impl Indicator {
    /// The Blueprint's figures, then the later ones.
    pub fn points(&self) -> impl Iterator<Item = &Point> {
        self.series.iter().chain(&self.updates)
    }

    /// Whether `p` is one of this indicator's later figures (by identity, not by value).
    pub fn is_update(&self, p: &Point) -> bool {
        self.updates.as_ptr_range().contains(&std::ptr::from_ref(p))
    }
}

item_file! {
    #[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Indicator {
        pub id: String,
        pub set: IndicatorSet,
        #[serde(default)]
        pub group: Option<String>,
        pub title: String,
        /// The title is this site's summary, not the Blueprint's words: every page marks it so.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub site_title: bool,
        pub unit: String,
        pub direction: Direction,
        #[serde(default)]
        pub measure: Option<String>,
        #[serde(default)]
        pub quote: Option<String>,
        #[serde(rename = "where", default)]
        pub where_: Option<String>,
        #[serde(default)]
        pub related: Vec<String>,
        /// The figures as the Blueprint prints them (its Chapter 5 table shows exactly these).
        pub series: Vec<Point>,
        /// Figures published after the Blueprint, each observed, each citing its source and URL.
        /// Charts and progress use them with `series`; the Blueprint's own table does not.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub updates: Vec<Point>,
        /// Figures looked for and not found, with when and where.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub none_found: Vec<NoneFound>,
        ..shared,
    }
}

item_file! {
    #[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Milestone {
        pub id: String,
        pub title: String,
        /// The title is this site's summary, not the Blueprint's words: every page marks it so.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub site_title: bool,
        pub due: String,
        pub due_text: String,
        pub quote: String,
        #[serde(rename = "where")]
        pub where_: String,
        #[serde(default)]
        pub initiatives: Vec<String>,
        /// What has happened since the Blueprint, oldest first, each with its evidence.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub updates: Vec<StatusUpdate>,
        ..shared,
    }
}

impl Milestone {
    /// The status now: the latest update's (by date; the later in the file on the same date).
    pub fn current(&self) -> Option<&StatusUpdate> {
        self.updates
            .iter()
            .enumerate()
            .max_by_key(|(i, u)| (evidence::parse_date(&u.date), *i))
            .map(|(_, u)| u)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSource {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub number: u32,
    pub sources: Vec<ReferenceSource>,
}
