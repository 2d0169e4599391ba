//! Progress towards an indicator's targets, by the growth-rate ratio method used by Open SDG and
//! Statistics Canada.
//!
//! **Years.** Every calculation uses the year a figure describes (`data_year`), never the year of
//! the Blueprint column it was printed in (the 2022 column reports 2020 figures).
//!
//! **Points used.** The Blueprint's figures (`series`) and those published since (`updates`)
//! together. The *baseline* is the first point of kind `baseline` (by data year), or else
//! the earliest `observed` point. The *latest* value is the most recent non-target point in or
//! after the baseline year (the baseline itself when nothing later was observed). Points with a
//! non-finite value are ignored, and so are later figures whose measure is not the Blueprint's
//! (`differs:`): they are shown, marked, and the summary says they were left out.
//!
//! **Rates.** With baseline value *B* in year *b*, latest value *L* in year *l* and target value
//! *T* in year *t*:
//!
//! - observed rate = (L / B)^(1 / (l − b)) − 1 (compound annual growth, CAGR);
//! - required rate = (T / B)^(1 / (t − b)) − 1, the growth that would reach the target on time;
//! - ratio = observed rate / required rate.
//!
//! The same formulas serve indicators whose `direction` is `decrease`: both rates are then
//! negative when things go the right way, so the ratio is positive exactly when the indicator
//! moves towards its target.
//!
//! **Zero or negative values.** A growth rate from zero is undefined (and fractional powers of
//! negative numbers are not real), so when *B*, *L* or *T* is zero or negative the method switches
//! to the *absolute-change ratio*: observed slope (L − B) / (l − b) divided by required slope
//! (T − B) / (t − b), with the same thresholds. Indicator 2.2 (0 unicorns in 2014) uses it.
//!
//! **Status**, checked in this order for each target:
//!
//! 1. *Not assessable* when there is no figure at all.
//! 2. *Achieved* when the latest value already meets the target, respecting the direction
//!    (≥ for `increase`, ≤ for `decrease`; a target qualified `over` must be strictly exceeded).
//! 3. *Moving away from target* when the baseline met the target but the latest value no longer does.
//! 4. *Not assessable* when baseline and latest share a year (only one dated figure) or the
//!    target year is not after the baseline year.
//! 5. Otherwise by the ratio *r*: r ≥ 0.95 *on track*; 0.60 ≤ r < 0.95 *progress, acceleration
//!    needed*; 0 ≤ r < 0.60 *limited progress*; r < 0 *moving away from target*.
//!    A target whose year the latest figure has already reached, unmet, is never *on track*:
//!    it is capped at *progress, acceleration needed*.
//!
//! The qualifiers `about` and `at least` count as the plain value; `over` is the strict case above.
//!
//! **Worked example** (indicator 1.1, GERD as a share of GDP): 0.74% in 2014, 0.99% in 2020,
//! target 1.3% for 2025. Observed rate (0.99 / 0.74)^(1/6) − 1 = 4.97% a year; required rate
//! (1.3 / 0.74)^(1/11) − 1 = 5.26% a year; ratio 0.946, so *progress, acceleration needed*.
//! With the figure published since for 2024, 1.13%: (1.13 / 0.74)^(1/10) − 1 = 4.32% a year;
//! ratio 0.823, still *progress, acceleration needed*.

//!
//! **Words.** Every sentence here is composed from the engine's phrasebook
//! ([`Words`](crate::i18n::words::Words)): English by default (the resolver's), the page's
//! language when a page in another one asks ([`assess_in`], [`summary`]).

use crate::i18n::words::{capitalised, Words};
use crate::model::{Direction, Indicator, Point, PointKind, Qualifier};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Achieved,
    OnTrack,
    NeedsAcceleration,
    LimitedProgress,
    MovingAway,
    NotAssessable,
}

