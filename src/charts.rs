//! Indicator charts and dashboard sparklines, drawn as SVG strings at build time so pages need
//! no JavaScript. This module holds what both draw from (the series, the frame mapping data to
//! coordinates, tick labels); `full` draws the indicator page's chart in a wide and a narrow
//! layout, `spark` the dashboard sparkline, `marks` the plotted marks and their labels,
//! `labels` the label placer, `svg` the text and tick primitives.
//!
//! Design choices: Okabe–Ito colours (safe for colour-blind readers) set as presentation
//! attributes, which any CSS rule overrides, plus `bp-*` class names so a dark theme can restyle
//! them; text and gridlines use `currentColor` so they follow the page's text colour; no
//! background fills, so charts print. Status and target identity are always spelt out in text
//! or shape, never carried by colour alone. Coordinates are printed with fixed decimals and
//! non-finite numbers are dropped, so output is deterministic and never contains `NaN`.
//!
//! Classes for CSS: `bp-chart`, `bp-sparkline` (the `<svg>`s); `bp-observed`,
//! `bp-observed-point`, `bp-later-point` (a figure published after the Blueprint), `bp-target`,
//! `bp-path` (required path), `bp-grid`, `bp-tick`, `bp-label`, `bp-value`, `bp-target-label`,
//! `bp-legend`, `bp-note`, `bp-axis-title`, `bp-empty`.

mod full;
mod labels;
mod marks;
mod spark;
mod svg;

pub use spark::{sparkline, year_span};
pub use svg::{escape, nice_ticks, text_width, wrap, OBSERVED_COLOUR, TARGET_COLOUR};

use crate::i18n::words::Words;
use crate::model::{Indicator, Point, PointKind};
use crate::progress::{self, fixed, number, Assessment};
use labels::Rect;
use svg::f;

/// The charts' font stack (standalone chart files set it too).
pub const FONT: &str = "Public Sans, system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";

/// The full chart for an indicator page: the wide layout, then the narrow one (CSS shows one).
/// `plan` is the plan's name as the site calls it ("Blueprint"), for the key and the year note.
/// Its words are `w`'s, in the page's language.
pub fn indicator_chart(ind: &Indicator, a: &[Assessment], id_prefix: &str, plan: &str, w: &Words) -> String {
    let wide = full::draw(ind, a, id_prefix, plan, &full::WIDE, w);
    wide + &full::draw(ind, a, &format!("{id_prefix}-narrow"), plan, &full::NARROW, w)
}

/// The wide layout alone, for a file that shows one chart at one size: a standalone chart, the
/// printed plan.
pub fn wide_chart(ind: &Indicator, a: &[Assessment], id_prefix: &str, plan: &str, w: &Words) -> String {
    full::draw(ind, a, id_prefix, plan, &full::WIDE, w)
}

/// The points a chart draws, split by role, with non-finite values already dropped.
struct Series<'a> {
    line: Vec<&'a Point>,
    targets: Vec<&'a Point>,
    latest: Option<&'a Point>,
    /// Figures whose measure is not the Blueprint's: drawn apart, not joined to the line.
    other: Vec<&'a Point>,
}

impl<'a> Series<'a> {
    fn of(ind: &'a Indicator) -> Self {
        let pts = progress::sorted_points(ind);
        let (_, latest) = progress::baseline_and_latest(&pts);
        let (other, pts): (Vec<&Point>, Vec<&Point>) = pts.into_iter().partition(|p| p.differs.is_some());
        let (targets, line) = pts.into_iter().partition(|p| p.kind == PointKind::Target);
        Series {
            line,
            targets,
            latest,
            other,
        }
    }

    fn all(&self) -> impl Iterator<Item = &&'a Point> {
        self.line.iter().chain(self.targets.iter()).chain(self.other.iter())
    }

    fn is_empty(&self) -> bool {
        self.all().next().is_none()
    }

    fn years(&self) -> (i32, i32) {
        let lo = self.all().map(|p| p.data_year()).min().unwrap_or(0);
        let hi = self.all().map(|p| p.data_year()).max().unwrap_or(0);
        (lo, hi)
    }

    /// From zero (or below, for negative data) to the largest value.
    fn value_range(&self) -> (f64, f64) {
        let lo = self.all().map(|p| p.value).fold(0.0, f64::min);
        let hi = self.all().map(|p| p.value).fold(0.0, f64::max);
        (lo, hi)
    }

    fn is_latest(&self, p: &Point) -> bool {
        self.latest.is_some_and(|l| std::ptr::eq(l, p))
    }
}

/// Maps data years and values to viewBox coordinates.
struct Frame {
    plot: Rect,
    pad: f64,
    years: (i32, i32),
    lo: f64,
    hi: f64,
}

impl Frame {
    fn x(&self, year: i32) -> f64 {
        let (a, b) = self.years;
        if a == b {
            return (self.plot.x0 + self.plot.x1) / 2.0;
        }
        let t = f64::from(year - a) / f64::from(b - a);
        self.plot.x0 + self.pad + t * (self.plot.x1 - self.plot.x0 - 2.0 * self.pad)
    }

    fn y(&self, v: f64) -> f64 {
        self.plot.y1 - (v - self.lo) / (self.hi - self.lo) * (self.plot.y1 - self.plot.y0)
    }

    fn at(&self, p: &Point) -> (f64, f64) {
        (self.x(p.data_year()), self.y(p.value))
    }
}

/// `title` is the plan's words, marked as in `title_lang` when that is not the page's language;
/// `desc` is the engine's, in the page's language.
pub(crate) fn svg_open(
    class: &str,
    role: &str,
    size: (f64, f64),
    id: &str,
    (title, title_lang): (&str, Option<&str>),
    desc: &str,
) -> String {
    let p = escape(id);
    let lang = title_lang.map(|l| format!(" lang=\"{l}\"")).unwrap_or_default();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" role=\"{role}\" \
         aria-labelledby=\"{p}-title {p}-desc\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         font-family=\"{FONT}\">\n<title id=\"{p}-title\"{lang}>{}</title>\n<desc id=\"{p}-desc\">{}</desc>\n",
        fixed(size.0.ceil(), 0),
        fixed(size.1.ceil(), 0),
        escape(title),
        escape(desc)
    )
}

/// A y-axis tick label: the unit on every tick, as Our World in Data does, and millions spelt out.
fn tick_label(unit: &str, v: f64, step: f64, hi: f64, w: &Words) -> String {
    let dec = (-step.log10().floor()).max(0.0) as usize;
    if hi >= 1e6 {
        let m = number(v / 1e6, dec.saturating_sub(6).max(1));
        return if v == 0.0 {
            "0".into()
        } else {
            w.fill("chart.million", &[("n", &m)])
        };
    }
    let n = number(v, dec);
    match unit {
        "percent" | "ratio" => format!("{n}%"),
        "hkd" => format!("HK${n}"),
        _ => n,
    }
}

/// A light dashed gridline, solid and darker at zero where it doubles as the axis.
fn gridline(fr: &Frame, v: f64) -> String {
    let (op, dash) = if v == 0.0 {
        ("0.5", "")
    } else {
        ("0.18", " stroke-dasharray=\"3 3\"")
    };
    format!(
        "<line class=\"bp-grid\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"currentColor\" \
         stroke-opacity=\"{op}\"{dash}/>\n",
        f(fr.plot.x0),
        f(fr.plot.x1),
        y = f(fr.y(v))
    )
}

#[cfg(test)]
mod tests;
