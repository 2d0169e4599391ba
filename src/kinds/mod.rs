//! The kinds of item, each in a module of its own that owns what is the kind's: the part of its
//! files that is its own and how it is parsed, the references and quotes it states and the checks
//! of its data, its page's context, its JSON Schema, the file `blueprint new` writes for it and
//! its place in reading order. [`registry!`] lists the modules once and makes from the list the
//! [`Part`] enum and every call generic code (parse, checks, render, schema, scaffold, order)
//! makes through it: adding a kind is a module and a line in that list.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::model::{Item, ItemHead, Kind, Plan, StatusUpdate};
use crate::render::{Renderer, Section};
use crate::resolve::{Collector, DataChecks, Site};
use crate::scaffold::New;
use crate::schema::{self, Hint, SchemaKind};
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::Arc;

/// What a kind of item is made of and does, beyond what every item shares ([`ItemHead`]).
/// Implemented by each kind's own part of an item.
pub trait KindSpec: Sized {
    /// The kind, for a built-in one; the plan's levels are declared in config instead.
    const KIND: Option<Kind>;
    /// Its files are Markdown with front matter (else YAML data files).
    const MARKDOWN: bool;
    /// Its pages' place in reading order among the kinds after the plan's text (chapters and
    /// levels, which the chapters place): lower first.
    const READING: u16 = 0;
    /// The field a title given to `blueprint new` fills.
    const TITLE_FIELD: &'static str = "title";
    /// What its files are read into: their schema is this type's.
    type File: JsonSchema;
    /// Its page's own context, flattened beside what every item page shows.
    type Page<'a>: Serialize
    where
        Self: 'a;

    /// Whether the files in `kind`'s folder are of this kind.
    fn owns(kind: Kind) -> bool {
        Self::KIND == Some(kind)
    }
    /// One of its files, as an item of `kind`.
    fn parse(plan: &Plan, kind: Kind, file: &Arc<SourceFile>) -> Result<Item, Diagnostic>;
    /// Checks the references its fields write, recording the relations they state.
    fn relations(&self, _head: &ItemHead, _c: &mut Collector) {}
    /// The quotes it makes, each with the `kind:id` of the text it must stand in.
    fn quotes(&self) -> Vec<(&str, &str)> {
        Vec::new()
    }
    /// Checks of its data that need no other item.
    fn check(&self, _head: &ItemHead, _cx: &DataChecks, _diags: &mut Diagnostics) {}
    /// Its dated status updates ("What changed" lists them).
    fn updates(&self) -> &[StatusUpdate] {
        &[]
    }
    /// Takes a translation's title where the part keeps a copy of the head's.
    fn retitle(&mut self, _title: &str) {}
    /// Its list page's own part (with [`NoList`], none).
    type List<'a>: Serialize
    where
        Self: 'a;
    /// Its list page's own part, beside the sections; `None` when it has none.
    fn list<'a>(_rd: &Renderer<'a>) -> Option<Self::List<'a>> {
        None
    }
    /// Its list page's title and introduction, unless the theme's words in the page's language
    /// say otherwise.
    fn list_text(_site: &Site, kind: Kind) -> (&str, &str) {
        (kind.plural_title(), "")
    }
    /// How its list page groups its items; `None` for one list in reading order.
    fn sections(_site: &Site, _kind: Kind) -> Option<Vec<Section>> {
        None
    }
    /// What its entry in a list says beside its link.
    fn note(&self) -> String {
        String::new()
    }
    /// Its page's own context.
    fn page<'a>(&'a self, rd: &Renderer<'a>, head: &'a ItemHead) -> Self::Page<'a>;
    /// Its JSON Schemas: of its files (`content/<folder>/*.md` or `*.yaml`), with its hints.
    fn schemas(_plan: &Plan) -> Vec<SchemaKind> {
        let schema = |kind: Kind| SchemaKind {
            hints: Self::hints(),
            ..schema::built_in(
                kind.name(),
                &format!(
                    "content/{}/*.{}",
                    kind.folder(),
                    if Self::MARKDOWN { "md" } else { "yaml" }
                ),
                Self::MARKDOWN,
                schema::schema_for::<Self::File>,
            )
        };
        Self::KIND.into_iter().map(schema).collect()
    }
    /// What the types cannot say of its files' fields (see [`crate::schema`]).
    fn hints() -> Vec<Hint> {
        Vec::new()
    }
    /// The name of the file `blueprint new` writes.
    fn file_name(new: &New) -> String {
        format!("{}.{}", new.id, if Self::MARKDOWN { "md" } else { "yaml" })
    }
    /// The text of that file; what the editor must fill in is added to `to_fill`.
    fn scaffold(new: &New, to_fill: &mut Vec<String>) -> String;
}

/// A list page with nothing of its kind's own.
#[derive(Serialize)]
pub struct NoList {}

/// A part of an item as its kind's own type, for code that needs one kind's data.
pub trait PartOf: Sized {
    fn of(part: &Part) -> Option<&Self>;
}