impl Status {
    /// The status's name in a page's key (`needs-acceleration`), as the theme's words name it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on-track",
            Status::NeedsAcceleration => "needs-acceleration",
            Status::LimitedProgress => "limited-progress",
            Status::MovingAway => "moving-away",
            Status::NotAssessable => "not-assessable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Achieved => "Achieved",
            Status::OnTrack => "On track",
            Status::NeedsAcceleration => "Progress, acceleration needed",
            Status::LimitedProgress => "Limited progress",
            Status::MovingAway => "Moving away from target",
            Status::NotAssessable => "Not assessable",
        }
    }

    /// A symbol that tells the statuses apart without colour. Deliberately not arrows: for an
    /// indicator meant to fall, an upward arrow for "on track" would read backwards. The same
    /// symbols as the default theme's status macro.
    pub fn icon(self) -> &'static str {
        match self {
            Status::Achieved => "✓",
            Status::OnTrack => "●",
            Status::NeedsAcceleration => "◐",
            Status::LimitedProgress => "○",
            Status::MovingAway => "✕",
            Status::NotAssessable => "?",
        }
    }

    fn from_ratio(r: f64) -> Status {
        if r >= 0.95 {
            Status::OnTrack
        } else if r >= 0.60 {
            Status::NeedsAcceleration
        } else if r >= 0.0 {
            Status::LimitedProgress
        } else {
            Status::MovingAway
        }
    }
}

pub const METHOD_GROWTH: &str = "growth-rate ratio";
pub const METHOD_ZERO_BASELINE: &str = "absolute-change ratio (zero baseline)";
pub const METHOD_NON_POSITIVE: &str = "absolute-change ratio (zero or negative values)";
pub const METHOD_NONE: &str = "none";

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// The data year of the target point.
    pub target_year: i32,
    pub target_value: f64,
    pub target_printed: String,
    pub status: Status,
    pub ratio: Option<f64>,
    /// Per year: a fraction (0.05 = 5%) for the growth-rate method, units for the linear one.
    pub observed_rate: Option<f64>,
    pub required_rate: Option<f64>,
    pub baseline_year: Option<i32>,
    pub baseline_value: Option<f64>,
    pub latest_year: Option<i32>,
    pub latest_value: Option<f64>,
    pub method: &'static str,
    pub explanation: String,
}

/// One assessment per target point, in data-year order, explained in English.
pub fn assess(ind: &Indicator) -> Vec<Assessment> {
    assess_in(ind, Words::english())
}

/// As [`assess`], the explanations in `w`'s language.
pub fn assess_in(ind: &Indicator, w: &Words) -> Vec<Assessment> {
    let pts = sorted_points(ind);
    let (base, latest) = baseline_and_latest(&pts);
    pts.iter()
        .filter(|p| p.kind == PointKind::Target)
        .map(|t| assess_target(ind, base, latest, t, w))
        .collect()
}

/// Finite points, the Blueprint's and the later ones, ordered by data year, a year's figures
/// before its target; the sort is stable, so equal keys keep file order (a Blueprint figure before
/// a later one of the same year, which then counts as its revision).
pub(crate) fn sorted_points(ind: &Indicator) -> Vec<&Point> {
    let mut pts: Vec<&Point> = ind.points().filter(|p| p.value.is_finite()).collect();
    pts.sort_by_key(|p| (p.data_year(), p.kind == PointKind::Target));
    pts
}

/// The baseline and latest figures used for rates, from points already sorted by data year.
pub(crate) fn baseline_and_latest<'a>(pts: &[&'a Point]) -> (Option<&'a Point>, Option<&'a Point>) {
    let comparable = || pts.iter().filter(|p| p.differs.is_none());
    let base = comparable()
        .find(|p| p.kind == PointKind::Baseline)
        .or_else(|| comparable().find(|p| p.kind == PointKind::Observed))
        .copied();
    let latest = base.and_then(|b| {
        let mut later = comparable().filter(|p| p.kind != PointKind::Target && p.data_year() >= b.data_year());
        later.next_back().copied()
    });
    (base, latest)
}

fn meets(dir: Direction, value: f64, target: &Point) -> bool {
    let strict = target.qualifier == Some(Qualifier::Over);
    match (dir, strict) {
        (Direction::Increase, false) => value >= target.value,
        (Direction::Increase, true) => value > target.value,
        (Direction::Decrease, false) => value <= target.value,
        (Direction::Decrease, true) => value < target.value,
    }
}

struct Rates {
    method: &'static str,
    observed: f64,
    required: f64,
}

