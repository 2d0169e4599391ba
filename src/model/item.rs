//! The item, the unit of the pipeline: what every kind shares (its head: reference, label,
//! title, parent, source, redirects, …), its Markdown text when it has one, and the part that is
//! its kind's own ([`crate::kinds`]). Parse makes one collection of them; resolve checks and
//! links them; render asks the part for its page's context.

use super::*;
use crate::kinds::PartOf;
use crate::load::SourceFile;
use std::sync::Arc;

/// One item of any kind.
#[derive(Debug, Clone)]
pub struct Item {
    pub head: ItemHead,
    /// The Markdown body (chapters and the plan's levels; data kinds have none).
    pub text: Option<Text>,
    pub part: Part,
}

/// What every item has in common, whatever its kind.
#[derive(Debug, Clone)]
pub struct ItemHead {
    pub r: ItemRef,
    /// As printed above the title: "Strategy (3)", "Target 01", "Chapter 2", "ITVF".
    pub label: String,
    pub title: String,
    pub parent: Option<ItemRef>,
    /// The label was lost in the source text and restored from the structure.
    pub label_recovered: bool,
    /// Old site paths that redirect to this page.
    pub redirect_from: Vec<String>,
    /// The title is this site's words (a summary), not the plan's.
    pub site_title: bool,
    /// Whether initiative names in the body become links.
    pub autolink: bool,
    pub source: Arc<SourceFile>,
    /// The language of the title and text when it is not the page's: the main language's,
    /// shown on another language's page because the item has no translation yet.
    pub lang: Option<String>,
    /// On another language's page, where the translated title comes from (an initiative's
    /// name), with the original title shown beside it.
    pub title_source: Option<std::sync::Arc<crate::i18n::cited::TitleSource>>,
}

/// Declares the struct of a kind's file with the fields every kind's file may write, where
/// `..shared,` stands, and how they go to the item's head ([`ItemHead`]). The one place a field
/// shared by all kinds is declared and parsed: add it here (and to the head) and every kind has it.
macro_rules! item_file {
    (
        $(#[$m:meta])*
        pub struct $name:ident {
            $($(#[$fm:meta])* pub $f:ident: $t:ty,)*
            ..shared,
            $($(#[$gm:meta])* pub $g:ident: $u:ty,)*
        }
    ) => {
        $(#[$m])*
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
            /// Old addresses of this page (site paths like `initiatives/old-id/`) that redirect here.
            #[serde(default)]
            pub redirect_from: Vec<String>,
            $($(#[$gm])* pub $g: $u,)*
        }

        impl $name {
            /// The item's head: what the kind says of it, then the shared fields as written.
            pub fn head(
                &self,
                r: $crate::model::ItemRef,
                label: String,
                title: &str,
                source: &std::sync::Arc<$crate::load::SourceFile>,
            ) -> $crate::model::ItemHead {
                let mut head = $crate::model::ItemHead::new(r, label, title, source);
                head.redirect_from.clone_from(&self.redirect_from);
                head
            }
        }
    };
}
pub(crate) use item_file;

/// Where an item's Markdown body starts in its file (`head.source`), which holds it: a copy
/// would double what a large plan's sources take (about 150 MB at 100 000 pages).
#[derive(Debug, Clone)]
pub struct Text {
    pub offset: usize,
}

impl ItemHead {
    /// A head with what every kind states; the kind adds the rest.
    pub fn new(r: ItemRef, label: String, title: &str, source: &Arc<SourceFile>) -> ItemHead {
        ItemHead {
            r,
            label,
            title: title.to_string(),
            parent: None,
            label_recovered: false,
            redirect_from: Vec::new(),
            site_title: false,
            autolink: true,
            source: Arc::clone(source),
            lang: None,
            title_source: None,
        }
    }
}

impl Item {
    /// The Markdown body, if the item has one: the rest of its file after the front matter.
    pub fn markdown(&self) -> Option<&str> {
        let text = self.text.as_ref()?;
        self.head.source.text.get(text.offset..)
    }

    pub fn new(head: ItemHead, text: Option<Text>, part: impl Into<Part>) -> Item {
        Item {
            head,
            text,
            part: part.into(),
        }
    }

    pub fn r(&self) -> &ItemRef {
        &self.head.r
    }

    /// Its part as kind `T`'s, when it is of that kind.
    pub fn part<T: PartOf>(&self) -> Option<&T> {
        T::of(&self.part)
    }

    pub fn indicator(&self) -> Option<&Indicator> {
        self.part()
    }

    pub fn initiative(&self) -> Option<&Initiative> {
        self.part()
    }

    pub fn milestone(&self) -> Option<&Milestone> {
        self.part()
    }

    pub fn level(&self) -> Option<&LevelPart> {
        self.part()
    }

    pub fn chapter(&self) -> Option<&ChapterPart> {
        self.part()
    }
}
