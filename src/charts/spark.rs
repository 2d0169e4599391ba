//! The small multiple on a dashboard card: the line, the path to the targets, the latest and
//! final values and the first and last years; no axes. Cards of one dashboard pass the same
//! span of years, so their slopes line up in time; each keeps its own vertical scale from zero
//! (units differ), which the dashboard says beside the cards.

use super::labels::{Labeller, Rect};
use super::marks::{plot_series, SMALL};
use super::svg::{text, text_width, Style, BASE, MUTED};
use super::{gridline, svg_open, Frame, Series};
use crate::i18n::words::Words;
use crate::model::Indicator;
use crate::progress::{self, Assessment};

/// The sparkline; `years` is the span shared by the cards it sits among (its own when `None`).
/// Its words are `w`'s, in the page's language.
pub fn sparkline(
    ind: &Indicator,
    a: &[Assessment],
    id_prefix: &str,
    years: Option<(i32, i32)>,
    words: &Words,
) -> String {
    let (w, h) = (240.0, 90.0);
    let year_style = Style {
        size: 13.0,
        anchor: "middle",
        class: "bp-tick",
        extra: MUTED,
        ..BASE
    };
    let s = Series::of(ind);
    let (lo, hi) = s.value_range();
    let plot = Rect {
        x0: 4.0,
        y0: 26.0,
        x1: w - 4.0,
        y1: h - 26.0,
    };
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let own = s.years();
    let years = years.map_or(own, |(a, b)| (a.min(own.0), b.max(own.1)));
    let fr = Frame {
        plot,
        pad: 8.0,
        years,
        lo,
        hi,
    };
    let summary = progress::summary(ind, a, words);
    let mut out = svg_open(
        "bp-sparkline",
        "img",
        (w, h),
        id_prefix,
        (&ind.title, words.foreign),
        &summary,
    );
    out.push_str(&gridline(&fr, 0.0));
    let lab = Labeller::new(Rect {
        x0: 0.0,
        y0: 0.0,
        x1: w,
        y1: plot.y1 + 6.0,
    });
    out.push_str(&plot_series(ind, &s, &fr, lab, &SMALL, words));
    let (y0, y1) = years;
    let ends = if y1 != y0 { vec![y0, y1] } else { vec![y0] };
    for year in ends.iter().filter(|_| !s.is_empty()) {
        let label = year.to_string();
        let half = text_width(&label, year_style.size) / 2.0;
        let x = fr.x(*year).max(half + 1.0).min(w - half - 1.0);
        out.push_str(&text(x, h - 6.0, &year_style, &label));
    }
    out.push_str("</svg>\n");
    out
}

/// The span of years the given indicators' points cover: the shared x axis of a dashboard.
pub fn year_span<'a>(inds: impl IntoIterator<Item = &'a Indicator>) -> Option<(i32, i32)> {
    inds.into_iter()
        .map(Series::of)
        .filter(|s| !s.is_empty())
        .map(|s| s.years())
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}