fn rates(b: &Point, l: &Point, t: &Point) -> Option<Rates> {
    let (by, ly, ty) = (b.data_year(), l.data_year(), t.data_year());
    if ly <= by || ty <= by {
        return None;
    }
    let (nl, nt) = (f64::from(ly - by), f64::from(ty - by));
    let rates = if b.value > 0.0 && l.value > 0.0 && t.value > 0.0 {
        Rates {
            method: METHOD_GROWTH,
            observed: (l.value / b.value).powf(1.0 / nl) - 1.0,
            required: (t.value / b.value).powf(1.0 / nt) - 1.0,
        }
    } else {
        Rates {
            method: if b.value == 0.0 {
                METHOD_ZERO_BASELINE
            } else {
                METHOD_NON_POSITIVE
            },
            observed: (l.value - b.value) / nl,
            required: (t.value - b.value) / nt,
        }
    };
    Some(rates)
}

fn assess_target(ind: &Indicator, base: Option<&Point>, latest: Option<&Point>, t: &Point, w: &Words) -> Assessment {
    let mut a = Assessment {
        target_year: t.data_year(),
        target_value: t.value,
        target_printed: t.printed.clone(),
        status: Status::NotAssessable,
        ratio: None,
        observed_rate: None,
        required_rate: None,
        baseline_year: base.map(Point::data_year),
        baseline_value: base.map(|p| p.value),
        latest_year: latest.map(Point::data_year),
        latest_value: latest.map(|p| p.value),
        method: METHOD_NONE,
        explanation: String::new(),
    };
    let target_value = with_qualifier(w, &ind.unit, t);
    let target_year = t.data_year().to_string();
    let target = w.fill("engine.value_for", &[("value", &target_value), ("year", &target_year)]);
    let of_target = [
        ("target", target.as_str()),
        ("target_value", target_value.as_str()),
        ("target_year", target_year.as_str()),
    ];
    let (Some(b), Some(l)) = (base, latest) else {
        a.explanation = w.fill("engine.explain.no_figures", &of_target);
        return a;
    };
    let dec = decimals_needed(b.value).max(decimals_needed(l.value));
    let fv = |v: f64| format_value_dec(w, &ind.unit, v, dec);
    let (base_value, base_year) = (fv(b.value), b.data_year().to_string());
    let (latest_value, latest_year) = (fv(l.value), l.data_year().to_string());
    let mut args = of_target.to_vec();
    args.extend([
        ("base", base_value.as_str()),
        ("base_year", base_year.as_str()),
        ("latest", latest_value.as_str()),
        ("latest_year", latest_year.as_str()),
    ]);
    let r = rates(b, l, t);
    if let Some(r) = &r {
        a.method = r.method;
        a.observed_rate = Some(r.observed);
        a.required_rate = Some(r.required);
    }
    if meets(ind.direction, l.value, t) {
        a.status = Status::Achieved;
        a.explanation = w.fill("engine.explain.achieved", &args);
    } else if meets(ind.direction, b.value, t) {
        a.status = Status::MovingAway;
        a.explanation = w.fill("engine.explain.moving_away", &args);
    } else if let Some(r) = r {
        let ratio = r.observed / r.required;
        a.ratio = Some(ratio);
        a.status = Status::from_ratio(ratio);
        let passed = a.status == Status::OnTrack && l.data_year() >= t.data_year();
        if passed {
            a.status = Status::NeedsAcceleration;
        }
        a.explanation = explain_rates(ind, b, &r, a.status, ratio, w, &args);
        if passed {
            a.explanation.push_str(w.get("engine.explain.passed"));
        }
    } else if l.data_year() == b.data_year() {
        a.explanation = w.fill("engine.explain.one_figure", &args);
    } else {
        a.explanation = w.fill("engine.explain.no_required", &args);
    }
    a
}

/// The rates sentence; `args` already name the baseline, latest and target figures.
fn explain_rates(
    ind: &Indicator,
    b: &Point,
    r: &Rates,
    s: Status,
    ratio: f64,
    w: &Words,
    args: &[(&str, &str)],
) -> String {
    let u = ind.unit.as_str();
    let growth = r.method == METHOD_GROWTH;
    // One decimal, two below 1% so a slow change does not read as none.
    let pct = |x: f64| {
        let p = x.abs() * 100.0;
        format!("{}%", fixed(p, if p < 0.95 { 2 } else { 1 }))
    };
    let rate = |x: f64| if growth { pct(x) } else { slope_text(u, x.abs(), w) };
    let (kind, note) = match (growth, b.value == 0.0) {
        (true, _) => ("growth", ""),
        (false, true) => ("change", w.get("engine.note.zero")),
        (false, false) => ("change", w.get("engine.note.non_positive")),
    };
    let observed = match r.observed {
        x if x > 0.0 => w.fill(&format!("engine.{kind}.up"), &[("rate", &rate(x))]),
        x if x < 0.0 => w.fill(&format!("engine.{kind}.down"), &[("rate", &rate(x))]),
        _ => w.get("engine.unchanged").to_string(),
    };
    let need = if r.required > 0.0 { "need_up" } else { "need_down" };
    let required = w.fill(&format!("engine.{kind}.{need}"), &[("rate", &rate(r.required))]);
    let ratio = fmt_ratio(ratio);
    let status = w.get(&format!("engine.status.{}", s.name())).to_string();
    let mut all = args.to_vec();
    all.extend([
        ("observed", observed.as_str()),
        ("required", required.as_str()),
        ("note", note),
        ("ratio", ratio.as_str()),
        ("status", status.as_str()),
    ]);
    w.fill("engine.explain.rates", &all)
}

