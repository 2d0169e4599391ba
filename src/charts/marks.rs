//! What a chart plots, shared by the full chart and the sparkline: the path to the targets, the
//! observed line, the marker shapes (which carry meaning by shape, not colour alone) and the
//! value labels placed around them.

use super::labels::{Labeller, Rect};
use super::svg::{f, Style, BASE, OBSERVED_COLOUR, TARGET_COLOUR};
use super::{Frame, Series};
use crate::i18n::words::Words;
use crate::model::Indicator;
use crate::progress::{self, format_value_dec, qualified, with_qualifier};

/// How big marks and labels are: the full chart labels every target, a sparkline only the last.
pub(super) struct Look {
    pub r: f64,
    pub label: Style,
    pub every_target: bool,
}

pub(super) const SMALL: Look = Look {
    r: 3.5,
    label: Style {
        size: 13.0,
        class: "bp-label",
        ..BASE
    },
    every_target: false,
};

/// A target's label names the year it is for, matching the axis and the page's status list;
/// the marker's shape and the year note tie it back to the plan's column.
fn target_label(ind: &Indicator, t: &crate::model::Point, w: &Words) -> String {
    let value = with_qualifier(w, &ind.unit, t);
    w.fill(
        "chart.target_label",
        &[("year", &t.data_year().to_string()), ("value", &value)],
    )
}

/// The required path, the observed line, markers, then labels placed around all of them.
pub(super) fn plot_series(
    ind: &Indicator,
    s: &Series,
    fr: &Frame,
    mut lab: Labeller,
    look: &Look,
    w: &Words,
) -> String {
    let mut out = String::new();
    // One dashed path from the latest figure through each target in turn: the way the plan
    // asks the figure to go, not a fan of lines from one point.
    if let (Some(l), false) = (s.latest, s.targets.is_empty()) {
        let mut from = fr.at(l);
        for t in s.targets.iter().filter(|t| t.data_year() >= l.data_year()) {
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
            from = to;
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
    place_labels(ind, s, fr, &mut lab, look, w);
    out.push_str(&lab.out);
    out
}

/// Targets first, as they matter most, then the latest figure (bold) and the first one.
fn place_labels(ind: &Indicator, s: &Series, fr: &Frame, lab: &mut Labeller, look: &Look, w: &Words) {
    let target_style = Style {
        class: "bp-label bp-target-label",
        ..look.label
    };
    for (i, t) in s.targets.iter().enumerate() {
        let label = if look.every_target {
            target_label(ind, t, w)
        } else if i + 1 == s.targets.len() {
            with_qualifier(w, &ind.unit, t)
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
        let value = format_value_dec(w, &ind.unit, p.value, dec);
        lab.place(fr.at(p), look.r, &qualified(w, p.qualifier, value), &st);
    }
}

/// A filled dot for a figure the plan prints; a ring for one published since, so the two
/// differ in shape, not colour alone (the ring's inside is the page's background, see site.css).
pub(super) fn observed_marker(x: f64, y: f64, r: f64, later: bool) -> String {
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

/// A hollow square for a figure whose measure is not the plan's: another shape again, so it
/// reads apart from the dots and rings of comparable figures.
pub(super) fn differs_marker(x: f64, y: f64, r: f64) -> String {
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

/// Target marker shapes in target order: open diamond, open square, open triangle, open circle.
pub(super) fn target_marker(i: usize, x: f64, y: f64, r: f64) -> String {
    let common = format!("class=\"bp-target\" fill=\"none\" stroke=\"{TARGET_COLOUR}\" stroke-width=\"2.2\"");
    let path = |pts: &[(f64, f64)]| {
        let d: Vec<String> = pts
            .iter()
            .map(|(dx, dy)| format!("{} {}", f(x + dx * r), f(y + dy * r)))
            .collect();
        format!("<path {common} d=\"M{}Z\"/>\n", d.join("L"))
    };
    match i % 4 {
        0 => path(&[(0.0, -1.25), (1.25, 0.0), (0.0, 1.25), (-1.25, 0.0)]),
        1 => path(&[(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]),
        2 => path(&[(0.0, -1.3), (1.2, 0.9), (-1.2, 0.9)]),
        _ => format!("<circle {common} cx=\"{}\" cy=\"{}\" r=\"{}\"/>\n", f(x), f(y), f(r)),
    }
}
