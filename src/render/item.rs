//! One page per item: chapter, direction, strategy, target, recommendation, initiative,
//! indicator and milestone, all through `item.html` with the parts that apply to the kind.

use super::context::*;
use super::{Job, Renderer};
use crate::charts;
use crate::commitments::{is_past, Standing};
use crate::diagnostics::Diagnostic;
use crate::i18n::words::Words;
use crate::model::*;
use crate::progress::{self, Status};
use crate::resolve::{Rel, Site};
use crate::urls::Urls;
use serde::Serialize;

/// What every item page shows, whatever the kind; the kind's own part is flattened beside it.
#[derive(Serialize)]
struct ItemData<'a> {
    kind: &'static str,
    kind_title: String,
    /// The language of the title and text when the page's language has no translation of them.
    lang: Option<&'a str>,
    id: &'a str,
    label: &'a str,
    title: &'a str,
    /// Where a translated title comes from, and the original title, shown under it.
    title_source: Option<&'a crate::i18n::cited::TitleSource>,
    site_title: bool,
    label_recovered: bool,
    body: Option<&'a str>,
    serves: Vec<GroupCtx<'a>>,
    backlinks: Vec<GroupCtx<'a>>,
    milestones: Vec<MilestoneRow<'a>>,
    /// The top of the item's branch of the plan (itself at the top), for the search filter.
    branch: Option<LinkCtx>,
    cite: crate::publish::cite::Citation,
    #[serde(flatten)]
    part: crate::kinds::PartPage<'a>,
}

#[derive(Serialize)]
pub struct MilestoneRow<'a> {
    pub link: LinkCtx,
    pub due: &'a str,
    pub due_text: &'a str,
    pub past: bool,
    pub standing: StandingCtx,
}

/// A commitment's standing as templates show it: `name` for the CSS class, `label` to read.
#[derive(Serialize)]
pub struct StandingCtx {
    pub name: &'static str,
    pub label: &'static str,
    /// Past its date with nothing on record that says it happened.
    pub overdue: bool,
}

impl StandingCtx {
    pub fn of(m: &Milestone, as_of: (i32, u32)) -> StandingCtx {
        let s = Standing::of(m);
        StandingCtx {
            name: s.name(),
            label: s.label(),
            overdue: crate::commitments::overdue_without_record(m, as_of),
        }
    }
}

/// One dated status of a commitment with its evidence.
#[derive(Serialize)]
pub struct UpdateCtx<'a> {
    u: &'a StatusUpdate,
    name: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
pub struct IndicatorGroup<'a> {
    pub group: &'a str,
    pub rows: Vec<(LinkCtx, &'a Indicator)>,
}

pub fn jobs<'s>(site: &'s Site, jobs: &mut Vec<Job<'s>>) {
    for (i, r) in site.order().iter().enumerate() {
        let Some(item) = site.item(r) else { continue };
        let path = Urls::item_path(r);
        jobs.push((path, Box::new(move |rd: &Renderer| item_page(rd, item, i))));
    }
}

fn item_page(rd: &Renderer, item: &Item, pos: usize) -> Result<String, Diagnostic> {
    let site = rd.site;
    let head = &item.head;
    let r = &head.r;
    let path = Urls::item_path(r);
    let body = site.body(r);
    let description = description(head, body.map(|b| b.text.as_str()));
    let title = match head.label.as_str() {
        "" => head.title.clone(),
        label if r.kind == Kind::INITIATIVE => format!("{} ({label})", head.title),
        label => format!("{label}: {}", head.title),
    };
    let mut meta = rd.meta(&path, title, description, r.kind.folder());
    meta.breadcrumbs = breadcrumbs(rd, head);
    meta.lang.clone_from(&head.lang);
    (meta.prev, meta.next) = neighbours(site, pos);
    meta.toc = body.map_or(&[], |b| b.toc.as_slice());
    // The Dataset (with its download URLs) is described once, on the main language's page.
    let main_language = rd.main_urls.prefix == site.urls().prefix;
    if let (Some(ind), true) = (item.indicator(), main_language) {
        let about = crate::publish::jsonld::dataset(site, ind, &meta.description, &meta.canonical);
        meta.described = Some(about);
        if site.config().publishing.og_image {
            meta.og_image = Some(site.urls().absolute(&crate::publish::og::path(&ind.id)));
        }
    }
    let data = item_data(rd, item);
    rd.render_page("item.html", meta, data)
}

fn description(head: &ItemHead, text: Option<&str>) -> String {
    // The body's lead: its first words, whitespace collapsed (the whole text when the site was
    // not made lean, as in tests; the lead of the lead is the lead).
    let mut d = text.map(crate::resolve::Body::lead).unwrap_or_default();
    if d.is_empty() {
        d = head.title.clone();
    }
    if d.chars().count() > crate::resolve::Body::LEAD {
        d = d.chars().take(crate::resolve::Body::LEAD - 3).collect::<String>();
        d.push('…');
    }
    d
}

