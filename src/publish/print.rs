//! The whole plan on one page (`print/`), to print or save as a PDF: every chapter and every item
//! of the plan's levels in reading order, then each indicator with its chart. Links between them
//! become links within the page; ids in the items' texts are prefixed with their item's anchor so
//! two texts' headings cannot collide; links to pages not on it point at the site.

use crate::charts;
use crate::i18n::words::Words;
use crate::model::{ItemHead, Kind};
use crate::resolve::Site;
use crate::urls::Urls;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Serialize)]
pub struct PrintData {
    pub sections: Vec<Section>,
    pub indicators: Vec<IndicatorSection>,
}

#[derive(Serialize)]
pub struct Section {
    pub anchor: String,
    pub kind: &'static str,
    pub label: String,
    /// The id, where the page shows it beside the label: a numbered level whose label does not
    /// say it ("Target 01" repeats across strategies).
    pub id: Option<String>,
    pub title: String,
    pub site_title: bool,
    /// 2 for a chapter (a new printed page), deeper for the plan's levels by their depth.
    pub heading: usize,
    pub body: String,
}

#[derive(Serialize)]
pub struct IndicatorSection {
    pub anchor: String,
    pub title: String,
    pub site_title: bool,
    pub chart: String,
    pub summary: String,
}

/// `w`: the engine's words in the page's language.
pub fn data(site: &Site, w: &Words) -> PrintData {
    let text: Vec<&ItemHead> = site
        .order()
        .iter()
        .filter(|r| r.kind == Kind::CHAPTER || r.kind.is_level())
        .filter_map(|r| site.head(r))
        .collect();
    let indicators: Vec<&ItemHead> = site.in_order(Kind::INDICATOR).collect();
    // Every item on the page: its page's path → its anchor and the ids its text has.
    let mut taken = HashSet::new();
    let mut on_page: HashMap<String, (String, HashSet<String>)> = HashMap::new();
    for h in text.iter().chain(&indicators) {
        let mut anchor = format!("{}-{}", h.r.kind.name(), crate::markdown::slug(&h.r.id));
        while !taken.insert(anchor.clone()) {
            anchor.push('-');
        }
        let ids = site.body(&h.r).map(|b| ids_in(&b.html)).unwrap_or_default();
        on_page.insert(Urls::item_path(&h.r), (anchor, ids));
    }
    let anchor = |h: &ItemHead| on_page[&Urls::item_path(&h.r)].0.clone();
    let heading = |h: &ItemHead| {
        if h.r.kind == Kind::CHAPTER {
            2
        } else {
            (3 + depth(site, h)).min(6)
        }
    };
    let sections = text
        .iter()
        .map(|h| Section {
            anchor: anchor(h),
            kind: h.r.kind.name(),
            label: h.label.clone(),
            id: shown_id(site, h),
            title: h.title.clone(),
            site_title: h.site_title,
            heading: if h.r.kind == Kind::CHAPTER {
                2
            } else {
                (3 + depth(site, h)).min(6)
            },
            body: site
                .body(&h.r)
                .map(|b| shift_headings(&rewrite(site, &b.html, &anchor(h), &on_page), heading(h) - 1))
                .unwrap_or_default(),
        })
        .collect();
    let indicators = indicators
        .iter()
        .filter_map(|h| {
            let ind = site.indicator(&h.r.id)?;
            let a = site.assessments(&ind.id);
            let anchor = anchor(h);
            Some(IndicatorSection {
                chart: charts::wide_chart(ind, a, &format!("{anchor}-chart"), &site.config().plan_name, w),
                summary: crate::progress::summary(ind, a, w),
                title: h.title.clone(),
                site_title: h.site_title,
                anchor,
            })
        })
        .collect();
    PrintData { sections, indicators }
}

fn shown_id(site: &Site, h: &ItemHead) -> Option<String> {
    let numbered = site
        .plan()
        .level(h.r.kind)
        .is_some_and(|l| matches!(l.decl.id, crate::model::IdPattern::Numbers(_)));
    (numbered && !h.label.contains(h.r.id.as_str())).then(|| h.r.id.clone())
}

fn depth(site: &Site, h: &ItemHead) -> usize {
    std::iter::successors(h.parent.as_ref(), |p| site.head(p).and_then(|x| x.parent.as_ref())).count()
}

/// An item's text under its heading on the one page: its headings, written for a page whose
/// `<h1>` is the item's, moved `by` levels down (to `<h6>` at most) so none skips a level.
fn shift_headings(html: &str, by: usize) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<h").into_iter().chain(rest.find("</h")).min() {
        let close = rest[i..].starts_with("</h");
        let at = i + if close { 3 } else { 2 };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let level = rest
            .as_bytes()
            .first()
            .filter(|b| (b'1'..=b'6').contains(b))
            .map(|b| usize::from(b - b'0'));
        if let Some(level) = level {
            out.push_str(&(level + by).min(6).to_string());
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The values of the ` id="…"` attributes in rendered HTML.
fn ids_in(html: &str) -> HashSet<String> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// An item's text for the one page: its ids prefixed with `anchor--`, links to its own ids and to
/// items on the page made in-page, links to other pages of the site made absolute.
fn rewrite(site: &Site, html: &str, anchor: &str, on_page: &HashMap<String, (String, HashSet<String>)>) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    loop {
        let next = [" id=\"", " href=\""]
            .into_iter()
            .filter_map(|a| rest.find(a).map(|i| (i, a)))
            .min();
        let Some((i, attr)) = next else { break };
        let start = i + attr.len();
        let Some(len) = rest[start..].find('"') else { break };
        let value = &rest[start..start + len];
        out.push_str(&rest[..start]);
        if attr == " id=\"" {
            out.push_str(&format!("{anchor}--{value}"));
        } else {
            out.push_str(&link(value, anchor, on_page, site.urls()));
        }
        // From the closing quote on.
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

fn link(href: &str, anchor: &str, on_page: &HashMap<String, (String, HashSet<String>)>, urls: &Urls) -> String {
    if let Some(frag) = href.strip_prefix('#') {
        return format!("#{anchor}--{frag}");
    }
    let Some(path) = href
        .strip_prefix(urls.prefix.as_str())
        .filter(|_| href.starts_with('/'))
    else {
        return href.to_string();
    };
    let (page, frag) = path.split_once('#').unwrap_or((path, ""));
    match on_page.get(page) {
        Some((target, ids)) if ids.contains(frag) => format!("#{target}--{frag}"),
        Some((target, _)) => format!("#{target}"),
        None => urls.absolute(path),
    }
}

#[cfg(test)]
#[test]
fn headings_move_down_under_the_items_heading() {
    assert_eq!(
        shift_headings("<h2 id=\"a\">A</h2><p>x</p><h3>B</h3><hr><h6>C</h6>", 2),
        "<h4 id=\"a\">A</h4><p>x</p><h5>B</h5><hr><h6>C</h6>"
    );
}
