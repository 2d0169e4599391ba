//! Items of the plan's declared levels (the Blueprint's directions, strategies, targets and
//! recommendations): Markdown text with a parent of the level above, what they serve and
//! involve, and what has been delivered. One module for every level: they differ only by their
//! declaration in config.yaml.

use super::KindSpec;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{doc, SourceFile};
use crate::model::{Item, ItemHead, ItemRef, Kind, Level, LevelMeta, Link, Plan, StatusUpdate};
use crate::render::context::{CardCtx, LinkCtx, OutlineCtx};
use crate::render::{cards, entry, history, rollup, Renderer, Section, UpdateCtx};
use crate::resolve::{Collector, DataChecks, Rel, Site};
use crate::scaffold::{front_matter, quoted, New};
use crate::schema::{id_regex, schema_for, Hint, SchemaKind};
use serde::Serialize;
use serde_json::json;
use std::sync::Arc;

/// An item of a declared level: what it serves, involves and has delivered.
#[derive(Debug, Clone, Default)]
pub struct LevelPart {
    pub serves: Vec<Link>,
    pub indicators: Vec<Link>,
    pub initiatives: Vec<String>,
    pub updates: Vec<StatusUpdate>,
}

/// An item of a level with levels below it: its outline, and the indicators it serves as cards.
#[derive(Serialize)]
pub struct LevelPage<'a> {
    outline: Vec<OutlineCtx>,
    outline_heading: String,
    cards: Vec<CardCtx<'a>>,
    rollup: Option<String>,
    /// Status updates, newest first.
    updates: Vec<UpdateCtx<'a>>,
}

impl KindSpec for LevelPart {
    const KIND: Option<Kind> = None;
    const MARKDOWN: bool = true;
    type File = LevelMeta;
    type Page<'a> = LevelPage<'a>;
    type List<'a> = super::NoList;

    fn owns(kind: Kind) -> bool {
        kind.is_level()
    }

    fn parse(plan: &Plan, kind: Kind, file: &Arc<SourceFile>) -> Result<Item, Diagnostic> {
        let level = plan.level(kind).expect("a level kind is declared");
        doc::<LevelMeta>(file).and_then(|(m, text)| item(level, m, text, file))
    }

    /// Its parent, what it serves, the initiatives it involves.
    fn relations(&self, head: &ItemHead, c: &mut Collector) {
        let me = &head.r;
        let src = &*head.source;
        if let Some(parent) = &head.parent {
            c.parent(me, parent.clone(), src, "parent:");
        }
        if let Some(kind) = c.plan().level(me.kind).and_then(|lv| lv.serves) {
            c.links(me, src, kind, &self.serves);
        }
        c.links(me, src, Kind::INDICATOR, &self.indicators);
        for id in &self.initiatives {
            let at = src.locate("initiatives", id);
            c.relate(me, ItemRef::new(Kind::INITIATIVE, id), at, Rel::Involves, None);
        }
    }

    fn list_text(site: &Site, kind: Kind) -> (&str, &str) {
        let decl = site.plan().level(kind).map(|l| &l.decl);
        let title = decl.and_then(|d| d.list_title.as_deref()).unwrap_or(kind.plural_title());
        (title, decl.and_then(|d| d.intro.as_deref()).unwrap_or(""))
    }

    /// A level below the top is listed in sections, one per item at the top of its branch.
    fn sections(site: &Site, kind: Kind) -> Option<Vec<Section>> {
        let plan = site.plan();
        let mut top = plan.level(kind)?;
        while let Some(parent) = top.parent.and_then(|p| plan.level(p)) {
            top = parent;
        }
        if top.kind == kind {
            return None;
        }
        let section = |t: &ItemHead| {
            let mut layer: Vec<&ItemHead> = vec![t];
            while layer.first().is_some_and(|h| h.r.kind != kind) {
                layer = layer.iter().flat_map(|h| site.children(&h.r)).collect();
            }
            Section {
                heading: format!("{}: {}", t.label, t.title),
                lang: t.lang.clone(),
                id: format!("{}-{}", top.kind.name(), t.r.id),
                items: layer.iter().map(|h| entry(site, LinkCtx::of(site, h), &h.r)).collect(),
            }
        };
        Some(site.in_order(top.kind).map(section).collect())
    }