fn slope_text(unit: &str, x: f64, w: &Words) -> String {
    if unit == "percent" {
        w.fill("engine.points", &[("n", &number(x, 2))])
    } else {
        format_value(w, unit, x)
    }
}

/// Two decimals, or more when two would round the ratio across a threshold (0.9457 is shown as
/// 0.946, not 0.95, because it is *not* on track).
fn fmt_ratio(r: f64) -> String {
    (2..=4)
        .map(|d| fixed(r, d))
        .find(|s| s.parse::<f64>().map(Status::from_ratio) == Ok(Status::from_ratio(r)))
        .unwrap_or_else(|| fixed(r, 4))
}

/// One sentence in `w`'s language: the latest figure, the targets, and the progress verdicts.
pub fn summary(ind: &Indicator, a: &[Assessment], w: &Words) -> String {
    let pts = sorted_points(ind);
    let (_, latest) = baseline_and_latest(&pts);
    let dec = pts.iter().filter(|p| p.kind != PointKind::Target);
    let dec = dec.map(|p| decimals_needed(p.value)).max().unwrap_or(0);
    let lead = match latest {
        Some(l) => {
            let value = qualified(w, l.qualifier, format_value_dec(w, &ind.unit, l.value, dec));
            w.fill(
                "engine.value_in",
                &[("value", &value), ("year", &l.data_year().to_string())],
            )
        }
        None => w.get("engine.no_figures").to_string(),
    };
    let targets: Vec<String> = pts
        .iter()
        .filter(|p| p.kind == PointKind::Target)
        .map(|t| {
            let value = with_qualifier(w, &ind.unit, t);
            w.fill(
                "engine.value_for",
                &[("value", &value), ("year", &t.data_year().to_string())],
            )
        })
        .collect();
    let mut parts = vec![lead];
    if targets.is_empty() {
        parts.push(w.get("engine.no_target").to_string());
    } else {
        let key = if targets.len() == 1 {
            "engine.target_one"
        } else {
            "engine.target_many"
        };
        parts.push(w.fill(key, &[("targets", &w.join_and(&targets))]));
        parts.extend(verdicts(a, w));
    }
    let mut out = capitalised(&parts.join(w.get("engine.clause_sep")));
    out.push_str(w.get("engine.end"));
    let mut left_out: Vec<String> = ind
        .updates
        .iter()
        .filter(|p| p.differs.is_some())
        .map(|p| p.data_year().to_string())
        .collect();
    left_out.dedup();
    if !left_out.is_empty() {
        out.push_str(&w.fill("engine.left_out", &[("years", &w.join_and(&left_out))]));
    }
    out
}

