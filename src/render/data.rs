//! Machine-readable outputs: the sitemap, robots.txt, and open data — each indicator as CSV and
//! JSON, all indicators in one CSV, and the whole content graph as JSON.

use super::Output;
use crate::model::*;
use crate::resolve::Site;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// `pages`: the file of every page the site renders.
pub fn sitemap_files(site: &Site, out: &mut Output, pages: &BTreeSet<String>) {
    let sitemap = sitemap(site, pages);
    out.insert("sitemap.xml".into(), sitemap.into_bytes());
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        site.urls().absolute("sitemap.xml")
    );
    out.insert("robots.txt".into(), robots.into_bytes());
}

/// The indicators' and commitments' downloads: CSV and JSON.
pub fn indicator_files(site: &Site, out: &mut Output) {
    let mut all = String::from(CSV_HEADER);
    for ind in site.indicators() {
        let rows = csv_rows(ind);
        all.push_str(&rows);
        out.insert(
            format!("data/indicators/{}.csv", ind.id),
            format!("{CSV_HEADER}{rows}").into_bytes(),
        );
        let json = IndicatorJson {
            indicator: ind,
            assessments: site.assessments(&ind.id),
            page: site.urls().absolute(&format!("indicators/{}/", ind.id)),
        };
        out.insert(format!("data/indicators/{}.json", ind.id), pretty(&json));
    }
    out.insert("data/indicators.csv".into(), all.into_bytes());
    out.insert("data/commitments.csv".into(), commitments_csv(site).into_bytes());
}

/// Every item and relation as one JSON graph.
pub fn graph_file(site: &Site, out: &mut Output) {
    out.insert("data/graph.json".into(), pretty(&Graph(site)));
}

fn pretty<T: Serialize>(v: &T) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

fn sitemap(site: &Site, pages: &BTreeSet<String>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in pages
        .iter()
        .filter(|p| p.ends_with("index.html") && !p.starts_with("search/") && !p.starts_with("print/"))
    {
        let page = path.trim_end_matches("index.html");
        let _ = writeln!(
            s,
            "  <url><loc>{}</loc></url>",
            crate::markdown::escape(&site.urls().absolute(page))
        );
    }
    s.push_str("</urlset>\n");
    s
}

/// `origin` tells the Blueprint's own figures (`blueprint`) from those published since (`later`,
/// with the `url` they were read at, when it was `published` and the `quote` that carries it;
/// `differs` says why a figure's measure is not the Blueprint's, `derived` gives the formula of a
/// figure this site computed). New columns go last so readers by position keep working.
pub(crate) const CSV_HEADER: &str =
    "indicator,title,year,data_year,value,printed,unit,kind,qualifier,source,origin,url,note,published,quote,differs,derived\r\n";

/// RFC 4180 quoting: every field quoted, quotes doubled, so commas and newlines survive.
///
/// A field a spreadsheet would run as a formula, one starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return (`+cmd|' /c calc'!A0`), gets a leading `'`, as OWASP advises; a plain
/// number (`-0.74`, the value column's negative figures) is no formula and stays a number.
pub fn csv_field(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = s.parse::<f64>().is_ok() && s.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    let guard = if formula && !number { "'" } else { "" };
    format!("\"{guard}{}\"", s.replace('"', "\"\""))
}