/// Lists the kinds: `Variant(TheirPart) in module;`, in schema order. From the list come the
/// [`Part`] enum and the calls through it.
macro_rules! registry {
    ($($variant:ident($part:ty) in $module:ident;)*) => {
        $(pub mod $module;)*

        /// What is an item's kind's own.
        #[derive(Debug, Clone)]
        pub enum Part {
            $($variant($part),)*
        }

        /// The part of an item page that is its kind's own. Untagged: templates test for the
        /// fields.
        #[derive(Serialize)]
        #[serde(untagged)]
        pub enum PartPage<'a> {
            $($variant(<$part as KindSpec>::Page<'a>),)*
        }

        /// The part of a list page that is its kind's own. Untagged: templates test for the
        /// fields.
        #[derive(Serialize)]
        #[serde(untagged)]
        pub enum ListPage<'a> {
            $($variant(<$part as KindSpec>::List<'a>),)*
            None(NoList),
        }

        $(
            impl From<$part> for Part {
                fn from(p: $part) -> Part {
                    Part::$variant(p)
                }
            }
            impl PartOf for $part {
                fn of(part: &Part) -> Option<&$part> {
                    #[allow(unreachable_patterns)]
                    match part {
                        Part::$variant(p) => Some(p),
                        _ => None,
                    }
                }
            }
        )*

        impl Part {
            pub fn relations(&self, head: &ItemHead, c: &mut Collector) {
                match self { $(Part::$variant(p) => p.relations(head, c),)* }
            }
            pub fn quotes(&self) -> Vec<(&str, &str)> {
                match self { $(Part::$variant(p) => p.quotes(),)* }
            }
            pub fn check(&self, head: &ItemHead, cx: &DataChecks, diags: &mut Diagnostics) {
                match self { $(Part::$variant(p) => p.check(head, cx, diags),)* }
            }
            pub fn updates(&self) -> &[StatusUpdate] {
                match self { $(Part::$variant(p) => p.updates(),)* }
            }
            pub fn retitle(&mut self, title: &str) {
                match self { $(Part::$variant(p) => p.retitle(title),)* }
            }
            pub fn note(&self) -> String {
                match self { $(Part::$variant(p) => p.note(),)* }
            }
            pub fn page<'a>(&'a self, rd: &Renderer<'a>, head: &'a ItemHead) -> PartPage<'a> {
                match self { $(Part::$variant(p) => PartPage::$variant(p.page(rd, head)),)* }
            }
        }

        /// The built-in kinds, in schema order.
        pub fn built_in() -> impl Iterator<Item = Kind> {
            [$(<$part as KindSpec>::KIND,)*].into_iter().flatten()
        }

        /// A file in `kind`'s folder, as an item; `None` when the kind takes no file of its type.
        pub fn parse(plan: &Plan, kind: Kind, markdown: bool, file: &Arc<SourceFile>) -> Option<Result<Item, Diagnostic>> {
            $(if <$part>::owns(kind) {
                return (<$part>::MARKDOWN == markdown).then(|| <$part>::parse(plan, kind, file));
            })*
            None
        }

        /// Every kind's schemas, in the list's order.
        pub fn schemas(plan: &Plan) -> Vec<SchemaKind> {
            let mut all = Vec::new();
            $(all.extend(<$part>::schemas(plan));)*
            all
        }

        /// The file `blueprint new` writes for an item of `new.kind`.
        pub fn scaffold(new: &New, to_fill: &mut Vec<String>) -> Option<(String, String)> {
            $(if <$part>::owns(new.kind) {
                return Some((<$part>::file_name(new), <$part>::scaffold(new, to_fill)));
            })*
            None
        }

        /// The list page of `kind`'s own part.
        pub fn list_page<'a>(rd: &Renderer<'a>, kind: Kind) -> ListPage<'a> {
            $(if <$part>::owns(kind) {
                if let Some(list) = <$part>::list(rd) {
                    return ListPage::$variant(list);
                }
            })*
            ListPage::None(NoList {})
        }

        /// The title and introduction of `kind`'s list page (before the theme's words).
        pub fn list_text(site: &Site, kind: Kind) -> (&str, &str) {
            $(if <$part>::owns(kind) {
                return <$part>::list_text(site, kind);
            })*
            (kind.plural_title(), "")
        }

        /// How `kind`'s list page groups its items; `None` for one list in reading order.
        pub fn sections(site: &Site, kind: Kind) -> Option<Vec<Section>> {
            $(if <$part>::owns(kind) {
                return <$part>::sections(site, kind);
            })*
            None
        }

        /// The field a title given to `blueprint new` fills.
        pub fn title_field(kind: Kind) -> &'static str {
            $(if <$part>::owns(kind) {
                return <$part>::TITLE_FIELD;
            })*
            "title"
        }

        /// Where `kind`'s pages come in reading order after the plan's text.
        pub fn reading(kind: Kind) -> u16 {
            $(if <$part>::owns(kind) {
                return <$part>::READING;
            })*
            u16::MAX
        }
    };
}

registry! {
    Chapter(chapter::ChapterPart) in chapter;
    Level(level::LevelPart) in level;
    Initiative(crate::model::Initiative) in initiative;
    Indicator(crate::model::Indicator) in indicator;
    Milestone(crate::model::Milestone) in milestone;
}
