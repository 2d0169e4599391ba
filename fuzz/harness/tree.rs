//! A small content tree built from fuzzer bytes with `arbitrary`. Its shape is the Blueprint's
//! (strategies hold targets, targets hold recommendations, ids follow from the nesting), and
//! references pick among the ids that exist, so most trees resolve and the fuzzer reaches
//! rendering; now and then a reference dangles, an id is malformed or duplicated, a parent loops
//! back, a quote is not in its text, a file is cut short or gets a tab. Bodies mix the site's
//! Markdown dialect (`kind:id#anchor` links, `[5](ref:5)`, `[^note-1]`, `Photo:`, i./ii. lists)
//! with raw HTML, tables, code and free text. This file says what a tree is made of; `write`
//! turns one into files, `files` breaks them and reads and writes the literal form of a tree.

mod files;
mod kind;
#[rustfmt::skip]
mod picks;
mod write;

/// The Blueprint's levels, as every generated config declares them.
pub const LEVELS: &str = concat!(
    "levels:\n",
    "  - {name: direction, title: Direction, plural: Directions, folder: directions, id: \"1\", label: \"Direction ({id})\"}\n",
    "  - {name: strategy, title: Strategy, plural: Strategies, folder: strategies, id: \"1\", label: \"Strategy ({id})\", serves: direction, nav: true}\n",
    "  - {name: target, title: Target, plural: Targets, folder: targets, parent: strategy, id: \"1.1\"}\n",
    "  - {name: recommendation, title: Recommendation, plural: Recommendations, folder: recommendations, parent: target, id: \"1.1.1\", nav: true}\n",
);

#[allow(unused_imports)] // to_literal is for tests/suite/fuzz.rs, not the fuzz targets
pub use files::{literal, to_literal};
use picks::*;
pub use write::end_marker_of;

use arbitrary::{Arbitrary, Result, Unstructured};

/// `Some` about one time in eight: a flaw that must not drown every tree in errors. Bytes run
/// out as zeros, so zero means "none".
#[derive(Debug)]
pub struct Rare<T>(pub Option<T>);

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Rare<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Rare(if u.arbitrary::<u8>()? >= 224 {
            Some(u.arbitrary()?)
        } else {
            None
        }))
    }
}

/// Text: mostly phrases that bodies, names and quotes share; sometimes anything at all.
#[derive(Debug, Arbitrary)]
pub enum Text {
    Pick(Word),
    Free(String),
}

impl Text {
    fn get(&self) -> &str {
        match self {
            Text::Pick(w) => w.0,
            Text::Free(s) => s,
        }
    }
}

/// Which existing item of a kind (by index); a high value dangles.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct To(u8);

/// One piece of a Markdown body.
#[derive(Debug, Arbitrary)]
pub enum Piece {
    Text(Text),
    Link(LinkKind, To, Option<To>, Text),
    Cite(u8),
    NoteRef(NoteLabel),
    NoteDef(NoteLabel, Text),
    Heading(u8, Text, Option<HeadingId>),
    Photo(Text),
    Html(Html),
    Table(Vec<Text>),
    Enumeration(Vec<Text>),
    Code(Lang, Text),
    External(Url, Text),
    Image(Url, Text),
    /// A link to, or an image of, a static file of the tree.
    FileLink(To, Text),
    FileImage(To, Text),
    Quote(Text),
    Break,
}

/// What every Markdown item has: a title, options and a body.
#[derive(Debug, Arbitrary)]
pub struct Common {
    title: Text,
    autolink: Option<bool>,
    redirect: Option<Redirect>,
    body: Vec<Piece>,
}

#[derive(Debug, Arbitrary)]
pub struct LinkSpec {
    to: To,
    editorial: bool,
    why: Option<Text>,
}

/// A quote and where it is from: the title of an existing item (which its text includes), or
/// sometimes any text, which is then not found.
#[derive(Debug, Arbitrary)]
pub struct QuoteSpec {
    from: To,
    other: Rare<Text>,
}

