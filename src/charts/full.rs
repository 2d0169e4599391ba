//! The full chart of an indicator page, drawn twice: a wide layout for tablets and desktops and
//! a narrow one for phones (larger text relative to its width, fewer ticks, the key wrapped),
//! so no text shrinks below a readable size. CSS shows one of the two (`.bp-wide`,
//! `.bp-narrow` in site.css); print shows the wide one.

use super::labels::{Labeller, Rect};
use super::marks::{differs_marker, observed_marker, plot_series, target_marker, Look};
use super::svg::{
    f, nice_ticks_within, text, text_width, wrap, Style, BASE, MUTED, MUTED_EN, OBSERVED_COLOUR, TARGET_COLOUR,
};
use super::{gridline, svg_open, tick_label, Frame, Series};
use crate::i18n::words::{capitalised, Words};
use crate::model::Indicator;
use crate::progress::{self, Assessment};

/// Sizes in viewBox units. The wide chart is shown 560–700 px wide, the narrow one 320–450 px,
/// so one unit is about one CSS pixel in both and text keeps its size.
pub(super) struct Layout {
    pub name: &'static str,
    w: f64,
    plot_h: f64,
    tick: f64,
    legend: f64,
    note: f64,
    most_ticks: usize,
    look: Look,
}

pub(super) const WIDE: Layout = Layout {
    name: "wide",
    w: 640.0,
    plot_h: 230.0,
    tick: 16.0,
    legend: 15.0,
    note: 15.0,
    most_ticks: 5,
    look: Look {
        r: 5.0,
        label: Style {
            size: 17.0,
            class: "bp-label",
            ..BASE
        },
        every_target: true,
    },
};

pub(super) const NARROW: Layout = Layout {
    name: "narrow",
    w: 330.0,
    plot_h: 190.0,
    tick: 14.0,
    legend: 14.0,
    note: 13.5,
    most_ticks: 4,
    look: Look {
        r: 4.5,
        label: Style {
            size: 14.5,
            class: "bp-label",
            ..BASE
        },
        every_target: true,
    },
};

/// What the y axis measures, shown as its title above the ticks: the indicator's measure (the
/// plan's words), else the unit in `w`'s words.
fn axis_title(ind: &Indicator, w: &Words) -> String {
    let s = match (&ind.measure, ind.unit.as_str()) {
        (Some(m), _) => m.clone(),
        (None, u) => {
            let key = format!("chart.axis.{u}");
            match w.get(&key) {
                word if word == key => u.replace('-', " "),
                word => word.to_string(),
            }
        }
    };
    capitalised(&s)
}

/// Explains the x axis when the plan prints figures in columns headed by later years (the
/// Blueprint's 2022 column holds 2020 figures).
fn year_note(ind: &Indicator, s: &Series, plan: &str, w: &Words) -> Option<String> {
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
    let key = if cols.len() > 1 {
        "chart.columns"
    } else {
        "chart.column"
    };
    let cols = w.fill(key, &[("years", &w.join_and(&cols))]);
    Some(w.fill("chart.year_note", &[("plan", plan), ("columns", &cols)]))
}