/// Consecutive targets with the same status share one clause.
fn verdicts(a: &[Assessment], w: &Words) -> Vec<String> {
    let mut groups: Vec<(Status, &'static str, Vec<String>)> = Vec::new();
    for x in a {
        match groups.last_mut() {
            Some((s, _, years)) if *s == x.status => years.push(x.target_year.to_string()),
            _ => groups.push((x.status, x.method, vec![x.target_year.to_string()])),
        }
    }
    let mut prefixed = false;
    let mut out = Vec::new();
    for (status, method, years) in groups {
        let many = years.len() > 1;
        let key = match status {
            Status::Achieved if many => "engine.verdict.achieved_many",
            Status::Achieved => "engine.verdict.achieved_one",
            Status::OnTrack => "engine.verdict.on_track",
            Status::NeedsAcceleration => "engine.verdict.needs_acceleration",
            Status::LimitedProgress => "engine.verdict.limited",
            Status::MovingAway if many => "engine.verdict.moving_away_many",
            Status::MovingAway => "engine.verdict.moving_away_one",
            Status::NotAssessable => "engine.verdict.not_assessable",
        };
        let mut clause = w.fill(key, &[("years", &w.join_and(&years))]);
        let rated = !matches!(status, Status::Achieved | Status::NotAssessable);
        if rated && !prefixed && method != METHOD_NONE {
            let how = if method == METHOD_GROWTH {
                "engine.on_growth"
            } else {
                "engine.on_change"
            };
            clause = w.fill(how, &[("clause", &clause)]);
            prefixed = true;
        }
        out.push(clause);
    }
    out
}

/// `items` as an English list ("a, b and c"), for sentences not yet in the phrasebook.
pub(crate) fn join_and(items: &[String]) -> String {
    Words::english().join_and(items)
}

/// A point's value with its printed qualifier: "about 5,000", "at least 100,000".
pub fn with_qualifier(w: &Words, unit: &str, p: &Point) -> String {
    qualified(w, p.qualifier, format_value(w, unit, p.value))
}

/// `value` with a qualifier's words around it ("about {value}"), as `w` says them.
pub(crate) fn qualified(w: &Words, q: Option<Qualifier>, value: String) -> String {
    let key = match q {
        Some(Qualifier::About) => "engine.about",
        Some(Qualifier::AtLeast) => "engine.at_least",
        Some(Qualifier::Over) => "engine.over",
        None => return value,
    };
    w.fill(key, &[("value", &value)])
}

/// A value in the indicator's unit, for prose and chart labels: at most two decimals, trailing
/// zeros dropped, thousands separated by commas.
pub fn format_value(w: &Words, unit: &str, v: f64) -> String {
    format_value_dec(w, unit, v, 0)
}

/// As [`format_value`], keeping at least `min_dec` decimals so values printed side by side
/// match ("1.2%" and "1.0%", not "1%").
pub(crate) fn format_value_dec(w: &Words, unit: &str, v: f64, min_dec: usize) -> String {
    let n = |x: f64| number_dec(x, min_dec, 2);
    match unit {
        "percent" | "ratio" => format!("{}%", n(v)),
        "hkd" if v < 0.0 => format!("-HK${}", n(-v)),
        "hkd" => format!("HK${}", n(v)),
        "square-metres" if v.abs() >= 1e6 => w.fill("engine.million_m2", &[("n", &number(v / 1e6, 2))]),
        "square-metres" => format!("{} m²", n(v)),
        _ => n(v),
    }
}

/// The fewest decimals (at most two) that show `v` exactly.
pub(crate) fn decimals_needed(v: f64) -> usize {
    let max = max_decimals(v, 2);
    (0..max)
        .find(|&d| (fixed(v, d).parse::<f64>().unwrap_or(v) - v).abs() < 1e-9)
        .unwrap_or(max)
}

/// `max_dec`, widened for values below 1 so they keep two significant digits (0.012, not 0.01).
fn max_decimals(v: f64, max_dec: usize) -> usize {
    let a = v.abs();
    if a > 0.0 && a < 1.0 && a.is_finite() {
        max_dec.max((-a.log10()).floor() as usize + 2).min(8)
    } else {
        max_dec
    }
}

/// Rounded to at most `max_dec` decimals, trailing zeros dropped, with thousands separators.
pub(crate) fn number(v: f64, max_dec: usize) -> String {
    number_dec(v, 0, max_dec)
}

fn number_dec(v: f64, min_dec: usize, max_dec: usize) -> String {
    let s = fixed(v, max_decimals(v, max_dec).max(min_dec));
    let s = match s.split_once('.') {
        Some((int, frac)) => {
            let keep = frac.trim_end_matches('0').len().max(min_dec);
            if keep == 0 {
                int.to_string()
            } else {
                format!("{int}.{}", &frac[..keep])
            }
        }
        None => s,
    };
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    let sign = if grouped.chars().all(|c| c == '0' || c == ',') && frac.is_empty() {
        ""
    } else {
        sign
    };
    format!("{sign}{grouped}{frac}")
}

/// Fixed decimals with no negative zero; non-finite input prints as 0 so output never says NaN.
pub(crate) fn fixed(v: f64, dec: usize) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.dec$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests;
