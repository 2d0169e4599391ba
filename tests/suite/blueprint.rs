//! Proofs about the bundled Blueprint: the counts, every indicator value as printed in the
//! source table, and every sentence of the source (Foreword to Closing Remarks) present in the
//! built site's text.

use crate::harness::*;
use std::collections::BTreeSet;

fn source() -> String {
    std::fs::read_to_string(fixtures().join("source/hk-innovation-technology-development-blueprint.txt")).unwrap()
}

fn count(built: &blueprint::Built, folder: &str) -> usize {
    built
        .output
        .keys()
        .filter(|k| k.starts_with(folder) && k.ends_with("/index.html") && k.matches('/').count() == 2)
        .count()
}

#[test]
fn blueprint_counts() {
    let built = build(&repo(), None);
    assert_eq!(count(&built, "directions/"), 4);
    assert_eq!(count(&built, "strategies/"), 8);
    assert_eq!(count(&built, "targets/"), 16);
    assert_eq!(count(&built, "recommendations/"), 42);
    let dev = built
        .output
        .keys()
        .filter(|k| k.starts_with("indicators/") && k.ends_with("/index.html") && k.matches('/').count() == 2)
        .filter(|k| k.split('/').nth(1).is_some_and(|id| id.contains('.')))
        .count();
    assert_eq!(dev, 8, "development indicators");
    let refs = page(&built, "references/index.html");
    assert_eq!(refs.matches("<li id=\"ref-").count(), 27);
    assert!(count(&built, "initiatives/") >= 60);
}

/// Each indicator row of the source table, value by value, equals what the site prints.
#[test]
fn indicator_values_equal_the_source_table() {
    let src = source();
    let built = build(&repo(), None);
    let chapter5 = page(&built, "chapters/5/index.html");
    let mut rows = 0;
    for line in src.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        let is_row = cells[0].split('.').count() == 2
            && cells[0]
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if cells.len() != 6 || !is_row {
            continue;
        }
        rows += 1;
        let id = cells[0];
        let csv = page(&built, &format!("data/indicators/{id}.csv"));
        let ind_page = page(&built, &format!("indicators/{id}/index.html"));
        for cell in &cells[2..] {
            let printed = cell.replace("\\$", "$");
            assert!(
                csv.contains(&format!("\"{printed}\"")),
                "indicator {id}: `{printed}` not in CSV:\n{csv}"
            );
            assert!(
                text_of(ind_page).contains(&printed),
                "indicator {id}: `{printed}` not on its page"
            );
            assert!(
                text_of(chapter5).contains(&printed),
                "indicator {id}: `{printed}` not in Chapter 5's table"
            );
        }
    }
    assert_eq!(rows, 8);
}

/// Figures published since the Blueprint reach the indicator pages and the open data, never the
/// Blueprint's own table: Chapter 5 prints each development indicator's four columns, as the
/// source does, and each later figure links the release it was read in.
#[test]
fn later_figures_stay_out_of_the_blueprints_table() {
    let built = build(&repo(), None);
    let chapter5 = page(&built, "chapters/5/index.html");
    let table = &chapter5[chapter5.find("indicator-table\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let rows: Vec<&str> = table.split("<tr>").filter(|r| r.contains("scope=\"row\"")).collect();
    assert_eq!(rows.len(), 8);
    for row in rows {
        assert_eq!(row.matches("<td").count(), 4, "{row}");
    }
    let mut later = 0;
    for id in ["1.1", "2.1"] {
        let ind_page = main_of(page(&built, &format!("indicators/{id}/index.html")));
        let csv = page(&built, &format!("data/indicators/{id}.csv"));
        for row in ind_page.split("<tr class=\"row-observed row-later\">").skip(1) {
            later += 1;
            let row = &row[..row.find("</tr>").unwrap()];
            assert!(
                row.contains("Published since the Blueprint") && row.contains("<a href=\"http"),
                "{row}"
            );
        }
        assert!(csv.contains("\"later\",\"http"), "{id}: no later figure in the CSV");
    }
    assert_eq!(later, 7, "1.1 has three later figures, 2.1 four");
    // The dashboard's cards show the latest figure, published since where there is one.
    let dashboard = main_of(page(&built, "indicators/index.html"));
    for latest in ["<dd>1.13% (2024)</dd>", "<dd>5,221 (2025)</dd>", "<dd>12 (2020)</dd>"] {
        assert!(dashboard.contains(latest), "the dashboard lacks {latest}");
    }
}

