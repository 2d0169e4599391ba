//! The files beside the pages — the sitemap, open data, the data package, the charts to take
//! away, the feed, redirects, the theme's assets and the site's static files — made and handed on
//! group by group, before the pages.

use super::{changes, data, statics, Language, Output};
use crate::diagnostics::Diagnostics;
use crate::resolve::Site;
use std::collections::BTreeSet;

/// The files beside the pages, made and handed to `sink` one group at a time, so no more than
/// one group is held at once (at 100 000 pages they are 230 MB: the graph, the data package,
/// the charts); the static files last, once every path the site writes itself is known (a
/// static file at one of them is refused, before any page is rendered).
pub fn other_files(
    main: &Site,
    assets: Output,
    sitemap: &BTreeSet<String>,
    mut generated: BTreeSet<String>,
    sink: &mut impl FnMut(usize, Output) -> Result<(), Diagnostics>,
) -> Result<(), Diagnostics> {
    let publish = crate::publish::FILES.map(|files| move |out: &mut Output| files(main, out));
    let groups: [&dyn Fn(&mut Output); 8] = [
        &|out| data::sitemap_files(main, out, sitemap),
        &|out| data::indicator_files(main, out),
        &|out| data::graph_file(main, out),
        &publish[0],
        &publish[1],
        &publish[2],
        &|out| changes::feed(main, out),
        &|out| data::redirects(main, out),
    ];
    generated.extend(assets.keys().cloned());
    sink(0, assets)?;
    for group in groups {
        let mut out = Output::new();
        crate::timings::timed("files", || group(&mut out));
        generated.extend(out.keys().cloned());
        sink(0, out)?;
    }
    let mut statics = Output::new();
    statics::add(main.statics(), &mut statics, &generated)?;
    sink(0, statics)
}

/// The pages the sitemap lists: every language's, but its search page (which is no content).
pub fn sitemap_pages(pages: &BTreeSet<String>, languages: &[Language]) -> BTreeSet<String> {
    let searches: BTreeSet<String> = languages
        .iter()
        .filter(|(folder, _, _)| !folder.is_empty())
        .map(|(folder, _, _)| format!("{folder}search/index.html"))
        .collect();
    pages.iter().filter(|p| !searches.contains(*p)).cloned().collect()
}
