//! What changed since the Blueprint: every later figure and every status update, newest first, as
//! a page (`changes/`) and as an Atom feed (`changes.xml`, RFC 4287) that a journalist or a
//! researcher can follow. Both come from the same list, so they cannot disagree.

use super::context::LinkCtx;
use super::{Job, Output, Renderer};
use crate::diagnostics::Diagnostic;
use crate::markdown::escape;
use crate::model::evidence::parse_date;
use crate::model::{ItemRef, Kind};
use crate::resolve::Site;
use serde::Serialize;
use std::fmt::Write as _;

/// One dated change: a figure published, or a commitment's status recorded.
#[derive(Serialize)]
struct Change<'a> {
    date: &'a str,
    item: LinkCtx,
    /// "Figure for 2024: 1.13%", "Status: Delivered".
    what: String,
    /// The CSS name of a status (`delivered`), or `figure`.
    class: &'static str,
    quote: Option<&'a str>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    /// A fragment id for the feed, unique per item and date.
    anchor: String,
}

fn changes(site: &Site) -> Vec<Change<'_>> {
    let mut out: Vec<(usize, Change)> = Vec::new();
    for ind in site.indicators() {
        let r = ItemRef::new(Kind::INDICATOR, &ind.id);
        let Some(item) = LinkCtx::to(site, &r) else { continue };
        for (i, p) in ind.updates.iter().enumerate() {
            let Some(date) = p.published.as_deref() else { continue };
            let how = if p.derived.is_some() {
                " (computed by this site)"
            } else {
                ""
            };
            out.push((
                site.position(&r),
                Change {
                    date,
                    item: item.clone(),
                    what: format!("Figure for {}: {}{how}", p.data_year(), p.printed),
                    class: "figure",
                    quote: p.quote.as_deref(),
                    source: Some(&p.source),
                    url: p.url.as_deref(),
                    anchor: format!("figure-{}-{i}", p.data_year()),
                },
            ));
        }
    }
    // Every item with status updates: milestones, and items of the plan's levels.
    let updated = site.heads().map(|h| &h.r).filter_map(|r| {
        let item = site.item(r)?;
        Some((r, item.part.updates()))
    });
    // Milestones first, as before: the position sort below is stable.
    let (ms, rest): (Vec<_>, Vec<_>) = updated.partition(|(r, _)| r.kind == Kind::MILESTONE);
    for (r, updates) in ms.into_iter().chain(rest) {
        let r = r.clone();
        let Some(item) = LinkCtx::to(site, &r) else { continue };
        for (i, u) in updates.iter().enumerate() {
            out.push((
                site.position(&r),
                Change {
                    date: &u.date,
                    item: item.clone(),
                    what: format!("Status: {}", u.status.label()),
                    class: u.status.name(),
                    quote: u.quote.as_deref(),
                    source: u.source.as_deref().or(u.looked_in.as_deref()),
                    url: u.url.as_deref(),
                    anchor: format!("status-{i}"),
                },
            ));
        }
    }
    // Newest first; on the same date, in the plan's reading order.
    out.sort_by(|(pa, a), (pb, b)| (parse_date(b.date), pa, &a.anchor).cmp(&(parse_date(a.date), pb, &b.anchor)));
    out.into_iter().map(|(_, c)| c).collect()
}

#[derive(Serialize)]
struct ChangesData<'a> {
    changes: Vec<Change<'a>>,
    feed: String,
}

pub fn jobs<'s>(jobs: &mut Vec<Job<'s>>) {
    jobs.push(("changes/".into(), Box::new(page)));
}

fn page(rd: &Renderer) -> Result<String, Diagnostic> {
    let site = rd.site;
    let data = ChangesData {
        changes: changes(site),
        feed: rd.main_urls.page(FEED),
    };
    let description = rd.t_with("changes.description", &[("plan", &site.config().plan_name)]);
    let meta = rd.meta("changes/", rd.t("changes.title"), description, "changes");
    rd.render_page("changes.html", meta, data)
}

/// The feed's path from the site root.
pub const FEED: &str = "changes.xml";

/// An Atom timestamp for a date of one, two or three parts (a missing month or day is the 1st).
fn timestamp(date: Option<(i32, u32, u32)>) -> String {
    let (y, m, d) = date.unwrap_or((1970, 1, 1));
    format!("{y:04}-{:02}-{:02}T00:00:00Z", m.max(1), d.max(1))
}

/// Atom ids must be absolute IRIs: the page's URL when the site has an absolute base URL, else a
/// URN built from its path (stable across builds either way).
fn atom_id(site: &Site, path: &str) -> String {
    let url = site.urls().absolute(path);
    if url.starts_with("http://") || url.starts_with("https://") {
        url
    } else {
        format!("urn:blueprint:{}", path.trim_matches('/').replace('/', ":"))
    }
}

pub fn feed(site: &Site, out: &mut Output) {
    let changes = changes(site);
    let c = &site.config();
    let updated = timestamp(changes.first().and_then(|ch| parse_date(ch.date)).or(Some((
        site.as_of().0,
        site.as_of().1,
        1,
    ))));
    let mut s =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(s, "  <title>{}: what changed</title>", escape(&c.title));
    let _ = writeln!(
        s,
        "  <subtitle>Figures and commitment statuses published since the plan, each with its source.</subtitle>"
    );
    let _ = writeln!(
        s,
        "  <link rel=\"self\" href=\"{}\"/>",
        escape(&site.urls().absolute(FEED))
    );
    let _ = writeln!(
        s,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&site.urls().absolute("changes/"))
    );
    let _ = writeln!(s, "  <id>{}</id>", escape(&atom_id(site, "changes/")));
    let _ = writeln!(s, "  <updated>{updated}</updated>");
    let _ = writeln!(
        s,
        "  <author><name>{}</name></author>",
        escape(c.publisher.as_deref().unwrap_or(&c.title))
    );
    for ch in &changes {
        let path = ch.item.url.strip_prefix(&site.urls().prefix).unwrap_or(&ch.item.url);
        let mut summary = ch.what.clone();
        if let Some(q) = ch.quote {
            let _ = write!(summary, ". “{q}”");
        }
        if let Some(src) = ch.source {
            let _ = write!(summary, " — {src}");
        }
        let _ = write!(
            s,
            "  <entry>\n    <title>{title}: {what}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{href}\"/>\n    \
             <id>{id}#{anchor}</id>\n    <updated>{updated}</updated>\n    <summary>{summary}</summary>\n  </entry>\n",
            title = escape(&ch.item.title),
            what = escape(&ch.what),
            href = escape(&site.urls().absolute(path)),
            id = escape(&atom_id(site, path)),
            anchor = escape(&ch.anchor),
            updated = timestamp(parse_date(ch.date)),
            summary = escape(&summary),
        );
    }
    s.push_str("</feed>\n");
    out.insert(FEED.into(), s.into_bytes());
}
