//! Indicator charts and dashboard sparklines, drawn as SVG strings at
//! build time so pages need no JavaScript.
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

mod svg;

pub use svg::{escape, nice_ticks, text_width, wrap, OBSERVED_COLOUR, TARGET_COLOUR};

use crate::model::{Indicator, Point, PointKind};
use crate::progress::{self, fixed, format_value_dec, number, qualifier_words, with_qualifier, Assessment};
use svg::{f, target_marker, text, Labeller, Rect, Style, BASE, MUTED};

const W: f64 = 640.0;
const H: f64 = 360.0;
/// The charts' font stack (standalone chart files set it too).
pub const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";
const NOTE_LINE: f64 = 19.5;
// Sizes are in viewBox units: at 320 px wide the chart halves them, so nothing goes below 15.
const Y_TICK: Style = Style {
    size: 16.0,
    anchor: "end",
    class: "bp-tick",
    extra: MUTED,
    ..BASE
};
const X_TICK: Style = Style {
    anchor: "middle",
    ..Y_TICK
};
const NOTE: Style = Style {
    class: "bp-note",
    extra: MUTED,
    ..BASE
};
const AXIS_TITLE: Style = Style {
    class: "bp-axis-title",
    ..NOTE
};
const LEGEND: Style = Style {
    class: "bp-legend",
    ..BASE
};
const EMPTY: Style = Style {
    size: 18.0,
    anchor: "middle",
    class: "bp-empty",
    ..BASE
};

/// How big marks and labels are: the full chart labels every target, a sparkline only the last.
struct Look {
    r: f64,
    label: Style,
    every_target: bool,
}

const FULL: Look = Look {
    r: 5.0,
    label: Style {
        size: 18.0,
        class: "bp-label",
        ..BASE
    },
    every_target: true,
};
const SMALL: Look = Look {
    r: 3.5,
    label: Style {
        size: 13.0,
        class: "bp-label",
        ..BASE
    },
    every_target: false,
};

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

fn svg_open(class: &str, role: &str, size: (f64, f64), id: &str, title: &str, desc: &str) -> String {
    let p = escape(id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" role=\"{role}\" \
         aria-labelledby=\"{p}-title {p}-desc\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         font-family=\"{FONT}\">\n<title id=\"{p}-title\">{}</title>\n<desc id=\"{p}-desc\">{}</desc>\n",
        fixed(size.0.ceil(), 0),
        fixed(size.1.ceil(), 0),
        escape(title),
        escape(desc)
    )
}

/// A y-axis tick label: the unit on every tick, as Our World in Data does, and millions spelt out.
fn tick_label(unit: &str, v: f64, step: f64, hi: f64) -> String {
    let dec = (-step.log10().floor()).max(0.0) as usize;
    if hi >= 1e6 {
        let m = number(v / 1e6, dec.saturating_sub(6).max(1));
        return if v == 0.0 { "0".into() } else { format!("{m} million") };
    }
    let n = number(v, dec);
    match unit {
        "percent" | "ratio" => format!("{n}%"),
        "hkd" => format!("HK${n}"),
        _ => n,
    }
}

/// What the y axis measures, when the tick labels cannot say it.
fn axis_note(ind: &Indicator) -> Option<String> {
    let s = match (&ind.measure, ind.unit.as_str()) {
        (Some(m), _) => m.clone(),
        (None, "percent" | "hkd" | "count" | "ratio") => return None,
        (None, "per-1000") => "per 1,000".into(),
        (None, u) => u.replace('-', " "),
    };
    let mut c = s.chars();
    c.next().map(|first| first.to_uppercase().chain(c).collect())
}

/// A target's label names the year it is for, matching the axis and the page's status list;
/// the marker's shape and the year note tie it back to the Blueprint's column.
fn target_label(ind: &Indicator, t: &Point) -> String {
    format!("{} target: {}", t.data_year(), with_qualifier(&ind.unit, t))
}

/// Explains the x axis when the Blueprint prints figures in columns headed by later years
/// (its 2022 column holds 2020 figures).
fn year_note(ind: &Indicator, s: &Series) -> Option<String> {
    let printed = || s.all().filter(|p| !ind.is_update(p));
    if printed().all(|p| p.data_year() == p.year) {
        return None;
    }
    let mut cols: Vec<String> = Vec::new();
    for p in printed() {
        if !cols.contains(&p.year.to_string()) {
            cols.push(p.year.to_string());
        }
    }
    let cols = match cols.split_last() {
        Some((last, init)) if !init.is_empty() => format!("{} and {last} columns", init.join(", ")),
        _ => format!("{} column", cols.concat()),
    };
    Some(format!(
        "Years are the years the figures describe; the Blueprint prints them in its {cols}."
    ))
}

