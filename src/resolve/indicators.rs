//! Checks of indicator data: impossible values are errors, suspicious ones warnings, and every
//! figure added after the Blueprint must be an observation that cites where it was published.

use super::evidence::{self, Gap};
use super::items::Table;
use super::Data;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Config, Direction, Indicator, Point, PointKind};

/// What the checks of an item's data know besides the item.
pub struct DataChecks {
    /// The month the build considers "now".
    pub as_of: (i32, u32),
    /// How old, in months, a "none published" record may get (W010).
    pub stale_after: u32,
}

/// Problems in every item's own data: errors for impossible values, warnings for suspicious ones.
pub fn check(table: &Table, config: &Config, as_of: (i32, u32), diags: &mut Diagnostics) {
    let stale_after = config
        .stale_after_months
        .unwrap_or(evidence::DEFAULT_STALE_AFTER_MONTHS);
    let cx = DataChecks { as_of, stale_after };
    for item in table.iter() {
        item.part.check(&item.head, &cx, diags);
    }
}

/// An indicator's series and later figures.
pub fn indicator(d: Data<Indicator>, cx: &DataChecks, diags: &mut Diagnostics) {
    let (as_of, stale_after) = (cx.as_of, cx.stale_after);
    let d = &d;
    {
        let ind = d.value;
        if ind.series.is_empty() {
            diags.push(
                Diagnostic::error("E004", format!("indicator `{}` has no series points", ind.id))
                    .at(d.source.locate("series", "series"))
                    .help("add at least one point with year, value, printed, kind and source"),
            );
        }
        updates(d, diags);
        evidence::check_indicator(d, diags);
        super::series::check(d, diags);
        sources(d, diags);
        let has_observed_after = |y: i32| ind.points().any(|p| p.kind != PointKind::Target && p.data_year() >= y);
        for p in ind.series.iter().filter(|p| p.kind == PointKind::Target) {
            if p.data_year() < as_of.0 && !has_observed_after(p.data_year()) {
                past_target(
                    d,
                    p,
                    evidence::gap(ind, p.data_year(), as_of, stale_after),
                    stale_after,
                    diags,
                );
            }
        }
        direction(d, diags);
    }
}

/// Every figure says where it comes from; the data table links its `url`, so only web addresses.
fn sources(d: &Data<Indicator>, diags: &mut Diagnostics) {
    let ind = d.value;
    for p in ind.points() {
        // The data table links every point's `url`, the Blueprint's too: only web addresses.
        if let Some(url) = p.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                let what = if ind.is_update(p) { "later figure" } else { "figure" };
                let section = if ind.is_update(p) { "updates" } else { "series" };
                diags.push(
                    Diagnostic::error(
                        "E025",
                        format!(
                            "indicator `{}`: the {what} for {} has a URL that is not an http(s) address",
                            ind.id, p.year
                        ),
                    )
                    .at(d.source.locate_in(section, "url:", url))
                    .help("cite a web address starting with https:// (or http://)"),
                );
            }
        }
        if p.source.trim().is_empty() && !ind.is_update(p) {
            diags.push(
                Diagnostic::warning(
                    "W002",
                    format!("indicator `{}`: the {} point has no source", ind.id, p.year),
                )
                .at(d.source.locate("year:", &p.year.to_string()))
                .help("say where the figure comes from, with a URL if it is not from the Blueprint"),
            );
        }
    }
}

/// The direction of progress agrees with the baseline and the last target.
fn direction(d: &Data<Indicator>, diags: &mut Diagnostics) {
    let ind = d.value;
    let first = ind.series.iter().find(|p| p.kind == PointKind::Baseline);
    let last_target = ind
        .series
        .iter()
        .filter(|p| p.kind == PointKind::Target)
        .max_by_key(|p| p.data_year());
    if let (Some(b), Some(t)) = (first, last_target) {
        let rising = t.value > b.value;
        if (rising && ind.direction == Direction::Decrease)
            || (!rising && t.value < b.value && ind.direction == Direction::Increase)
        {
            diags.push(
                Diagnostic::warning(
                    "W004",
                    format!(
                        "indicator `{}`: direction `{}` contradicts baseline {} → target {}",
                        ind.id,
                        if rising { "decrease" } else { "increase" },
                        b.printed,
                        t.printed
                    ),
                )
                .at(d.source.locate("direction:", "direction"))
                .help("check `direction:` (increase or decrease) against the target"),
            );
        }
    }
}

/// Figures added after the Blueprint are observations, and each must say where it was published.
fn updates(d: &Data<Indicator>, diags: &mut Diagnostics) {
    let ind = &d.value;
    for p in &ind.updates {
        let year = p.year.to_string();
        let url = p.url.as_deref().map(str::trim).unwrap_or_default();
        let (what, help, at) = if p.kind != PointKind::Observed {
            let help = "write `kind: observed`: baselines and targets are the Blueprint's own (`series:`)";
            ("is not an observation", help, ("year:", year.as_str()))
        } else if p.source.trim().is_empty() {
            let help = "name who published the figure, with the title and date of the release";
            ("has no source", help, ("year:", year.as_str()))
        } else if url.is_empty() && p.derived.is_none() {
            let help = "add `url:` with the address where the figure can be read";
            ("has no URL", help, ("year:", year.as_str()))
        } else {
            continue;
        };
        diags.push(
            Diagnostic::error(
                "E025",
                format!("indicator `{}`: the later figure for {year} {what}", ind.id),
            )
            .at(d.source.locate_in("updates", at.0, at.1))
            .help(help),
        );
    }
}

/// A target whose year has passed with no figure: a warning, unless a recent search found none
/// published (then a warning only once that record is older than `stale_after` months).
fn past_target(d: &Data<Indicator>, p: &Point, gap: Gap, stale_after: u32, diags: &mut Diagnostics) {
    let ind = &d.value;
    let year = p.data_year();
    let at_target = || match p.data_year {
        Some(y) => d.source.locate("data_year:", &y.to_string()),
        None => d.source.locate("year:", &p.year.to_string()),
    };
    let diag = match gap {
        Gap::Fresh => return,
        Gap::None => Diagnostic::warning(
            "W003",
            format!("indicator `{}`: the {year} target is past and has no observation", ind.id),
        )
        .at(at_target())
        .help("once it is published, add the figure for that year under `updates:` with its source and URL; until then record the search under `none_found:`"),
        Gap::Stale(n) => Diagnostic::warning(
            "W010",
            format!(
                "indicator `{}`: no figure for {year} was found when last looked for ({}), more than {stale_after} months ago",
                ind.id, n.looked
            ),
        )
        .at(d.source.locate_in("none_found", "looked:", &n.looked))
        .help("look again: add the figure under `updates:` if it is published now, or update `looked:` to today"),
    };
    diags.push(diag);
}