/// The chart in one layout.
pub(super) fn draw(ind: &Indicator, a: &[Assessment], id: &str, plan: &str, l: &Layout, w: &Words) -> String {
    let s = Series::of(ind);
    let note_st = Style {
        size: l.note,
        class: "bp-note",
        extra: MUTED,
        ..BASE
    };
    let note_line = l.note * 1.3;
    let note = year_note(ind, &s, plan, w)
        .map(|n| wrap(&n, l.w - 8.0, l.note))
        .unwrap_or_default();
    let (lo, hi) = s.value_range();
    let (ticks, step) = nice_ticks_within(lo, hi, l.most_ticks);
    let top_tick = ticks.last().copied().unwrap_or(1.0);
    let labels: Vec<String> = ticks
        .iter()
        .map(|&v| tick_label(&ind.unit, v, step, top_tick, w))
        .collect();
    let left = labels.iter().map(|t| text_width(t, l.tick)).fold(0.0, f64::max) + 10.0;
    let (legend_svg, legend_h) = legend(ind, &s, l, plan, w);
    let title_y = legend_h + 24.0;
    let y0 = title_y + 24.0;
    let y1 = y0 + l.plot_h;
    let h = y1 + l.tick + 14.0 + note_line * note.len() as f64;
    let plot = Rect {
        x0: left,
        y0,
        x1: l.w - 8.0,
        y1,
    };
    let fr = Frame {
        plot,
        pad: if l.w < 400.0 { 18.0 } else { 28.0 },
        years: s.years(),
        lo: ticks.first().copied().unwrap_or(0.0),
        hi: top_tick,
    };
    let summary = progress::summary(ind, a, w);
    let class = format!("bp-chart bp-{}", l.name);
    let mut out = svg_open(&class, "img", (l.w, h), id, (&ind.title, w.foreign), &summary);
    out.push_str(&legend_svg);
    // A measure is the plan's words: English, and marked so, on a page in another language.
    let title_st = Style {
        size: l.tick,
        class: "bp-axis-title",
        extra: if ind.measure.is_some() && w.foreign.is_some() {
            MUTED_EN
        } else {
            MUTED
        },
        ..BASE
    };
    let title = axis_title(ind, w);
    out.push_str(&text(2.0, title_y, &title_st, &title));
    // Labels may rise above the plot into the band under the legend, but not over the title.
    let mut lab = Labeller::new(Rect {
        x0: left,
        y0: legend_h + l.legend * 0.6 + 2.0,
        x1: l.w - 1.0,
        y1: plot.y1 - 1.0,
    });
    lab.reserve(Rect {
        x0: 0.0,
        y0: title_y - l.tick,
        x1: 4.0 + text_width(&title, l.tick),
        y1: title_y + 5.0,
    });
    out.push_str(&y_ticks(&fr, &ticks, &labels, left, l.tick));
    out.push_str(&x_ticks(&s, &fr, l.tick));
    if s.is_empty() {
        out.push_str(&empty(plot, l.tick, w.get("chart.empty")));
    }
    out.push_str(&plot_series(ind, &s, &fr, lab, &l.look, w));
    for (i, line) in note.iter().enumerate() {
        let y = h - 6.0 - note_line * (note.len() - 1 - i) as f64;
        out.push_str(&text(2.0, y, &note_st, line));
    }
    out.push_str("</svg>\n");
    out
}

/// The value axis: a gridline and a label at each tick.
fn y_ticks(fr: &Frame, ticks: &[f64], labels: &[String], left: f64, size: f64) -> String {
    let st = Style {
        size,
        anchor: "end",
        class: "bp-tick",
        extra: MUTED,
        ..BASE
    };
    let mut out = String::new();
    for (v, label) in ticks.iter().zip(labels) {
        out.push_str(&gridline(fr, *v));
        out.push_str(&text(left - 6.0, fr.y(*v) + size / 3.0, &st, label));
    }
    out
}

/// What an indicator without figures shows in the middle of its plot.
fn empty(plot: Rect, tick: f64, words: &str) -> String {
    let st = Style {
        size: tick + 2.0,
        anchor: "middle",
        class: "bp-empty",
        ..BASE
    };
    let (cx, cy) = ((plot.x0 + plot.x1) / 2.0, (plot.y0 + plot.y1) / 2.0);
    text(cx, cy, &st, words)
}

/// Year labels at the years that have points or, when those would touch, at round years
/// (every 2, 5, 10… years) as a long yearly series needs.
fn x_ticks(s: &Series, fr: &Frame, size: f64) -> String {
    let st = Style {
        size,
        anchor: "middle",
        class: "bp-tick",
        extra: MUTED,
        ..BASE
    };
    let mut years: Vec<i32> = s.all().map(|p| p.data_year()).collect();
    years.sort_unstable();
    years.dedup();
    let (lo, hi) = s.years();
    let round = |step: i32| -> Vec<i32> { (lo..=hi).filter(|y| y % step == 0).collect() };
    let fits = |ys: &[i32]| {
        let w = text_width("0000", size) + 10.0;
        ys.windows(2).all(|p| fr.x(p[1]) - fr.x(p[0]) >= w)
    };
    let chosen = std::iter::once(years)
        .chain([2, 4, 5, 10, 20, 50, 100].map(round))
        .find(|ys| fits(ys))
        .unwrap_or_default();
    let labels = chosen
        .iter()
        .map(|y| text(fr.x(*y), fr.plot.y1 + size + 6.0, &st, &y.to_string()));
    labels.collect()
}