/// Structural labels the site shows in its own form ("Chapter 4" for "Chapter Four").
fn is_label(s: &str) -> bool {
    let s = s.trim().trim_matches('*').trim();
    let words = ["Chapter", "Strategy", "Target", "Recommendation", "Direction", "Note"];
    s.is_empty()
        || s.chars().all(|c| c.is_ascii_digit() || c == '.')
        || (words.iter().any(|w| s.starts_with(w)) && s.len() < 22 && !s.contains(". "))
}

fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("^{Note") {
            rest = r.find('}').map_or("", |i| &r[i + 1..]);
            continue;
        }
        let keep = !matches!(
            c,
            '\\' | '*' | '◎' | '©' | '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹'
        );
        if keep {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sentences (and page-split fragments) of a source line.
fn fragments(line: &str) -> Vec<String> {
    let line = line.trim().trim_start_matches("- ").trim();
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let ends = matches!(c, '.' | ';' | ':' | '?' | '!') && chars.get(i + 1).is_some_and(|n| n.is_whitespace());
        if ends {
            out.push(std::mem::take(&mut cur));
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|f| normalise(&f))
        .filter(|f| !is_label(f))
        .collect()
}

#[test]
fn every_sentence_of_the_blueprint_is_on_the_site() {
    let src = source();
    let built = build(&repo(), None);
    let mut site = String::new();
    for (path, bytes) in &built.output {
        if path.ends_with(".html") {
            site.push_str(&text_of(main_of(std::str::from_utf8(bytes).unwrap())));
            site.push('\n');
        }
    }
    // Notes are printed by the site as "Note 1: …": the label is ours, the text the Blueprint's.
    let site = normalise(&site);
    let lines: Vec<&str> = src.lines().collect();
    let start = lines.iter().position(|l| l.trim() == "Foreword").unwrap();
    let end = lines.iter().rposition(|l| l.trim() == "Appendix").unwrap();
    let mut missing = BTreeSet::new();
    let mut checked = 0;
    for (n, line) in lines[start..end].iter().enumerate() {
        if line.contains('\t') {
            continue; // the indicator table: checked value by value above
        }
        for f in fragments(line) {
            checked += 1;
            if !site.contains(&f) {
                missing.insert(format!("line {}: {f}", start + n + 1));
            }
        }
    }
    assert!(checked > 800, "only {checked} fragments checked");
    assert!(
        missing.is_empty(),
        "{} of {checked} source fragments missing from the site:\n{}",
        missing.len(),
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// The reverse proof: nothing in the bodies and titles is invented — every sentence of every
/// chapter, direction, strategy, target and recommendation stands in the source.
#[test]
fn nothing_in_the_text_is_invented() {
    let src = normalise(&source().replace("\\$", "$"));
    let files = blueprint::load::read_tree(&repo()).unwrap();
    let (corpus, _) = blueprint::load::parse(files);
    let opts = blueprint::resolve::ResolveOptions {
        base_url: None,
        as_of: AS_OF,
    };
    let (site, _) = blueprint::resolve::resolve(corpus, &opts).unwrap_or_else(|d| panic!("{}", d.render()));
    let mut invented = Vec::new();
    let mut checked = 0;
    for (r, body) in site.bodies() {
        let title = site.head(r).map(|h| h.title.clone()).unwrap_or_default();
        for line in body.text.lines().chain(std::iter::once(title.as_str())) {
            for f in fragments(line) {
                checked += 1;
                if !src.contains(&f) {
                    invented.push(format!("{r}: {f}"));
                }
            }
        }
    }
    assert!(checked > 700, "only {checked} fragments checked");
    assert!(
        invented.is_empty(),
        "{} fragments not in the source:\n{}",
        invented.len(),
        invented.join("\n")
    );
}

/// Every indicator page has a chart (an accessible SVG), a data table and its download links,
/// and every download parses.
#[test]
fn every_indicator_page_has_chart_table_and_downloads() {
    let built = build(&repo(), None);
    let pages: Vec<&String> = built
        .output
        .keys()
        .filter(|k| k.starts_with("indicators/") && k.ends_with("/index.html") && k.matches('/').count() == 2)
        .collect();
    assert!(pages.len() >= 8);
    for path in pages {
        let id = path.split('/').nth(1).unwrap();
        let html = main_of(page(&built, path));
        assert!(html.contains("<svg") && html.contains("role=\"img\""), "{id}: no chart");
        assert!(
            html.contains("<title") && html.contains("<desc"),
            "{id}: chart lacks title/desc"
        );
        assert!(html.contains("<table class=\"data-table"), "{id}: no table");
        assert!(html.contains(&format!("data/indicators/{id}.csv")), "{id}: no CSV link");
        assert!(
            html.contains(&format!("data/indicators/{id}.json")),
            "{id}: no JSON link"
        );
        let json: serde_json::Value =
            serde_json::from_str(page(&built, &format!("data/indicators/{id}.json"))).unwrap();
        assert_eq!(json["indicator"]["id"], id);
        let csv = page(&built, &format!("data/indicators/{id}.csv"));
        assert!(csv.starts_with("indicator,title,year,data_year,value,printed,unit,kind,qualifier,source"));
    }
}

/// Every title a reader sees either stands word for word in the Blueprint or is marked as the
/// site's on every page that shows it: the item's own heading and every link to it.
#[test]
fn every_title_is_the_blueprints_or_marked_as_the_sites() {
    let src = normalise(&source().replace("\\$", "$")).to_lowercase();
    let built = build(&repo(), None);
    let graph: serde_json::Value = serde_json::from_str(page(&built, "data/graph.json")).unwrap();
    let mut marked = Vec::new();
    let mut unmarked = Vec::new();
    for node in graph["nodes"].as_array().unwrap() {
        let title = node["title"].as_str().unwrap();
        let url = node["url"].as_str().unwrap();
        let page_path = format!("{}index.html", url.trim_start_matches('/'));
        let h1_start = page(&built, &page_path).find("<h1").unwrap();
        let h1 = &page(&built, &page_path)[h1_start..];
        let h1 = &h1[..h1.find("</h1>").unwrap()];
        let is_marked = h1.contains("tag-site-title");
        if src.contains(&normalise(title).to_lowercase()) {
            continue;
        }
        if !is_marked {
            unmarked.push(format!("{} ({})", node["id"], title));
            continue;
        }
        marked.push((url.to_string(), blueprint::markdown::escape(title)));
    }
    assert!(
        unmarked.is_empty(),
        "titles not in the Blueprint and not marked:\n{}",
        unmarked.join("\n")
    );
    assert!(marked.len() > 20, "only {} site titles", marked.len());
    // Every link that shows such a title carries the mark right after it.
    let mut missing = Vec::new();
    for (path, bytes) in &built.output {
        let Ok(html) = std::str::from_utf8(bytes) else { continue };
        if !path.ends_with(".html") || html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        for (url, title) in &marked {
            let mut rest = html;
            while let Some(i) = rest.find(&format!("href=\"{url}\"")) {
                let link = &rest[i..];
                // Only links a reader sees (<a>), not <link rel="canonical">.
                if !rest[rest[..i].rfind('<').unwrap()..].starts_with("<a ") {
                    rest = &link[1..];
                    continue;
                }
                let end = link.find("</a>").unwrap() + 4;
                // The mark follows the title: inside the link (the pager's) or right after it.
                if let Some(at) = link[..end].find(title.as_str()) {
                    let after = link[at + title.len()..].trim_start_matches("</span>").trim_start();
                    let after = after.trim_start_matches("</a>").trim_start();
                    // In the timeline's SVG the mark is the line under the title.
                    let in_svg = rest[..i].rfind("<svg") > rest[..i].rfind("</svg>");
                    let svg_marked = in_svg && after[..after.find("</g>").unwrap()].contains("site&#39;s title");
                    if !svg_marked && !after.starts_with("<span class=\"tag tag-editorial tag-site-title\"") {
                        missing.push(format!("{path}: {title}"));
                    }
                }
                rest = &link[end..];
            }
        }
    }
    assert!(
        missing.is_empty(),
        "links to site titles without the mark:\n{}",
        missing.join("\n")
    );
}
