//! Resolution: turns the parsed corpus into the site graph. Checks every reference between
//! items, renders Markdown bodies (in parallel), computes backlinks, reading order and progress.
//! Nothing here touches the disk.

mod checks;
mod edit;
mod evidence;
mod files;
mod indicators;
mod redirects;
mod series;
pub use checks::{Collector, INDICATOR_TABLE};
pub use edit::Reach;
pub use evidence::{bad_date, check_status_updates, uncited};
pub use indicators::{indicator as check_indicator, DataChecks};
pub use redirects::redirect_path;
pub mod items;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Corpus, SourceFile, StaticFiles};
use crate::markdown::{self, Autolinker, Heading, RenderOptions};
use crate::model::*;
use crate::progress::{self, Assessment};
use crate::urls::Urls;
use items::Table;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// How two items are related; the page of `to` lists `from` under this heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rel {
    /// A target belongs to a strategy, a recommendation to a target.
    PartOf,
    /// A strategy serves a direction; a strategy or recommendation serves an indicator.
    Serves,
    /// A recommendation involves an initiative (front matter).
    Involves,
    /// The text names the item (auto-detected initiative names, explicit Markdown links).
    Mentions,
    /// A fact, milestone or further indicator quotes the item's text.
    Quotes,
    /// A further indicator or milestone relates to the item.
    Tracks,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub from: ItemRef,
    pub to: ItemRef,
    pub rel: Rel,
    pub editorial: bool,
    pub why: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Body {
    pub html: String,
    pub toc: Vec<Heading>,
    /// The plain text: whole after resolve, cut to its lead ([`Body::lead`]) by
    /// [`Site::into_lean`], which is all a page description needs.
    pub text: String,
}

impl Body {
    /// How many characters of the text a description can use.
    pub const LEAD: usize = 200;

    /// The opening words of `text`, whitespace collapsed, up to the first that passes
    /// [`Body::LEAD`] characters. Keeping only these, not every body's whole text, saved about
    /// 100 MB at 100 000 pages.
    pub fn lead(text: &str) -> String {
        let mut d = String::new();
        let mut chars = 0;
        for word in text.split_whitespace() {
            if chars > Self::LEAD {
                break;
            }
            if !d.is_empty() {
                d.push(' ');
                chars += 1;
            }
            d.push_str(word);
            chars += word.chars().count();
        }
        d
    }
}

impl From<markdown::Rendered> for Body {
    fn from(m: markdown::Rendered) -> Body {
        Body {
            html: m.html,
            toc: m.toc,
            text: m.text,
        }
    }
}

/// A data item borrowed with its file, for the checks that point into it.
pub struct Data<'a, T> {
    pub value: &'a T,
    pub source: &'a SourceFile,
}

/// The resolved site: every item, its rendered body, its links both ways, and progress.
pub struct Site {
    config: Config,
    plan: Plan,
    urls: Urls,
    table: Table,
    order: Vec<ItemRef>,
    positions: std::collections::HashMap<ItemRef, usize>,
    children: BTreeMap<ItemRef, Vec<ItemRef>>,
    bodies: BTreeMap<ItemRef, Body>,
    relations: Vec<Relation>,
    incoming: BTreeMap<ItemRef, Vec<usize>>,
    outgoing: BTreeMap<ItemRef, Vec<usize>>,
    /// For each reference number, the markers citing it: (item, marker id).
    citations: BTreeMap<u32, Vec<(ItemRef, String)>>,
    assessments: BTreeMap<String, Vec<Assessment>>,
    /// Year and month the build considers "now" (milestones before it are past).
    as_of: (i32, u32),
    references: Vec<Reference>,
    statics: StaticFiles,
    /// Kept so one edited body can be rendered again as resolve rendered it (`edit`).
    linker: Autolinker,
}

pub struct ResolveOptions {
    pub base_url: Option<String>,
    pub as_of: (i32, u32),
}