#[derive(Debug, Arbitrary)]
pub struct Chapter {
    order: u8,
    label: Option<Text>,
    lists: Vec<ListName>,
    common: Common,
}

#[derive(Debug, Arbitrary)]
pub struct Strategy {
    common: Common,
    directions: Vec<LinkSpec>,
    indicators: Vec<LinkSpec>,
    targets: Vec<Target>,
}

#[derive(Debug, Arbitrary)]
pub struct Target {
    label: Text,
    common: Common,
    recommendations: Vec<Recommendation>,
}

#[derive(Debug, Arbitrary)]
pub struct Recommendation {
    label: Text,
    common: Common,
    initiatives: Vec<To>,
    indicators: Vec<LinkSpec>,
}

#[derive(Debug, Arbitrary)]
pub struct Initiative {
    name: Text,
    acronym: Option<Text>,
    aliases: Vec<Text>,
    kind: InitiativeKind,
    facts: Vec<(QuoteSpec, Option<Text>)>,
    redirect: Option<Redirect>,
}

#[derive(Debug, Arbitrary)]
pub enum Value {
    Hundredths(u16),
    Any(f64),
}

#[derive(Debug, Arbitrary)]
pub struct Point {
    year: u8,
    data_year: Option<i16>,
    value: Value,
    printed: Text,
    kind: PointKind,
    qualifier: Option<Qualifier>,
}

#[derive(Debug, Arbitrary)]
pub struct Indicator {
    set: Set,
    title: Text,
    direction: Trend,
    quote: Option<QuoteSpec>,
    related: Vec<(LinkKind, To)>,
    /// At least one point: an empty series is an error found at once.
    first: Point,
    series: Vec<Point>,
    /// Figures published since: mostly well cited, now and then without a source or URL, with a
    /// script URL or of the wrong kind (E025).
    updates: Vec<(Point, Option<Url>, Option<Text>)>,
    redirect: Option<Redirect>,
}

#[derive(Debug, Arbitrary)]
pub struct Milestone {
    title: Text,
    due: Due,
    quote: QuoteSpec,
    initiatives: Vec<To>,
    /// Status updates: a status (by its index), now and then without a URL (E031).
    updates: Vec<(u8, Option<Url>)>,
    redirect: Option<Redirect>,
}

#[derive(Debug, Arbitrary)]
pub struct Config {
    title: Text,
    short_title: Option<Text>,
    base_url: BaseUrl,
    language: Option<Text>,
    raw_html: Option<RawHtmlMode>,
}

/// A file under `static/`: a format's magic bytes (mostly), then anything, so the image size
/// readers see headers of every kind.
#[derive(Debug, Arbitrary)]
pub struct Static {
    name: StaticName,
    magic: Magic,
    bytes: Vec<u8>,
}

/// A way to break an otherwise well-formed tree.
#[derive(Debug, Arbitrary)]
pub enum Flaw {
    /// Cut the n-th file at this fraction of its length.
    Truncate(u8, u8),
    /// Insert text into the n-th file at this fraction of its length.
    Insert(u8, u8, Text),
    UnknownField(u8),
    /// Indent a line of the n-th file with a tab.
    Tab(u8, u8),
    Crlf(u8),
    /// Give the n-th file a malformed, dangling or its own id (or parent, for nested items).
    Id(u8, BadId),
    Parent(u8, BadId),
    /// A second copy of the n-th file (a duplicate id).
    Duplicate(u8),
    Stray(StrayPath, Text),
    NoConfig,
}

/// A whole small tree.
#[derive(Debug, Arbitrary)]
pub struct Tree {
    config: Config,
    references: Vec<(Text, Url)>,
    first_chapter: u8,
    chapters: Vec<Chapter>,
    directions: Vec<Common>,
    strategies: Vec<Strategy>,
    initiatives: Vec<Initiative>,
    indicators: Vec<Indicator>,
    milestones: Vec<Milestone>,
    statics: Vec<Static>,
    flaws: [Rare<Flaw>; 2],
}
