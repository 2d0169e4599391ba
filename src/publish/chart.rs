//! Each indicator's chart as a file of its own, `charts/<id>.svg`, to take away: the page's chart
//! with its title above and its sources and address below, on a white ground, with fonts and
//! colours set inline (the light theme), so it reads the same in any viewer or document.

use crate::charts::{self, escape, wrap};
use crate::i18n::words::Words;
use crate::model::Indicator;
use crate::resolve::Site;
use crate::Output;
use std::fmt::Write as _;

const W: f64 = 640.0;
/// The page's chart is drawn in a 640 × 360 box.
const CHART_H: f64 = 360.0;
const MARGIN: f64 = 16.0;
const TITLE_SIZE: f64 = 22.0;
const FOOT_SIZE: f64 = 14.0;
const INK: &str = "#1a1a1a";

pub fn files(site: &Site, out: &mut Output) {
    use rayon::prelude::*;
    let inds: Vec<&Indicator> = site.indicators().collect();
    let files: Vec<(String, Vec<u8>)> = inds
        .par_iter()
        .map(|ind| (path(&ind.id), standalone(site, ind).into_bytes()))
        .collect();
    out.extend(files);
}

/// Where an indicator's chart file is, relative to the site's root.
pub fn path(id: &str) -> String {
    format!("charts/{id}.svg")
}

pub fn standalone(site: &Site, ind: &Indicator) -> String {
    let a = site.assessments(&ind.id);
    let prefix = format!("chart-{}", crate::markdown::slug(&ind.id));
    // A chart file is published once, with the main language's data: its words are English.
    let chart = charts::wide_chart(ind, a, &prefix, &site.config().plan_name, Words::english());
    // The chart's own height at this width (its viewBox is W wide; the height follows its key).
    let chart_h = chart
        .split_once("viewBox=\"0 0 ")
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(vb, _)| vb.split_once(' '))
        .and_then(|(_, h)| h.parse::<f64>().ok())
        .unwrap_or(CHART_H);
    // Bold runs about a tenth wider than the widths `wrap` estimates for regular text.
    let title = wrap(&ind.title, (W - 2.0 * MARGIN) * 0.88, TITLE_SIZE);
    let page = site.urls().absolute(&format!("indicators/{}/", ind.id));
    let mut foot = wrap(
        &crate::render::chart_sources(ind, Words::english(), &str::to_string),
        W - 2.0 * MARGIN,
        FOOT_SIZE,
    );
    foot.extend(wrap(
        &format!("{} · {page}", site.config().title),
        W - 2.0 * MARGIN,
        FOOT_SIZE,
    ));
    let title_h = MARGIN + TITLE_SIZE * 1.25 * title.len() as f64;
    let top = title_h + 8.0;
    let height = top + chart_h + 8.0 + FOOT_SIZE * 1.4 * foot.len() as f64 + MARGIN;
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{W}\" height=\"{h}\" viewBox=\"0 0 {W} {h}\" font-family=\"{font}\" color=\"{INK}\">\n\
         <rect width=\"{W}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
        h = height.ceil(),
        font = charts::FONT,
    );
    for (i, line) in title.iter().enumerate() {
        let y = MARGIN + TITLE_SIZE * (1.0 + 1.25 * i as f64);
        let _ = writeln!(
            s,
            "<text x=\"{MARGIN}\" y=\"{y:.1}\" font-size=\"{TITLE_SIZE}\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
            escape(line)
        );
    }
    // The page's chart, placed under the title at its own size.
    s.push_str(&chart.replacen(
        " width=\"100%\"",
        &format!(" x=\"0\" y=\"{top:.1}\" width=\"{W}\" height=\"{chart_h}\""),
        1,
    ));
    for (i, line) in foot.iter().enumerate() {
        let y = top + chart_h + 8.0 + FOOT_SIZE * (1.0 + 1.4 * i as f64);
        let _ = writeln!(
            s,
            "<text x=\"{MARGIN}\" y=\"{y:.1}\" font-size=\"{FOOT_SIZE}\" fill=\"{INK}\" fill-opacity=\"0.8\">{}</text>",
            escape(line)
        );
    }
    s.push_str("</svg>\n");
    s
}