impl Site {
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The plan's kinds: its declared levels and the built-in kinds.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn urls(&self) -> &Urls {
        &self.urls
    }

    /// Year and month the build considers "now".
    pub fn as_of(&self) -> (i32, u32) {
        self.as_of
    }

    /// Every item in the plan's reading order.
    pub fn order(&self) -> &[ItemRef] {
        &self.order
    }

    pub fn item(&self, r: &ItemRef) -> Option<&Item> {
        self.table.get(r)
    }

    pub fn head(&self, r: &ItemRef) -> Option<&ItemHead> {
        self.table.head(r)
    }

    /// Every item's head, in reference order (kind, then id).
    pub fn heads(&self) -> impl DoubleEndedIterator<Item = &ItemHead> + '_ {
        self.table.heads()
    }

    /// The items of one kind in id order.
    pub fn items_of(&self, kind: Kind) -> impl Iterator<Item = &Item> + '_ {
        self.table.of_kind(kind)
    }

    /// The items of one kind in reading order.
    pub fn in_order(&self, kind: Kind) -> impl Iterator<Item = &ItemHead> + '_ {
        self.order
            .iter()
            .filter(move |r| r.kind == kind)
            .filter_map(|r| self.head(r))
    }

    /// The chapter that prints the indicator table (the Blueprint's Chapter 5), if one does.
    pub fn table_chapter(&self) -> Option<&ItemHead> {
        self.items_of(Kind::CHAPTER)
            .find(|i| {
                i.chapter()
                    .is_some_and(|c| c.lists.iter().any(|l| l == INDICATOR_TABLE))
            })
            .map(|i| &i.head)
    }

    pub fn body(&self, r: &ItemRef) -> Option<&Body> {
        self.bodies.get(r)
    }

    /// The site as pages need it: each body's plain text cut to its lead (what a description
    /// uses), and no source file's text (which only checks read). The whole text is for checks (and the tests that prove nothing was invented); a
    /// build lets it go (about 100 MB at 100 000 pages).
    pub fn into_lean(mut self) -> Site {
        for body in self.bodies.values_mut() {
            body.text = Body::lead(&body.text);
        }
        self.table.drop_sources();
        self
    }

    /// Every rendered Markdown body, by item.
    pub fn bodies(&self) -> impl Iterator<Item = (&ItemRef, &Body)> + '_ {
        self.bodies.iter()
    }

    pub fn children(&self, r: &ItemRef) -> impl Iterator<Item = &ItemHead> + '_ {
        self.children
            .get(r)
            .into_iter()
            .flatten()
            .filter_map(|c| self.table.head(c))
    }

    /// Position in reading order, for sorting lists of items the way the plan reads.
    pub fn position(&self, r: &ItemRef) -> usize {
        self.positions.get(r).copied().unwrap_or(usize::MAX)
    }

    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    pub fn incoming(&self, r: &ItemRef) -> impl Iterator<Item = &Relation> + '_ {
        self.incoming.get(r).into_iter().flatten().map(|&i| &self.relations[i])
    }

    pub fn outgoing(&self, r: &ItemRef) -> impl Iterator<Item = &Relation> + '_ {
        self.outgoing.get(r).into_iter().flatten().map(|&i| &self.relations[i])
    }

    /// For each reference number, the markers citing it: (item, marker id).
    pub fn citations(&self) -> &BTreeMap<u32, Vec<(ItemRef, String)>> {
        &self.citations
    }

    pub fn references(&self) -> &[Reference] {
        &self.references
    }

    /// The files of `static/`, published at the site root.
    pub fn statics(&self) -> &StaticFiles {
        &self.statics
    }

    /// An indicator's assessments against its targets (none for an unknown id).
    pub fn assessments(&self, id: &str) -> &[Assessment] {
        self.assessments.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.item(&ItemRef::new(Kind::INDICATOR, id))?.indicator()
    }

    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> + '_ {
        self.items_of(Kind::INDICATOR).filter_map(Item::indicator)
    }

    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.item(&ItemRef::new(Kind::MILESTONE, id))?.milestone()
    }

    pub fn milestones(&self) -> impl Iterator<Item = &Milestone> + '_ {
        self.items_of(Kind::MILESTONE).filter_map(Item::milestone)
    }

    pub fn initiative(&self, id: &str) -> Option<&Initiative> {
        self.item(&ItemRef::new(Kind::INITIATIVE, id))?.initiative()
    }

    /// The status updates of an item of a declared level (empty for most: the plan's items are
    /// prose, and only those that name something to be done get them).
    pub fn updates(&self, r: &ItemRef) -> &[StatusUpdate] {
        self.item(r).and_then(Item::level).map_or(&[], |l| l.updates.as_slice())
    }
}

