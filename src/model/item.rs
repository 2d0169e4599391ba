//! The item, the unit of the pipeline: what every kind shares (its head: reference, label,
//! title, parent, source, redirects, …), its Markdown text when it has one, and the part that is
//! its kind's own. Parse makes one collection of them; resolve checks and links them; render
//! matches on the part to pick the page's context.

use super::*;
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
}

/// Where an item's Markdown body starts in its file (`head.source`), which holds it: a copy
/// would double what a large plan's sources take (about 150 MB at 100 000 pages).
#[derive(Debug, Clone)]
pub struct Text {
    pub offset: usize,
}

/// What is an item's kind's own.
#[derive(Debug, Clone)]
pub enum Part {
    Chapter(ChapterPart),
    Level(LevelPart),
    Initiative(Initiative),
    Indicator(Indicator),
    Milestone(Milestone),
}

#[derive(Debug, Clone)]
pub struct ChapterPart {
    pub order: u32,
    pub lists: Vec<String>,
}

/// An item of a declared level: what it serves, involves and has delivered.
#[derive(Debug, Clone, Default)]
pub struct LevelPart {
    pub serves: Vec<Link>,
    pub indicators: Vec<Link>,
    pub initiatives: Vec<String>,
    pub updates: Vec<StatusUpdate>,
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
        }
    }
}

impl Item {
    /// The Markdown body, if the item has one: the rest of its file after the front matter.
    pub fn markdown(&self) -> Option<&str> {
        let text = self.text.as_ref()?;
        self.head.source.text.get(text.offset..)
    }

    pub fn r(&self) -> &ItemRef {
        &self.head.r
    }

    pub fn indicator(&self) -> Option<&Indicator> {
        match &self.part {
            Part::Indicator(i) => Some(i),
            _ => None,
        }
    }

    pub fn initiative(&self) -> Option<&Initiative> {
        match &self.part {
            Part::Initiative(i) => Some(i),
            _ => None,
        }
    }

    pub fn milestone(&self) -> Option<&Milestone> {
        match &self.part {
            Part::Milestone(m) => Some(m),
            _ => None,
        }
    }

    pub fn level(&self) -> Option<&LevelPart> {
        match &self.part {
            Part::Level(l) => Some(l),
            _ => None,
        }
    }

    pub fn chapter(&self) -> Option<&ChapterPart> {
        match &self.part {
            Part::Chapter(c) => Some(c),
            _ => None,
        }
    }
}