fn breadcrumbs(rd: &Renderer, head: &ItemHead) -> Vec<LinkCtx> {
    let site = rd.site;
    let urls = site.urls();
    let mut crumbs = vec![LinkCtx::page(urls.page(""), &rd.t("home"))];
    let mut chain = Vec::new();
    let mut top = head.r.kind;
    let mut cur = head.parent.clone();
    while let Some(p) = cur {
        let Some(h) = site.head(&p) else { break };
        chain.push(LinkCtx::of(site, h));
        top = h.r.kind;
        cur = h.parent.clone();
    }
    // The list page of the branch's top level, then the branch from the top down.
    crumbs.push(LinkCtx::page(
        urls.kind_index(top),
        &super::kind_plural(&rd.strings, top),
    ));
    crumbs.extend(chain.into_iter().rev());
    crumbs
}

/// Previous and next in reading order, within the same family (the plan's text, or one kind).
fn neighbours(site: &Site, pos: usize) -> (Option<LinkCtx>, Option<LinkCtx>) {
    let family = |k: Kind| k == Kind::CHAPTER || k.is_level();
    let order = site.order();
    let me = &order[pos];
    let same = |r: &ItemRef| {
        if family(me.kind) {
            family(r.kind)
        } else {
            r.kind == me.kind
        }
    };
    let prev = order[..pos]
        .iter()
        .rev()
        .find(|r| same(r))
        .and_then(|r| LinkCtx::to(site, r));
    let next = order[pos + 1..]
        .iter()
        .find(|r| same(r))
        .and_then(|r| LinkCtx::to(site, r));
    (prev, next)
}

fn item_data<'a>(rd: &Renderer<'a>, item: &'a Item) -> ItemData<'a> {
    let site = rd.site;
    let head = &item.head;
    let r = &head.r;
    ItemData {
        kind: r.kind.name(),
        kind_title: super::kind_title(&rd.strings, r.kind),
        lang: head.lang.as_deref(),
        id: &r.id,
        label: &head.label,
        title: &head.title,
        title_source: head.title_source.as_deref(),
        site_title: head.site_title,
        label_recovered: head.label_recovered,
        body: site.body(r).map(|b| b.html.as_str()),
        serves: serves(site, r),
        backlinks: backlink_groups(site, r),
        milestones: milestones_of(site, r),
        branch: branch(site, head),
        cite: crate::publish::cite::of(site, head),
        part: item.part.page(rd, head),
    }
}

/// The top item of `head`'s branch of the plan, when the plan has levels below the top.
fn branch(site: &Site, head: &ItemHead) -> Option<LinkCtx> {
    let mut top = head;
    while let Some(p) = top.parent.as_ref().and_then(|p| site.head(p)) {
        top = p;
    }
    let plan = site.plan();
    plan.child_levels(top.r.kind).next()?;
    Some(LinkCtx::of(site, top))
}

fn serves<'a>(site: &'a Site, r: &ItemRef) -> Vec<GroupCtx<'a>> {
    let mut groups = Vec::new();
    let served = site.plan().level(r.kind).and_then(|l| l.serves);
    for kind in served.into_iter().chain([Kind::INDICATOR]) {
        let items = outgoing(site, r, Rel::Serves, kind);
        if !items.is_empty() {
            groups.push(GroupCtx {
                heading: format!("{} it serves", kind.plural_title()),
                rel: "out-serves",
                kind: kind.name(),
                items,
            });
        }
    }
    let involves = outgoing(site, r, Rel::Involves, Kind::INITIATIVE);
    if !involves.is_empty() {
        groups.push(GroupCtx {
            heading: "Initiatives it involves".into(),
            rel: "out-involves",
            kind: Kind::INITIATIVE.name(),
            items: involves,
        });
    }
    groups
}

pub fn milestone_rows<'a>(site: &'a Site, milestones: impl Iterator<Item = &'a Milestone>) -> Vec<MilestoneRow<'a>> {
    let mut rows: Vec<MilestoneRow> = milestones
        .filter_map(|m| {
            LinkCtx::to(site, &ItemRef::new(Kind::MILESTONE, &m.id)).map(|link| MilestoneRow {
                link,
                due: &m.due,
                due_text: &m.due_text,
                past: is_past(&m.due, site.as_of()),
                standing: StandingCtx::of(m, site.as_of()),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (crate::commitments::due_key(a.due), &a.link.title).cmp(&(crate::commitments::due_key(b.due), &b.link.title))
    });
    rows
}

/// A commitment's updates, newest first: the current status, then how it got there.
pub fn history(updates: &[StatusUpdate]) -> Vec<UpdateCtx<'_>> {
    let mut updates: Vec<(usize, &StatusUpdate)> = updates.iter().enumerate().collect();
    updates.sort_by_key(|(i, u)| std::cmp::Reverse((crate::model::evidence::parse_date(&u.date), *i)));
    updates
        .into_iter()
        .map(|(_, u)| UpdateCtx {
            u,
            name: u.status.name(),
            label: u.status.label(),
        })
        .collect()
}

/// Milestones quoting this item or naming this initiative (their relations point here).
fn milestones_of<'a>(site: &'a Site, r: &ItemRef) -> Vec<MilestoneRow<'a>> {
    let ms = site
        .incoming(r)
        .filter(|x| x.from.kind == Kind::MILESTONE)
        .filter_map(|x| site.milestone(&x.from.id));
    milestone_rows(site, ms)
}