/// Resolves the corpus, or returns every error found. Warnings come back with the site.
pub fn resolve(corpus: Corpus, opts: &ResolveOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    // The command line checks its --base-url; callers of the library may not have.
    if let Some(Err(why)) = opts.base_url.as_deref().map(crate::urls::check_base_url) {
        let base = opts.base_url.as_deref().unwrap_or_default();
        diags.push(
            Diagnostic::error("E042", format!("base URL `{base}` cannot be used: {why}"))
                .help(crate::urls::BASE_URL_HELP),
        );
        return Err(diags);
    }
    let Corpus {
        config,
        plan,
        items,
        references,
        references_file,
        statics,
        failed_kinds,
        plan_unknown: _,
        translations: _,
    } = corpus;
    let urls = Urls::new(opts.base_url.as_deref().unwrap_or(&config.base_url));
    let (mut table, order) = items::build(&plan, items, &mut diags);
    let linker = autolinker(&table, &mut diags);
    let rendered = render_bodies(&table, &config, &plan, &statics, &urls, &linker);
    let known = checks::Known {
        table: &table,
        plan: &plan,
        failed: &failed_kinds,
        statics: &statics,
    };
    let mut relations = checks::front_matter_relations(&known, &mut diags);
    relations.extend(check_bodies(&rendered, &known, &references, &mut diags));
    let citations = citations(&rendered);
    let bodies: BTreeMap<ItemRef, Body> = rendered.into_iter().map(|(r, m)| (r, Body::from(m))).collect();
    checks::references(references_file.as_deref(), &references, &mut diags);
    redirects::check(&plan, &table, &mut diags);
    checks::quotes(&plan, &table, &bodies, &mut diags);
    indicators::check(&table, &config, opts.as_of, &mut diags);
    relations.sort_by(|a, b| (&a.to, &a.from, a.rel).cmp(&(&b.to, &b.from, b.rel)));
    relations.dedup_by(|a, b| a.to == b.to && a.from == b.from && a.rel == b.rel);
    if diags.has_errors() {
        return Err(diags);
    }
    table.drop_texts();
    let (incoming, outgoing) = index_relations(&relations);
    let assessments = table
        .of_kind(Kind::INDICATOR)
        .filter_map(Item::indicator)
        .map(|i| (i.id.clone(), progress::assess(i)))
        .collect();
    let site = Site {
        positions: order.iter().enumerate().map(|(i, r)| (r.clone(), i)).collect(),
        children: items::children_by_parent(&table),
        config,
        plan,
        urls,
        table,
        order,
        bodies,
        relations,
        incoming,
        outgoing,
        citations,
        assessments,
        as_of: opts.as_of,
        references,
        statics,
        linker,
    };
    Ok((site, diags))
}

/// Checks every rendered body's links (in parallel; findings merged in document order) and
/// returns the relations they make.
fn check_bodies(
    rendered: &[RenderedDoc],
    known: &checks::Known,
    references: &[Reference],
    diags: &mut Diagnostics,
) -> Vec<Relation> {
    let anchors: BTreeMap<ItemRef, _> = rendered.iter().map(|(r, m)| (r.clone(), &m.anchors)).collect();
    let checked: Vec<(Diagnostics, Vec<Relation>)> = rendered
        .par_iter()
        .map(|(r, m)| {
            let mut found = (Diagnostics::default(), Vec::new());
            let item = known.table.get(r).expect("rendered bodies are of items in the table");
            let offset = item.text.as_ref().map_or(0, |t| t.offset);
            let at = (&*item.head.source, offset);
            checks::body_links(
                r.clone(),
                at,
                m,
                known,
                &anchors,
                references,
                &mut found.0,
                &mut found.1,
            );
            found
        })
        .collect();
    let mut relations = Vec::new();
    for (d, rels) in checked {
        diags.extend(d);
        relations.extend(rels);
    }
    relations
}

