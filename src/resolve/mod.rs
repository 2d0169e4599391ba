//! Resolution: turns the parsed corpus into the site graph. Checks every reference between
//! items, renders Markdown bodies (in parallel), computes backlinks, reading order and progress.
//! Nothing here touches the disk.

mod checks;
mod evidence;
mod files;
mod indicators;
mod redirects;
mod series;
pub use redirects::redirect_path;
pub mod items;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Corpus;
use crate::markdown::{self, Autolinker, Heading, RenderOptions};
use crate::model::*;
use crate::progress::{self, Assessment};
use crate::urls::Urls;
use items::ItemHead;
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
    pub text: String,
}

/// The resolved site: every item, its rendered body, its links both ways, and progress.
pub struct Site {
    pub config: Config,
    pub urls: Urls,
    pub heads: BTreeMap<ItemRef, ItemHead>,
    pub order: Vec<ItemRef>,
    positions: std::collections::HashMap<ItemRef, usize>,
    children: BTreeMap<ItemRef, Vec<ItemRef>>,
    indicator_index: BTreeMap<String, usize>,
    initiative_index: BTreeMap<String, usize>,
    milestone_index: BTreeMap<String, usize>,
    pub bodies: BTreeMap<ItemRef, Body>,
    pub relations: Vec<Relation>,
    pub incoming: BTreeMap<ItemRef, Vec<usize>>,
    pub outgoing: BTreeMap<ItemRef, Vec<usize>>,
    /// For each reference number, the markers citing it: (item, marker id).
    pub citations: BTreeMap<u32, Vec<(ItemRef, String)>>,
    pub assessments: BTreeMap<String, Vec<Assessment>>,
    /// Year and month the build considers "now" (milestones before it are past).
    pub as_of: (i32, u32),
    pub corpus: Corpus,
}

pub struct ResolveOptions {
    pub base_url: Option<String>,
    pub as_of: (i32, u32),
}

impl Site {
    pub fn head(&self, r: &ItemRef) -> Option<&ItemHead> {
        self.heads.get(r)
    }

    pub fn children(&self, r: &ItemRef) -> impl Iterator<Item = &ItemHead> + '_ {
        self.children
            .get(r)
            .into_iter()
            .flatten()
            .filter_map(|c| self.heads.get(c))
    }

    /// Position in reading order, for sorting lists of items the way the Blueprint reads.
    pub fn position(&self, r: &ItemRef) -> usize {
        self.positions.get(r).copied().unwrap_or(usize::MAX)
    }

    pub fn incoming(&self, r: &ItemRef) -> impl Iterator<Item = &Relation> + '_ {
        self.incoming.get(r).into_iter().flatten().map(|&i| &self.relations[i])
    }

    pub fn outgoing(&self, r: &ItemRef) -> impl Iterator<Item = &Relation> + '_ {
        self.outgoing.get(r).into_iter().flatten().map(|&i| &self.relations[i])
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        let i = *self.indicator_index.get(id)?;
        Some(&self.corpus.indicators[i].value)
    }

    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        let i = *self.milestone_index.get(id)?;
        Some(&self.corpus.milestones[i].value)
    }

    /// A recommendation's status updates (empty for most: the Blueprint's recommendations are
    /// prose, and only those that name something to be done get them).
    pub fn recommendation_updates(&self, id: &str) -> Option<&[StatusUpdate]> {
        let d = self.corpus.recommendations.iter().find(|d| d.meta.id == id)?;
        Some(&d.meta.updates)
    }

    pub fn initiative(&self, id: &str) -> Option<&Initiative> {
        let i = *self.initiative_index.get(id)?;
        Some(&self.corpus.initiatives[i].value)
    }
}

/// A Markdown document of any kind, seen uniformly.
struct DocRef<'c> {
    r: ItemRef,
    body: &'c str,
    offset: usize,
    source: &'c crate::load::SourceFile,
    autolink: bool,
    title: &'c str,
}