type Symbol = Box<dyn Fn(f64, f64) -> String>;

/// The entries of the key: each a symbol of some width followed by words.
fn legend_items(ind: &Indicator, s: &Series, plan: &str, w: &Words) -> Vec<(f64, String, Symbol)> {
    let mut items: Vec<(f64, String, Symbol)> = Vec::new();
    let later = s.line.iter().any(|p| ind.is_update(p));
    if s.line.iter().any(|p| !ind.is_update(p)) {
        let sym = |x: f64, y: f64| {
            format!(
                "<path class=\"bp-observed\" d=\"M{} {yy}h22\" stroke=\"{OBSERVED_COLOUR}\" stroke-width=\"2.5\"/>\
                 <circle class=\"bp-observed-point\" cx=\"{}\" cy=\"{yy}\" r=\"4\" fill=\"{OBSERVED_COLOUR}\"/>\n",
                f(x),
                f(x + 11.0),
                yy = f(y)
            )
        };
        let word = if later {
            w.fill("chart.in_plan", &[("plan", plan)])
        } else {
            w.get("chart.observed").into()
        };
        items.push((22.0, word, Box::new(sym)));
    }
    if later {
        let sym = |x: f64, y: f64| observed_marker(x + 4.0, y, 4.5, true);
        items.push((8.0, w.get("chart.published_since").into(), Box::new(sym)));
    }
    if !s.other.is_empty() {
        let sym = |x: f64, y: f64| differs_marker(x + 4.0, y, 4.5);
        items.push((8.0, w.get("chart.differs").into(), Box::new(sym)));
    }
    let n = s.targets.len().min(4);
    if n > 0 {
        let sym = move |x: f64, y: f64| {
            (0..n)
                .map(|i| target_marker(i, x + 6.0 + 16.0 * i as f64, y, 4.5))
                .collect()
        };
        let word = w.get(if n > 1 { "chart.targets" } else { "chart.target" });
        items.push((16.0 * n as f64 - 4.0, word.into(), Box::new(sym)));
    }
    if s.latest.is_some() && n > 0 {
        let sym = |x: f64, y: f64| {
            format!(
                "<path class=\"bp-path\" d=\"M{} {}h26\" stroke=\"{TARGET_COLOUR}\" stroke-width=\"1.6\" \
                 stroke-dasharray=\"5 4\"/>\n",
                f(x),
                f(y)
            )
        };
        items.push((26.0, w.get("chart.path").into(), Box::new(sym)));
    }
    if s.line.is_empty() && n > 0 {
        items.push((-6.0, w.get("chart.no_figures").into(), Box::new(|_, _| String::new())));
    }
    items
}

/// The key, wrapped onto as many lines as the width needs; returns it and the height it takes.
fn legend(ind: &Indicator, s: &Series, l: &Layout, plan: &str, w: &Words) -> (String, f64) {
    let st = Style {
        size: l.legend,
        class: "bp-legend",
        ..BASE
    };
    let line_h = l.legend + 8.0;
    let mut out = String::new();
    let (mut x, mut y) = (2.0, 20.0);
    for (sym_w, label, sym) in legend_items(ind, s, plan, w) {
        let item_w = sym_w + 6.0 + text_width(&label, l.legend);
        if x > 2.0 && x + item_w > l.w - 2.0 {
            (x, y) = (2.0, y + line_h);
        }
        out.push_str(&sym(x, y));
        out.push_str(&text(x + sym_w + 6.0, y + l.legend / 3.0, &st, &label));
        x += item_w + 18.0;
    }
    (out, y)
}
