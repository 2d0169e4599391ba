//! Pages that gather items: home, the index of each kind, the A–Z index, references, search and
//! the 404 page.

use super::context::*;
use super::item::{card, indicator_groups, milestone_rows, rollup};
use super::{Job, Renderer};
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::resolve::Site;
use serde::Serialize;

#[derive(Serialize)]
struct HomeData<'a> {
    directions: Vec<LinkCtx>,
    /// The chapter that lists the directions (Chapter 3), if any.
    directions_chapter: Option<LinkCtx>,
    strategies: Vec<StrategyCard>,
    cards: Vec<CardCtx<'a>>,
    rollup: Option<String>,
    chapters: Vec<LinkCtx>,
    counts: Vec<(usize, &'static str, String)>,
    /// The Progress report's headline, when the plan has dated commitments.
    headline: Option<String>,
}

#[derive(Serialize)]
struct StrategyCard {
    link: LinkCtx,
    targets: usize,
    recommendations: usize,
}

#[derive(Serialize)]
struct ListData<'a> {
    kind: &'static str,
    intro: &'static str,
    sections: Vec<Section>,
    cards: Vec<CardCtx<'a>>,
    further_cards: Vec<CardCtx<'a>>,
    rollup: Option<String>,
    /// The milestone index: commitments under their year, with the "as of" rule.
    timeline: Vec<crate::commitments::TimelineRow<super::item::MilestoneRow<'a>>>,
    indicator_table: Vec<super::item::IndicatorGroup<'a>>,
}

#[derive(Serialize)]
struct Section {
    heading: String,
    id: String,
    items: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    link: LinkCtx,
    note: String,
    tags: Vec<LinkCtx>,
}

#[derive(Serialize)]
struct ReferencesData<'a> {
    references: Vec<RefCtx<'a>>,
}

#[derive(Serialize)]
struct RefCtx<'a> {
    reference: &'a Reference,
    cited_by: Vec<(LinkCtx, String)>,
}

pub fn jobs<'s>(_site: &'s Site, jobs: &mut Vec<Job<'s>>) {
    jobs.push((String::new(), Box::new(home)));
    for kind in Kind::ALL {
        jobs.push((
            format!("{}/", kind.folder()),
            Box::new(move |rd: &Renderer| kind_index(rd, kind)),
        ));
    }
    jobs.push(("a-z/".into(), Box::new(a_to_z)));
    jobs.push(("references/".into(), Box::new(references)));
    jobs.push((
        "search/".into(),
        Box::new(|rd: &Renderer| simple(rd, "search.html", "search/", "Search")),
    ));
    jobs.push((
        "404.html".into(),
        Box::new(|rd: &Renderer| simple(rd, "404.html", "404.html", "Page not found")),
    ));
}

fn of_kind<'a>(site: &'a Site, kind: Kind) -> impl Iterator<Item = LinkCtx> + 'a {
    site.order
        .iter()
        .filter(move |r| r.kind == kind)
        .filter_map(move |r| LinkCtx::to(site, r))
}

fn development_ids(site: &Site) -> Vec<&str> {
    site.corpus
        .indicators
        .iter()
        .map(|d| &d.value)
        .filter(|i| i.set == IndicatorSet::Development)
        .map(|i| i.id.as_str())
        .collect()
}