fn docs(corpus: &Corpus) -> Vec<DocRef<'_>> {
    let mut v = Vec::new();
    macro_rules! add {
        ($list:expr, $kind:expr) => {
            for d in &$list {
                v.push(DocRef {
                    r: ItemRef::new($kind, &d.meta.id),
                    body: &d.body,
                    offset: d.body_offset,
                    source: &d.source,
                    autolink: d.meta.autolink,
                    title: &d.meta.title,
                });
            }
        };
    }
    add!(corpus.chapters, Kind::Chapter);
    add!(corpus.directions, Kind::Direction);
    add!(corpus.strategies, Kind::Strategy);
    add!(corpus.targets, Kind::Target);
    add!(corpus.recommendations, Kind::Recommendation);
    v
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
    let urls = Urls::new(opts.base_url.as_deref().unwrap_or(&corpus.config.base_url));
    // Independent: the items' heads and the autolinker's automaton are built side by side.
    let ((heads, order, item_diags), (linker, linker_diags)) = rayon::join(
        || {
            let mut d = Diagnostics::default();
            let (heads, order) = items::build(&corpus, &mut d);
            (heads, order, d)
        },
        || {
            let mut d = Diagnostics::default();
            (autolinker(&corpus, &mut d), d)
        },
    );
    diags.extend(item_diags);
    diags.extend(linker_diags);
    let rendered = render_bodies(&corpus, &urls, &linker);
    let known = checks::Known {
        heads: &heads,
        failed: &corpus.failed_kinds,
        statics: &corpus.statics,
    };
    let mut relations = checks::front_matter_relations(&corpus, &known, &mut diags);
    let mut bodies = BTreeMap::new();
    let mut citations: BTreeMap<u32, Vec<(ItemRef, String)>> = BTreeMap::new();
    let anchors: BTreeMap<ItemRef, _> = rendered.iter().map(|(d, r)| (d.r.clone(), &r.anchors)).collect();
    // Bodies are checked in parallel; their findings are merged in document order.
    let checked: Vec<(Diagnostics, Vec<Relation>)> = rendered
        .par_iter()
        .map(|(doc, r)| {
            let mut found = (Diagnostics::default(), Vec::new());
            checks::body_links(
                doc.r.clone(),
                doc.source,
                doc.offset,
                r,
                &known,
                &anchors,
                &corpus.references,
                &mut found.0,
                &mut found.1,
            );
            found
        })
        .collect();
    for (d, rels) in checked {
        diags.extend(d);
        relations.extend(rels);
    }
    for (doc, r) in &rendered {
        for (n, id) in &r.citations {
            citations.entry(*n).or_default().push((doc.r.clone(), id.clone()));
        }
    }
    for (doc, r) in rendered {
        bodies.insert(
            doc.r,
            Body {
                html: r.html,
                toc: r.toc,
                text: r.text,
            },
        );
    }
    checks::references(&corpus, &mut diags);
    redirects::check(&heads, &mut diags);
    checks::quotes(&corpus, &heads, &bodies, &mut diags);
    indicators::check(&corpus, opts.as_of, &mut diags);
    relations.sort_by(|a, b| (&a.to, &a.from, a.rel).cmp(&(&b.to, &b.from, b.rel)));
    relations.dedup_by(|a, b| a.to == b.to && a.from == b.from && a.rel == b.rel);
    if diags.has_errors() {
        return Err(diags);
    }
    let (incoming, outgoing) = index_relations(&relations);
    let assessments = corpus
        .indicators
        .iter()
        .map(|d| (d.value.id.clone(), progress::assess(&d.value)))
        .collect();
    let positions = order.iter().enumerate().map(|(i, r)| (r.clone(), i)).collect();
    let children = items::children_by_parent(&heads);
    let index = |ids: Vec<&String>| ids.into_iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
    let indicator_index = index(corpus.indicators.iter().map(|d| &d.value.id).collect());
    let initiative_index = index(corpus.initiatives.iter().map(|d| &d.value.id).collect());
    let milestone_index = index(corpus.milestones.iter().map(|d| &d.value.id).collect());
    let site = Site {
        config: corpus.config.clone(),
        urls,
        heads,
        order,
        positions,
        children,
        indicator_index,
        initiative_index,
        milestone_index,
        bodies,
        relations,
        incoming,
        outgoing,
        citations,
        assessments,
        as_of: opts.as_of,
        corpus,
    };
    Ok((site, diags))
}

fn autolinker(corpus: &Corpus, diags: &mut Diagnostics) -> Autolinker {
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut names = Vec::new();
    for d in &corpus.initiatives {
        let i = &d.value;
        let mut list: Vec<String> = vec![i.name.clone()];
        list.extend(i.acronym.clone());
        list.extend(i.aliases.iter().cloned());
        for n in &list {
            if let Some(other) = owner.insert(n.clone(), i.id.clone()) {
                if other != i.id {
                    diags.push(
                        Diagnostic::error("E006", format!("initiatives `{other}` and `{}` both go by `{n}`", i.id))
                            .at(d.source.locate("", n))
                            .help("a name, acronym or alias must identify one initiative; remove it from one of them"),
                    );
                }
            }
        }
        names.push((i.id.clone(), list));
    }
    Autolinker::new(&names)
}

type RenderedDoc<'c> = (DocRef<'c>, markdown::Rendered);

fn render_bodies<'c>(corpus: &'c Corpus, urls: &Urls, linker: &Autolinker) -> Vec<RenderedDoc<'c>> {
    docs(corpus)
        .into_par_iter()
        .map(|doc| {
            let opts = RenderOptions {
                urls,
                autolinker: doc.autolink.then_some(linker),
                raw_html: corpus.config.raw_html,
                statics: &corpus.statics,
                this: &doc.r,
            };
            let mut r = markdown::render(doc.body, &opts);
            // Titles name initiatives too, though headings are never auto-linked.
            r.mentions.extend(linker.find(doc.title).map(|(_, id)| id.to_string()));
            (doc, r)
        })
        .collect()
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