    fn check(&self, head: &ItemHead, _: &DataChecks, diags: &mut Diagnostics) {
        let what = format!("{} `{}`", head.r.kind, head.r.id);
        crate::resolve::check_status_updates(&head.source, &what, &self.updates, diags);
    }

    fn updates(&self) -> &[StatusUpdate] {
        &self.updates
    }

    fn page<'a>(&'a self, rd: &Renderer<'a>, head: &'a ItemHead) -> LevelPage<'a> {
        let site = rd.site;
        let plan = site.plan();
        let r = &head.r;
        let below: Vec<Kind> = plan.levels_below(r.kind).take(2).map(|lv| lv.kind).collect();
        let strings = &rd.strings;
        let outline_heading = match below.as_slice() {
            [one] => crate::render::kind_plural(strings, *one),
            [one, two, ..] => strings
                .get_or("outline.two", "{one} and {two}")
                .replace("{one}", &crate::render::kind_plural(strings, *one))
                .replace("{two}", &crate::render::kind_plural(strings, *two).to_lowercase()),
            [] => String::new(),
        };
        // Items heading a branch show the indicators they serve as cards; those below, as links.
        let (cards, rollup) = if below.is_empty() {
            (Vec::new(), None)
        } else {
            let ids: Vec<&str> = site
                .outgoing(r)
                .filter(|x| x.to.kind == Kind::INDICATOR)
                .map(|x| x.to.id.as_str())
                .collect();
            (cards(site, &rd.words, &ids), rollup(site, &rd.words, &ids))
        };
        LevelPage {
            outline: outline(site, r),
            outline_heading,
            cards,
            rollup,
            updates: history(&self.updates),
        }
    }

    fn schemas(plan: &Plan) -> Vec<SchemaKind> {
        let schema = |l: &Level| SchemaKind {
            name: l.kind.name().into(),
            files: format!("content/{}/*.md", l.kind.folder()),
            front_matter: true,
            make: schema_for::<LevelMeta>,
            hints: hints(plan, l),
        };
        plan.levels().iter().map(schema).collect()
    }

    fn scaffold(new: &New, to_fill: &mut Vec<String>) -> String {
        let level = new.plan.level(new.kind).expect("a level kind is declared");
        scaffold(new, level, to_fill)
    }
}

/// An item of a declared level: its label from the level's pattern unless it writes its own,
/// its parent of the parent level.
fn item(level: &Level, m: LevelMeta, text: crate::model::Text, source: &Arc<SourceFile>) -> Result<Item, Diagnostic> {
    let kind = level.kind;
    let misplaced = |key: &str, why: String| {
        Diagnostic::error("E005", format!("{kind} `{}`: {why}", m.id))
            .at(source.locate(key, ""))
            .help(format!("see the level `{kind}` in content/config.yaml"))
    };
    let parent = match (level.parent, &m.parent) {
        (Some(p), Some(id)) => Some(ItemRef::new(p, id)),
        (None, None) => None,
        (Some(p), None) => {
            return Err(misplaced(
                "id:",
                format!("missing field `parent` (the id of the {p} it belongs to)"),
            ))
        }
        (None, Some(_)) => {
            return Err(misplaced(
                "parent:",
                format!("a {kind} has no parent level, so no `parent:`"),
            ))
        }
    };
    if level.serves.is_none() && !m.serves.is_empty() {
        return Err(misplaced(
            "serves:",
            format!("the level `{kind}` declares no `serves:` level"),
        ));
    }
    let label = match (m.label.clone(), &level.decl.label) {
        (Some(label), _) => label,
        (None, Some(pattern)) => pattern.replace("{id}", &m.id),
        (None, None) => {
            return Err(Diagnostic::error("E004", "missing field `label`")
                .at(source.locate("id:", ""))
                .help(format!(
                    "write the label printed above the title (the level `{kind}` declares no `label:` pattern); see docs/content-format.md"
                )))
        }
    };
    let mut head = m.head(ItemRef::new(kind, &m.id), label, &m.title, source);
    head.parent = parent;
    head.label_recovered = m.label_recovered;
    head.autolink = m.autolink;
    let part = LevelPart {
        serves: m.serves,
        indicators: m.indicators,
        initiatives: m.initiatives,
        updates: m.updates,
    };
    Ok(Item::new(head, Some(text), part))
}