fn home(rd: &Renderer) -> Result<String, Diagnostic> {
    let site = rd.site;
    let strategies = site
        .order
        .iter()
        .filter(|r| r.kind == Kind::Strategy)
        .filter_map(|r| {
            let targets: Vec<_> = site.children(r).collect();
            let recommendations = targets.iter().map(|t| site.children(&t.r).count()).sum();
            Some(StrategyCard {
                link: LinkCtx::to(site, r)?,
                targets: targets.len(),
                recommendations,
            })
        })
        .collect();
    let ids = development_ids(site);
    let count = |k: Kind| site.heads.keys().filter(|r| r.kind == k).count();
    let counts = Kind::ALL
        .into_iter()
        .filter(|k| *k != Kind::Chapter)
        .map(|k| (count(k), k.plural_title(), site.urls.kind_index(k)))
        .collect();
    let directions_chapter = site
        .corpus
        .chapters
        .iter()
        .find(|c| c.meta.lists.contains(&crate::model::ChapterList::Directions))
        .and_then(|c| LinkCtx::to(site, &ItemRef::new(Kind::Chapter, c.meta.id.as_str())));
    let data = HomeData {
        directions: of_kind(site, Kind::Direction).collect(),
        directions_chapter,
        strategies,
        cards: ids.iter().filter_map(|id| card(site, id)).collect(),
        rollup: rollup(site, &ids),
        chapters: of_kind(site, Kind::Chapter).collect(),
        counts,
        headline: (!site.corpus.milestones.is_empty()).then(|| super::report::headline(site)),
    };
    let meta = rd.meta("", site.config.title.clone(), site.config.description.clone(), "home");
    rd.render_page("home.html", meta, data)
}

fn kind_index(rd: &Renderer, kind: Kind) -> Result<String, Diagnostic> {
    let site = rd.site;
    let path = format!("{}/", kind.folder());
    let (title, intro) = match kind {
        Kind::Indicator => ("Progress on the development indicators", "Where Hong Kong stands on each indicator the Blueprint sets, and whether it is on track for the 2027 and 2032 milestones."),
        Kind::Milestone => ("Implementation timeline", "Every dated commitment in the Blueprint, in date order. Each links to the recommendation or chapter that makes it."),
        Kind::Initiative => ("Initiatives A–Z", "Every fund, scheme, programme, facility, body and event the Blueprint names, with the pages that mention each."),
        Kind::Recommendation => ("All recommendations", "The 42 recommendations of Chapter 4 by strategy and target, with the indicators each serves."),
        _ => (kind.plural_title(), ""),
    };
    let mut data = ListData {
        kind: kind.name(),
        intro,
        sections: sections(site, kind),
        cards: Vec::new(),
        further_cards: Vec::new(),
        rollup: None,
        timeline: Vec::new(),
        indicator_table: Vec::new(),
    };
    if kind == Kind::Indicator {
        let dev = development_ids(site);
        let further = site
            .order
            .iter()
            .filter(|r| r.kind == Kind::Indicator && !dev.contains(&r.id.as_str()));
        data.cards = dev.iter().filter_map(|id| card(site, id)).collect();
        data.further_cards = further.filter_map(|r| card(site, &r.id)).collect();
        for c in &mut data.further_cards {
            c.link.label.clear();
        }
        data.rollup = rollup(site, &dev);
        data.indicator_table = indicator_groups(site);
    }
    if kind == Kind::Milestone {
        let rows = milestone_rows(site, site.corpus.milestones.iter().map(|d| &d.value));
        data.timeline = crate::commitments::timeline_rows(rows, |m| m.due, site.as_of);
        // The table is the one list of milestones; the id-ordered list would repeat it.
        data.sections.clear();
    }
    let meta = rd.meta(&path, title.to_string(), intro.to_string(), kind.folder());
    rd.render_page("list.html", meta, data)
}

fn entry(site: &Site, link: LinkCtx, r: &ItemRef) -> Entry {
    let tags = site
        .outgoing(r)
        .filter(|x| x.to.kind == Kind::Indicator && x.rel == crate::resolve::Rel::Serves)
        .filter_map(|x| LinkCtx::to(site, &x.to))
        .collect();
    let note = match r.kind {
        Kind::Initiative => site
            .initiative(&r.id)
            .map(|i| format!("{:?}", i.kind).to_lowercase())
            .unwrap_or_default(),
        _ => String::new(),
    };
    Entry { link, note, tags }
}

