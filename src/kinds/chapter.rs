//! Chapters: the plan's text in the order it is printed, each listing after its text a level's
//! items or the indicator table.

use super::KindSpec;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::{doc, SourceFile};
use crate::model::{ChapterMeta, Item, ItemHead, ItemRef, Kind, KindInfo, Plan};
use crate::render::context::{LinkCtx, OutlineCtx};
use crate::render::{indicator_groups, IndicatorGroup, Renderer};
use crate::resolve::{Collector, INDICATOR_TABLE};
use crate::scaffold::{front_matter, quoted, New};
use crate::schema::{describe, pattern, Hint, ID_NAME};
use serde::Serialize;
use std::sync::Arc;

impl Kind {
    pub const CHAPTER: Kind = Kind::built_in(&KindInfo {
        rank: 0,
        name: "chapter",
        title: "Chapter",
        plural: "Chapters",
        folder: "chapters",
        level: false,
    });
}

#[derive(Debug, Clone)]
pub struct ChapterPart {
    pub order: u32,
    pub lists: Vec<String>,
}

/// A chapter's text, then the lists it declares: a level's items, or the indicator table.
#[derive(Serialize)]
pub struct ChapterPage<'a> {
    outline: Vec<OutlineCtx>,
    outline_heading: String,
    /// The heading's language where it is the config's words on another language's page.
    outline_lang: Option<&'static str>,
    indicator_table: Vec<IndicatorGroup<'a>>,
}

impl KindSpec for ChapterPart {
    const KIND: Option<Kind> = Some(Kind::CHAPTER);
    const MARKDOWN: bool = true;
    type File = ChapterMeta;
    type Page<'a> = ChapterPage<'a>;
    type List<'a> = super::NoList;

    fn parse(_: &Plan, _: Kind, file: &Arc<SourceFile>) -> Result<Item, Diagnostic> {
        let (m, text) = doc::<ChapterMeta>(file)?;
        let r = ItemRef::new(Kind::CHAPTER, &m.id);
        let mut head = m.head(r, m.label.clone().unwrap_or_default(), &m.title, file);
        head.autolink = m.autolink;
        let part = ChapterPart {
            order: m.order,
            lists: m.lists,
        };
        Ok(Item::new(head, Some(text), part))
    }

    /// Its `lists:` name levels (by folder) or the indicator table.
    fn relations(&self, head: &ItemHead, c: &mut Collector) {
        let plan = c.plan();
        for list in &self.lists {
            let level = plan.kind_in(list).filter(|k| k.is_level());
            if level.is_some() || list == INDICATOR_TABLE {
                continue;
            }
            let names: Vec<&str> = plan
                .levels()
                .iter()
                .map(|l| l.kind.folder())
                .chain([INDICATOR_TABLE])
                .collect();
            let help = match did_you_mean(list, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "a chapter lists a level by its folder, or the indicator table: {}",
                    names.join(", ")
                ),
            };
            c.push(
                Diagnostic::error(
                    "E005",
                    format!("chapter `{}` lists `{list}`, which is not a level", head.r.id),
                )
                .at(head.source.locate("lists:", list))
                .help(help),
            );
        }
    }

    fn page<'a>(&'a self, rd: &Renderer<'a>, _: &'a ItemHead) -> ChapterPage<'a> {
        let site = rd.site;
        let mut outline = Vec::new();
        let mut outline_heading = String::new();
        let mut outline_lang = None;
        let mut indicator_table = Vec::new();
        for list in &self.lists {
            if list == INDICATOR_TABLE {
                indicator_table = indicator_groups(site);
            } else if let Some(level) = site.plan().kind_in(list).and_then(|k| site.plan().level(k)) {
                outline.extend(site.in_order(level.kind).map(|h| OutlineCtx {
                    link: LinkCtx::of(site, h),
                    children: Vec::new(),
                }));
                (outline_heading, outline_lang) = match &level.decl.heading {
                    Some(h) => (h.clone(), crate::i18n::foreign(&rd.strings.lang)),
                    None => (crate::render::kind_plural(&rd.strings, level.kind), None),
                };
            }
        }
        ChapterPage {
            outline,
            outline_heading,
            outline_lang,
            indicator_table,
        }
    }

    fn hints() -> Vec<Hint> {
        hints()
    }

    /// Named by its place in reading order, as the files list in a folder.
    fn file_name(new: &New) -> String {
        format!("{:02}-{}.md", next_order(new), new.id)
    }

    fn scaffold(new: &New, _: &mut Vec<String>) -> String {
        let order = next_order(new);
        let id = new.id;
        let label = if id.chars().all(|c| c.is_ascii_digit()) {
            format!("label: Chapter {id}\n")
        } else {
            "# label: omitted, as for the Foreword and Closing Remarks\n".to_string()
        };
        let lists: Vec<&str> = new
            .plan
            .levels()
            .iter()
            .map(|l| l.kind.folder())
            .chain([INDICATOR_TABLE])
            .collect();
        let yaml = format!(
            "id: {}\norder: {order}                  # reading order among chapters\n{label}title: {}\nlists: []                 # optional: {} (appended after the body)\n",
            quoted(id),
            new.title,
            lists.join(" | ")
        );
        front_matter(&yaml)
    }
}

/// After the chapters there are.
fn next_order(new: &New) -> u32 {
    new.existing
        .iter()
        .filter_map(|f| f.fields.get("order")?.parse::<u32>().ok())
        .max()
        .map_or(0, |o| o + 1)
}

/// What the types cannot say of its fields (see [`crate::schema`]).
fn hints() -> Vec<Hint> {
    vec![
        pattern("/properties/id", ID_NAME),
        describe("/properties/id", "foreword, \"1\" … \"5\" or closing-remarks; the page is /chapters/<id>/"),
        describe("/properties/order", "Reading order among chapters (foreword 0, chapters 1–5, closing remarks 6)"),
        describe("/properties/label", "As printed above the title, e.g. \"Chapter 2\"; omit for Foreword and Closing Remarks"),
        describe("/properties/lists", "Generated lists appended after the body"),
    ]
}