/// The items under this one: a strategy's targets with their recommendations, a target's
/// recommendations.
fn outline(site: &Site, r: &ItemRef) -> Vec<OutlineCtx> {
    site.children(r)
        .map(|c| OutlineCtx {
            link: LinkCtx::of(site, c),
            children: site.children(&c.r).map(|g| LinkCtx::of(site, g)).collect(),
        })
        .collect()
}

/// A level's id shape, parent and `serves:` as its declaration says.
fn hints(plan: &Plan, l: &Level) -> Vec<Hint> {
    let d = |pointer: &'static str, text: String| ("", pointer, "description", json!(text));
    let p = |pointer: &'static str, pattern: &str| ("", pointer, "pattern", json!(pattern));
    let mut v = vec![
        p("/properties/id", &id_regex(l.decl.id)),
        d("/properties/id", format!("A {}'s id: `{}`", l.kind, l.decl.id)),
    ];
    match l.parent.and_then(|k| plan.level(k)) {
        Some(parent) => {
            v.push(p("/properties/parent", &id_regex(parent.decl.id)));
            v.push(d(
                "/properties/parent",
                format!("The id of the {} it belongs to (required)", parent.kind),
            ));
        }
        None => v.push(d(
            "/properties/parent",
            format!("Not used: a {} belongs to no other level", l.kind),
        )),
    }
    let serves = l.serves.map_or_else(
        || format!("Not used: the level `{}` declares no `serves:` level", l.kind),
        |k| format!("The {} it serves", k.plural_title().to_lowercase()),
    );
    v.push(d("/properties/serves", serves));
    v.push(d(
        "/properties/label",
        match &l.decl.label {
            Some(pattern) => format!("As printed; without it, `{pattern}` with the id"),
            None => "As printed above the title, e.g. \"Target 01\"".to_string(),
        },
    ));
    v
}

/// An item of a declared level, with the fields its declaration asks for.
fn scaffold(new: &New, level: &Level, to_fill: &mut Vec<String>) -> String {
    let (plan, id, title) = (new.plan, new.id, new.title);
    let mut yaml = format!("id: {}\n", quoted(id));
    if let Some(parent) = level.parent {
        match crate::scaffold::parent(plan, level.kind, id) {
            Some(p) => yaml.push_str(&format!(
                "parent: {}          # the {parent} it belongs to\n",
                quoted(&p.id)
            )),
            None => {
                to_fill.push(format!("`parent:` the id of the {parent} it belongs to"));
                yaml.push_str(&format!(
                    "parent: \"\"            # the id of the {parent} it belongs to\n"
                ));
            }
        }
    }
    match &level.decl.label {
        Some(pattern) => yaml.push_str(&format!("# label: omitted: `{pattern}` with the id\n")),
        None => {
            // The level's title and the id's last part: the editor checks it against the print.
            let n = id.rsplit('.').next().unwrap_or(id);
            to_fill.push("`label:` as printed above the title (written as the level's name and number)".into());
            yaml.push_str(&format!(
                "label: {}     # as printed above the title\n",
                quoted(&format!("{} {n}", level.kind.title()))
            ));
        }
    }
    yaml.push_str(&format!("title: {title}\n"));
    if let Some(serves) = level.serves {
        yaml.push_str(&format!(
            "# The {} it serves. Each link: id, editorial (true: our link, not the plan's) and why, e.g.\n\
             #   - id: \"1\"\n#     editorial: true\n#     why: One sentence saying why the link is evident.\n\
             serves: []\n",
            serves.plural_title().to_lowercase()
        ));
    }
    yaml.push_str(
        "indicators: []         # optional: links to indicators it serves (id, editorial, why)\n\
         initiatives: []        # optional: initiative ids it involves that the text does not name, e.g. [itvf]\n",
    );
    front_matter(&yaml)
}