fn csv_rows(ind: &Indicator) -> String {
    let mut s = String::new();
    for p in ind.points() {
        let kind = match p.kind {
            PointKind::Baseline => "baseline",
            PointKind::Observed => "observed",
            PointKind::Target => "target",
        };
        let qualifier = match p.qualifier {
            Some(Qualifier::About) => "about",
            Some(Qualifier::AtLeast) => "at-least",
            Some(Qualifier::Over) => "over",
            None => "",
        };
        let fields = [
            ind.id.clone(),
            ind.title.clone(),
            p.year.to_string(),
            p.data_year().to_string(),
            p.value.to_string(),
            p.printed.clone(),
            ind.unit.clone(),
            kind.to_string(),
            qualifier.to_string(),
            p.source.clone(),
            if ind.is_update(p) { "later" } else { "blueprint" }.to_string(),
            p.url.clone().unwrap_or_default(),
            p.note.clone().unwrap_or_default(),
            p.published.clone().unwrap_or_default(),
            p.quote.clone().unwrap_or_default(),
            p.differs.clone().unwrap_or_default(),
            p.derived.as_ref().map(|d| d.formula.clone()).unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        s.push_str(&line.join(","));
        s.push_str("\r\n");
    }
    s
}

/// One row per dated commitment with its status now (the latest update's) and that update's
/// evidence; `not-yet-reviewed` when none is recorded.
pub(crate) const COMMITMENTS_HEADER: &str = "id,title,due,due_text,where,status,date,source,url,quote\r\n";

fn commitments_csv(site: &Site) -> String {
    let mut s = String::from(COMMITMENTS_HEADER);
    for m in site.milestones() {
        let current = m.current();
        let text = |f: fn(&StatusUpdate) -> Option<&String>| current.and_then(f).cloned().unwrap_or_default();
        let fields = [
            m.id.clone(),
            m.title.clone(),
            m.due.clone(),
            m.due_text.clone(),
            m.where_.clone(),
            crate::commitments::Standing::of(m).name().to_string(),
            current.map(|u| u.date.clone()).unwrap_or_default(),
            text(|u| u.source.as_ref().or(u.looked_in.as_ref())),
            text(|u| u.url.as_ref()),
            text(|u| u.quote.as_ref()),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        s.push_str(&line.join(","));
        s.push_str("\r\n");
    }
    s
}

#[derive(Serialize)]
struct IndicatorJson<'a> {
    indicator: &'a Indicator,
    assessments: &'a [crate::progress::Assessment],
    page: String,
}

/// Every item and relation: each node and link is made as it is written and let go, so the graph
/// (100 000 nodes, 50 MB of JSON) is never held twice.
struct Graph<'a>(&'a Site);

impl Serialize for Graph<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let site = self.0;
        let mut g = s.serialize_struct("Graph", 2)?;
        g.serialize_field("nodes", &crate::publish::Stream(|| nodes(site)))?;
        g.serialize_field("links", &crate::publish::Stream(|| links(site)))?;
        g.end()
    }
}

#[derive(Serialize)]
struct Node<'a> {
    id: String,
    kind: Kind,
    label: &'a str,
    title: &'a str,
    url: String,
    /// A commitment's status now (`delivered`, …, `not-yet-reviewed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct GraphLink<'a> {
    source: String,
    target: String,
    relation: &'a crate::resolve::Rel,
    editorial: bool,
}

fn nodes(site: &Site) -> impl Iterator<Item = Node<'_>> {
    site.order().iter().filter_map(|r| site.head(r)).map(|h| Node {
        id: h.r.to_string(),
        kind: h.r.kind,
        label: &h.label,
        title: &h.title,
        url: site.urls().item(&h.r),
        status: (h.r.kind == Kind::MILESTONE)
            .then(|| site.milestone(&h.r.id))
            .flatten()
            .map(|m| crate::commitments::Standing::of(m).name()),
    })
}

fn links(site: &Site) -> impl Iterator<Item = GraphLink<'_>> {
    let parts = site
        .heads()
        .filter_map(|h| h.parent.as_ref().map(|p| (h, p)))
        .map(|(h, p)| GraphLink {
            source: h.r.to_string(),
            target: p.to_string(),
            relation: &PART_OF,
            editorial: false,
        });
    parts.chain(site.relations().iter().map(|r| GraphLink {
        source: r.from.to_string(),
        target: r.to.to_string(),
        relation: &r.rel,
        editorial: r.editorial,
    }))
}

static PART_OF: crate::resolve::Rel = crate::resolve::Rel::PartOf;

/// A page at each old address that sends readers (and search engines, via the canonical link) to
/// the item's page. A meta refresh needs no script, so it works under the theme's CSP.
pub fn redirects(site: &Site, out: &mut Output) {
    use crate::markdown::escape;
    for h in site.heads() {
        let target = site.urls().item(&h.r);
        let canonical = site.urls().absolute(&crate::urls::Urls::item_path(&h.r));
        for raw in &h.redirect_from {
            let Some(path) = crate::resolve::redirect_path(raw) else {
                continue;
            };
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n\
                 <meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{canonical}\">\n\
                 <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n\
                 <p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = escape(&site.config().language),
                title = escape(&h.title),
                canonical = escape(&canonical),
                target = escape(&target),
            );
            out.insert(format!("{path}index.html"), html.into_bytes());
        }
    }
}