/// The full chart for an indicator page.
pub fn indicator_chart(ind: &Indicator, a: &[Assessment], id_prefix: &str) -> String {
    let s = Series::of(ind);
    let note = year_note(ind, &s)
        .map(|n| wrap(&n, W - 8.0, NOTE.size))
        .unwrap_or_default();
    let axis = axis_note(ind);
    let (lo, hi) = s.value_range();
    let (ticks, step) = nice_ticks(lo, hi);
    let top_tick = ticks.last().copied().unwrap_or(1.0);
    let labels: Vec<String> = ticks
        .iter()
        .map(|&v| tick_label(&ind.unit, v, step, top_tick))
        .collect();
    let left = labels.iter().map(|l| text_width(l, Y_TICK.size)).fold(0.0, f64::max) + 10.0;
    let plot = Rect {
        x0: left,
        y0: if axis.is_some() { 72.0 } else { 48.0 },
        x1: W - 8.0,
        y1: H - 36.0 - NOTE_LINE * note.len() as f64,
    };
    let (lo, hi) = (ticks.first().copied().unwrap_or(0.0), top_tick);
    let fr = Frame {
        plot,
        pad: 28.0,
        years: s.years(),
        lo,
        hi,
    };

    let summary = progress::summary(ind, a);
    let mut out = svg_open("bp-chart", "img", (W, H), id_prefix, &ind.title, &summary);
    out.push_str(&legend(ind, &s, 20.0));
    // Labels may rise above the plot into the band under the legend, but not over the axis title.
    let mut lab = Labeller::new(Rect {
        x0: left,
        y0: 30.0,
        x1: W - 1.0,
        y1: plot.y1 - 1.0,
    });
    if let Some(ax) = &axis {
        out.push_str(&text(2.0, 50.0, &AXIS_TITLE, ax));
        let x1 = 4.0 + text_width(ax, AXIS_TITLE.size);
        lab.blocked.push(Rect {
            x0: 0.0,
            y0: 36.0,
            x1,
            y1: 55.0,
        });
    }
    for (v, label) in ticks.iter().zip(&labels) {
        out.push_str(&gridline(&fr, *v));
        out.push_str(&text(left - 6.0, fr.y(*v) + 5.5, &Y_TICK, label));
    }
    out.push_str(&x_ticks(&s, &fr));
    if s.is_empty() {
        let (cx, cy) = ((plot.x0 + plot.x1) / 2.0, (plot.y0 + plot.y1) / 2.0);
        out.push_str(&text(cx, cy, &EMPTY, "No figures to chart yet"));
    }
    out.push_str(&plot_series(ind, &s, &fr, lab, &FULL));
    for (i, line) in note.iter().enumerate() {
        let y = H - 8.0 - NOTE_LINE * (note.len() - 1 - i) as f64;
        out.push_str(&text(2.0, y, &NOTE, line));
    }
    out.push_str("</svg>\n");
    out
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

/// Year labels at the years that have points or, when those would touch, at round years
/// (every 2, 5, 10… years) as a long yearly series needs.
fn x_ticks(s: &Series, fr: &Frame) -> String {
    let mut years: Vec<i32> = s.all().map(|p| p.data_year()).collect();
    years.sort_unstable();
    years.dedup();
    let (lo, hi) = s.years();
    let round = |step: i32| -> Vec<i32> { (lo..=hi).filter(|y| y % step == 0).collect() };
    let fits = |ys: &[i32]| {
        let w = text_width("0000", X_TICK.size) + 8.0;
        ys.windows(2).all(|p| fr.x(p[1]) - fr.x(p[0]) >= w)
    };
    let chosen = std::iter::once(years)
        .chain([2, 5, 10, 20, 50, 100].map(round))
        .find(|ys| fits(ys))
        .unwrap_or_default();
    let labels = chosen
        .iter()
        .map(|y| text(fr.x(*y), fr.plot.y1 + 22.0, &X_TICK, &y.to_string()));
    labels.collect()
}

/// Required paths, the observed line, markers, then labels placed around all of them.
fn plot_series(ind: &Indicator, s: &Series, fr: &Frame, mut lab: Labeller, look: &Look) -> String {
    let mut out = String::new();
    if let (Some(l), false) = (s.latest, s.targets.is_empty()) {
        let from = fr.at(l);
        for t in &s.targets {
            let to = fr.at(t);
            lab.segments.push((from, to));
            out.push_str(&format!(
                "<line class=\"bp-path\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{TARGET_COLOUR}\" \
                 stroke-width=\"1.6\" stroke-dasharray=\"5 4\"/>\n",
                f(from.0),
                f(from.1),
                f(to.0),
                f(to.1)
            ));
        }
    }
    let line: Vec<(f64, f64)> = s.line.iter().map(|p| fr.at(p)).collect();
    if line.len() > 1 {
        let d: Vec<String> = line.iter().map(|(x, y)| format!("{} {}", f(*x), f(*y))).collect();
        out.push_str(&format!(
            "<path class=\"bp-observed\" d=\"M{}\" fill=\"none\" stroke=\"{OBSERVED_COLOUR}\" \
             stroke-width=\"2.5\" stroke-linejoin=\"round\"/>\n",
            d.join("L")
        ));
        lab.segments.extend(line.windows(2).map(|w| (w[0], w[1])));
    }
    for (p, (x, y)) in s.line.iter().zip(&line) {
        out.push_str(&observed_marker(*x, *y, look.r, ind.is_update(p)));
        lab.blocked.push(Rect::around(*x, *y, look.r + 1.0));
        lab.marks.push((*x, *y));
    }
    for p in &s.other {
        let (x, y) = fr.at(p);
        out.push_str(&differs_marker(x, y, look.r));
        lab.blocked.push(Rect::around(x, y, look.r + 1.0));
        lab.marks.push((x, y));
    }
    for (i, t) in s.targets.iter().enumerate() {
        let (x, y) = fr.at(t);
        out.push_str(&target_marker(i, x, y, look.r + 0.5));
        lab.blocked.push(Rect::around(x, y, look.r * 1.25 + 1.0));
        lab.marks.push((x, y));
    }
    out.push_str(&place_labels(ind, s, fr, lab, look));
    out
}

/// A filled dot for a figure the Blueprint prints; a ring for one published since, so the two
/// differ in shape, not colour alone (the ring's inside is the page's background, see site.css).
fn observed_marker(x: f64, y: f64, r: f64, later: bool) -> String {
    if later {
        format!(
            "<circle class=\"bp-observed-point bp-later-point\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" \
             stroke=\"{OBSERVED_COLOUR}\" stroke-width=\"2\"/>\n",
            f(x),
            f(y),
            f(r - 0.5)
        )
    } else {
        format!(
            "<circle class=\"bp-observed-point\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{OBSERVED_COLOUR}\"/>\n",
            f(x),
            f(y),
            f(r)
        )
    }
}

/// A hollow square for a figure whose measure is not the Blueprint's: another shape again, so
/// it reads apart from the dots and rings of comparable figures.
fn differs_marker(x: f64, y: f64, r: f64) -> String {
    let side = 2.0 * r - 1.0;
    format!(
        "<rect class=\"bp-observed-point bp-differs-point\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
         fill=\"#ffffff\" stroke=\"{OBSERVED_COLOUR}\" stroke-width=\"2\"/>\n",
        f(x - side / 2.0),
        f(y - side / 2.0),
        f(side),
        f(side)
    )
}

/// Targets first, as they matter most, then the latest figure (bold) and the first one.
fn place_labels(ind: &Indicator, s: &Series, fr: &Frame, mut lab: Labeller, look: &Look) -> String {
    let target_style = Style {
        class: "bp-label bp-target-label",
        ..look.label
    };
    for (i, t) in s.targets.iter().enumerate() {
        let label = if look.every_target {
            target_label(ind, t)
        } else if i + 1 == s.targets.len() {
            with_qualifier(&ind.unit, t)
        } else {
            continue;
        };
        lab.place(fr.at(t), look.r * 1.25, &label, &target_style);
    }
    // Shared decimals, so 1.2 and 1.0 print as "1.2%" and "1.0%", not "1.2%" and "1%".
    let dec = s
        .line
        .iter()
        .map(|p| progress::decimals_needed(p.value))
        .max()
        .unwrap_or(0);
    let first = s.line.first().filter(|p| look.every_target && !s.is_latest(p));
    for p in s.latest.iter().chain(first) {
        let extra = if s.is_latest(p) { " font-weight=\"600\"" } else { "" };
        let st = Style {
            class: "bp-label bp-value",
            extra,
            ..look.label
        };
        let value = format_value_dec(&ind.unit, p.value, dec);
        lab.place(
            fr.at(p),
            look.r,
            &format!("{}{value}", qualifier_words(p.qualifier)),
            &st,
        );
    }
    lab.out
}

/// A one-line key: each entry is its symbol followed by words.
fn legend(ind: &Indicator, s: &Series, y: f64) -> String {
    type Symbol = Box<dyn Fn(f64) -> String>;
    let mut items: Vec<(f64, &str, Symbol)> = Vec::new();
    let yy = f(y);
    let later = s.line.iter().any(|p| ind.is_update(p));
    if s.line.iter().any(|p| !ind.is_update(p)) {
        let sym = move |x: f64| {
            format!(
                "<path class=\"bp-observed\" d=\"M{} {yy}h22\" stroke=\"{OBSERVED_COLOUR}\" stroke-width=\"2.5\"/>\
                 <circle class=\"bp-observed-point\" cx=\"{}\" cy=\"{yy}\" r=\"4\" fill=\"{OBSERVED_COLOUR}\"/>\n",
                f(x),
                f(x + 11.0)
            )
        };
        items.push((22.0, if later { "In the Blueprint" } else { "Observed" }, Box::new(sym)));
    }
    if later {
        items.push((
            8.0,
            "Published since",
            Box::new(move |x: f64| observed_marker(x + 4.0, y, 4.5, true)),
        ));
    }
    if !s.other.is_empty() {
        items.push((
            8.0,
            "Measure differs",
            Box::new(move |x: f64| differs_marker(x + 4.0, y, 4.5)),
        ));
    }
    let n = s.targets.len().min(4);
    if n > 0 {
        let sym = move |x: f64| {
            (0..n)
                .map(|i| target_marker(i, x + 6.0 + 16.0 * i as f64, y, 4.5))
                .collect()
        };
        let word = if n > 1 { "Targets" } else { "Target" };
        items.push((16.0 * n as f64 - 4.0, word, Box::new(sym)));
    }
    if s.latest.is_some() && n > 0 {
        let yy = f(y);
        let sym = move |x: f64| {
            format!(
                "<path class=\"bp-path\" d=\"M{} {yy}h26\" stroke=\"{TARGET_COLOUR}\" stroke-width=\"1.6\" \
                 stroke-dasharray=\"5 4\"/>\n",
                f(x)
            )
        };
        items.push((26.0, "Path to target", Box::new(sym)));
    }
    if s.line.is_empty() && n > 0 {
        items.push((-6.0, "No figures yet", Box::new(|_| String::new())));
    }
    let mut out = String::new();
    let mut x = 2.0;
    for (w, label, sym) in items {
        out.push_str(&sym(x));
        out.push_str(&text(x + w + 6.0, y + 5.0, &LEGEND, label));
        x += w + 6.0 + text_width(label, LEGEND.size) + 18.0;
    }
    out
}

/// A small multiple for a dashboard card: the line, the targets, the latest and final values and
/// the first and last years; no axes.
pub fn sparkline(ind: &Indicator, a: &[Assessment], id_prefix: &str) -> String {
    let (w, h) = (240.0, 90.0);
    let year_style = Style { size: 13.0, ..X_TICK };
    let s = Series::of(ind);
    let (lo, hi) = s.value_range();
    let plot = Rect {
        x0: 4.0,
        y0: 26.0,
        x1: w - 4.0,
        y1: h - 26.0,
    };
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let fr = Frame {
        plot,
        pad: 8.0,
        years: s.years(),
        lo,
        hi,
    };
    let summary = progress::summary(ind, a);
    let mut out = svg_open("bp-sparkline", "img", (w, h), id_prefix, &ind.title, &summary);
    out.push_str(&gridline(&fr, 0.0));
    let lab = Labeller::new(Rect {
        x0: 0.0,
        y0: 0.0,
        x1: w,
        y1: plot.y1 + 6.0,
    });
    out.push_str(&plot_series(ind, &s, &fr, lab, &SMALL));
    let (y0, y1) = s.years();
    let years = if y1 != y0 { vec![y0, y1] } else { vec![y0] };
    for year in years.iter().filter(|_| !s.is_empty()) {
        let label = year.to_string();
        let half = text_width(&label, year_style.size) / 2.0;
        let x = fr.x(*year).max(half + 1.0).min(w - half - 1.0);
        out.push_str(&text(x, h - 6.0, &year_style, &label));
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests;