/// The cards of one dashboard: their sparklines span the same years, so slopes line up in time.
pub fn cards<'a, S: AsRef<str>>(site: &'a Site, w: &Words, ids: &[S]) -> Vec<CardCtx<'a>> {
    let span = charts::year_span(ids.iter().filter_map(|id| site.indicator(id.as_ref())));
    ids.iter().filter_map(|id| card(site, w, id.as_ref(), span)).collect()
}

fn card<'a>(site: &'a Site, w: &Words, id: &str, span: Option<(i32, i32)>) -> Option<CardCtx<'a>> {
    let ind = site.indicator(id)?;
    let a = site.assessments(id);
    // The figure progress is measured from: a later one where there is one.
    let pts = progress::sorted_points(ind);
    let (_, latest) = progress::baseline_and_latest(&pts);
    let next = ind
        .series
        .iter()
        .filter(|p| p.kind == PointKind::Target)
        .min_by_key(|p| p.data_year());
    Some(CardCtx {
        link: LinkCtx::to(site, &ItemRef::new(Kind::INDICATOR, id))?,
        unit: &ind.unit,
        latest: latest.map(|p| {
            let year = p.data_year().to_string();
            // "3 755 (2021)" already names its year.
            if p.printed.contains(&year) {
                printed(w, &p.printed)
            } else {
                w.fill(
                    "engine.value_in_year",
                    &[("value", &printed(w, &p.printed)), ("year", &year)],
                )
            }
        }),
        next_target: next.map(|p| {
            let year = p.data_year().to_string();
            w.fill(
                "engine.value_by",
                &[("value", &printed(w, &p.printed)), ("year", &year)],
            )
        }),
        sparkline: charts::sparkline(ind, a, &format!("spark-{}", crate::markdown::slug(id)), span, w),
        years: span.map(|(a, b)| format!("{a}–{b}")).unwrap_or_default(),
        assessments: a,
    })
}

/// A figure as the plan prints it, as HTML: escaped, and marked as English on a page in another
/// language (it may hold words: "over 100").
fn printed(w: &Words, text: &str) -> String {
    match w.foreign {
        Some(lang) => format!("<span lang=\"{lang}\">{}</span>", crate::markdown::escape(text)),
        None => crate::markdown::escape(text),
    }
}

/// "n of m assessable indicators on track" for the next milestone of each, in `w`'s words: never
/// an average.
pub fn rollup(site: &Site, w: &Words, ids: &[&str]) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let firsts: Vec<Status> = ids
        .iter()
        .filter_map(|id| site.assessments(id).first().map(|a| a.status))
        .collect();
    let assessable = firsts.iter().filter(|s| **s != Status::NotAssessable).count();
    let good = firsts
        .iter()
        .filter(|s| matches!(s, Status::OnTrack | Status::Achieved))
        .count();
    let key = if assessable == 1 {
        "engine.rollup_one"
    } else {
        "engine.rollup_many"
    };
    let (good, not) = (good.to_string(), (firsts.len() - assessable).to_string());
    Some(w.fill(
        key,
        &[("good", &good), ("assessable", &assessable.to_string()), ("not", &not)],
    ))
}

/// "Source: …" under the chart, in `w`'s words; with later figures, who to look to for which
/// years. `source` writes the source's name (the plan's words): as it is for a chart file,
/// escaped and marked as English for a page in another language.
pub fn chart_sources(ind: &Indicator, w: &Words, source: &dyn Fn(&str) -> String) -> String {
    let first = source(ind.series.first().map_or("", |p| p.source.as_str()));
    if ind.updates.is_empty() {
        return w.fill("chart.source", &[("source", &first)]);
    }
    let mut years: Vec<i32> = ind.updates.iter().map(Point::data_year).collect();
    years.sort_unstable();
    years.dedup();
    let years: Vec<String> = years.iter().map(i32::to_string).collect();
    w.fill("chart.sources", &[("source", &first), ("years", &w.join_and(&years))])
}

/// Development indicators grouped as in Chapter 5's table.
pub fn indicator_groups(site: &Site) -> Vec<IndicatorGroup<'_>> {
    let mut groups: Vec<IndicatorGroup> = Vec::new();
    let mut inds: Vec<&Indicator> = site
        .indicators()
        .filter(|i| i.set == IndicatorSet::Development)
        .collect();
    inds.sort_by(|a, b| crate::resolve::items::compare_ids(&a.id, &b.id));
    for ind in inds {
        let group = ind.group.as_deref().unwrap_or("");
        let Some(link) = LinkCtx::to(site, &ItemRef::new(Kind::INDICATOR, &ind.id)) else {
            continue;
        };
        match groups.last_mut() {
            Some(g) if g.group == group => g.rows.push((link, ind)),
            _ => groups.push(IndicatorGroup {
                group,
                rows: vec![(link, ind)],
            }),
        }
    }
    groups
}