/// For each reference number, the markers citing it: (item, marker id).
fn citations(rendered: &[RenderedDoc]) -> BTreeMap<u32, Vec<(ItemRef, String)>> {
    let mut citations: BTreeMap<u32, Vec<(ItemRef, String)>> = BTreeMap::new();
    for (r, m) in rendered {
        for (n, id) in &m.citations {
            citations.entry(*n).or_default().push((r.clone(), id.clone()));
        }
    }
    citations
}

fn autolinker(table: &Table, diags: &mut Diagnostics) -> Autolinker {
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut names = Vec::new();
    for item in table.of_kind(Kind::INITIATIVE) {
        let Some(i) = item.initiative() else { continue };
        let mut list: Vec<String> = vec![i.name.clone()];
        list.extend(i.acronym.clone());
        list.extend(i.aliases.iter().cloned());
        list.extend(i.translated_name.clone());
        for n in &list {
            if let Some(other) = owner.insert(n.clone(), i.id.clone()) {
                if other != i.id {
                    diags.push(
                        Diagnostic::error("E006", format!("initiatives `{other}` and `{}` both go by `{n}`", i.id))
                            .at(item.head.source.locate("", n))
                            .help("a name, acronym or alias must identify one initiative; remove it from one of them"),
                    );
                }
            }
        }
        names.push((i.id.clone(), list));
    }
    Autolinker::new(&names)
}

type RenderedDoc = (ItemRef, markdown::Rendered);

/// Every Markdown body, rendered in parallel, in reference order.
fn render_bodies(
    table: &Table,
    config: &Config,
    plan: &Plan,
    statics: &StaticFiles,
    urls: &Urls,
    linker: &Autolinker,
) -> Vec<RenderedDoc> {
    let docs: Vec<(&ItemHead, &str)> = table.iter().filter_map(|i| Some((&i.head, i.markdown()?))).collect();
    docs.into_par_iter()
        .map(|(head, markdown)| {
            let r = render_body(head, markdown, (config, plan, statics, urls, linker));
            (head.r.clone(), r)
        })
        .collect()
}

/// What rendering one body reads besides the body: the site's config, plan, static files,
/// addresses and initiative names.
type BodyContext<'a> = (&'a Config, &'a Plan, &'a StaticFiles, &'a Urls, &'a Autolinker);

/// One item's Markdown body, rendered: by `resolve` for every body, and by `edit` again for
/// one that was saved since, the same way.
fn render_body(
    head: &ItemHead,
    markdown: &str,
    (config, plan, statics, urls, linker): BodyContext,
) -> markdown::Rendered {
    let opts = RenderOptions {
        urls,
        plan,
        autolinker: head.autolink.then_some(linker),
        raw_html: config.raw_html,
        statics,
        this: &head.r,
    };
    let mut r = markdown::render(markdown, &opts);
    // Titles name initiatives too, though headings are never auto-linked.
    r.mentions
        .extend(linker.find(&head.title).map(|(_, id)| id.to_string()));
    r
}

type RelationIndex = BTreeMap<ItemRef, Vec<usize>>;

fn index_relations(relations: &[Relation]) -> (RelationIndex, RelationIndex) {
    let mut incoming: RelationIndex = BTreeMap::new();
    let mut outgoing: RelationIndex = BTreeMap::new();
    for (i, rel) in relations.iter().enumerate() {
        incoming.entry(rel.to.clone()).or_default().push(i);
        outgoing.entry(rel.from.clone()).or_default().push(i);
    }
    (incoming, outgoing)
}
