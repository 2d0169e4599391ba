//! The typed content graph as written by editors: one struct per kind of file, with ids still
//! unresolved. Every struct rejects unknown fields so a typo is an error, not a silent default.

pub mod evidence;

pub use evidence::{CommitmentStatus, Derived, Input, NoneFound, StatusUpdate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The kinds of item a page can be about; also the `kind:` prefix of internal Markdown links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Chapter,
    Direction,
    Strategy,
    Target,
    Recommendation,
    Initiative,
    Indicator,
    Milestone,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Chapter,
        Kind::Direction,
        Kind::Strategy,
        Kind::Target,
        Kind::Recommendation,
        Kind::Initiative,
        Kind::Indicator,
        Kind::Milestone,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Chapter => "chapter",
            Kind::Direction => "direction",
            Kind::Strategy => "strategy",
            Kind::Target => "target",
            Kind::Recommendation => "recommendation",
            Kind::Initiative => "initiative",
            Kind::Indicator => "indicator",
            Kind::Milestone => "milestone",
        }
    }

    /// The URL folder of this kind's pages.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Chapter => "chapters",
            Kind::Direction => "directions",
            Kind::Strategy => "strategies",
            Kind::Target => "targets",
            Kind::Recommendation => "recommendations",
            Kind::Initiative => "initiatives",
            Kind::Indicator => "indicators",
            Kind::Milestone => "milestones",
        }
    }

    pub fn plural_title(self) -> &'static str {
        match self {
            Kind::Chapter => "Chapters",
            Kind::Direction => "Directions",
            Kind::Strategy => "Strategies",
            Kind::Target => "Targets",
            Kind::Recommendation => "Recommendations",
            Kind::Initiative => "Initiatives",
            Kind::Indicator => "Indicators",
            Kind::Milestone => "Milestones",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A reference to an item: `recommendation:3.1.2`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ItemRef {
    pub kind: Kind,
    pub id: String,
}

impl ItemRef {
    pub fn new(kind: Kind, id: impl Into<String>) -> Self {
        ItemRef { kind, id: id.into() }
    }

    /// Parses `kind:id`.
    pub fn parse(s: &str) -> Option<ItemRef> {
        let (kind, id) = s.split_once(':')?;
        Some(ItemRef::new(Kind::parse(kind)?, id))
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.id)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChapterList {
    Directions,
    Strategies,
    IndicatorTable,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChapterMeta {
    pub id: String,
    pub order: u32,
    #[serde(default)]
    pub label: Option<String>,
    pub title: String,
    #[serde(default)]
    pub lists: Vec<ChapterList>,
    #[serde(default = "yes")]
    pub autolink: bool,
    /// Old addresses of this page (site paths like `initiatives/old-id/`) that redirect here.
    #[serde(default)]
    pub redirect_from: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectionMeta {
    pub id: String,
    pub title: String,
    #[serde(default = "yes")]
    pub autolink: bool,
    /// Old addresses of this page (site paths like `initiatives/old-id/`) that redirect here.
    #[serde(default)]
    pub redirect_from: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategyMeta {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub directions: Vec<Link>,
    #[serde(default)]
    pub indicators: Vec<Link>,
    #[serde(default = "yes")]
    pub autolink: bool,
    /// Old addresses of this page (site paths like `initiatives/old-id/`) that redirect here.
    #[serde(default)]
    pub redirect_from: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetMeta {
    pub id: String,
    pub strategy: String,
    pub label: String,
    #[serde(default)]
    pub label_recovered: bool,
    pub title: String,
    #[serde(default = "yes")]
    pub autolink: bool,
    /// Old addresses of this page (site paths like `initiatives/old-id/`) that redirect here.
    #[serde(default)]
    pub redirect_from: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationMeta {
    pub id: String,
    pub target: String,
    pub label: String,
    #[serde(default)]
    pub label_recovered: bool,
    pub title: String,
    #[serde(default)]
    pub initiatives: Vec<String>,
    #[serde(default)]
    pub indicators: Vec<Link>,
    #[serde(default = "yes")]
    pub autolink: bool,
    /// Old addresses of this page (site paths like `initiatives/old-id/`) that redirect here.
    #[serde(default)]
    pub redirect_from: Vec<String>,
    /// What has happened to what the recommendation says will be done, each with its evidence
    /// (as a milestone's `updates`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<StatusUpdate>,
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
    /// Old addresses of this page (site paths like `initiatives/old-id/`) that redirect here.
    #[serde(default)]
    pub redirect_from: Vec<String>,
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
    /// Old addresses of this page (site paths like `initiatives/old-id/`) that redirect here.
    #[serde(default)]
    pub redirect_from: Vec<String>,
}

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
    /// Old addresses of this page (site paths like `initiatives/old-id/`) that redirect here.
    #[serde(default)]
    pub redirect_from: Vec<String>,
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
