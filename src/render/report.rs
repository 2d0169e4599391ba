//! The Progress report (`report/`): the one question the site exists for — is the plan on track,
//! and was what was promised delivered? — at a glance: every direction and strategy with its
//! indicators' standing and its commitments' standings, each counted and linked; the commitments
//! of the whole plan; and those overdue with no record that they were done.

use super::context::LinkCtx;
use super::item::{milestone_rows, rollup, MilestoneRow};
use super::{Job, Renderer};
use crate::commitments::{branch_of, Tally};
use crate::diagnostics::Diagnostic;
use crate::i18n::words::Words;
use crate::model::{ItemRef, Kind, Milestone};
use crate::resolve::{Rel, Site};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct ReportData<'a> {
    /// The whole plan's commitments, counted by standing.
    tally: Tally,
    /// "n of m assessable indicators on track …" over every development indicator.
    indicators: Option<String>,
    directions: Vec<DirectionBlock<'a>>,
    /// Commitments of the plan as a whole (quoted from a chapter, not a recommendation).
    whole_plan: Vec<MilestoneRow<'a>>,
    overdue: Vec<MilestoneRow<'a>>,
}

#[derive(Serialize)]
struct DirectionBlock<'a> {
    /// The item the branches serve; none when the plan's branches serve no level.
    link: Option<LinkCtx>,
    strategies: Vec<StrategyBlock<'a>>,
}

#[derive(Serialize)]
struct StrategyBlock<'a> {
    link: LinkCtx,
    indicators: Option<String>,
    tally: Tally,
    milestones: Vec<MilestoneRow<'a>>,
}

pub fn jobs<'s>(jobs: &mut Vec<Job<'s>>) {
    jobs.push(("report/".into(), Box::new(report)));
}

/// One sentence for the home page, in `w`'s words: the commitments' tally and how many are
/// overdue.
pub fn headline(site: &Site, w: &Words) -> String {
    let tally = Tally::of(site.milestones(), site.as_of(), w);
    let overdue = tally.overdue_without_record.to_string();
    w.fill("engine.headline", &[("tally", &tally.summary), ("overdue", &overdue)])
}

fn milestones(site: &Site) -> impl Iterator<Item = &Milestone> {
    site.milestones()
}

fn report(rd: &Renderer) -> Result<String, Diagnostic> {
    let site = rd.site;
    let development: Vec<&str> = site
        .indicators()
        .filter(|i| i.set == crate::model::IndicatorSet::Development)
        .map(|i| i.id.as_str())
        .collect();
    let overdue = milestones(site).filter(|m| crate::commitments::overdue_without_record(m, site.as_of()));
    // Each commitment's strategy, found once: a walk up the plan per commitment and strategy
    // made the page quadratic (1 600 commitments × 80 strategies in the 10 000-page benchmark).
    let mut by_strategy: BTreeMap<Option<ItemRef>, Vec<&Milestone>> = BTreeMap::new();
    for m in milestones(site) {
        by_strategy.entry(branch_of(site, m)).or_default().push(m);
    }
    let data = ReportData {
        tally: Tally::of(milestones(site), site.as_of(), &rd.words),
        indicators: rollup(site, &rd.words, &development),
        directions: blocks(site, &rd.words, &by_strategy),
        whole_plan: milestone_rows(site, of(&by_strategy, None)),
        overdue: milestone_rows(site, overdue),
    };
    let (title, headline) = (rd.t("report.title"), headline(site, &rd.words));
    let description = rd
        .words
        .fill("engine.titled", &[("title", &title), ("text", &headline)]);
    let meta = rd.meta("report/", rd.t("report.title"), description, "report");
    rd.render_page("report.html", meta, data)
}

type ByStrategy<'a> = BTreeMap<Option<ItemRef>, Vec<&'a Milestone>>;

/// The commitments of one strategy (`None`: of the plan as a whole), in file order.
fn of<'a, 'm>(by: &'m ByStrategy<'a>, r: Option<&ItemRef>) -> impl Iterator<Item = &'a Milestone> + 'm {
    by.get(&r.cloned()).into_iter().flatten().copied()
}

/// The plan's branches (the Blueprint's strategies), under the items of the level they serve
/// (its directions) when they serve one; otherwise each on its own.
fn blocks<'a>(site: &'a Site, w: &Words, by: &ByStrategy<'a>) -> Vec<DirectionBlock<'a>> {
    let plan = site.plan();
    let Some(branch) = plan.branch_level() else {
        return Vec::new();
    };
    match branch.serves {
        Some(above) => site
            .in_order(above)
            .filter_map(|h| direction_block(site, w, &h.r, branch.kind, by))
            .collect(),
        None => vec![DirectionBlock {
            link: None,
            strategies: site
                .in_order(branch.kind)
                .filter_map(|h| strategy_block(site, w, &h.r, by))
                .collect(),
        }],
    }
}

fn direction_block<'a>(
    site: &'a Site,
    w: &Words,
    r: &ItemRef,
    branch: Kind,
    by: &ByStrategy<'a>,
) -> Option<DirectionBlock<'a>> {
    let strategies = site
        .incoming(r)
        .filter(|x| x.rel == Rel::Serves && x.from.kind == branch)
        .filter_map(|x| strategy_block(site, w, &x.from, by))
        .collect();
    Some(DirectionBlock {
        link: Some(LinkCtx::to(site, r)?),
        strategies,
    })
}

fn strategy_block<'a>(site: &'a Site, w: &Words, r: &ItemRef, by: &ByStrategy<'a>) -> Option<StrategyBlock<'a>> {
    let ids: Vec<&str> = site
        .outgoing(r)
        .filter(|x| x.to.kind == Kind::INDICATOR)
        .map(|x| x.to.id.as_str())
        .collect();
    let mine = || of(by, Some(r));
    Some(StrategyBlock {
        link: LinkCtx::to(site, r)?,
        indicators: rollup(site, w, &ids),
        tally: Tally::of(mine(), site.as_of(), w),
        milestones: milestone_rows(site, mine()),
    })
}