fn sections(site: &Site, kind: Kind) -> Vec<Section> {
    match kind {
        Kind::Recommendation | Kind::Target => site
            .order
            .iter()
            .filter(|r| r.kind == Kind::Strategy)
            .filter_map(|s| site.head(s))
            .map(|s| {
                let targets: Vec<_> = site.children(&s.r).collect();
                let items = if kind == Kind::Target {
                    targets
                        .iter()
                        .map(|t| entry(site, LinkCtx::of(site, t), &t.r))
                        .collect()
                } else {
                    targets
                        .iter()
                        .flat_map(|t| site.children(&t.r))
                        .map(|c| entry(site, LinkCtx::of(site, c), &c.r))
                        .collect()
                };
                Section {
                    heading: format!("{}: {}", s.label, s.title),
                    id: format!("strategy-{}", s.r.id),
                    items,
                }
            })
            .collect(),
        Kind::Initiative => alphabetical(site, |r| r.kind == Kind::Initiative),
        _ => vec![Section {
            heading: String::new(),
            id: String::new(),
            items: site
                .order
                .iter()
                .filter(|r| r.kind == kind)
                .filter_map(|r| LinkCtx::to(site, r).map(|l| entry(site, l, r)))
                .collect(),
        }],
    }
}

/// Items grouped under their initial letter (by title; digits under "0–9").
fn alphabetical(site: &Site, keep: impl Fn(&ItemRef) -> bool) -> Vec<Section> {
    let mut all: Vec<(String, Entry)> = site
        .heads
        .values()
        .filter(|h| keep(&h.r))
        .map(|h| {
            let key = h.title.trim_start_matches(['“', '"', '‘', '\'']).to_lowercase();
            (key, entry(site, LinkCtx::of(site, h), &h.r))
        })
        .collect();
    all.sort_by(|a, b| (&a.0, &a.1.link.url).cmp(&(&b.0, &b.1.link.url)));
    let mut sections: Vec<Section> = Vec::new();
    for (key, e) in all {
        let first = key.chars().next().unwrap_or('#');
        let letter = if first.is_ascii_alphabetic() {
            first.to_ascii_uppercase().to_string()
        } else {
            "0–9".to_string()
        };
        match sections.last_mut() {
            Some(s) if s.heading == letter => s.items.push(e),
            _ => sections.push(Section {
                id: format!(
                    "letter-{}",
                    if letter.len() == 1 {
                        letter.to_lowercase()
                    } else {
                        "0-9".into()
                    }
                ),
                heading: letter,
                items: vec![e],
            }),
        }
    }
    sections
}

fn a_to_z(rd: &Renderer) -> Result<String, Diagnostic> {
    let site = rd.site;
    let data = ListData {
        kind: "a-z",
        intro: "Every item of the Blueprint on this site, A to Z: chapters, directions, strategies, targets, recommendations, initiatives, indicators and milestones.",
        sections: alphabetical(site, |_| true),
        cards: Vec::new(),
        further_cards: Vec::new(),
        rollup: None,
        timeline: Vec::new(),
        indicator_table: Vec::new(),
    };
    let meta = rd.meta("a-z/", "A–Z index".into(), data.intro.into(), "a-z");
    rd.render_page("list.html", meta, data)
}

fn references(rd: &Renderer) -> Result<String, Diagnostic> {
    let site = rd.site;
    let references = site
        .corpus
        .references
        .iter()
        .map(|reference| RefCtx {
            reference,
            cited_by: site
                .citations
                .get(&reference.number)
                .into_iter()
                .flatten()
                .filter_map(|(r, marker)| {
                    LinkCtx::to(site, r).map(|l| {
                        let url = format!("{}#{marker}", l.url);
                        (LinkCtx { url, ..l }, marker.clone())
                    })
                })
                .collect(),
        })
        .collect();
    let meta = rd.meta(
        "references/",
        "References (Appendix)".into(),
        "The numbered references of the Blueprint's Appendix, with links back to where each is cited.".into(),
        "references",
    );
    rd.render_page("references.html", meta, ReferencesData { references })
}

fn simple(rd: &Renderer, template: &str, path: &str, title: &str) -> Result<String, Diagnostic> {
    let description = format!("{title}: {}", rd.site.config.title);
    let mut meta = rd.meta(path, title.into(), description, "search");
    meta.noindex = true;
    rd.render_page(template, meta, ())
}
