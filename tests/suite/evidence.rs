//! Progress that is real: "none published" records and when they go stale, the Progress report,
//! "What changed" and its Atom feed, and the commitments' open data, on the minimal fixture.

use crate::harness::*;
use std::fs;
use std::path::Path;

fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::write(&path, fs::read_to_string(&path).unwrap() + text).unwrap();
}

fn check_as_of(root: &Path, month: &str) -> String {
    let (code, stderr) = run(&["check", "--as-of", month], root);
    assert_eq!(code, 0, "a warning does not fail the check:\n{stderr}");
    stderr
        .lines()
        .filter(|l| !l.starts_with("checked "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A search that found nothing quiets W003 for six months (by default), then W010 asks for a new
/// one; the page tells the reader what was not found, and when it was looked for.
#[test]
fn none_published_quiets_the_warning_until_it_is_stale() {
    let site = site_with_overlay(None);
    let root = site.path();
    assert!(check_as_of(root, "2026-06").contains("W003"));
    append(
        root,
        "content/indicators/1.1.yaml",
        "none_found:\n  - year: 2025\n    looked: \"2026-03\"\n    where: \"The statistics office's releases and tables\"\n",
    );
    let fresh = check_as_of(root, "2026-06");
    assert!(!fresh.contains("W003") && !fresh.contains("W010"), "{fresh}");
    let stale = check_as_of(root, "2026-10");
    assert!(!stale.contains("W003"), "{stale}");
    insta::assert_snapshot!("stale_none_found", stale);
    // The site's own setting moves the line.
    append(root, "content/config.yaml", "stale_after_months: 12\n");
    assert!(!check_as_of(root, "2026-10").contains("W010"));

    let built = build(root, None);
    let text = text_of(main_of(page(&built, "indicators/1.1/index.html")));
    assert!(
        text.contains("No figure for 2025 has been published (last looked for: 2026-03)."),
        "{text}"
    );
    assert!(
        text.contains("Looked in: The statistics office's releases and tables."),
        "{text}"
    );
}

/// A milestone past its date with nothing on record is overdue; the report counts every standing
/// and links each commitment, and the home page carries its headline.
#[test]
fn the_progress_report_counts_and_links_every_commitment() {
    let site = site_with_overlay(None);
    let root = site.path();
    fs::write(
        root.join("content/milestones/science-park-works.yaml"),
        "id: science-park-works\ntitle: Science park works begin\ndue: \"2023-06\"\ndue_text: by mid-2023\n\
         quote: \"By 2027 things will be better.\"\nwhere: chapter:5\n",
    )
    .unwrap();
    let built = build(root, None);
    let report = main_of(page(&built, "report/index.html"));
    let text = text_of(report);
    assert!(text.contains("1 Delivered"), "{text}");
    assert!(text.contains("1 Not yet reviewed"), "{text}");
    assert!(
        text.contains("1 of 2 are overdue with no record that they were done"),
        "{text}"
    );
    assert!(
        report.contains("href=\"/minimal/milestones/science-park-works/\""),
        "{report}"
    );
    assert!(report.contains("href=\"/minimal/strategies/1/\""), "{report}");
    let overdue = &report[report.find("id=\"overdue-heading\"").expect("an overdue section")..];
    assert!(overdue.contains("Science park works begin"));
    let home = text_of(main_of(page(&built, "index.html")));
    assert!(
        home.contains("Dated commitments: 1 delivered and 1 not yet reviewed (of 2); 1 overdue"),
        "{home}"
    );
    let timeline = text_of(main_of(page(&built, "milestones/index.html")));
    assert!(
        timeline.contains("by mid-2023 Science park works begin ? Not yet reviewed overdue"),
        "{timeline}"
    );
    // Passed: above the "as of" rule.
    assert!(
        timeline.find("Science park works begin") < timeline.find("As of "),
        "{timeline}"
    );
}

/// Every figure and status, newest first, on a page and in an Atom feed whose ids are unique and
/// absolute; every page points at the feed.
#[test]
fn what_changed_lists_every_update_and_the_feed_is_valid_atom() {
    let site = site_with_overlay(None);
    let built = build(site.path(), None);
    let text = text_of(main_of(page(&built, "changes/index.html")));
    let order: Vec<usize> = [
        "2025-01",
        "2024-12-20",
        "2024-05",
        "2023-12-15",
        "2023-11-02",
        "2023-03",
    ]
    .iter()
    .map(|d| text.find(d).unwrap_or_else(|| panic!("{d} missing: {text}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "not newest first: {text}");

    let feed = page(&built, "changes.xml");
    let doc = roxmltree::Document::parse(feed).expect("the feed is XML");
    let atom = ATOM;
    let root = doc.root_element();
    assert!(root.has_tag_name((atom, "feed")));
    for name in ["id", "title", "updated", "author"] {
        assert!(child(root, name).is_some(), "feed has no {name}");
    }
    assert_eq!(child(root, "updated").unwrap().text(), Some("2025-01-01T00:00:00Z"));
    let entries: Vec<_> = root.children().filter(|c| c.has_tag_name((atom, "entry"))).collect();
    assert_eq!(entries.len(), 6);
    let mut ids = std::collections::BTreeSet::new();
    for e in &entries {
        for name in ["id", "title", "updated", "link", "summary"] {
            assert!(child(*e, name).is_some(), "an entry has no {name}");
        }
        let id = child(*e, "id").unwrap().text().unwrap();
        assert!(id.starts_with("https://example.org/minimal/"), "{id}");
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
        let updated = child(*e, "updated").unwrap().text().unwrap();
        assert!(updated.len() == 20 && updated.ends_with("T00:00:00Z"), "{updated}");
    }
    for (path, bytes) in &built.output {
        if path.ends_with(".html") && !path.starts_with("search-index") {
            let html = std::str::from_utf8(bytes).unwrap();
            if html.contains("http-equiv=\"refresh\"") {
                continue;
            }
            assert!(
                html.contains("<link rel=\"alternate\" type=\"application/atom+xml\""),
                "{path} does not link the feed"
            );
        }
    }
}

/// A base URL without a host still gives absolute ids (URNs), as Atom requires.
#[test]
fn feed_ids_are_absolute_without_a_host() {
    let site = site_with_overlay(None);
    let built = build(site.path(), Some("/"));
    let feed = page(&built, "changes.xml");
    assert!(feed.contains("<id>urn:blueprint:changes</id>"), "{feed}");
    assert!(
        feed.contains("<id>urn:blueprint:milestones:mif-launch#status-0</id>"),
        "{feed}"
    );
}

#[test]
fn commitments_are_open_data() {
    let site = site_with_overlay(None);
    let built = build(site.path(), None);
    let csv = page(&built, "data/commitments.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,title,due,due_text,where,status,date,source,url,quote")
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with("\"mif-launch\",\"Launching the Minimal Innovation Fund\",\"2023\",\"in 2023\",\"recommendation:1.1.1\",\"delivered\",\"2023-11-02\","), "{row}");
    let graph: serde_json::Value = serde_json::from_str(page(&built, "data/graph.json")).unwrap();
    let node = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "milestone:mif-launch")
        .unwrap();
    assert_eq!(node["status"], "delivered");
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name((ATOM, name)))
}

/// A recommendation that names something to be done carries status updates like a milestone:
/// shown on its page with the evidence, listed in What changed.
#[test]
fn a_recommendation_shows_its_status_updates() {
    let site = site_with_overlay(None);
    let built = build(site.path(), None);
    let text = text_of(main_of(page(&built, "recommendations/1.1.2/index.html")));
    assert!(
        text.contains("What has happened since this site's record ● Under way 2024-05 Work to do more is under way."),
        "{text}"
    );
    let changes = text_of(main_of(page(&built, "changes/index.html")));
    assert!(
        changes.contains("2024-05 Recommendation (2) 1.1.2 To do more Status: Under way"),
        "{changes}"
    );
}
