//! The publishing outputs: `datapackage.json` describes every CSV the site publishes, column by
//! column; the JSON-LD on pages uses only schema.org properties its types have, and cannot be
//! broken out of; citations and the print edition come from the config, for any plan.

use crate::harness::*;
use serde_json::Value;

fn datapackage(built: &blueprint::Built) -> Value {
    serde_json::from_slice(&built.output["datapackage.json"]).unwrap()
}

/// Every CSV in the output is a resource, every resource's file exists, and its header is its
/// schema's field names in order.
fn assert_package_describes_every_csv(built: &blueprint::Built) {
    let pkg = datapackage(built);
    let resources = pkg["resources"].as_array().unwrap();
    let mut paths: Vec<&str> = resources.iter().map(|r| r["path"].as_str().unwrap()).collect();
    for r in resources {
        let path = r["path"].as_str().unwrap();
        let csv = std::str::from_utf8(&built.output[path]).unwrap();
        let header = csv.split("\r\n").next().unwrap();
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, fields.join(","), "{path}");
        let name = r["name"].as_str().unwrap();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._/".contains(c)),
            "{name}"
        );
    }
    let mut csvs: Vec<&str> = built
        .output
        .keys()
        .filter(|k| k.ends_with(".csv"))
        .map(String::as_str)
        .collect();
    paths.sort_unstable();
    csvs.sort_unstable();
    assert_eq!(paths, csvs, "the package describes every CSV, and only those");
}

#[test]
fn the_data_package_describes_every_csv_of_the_blueprint() {
    let built = build(&repo(), None);
    assert_package_describes_every_csv(&built);
    let pkg = datapackage(&built);
    assert_eq!(pkg["profile"], "tabular-data-package");
    assert!(pkg["licence_statement"].as_str().unwrap().starts_with("PLACEHOLDER"));
    assert!(
        pkg.get("licenses").is_none(),
        "no licence address is verified, so none is given"
    );
    assert_eq!(
        pkg["contributors"][0]["title"],
        "Innovation, Technology and Industry Bureau"
    );
    let ind = pkg["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "indicator-1.2")
        .unwrap();
    assert_eq!(ind["unit"], "hkd");
    assert_eq!(ind["path"], "data/indicators/1.2.csv");
    assert!(ind["sources"][0]["title"].as_str().unwrap().contains("Chapter 5"));
}

#[test]
fn another_plan_gets_a_data_package_of_its_own() {
    let built = build(&fixtures().join("other-plan"), None);
    assert_package_describes_every_csv(&built);
    let text = String::from_utf8(built.output["datapackage.json"].clone()).unwrap();
    for w in ["Blueprint", "Hong Kong", "Innovation, Technology"] {
        assert!(!text.contains(w), "datapackage.json of another plan says `{w}`");
    }
}

/// The JSON-LD of a page, parsed (it is escaped for a `<script>`, which is still JSON).
fn jsonld(html: &str) -> Option<Value> {
    let start = html.find("<script type=\"application/ld+json\">")? + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>")?;
    Some(serde_json::from_str(&html[start..end]).unwrap())
}

fn vocabulary() -> Vec<(String, Vec<String>)> {
    std::fs::read_to_string(fixtures().join("schema-org/properties.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (ty, props) = l.split_once(':').unwrap();
            (ty.to_string(), props.split_whitespace().map(String::from).collect())
        })
        .collect()
}

/// Every node with a `@type` uses only properties the list gives that type; returns the types seen.
fn check_node(v: &Value, vocab: &[(String, Vec<String>)], path: &str, seen: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let Some(ty) = o.get("@type").and_then(Value::as_str) {
                let props = &vocab
                    .iter()
                    .find(|(t, _)| t == ty)
                    .unwrap_or_else(|| panic!("{path}: type {ty}"))
                    .1;
                for k in o.keys().filter(|k| !k.starts_with('@')) {
                    assert!(props.contains(k), "{path}: {ty} has no property `{k}` in schema.org");
                }
                seen.push(ty.to_string());
            }
            o.values().for_each(|x| check_node(x, vocab, path, seen));
        }
        Value::Array(a) => a.iter().for_each(|x| check_node(x, vocab, path, seen)),
        _ => {}
    }
}

#[test]
fn every_page_has_a_breadcrumb_list_and_indicators_a_dataset_of_schema_org_properties() {
    let built = build(&repo(), None);
    let vocab = vocabulary();
    let mut datasets = 0;
    for (path, bytes) in built.output.iter().filter(|(p, _)| p.ends_with("index.html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        if html.contains("name=\"robots\" content=\"noindex\"") {
            continue;
        }
        let ld = jsonld(html).unwrap_or_else(|| panic!("{path} has no JSON-LD"));
        assert_eq!(ld["@context"], "https://schema.org");
        let mut seen = Vec::new();
        check_node(&ld, &vocab, path, &mut seen);
        assert_eq!(seen.first().map(String::as_str), Some("BreadcrumbList"), "{path}");
        let items = ld["@graph"][0]["itemListElement"].as_array().unwrap();
        assert!(items.last().unwrap()["item"]
            .as_str()
            .unwrap()
            .ends_with(path.trim_end_matches("index.html")));
        if seen.iter().any(|t| t == "Dataset") {
            datasets += 1;
            assert!(path.trim_start_matches("zh-hant/").starts_with("indicators/"), "{path}");
        }
    }
    let indicators = built
        .output
        .keys()
        .filter(|k| k.starts_with("data/indicators/") && k.ends_with(".csv"))
        .count();
    assert_eq!(datasets, indicators, "one Dataset per indicator page");
    let ld = jsonld(page(&built, "indicators/1.2/index.html")).unwrap();
    let d = &ld["@graph"][1];
    assert_eq!(d["temporalCoverage"], "2014/2030");
    assert_eq!(d["distribution"][0]["contentUrl"], "/data/indicators/1.2.csv");
    assert_eq!(
        d["citation"]["name"],
        "Hong Kong Innovation and Technology Development Blueprint"
    );
    assert_eq!(d["citation"]["datePublished"], "2022");
}

#[test]
fn a_title_with_a_script_end_tag_cannot_break_out_of_the_json_ld() {
    let dir = site_with_overlay(None);
    let config = dir.path().join("content/config.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let evil = "title: \"Plan </script><script>alert(1)</script> & co\"\n";
    let text: String = text
        .lines()
        .map(|l| if l.starts_with("title:") { evil.trim_end() } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&config, text).unwrap();
    let built = build(dir.path(), None);
    let html = page(&built, "indicators/1.1/index.html");
    assert!(!html.contains("<script>alert(1)"), "the title broke out");
    let ld = jsonld(html).unwrap();
    assert_eq!(
        ld["@graph"][1]["citation"]["name"],
        "Plan </script><script>alert(1)</script> & co"
    );
}

/// Each indicator's chart is a file of its own that any viewer draws alike: well-formed SVG with
/// its size, a white ground, colours and fonts inline (nothing from the site's CSS), linked from
/// the indicator's page.
#[test]
fn each_indicator_chart_is_a_standalone_svg_linked_from_its_page() {
    let built = build(&repo(), None);
    let ids: Vec<&str> = built
        .output
        .keys()
        .filter_map(|k| k.strip_prefix("data/indicators/")?.strip_suffix(".csv"))
        .collect();
    assert!(ids.len() >= 8);
    for id in ids {
        let svg = std::str::from_utf8(&built.output[&format!("charts/{id}.svg")]).unwrap();
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("charts/{id}.svg: {e}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("width"), Some("640"));
        assert!(
            root.attribute("height").is_some() && root.attribute("color").is_some(),
            "{id}"
        );
        assert!(root.attribute("font-family").is_some(), "{id}");
        assert!(
            !svg.contains("var(") && !svg.contains("<style"),
            "{id}: depends on the site's CSS"
        );
        let ground = root.children().find(|n| n.has_tag_name("rect")).unwrap();
        assert_eq!(ground.attribute("fill"), Some("#ffffff"));
        let html = page(&built, &format!("indicators/{id}/index.html"));
        assert!(
            html.contains(&format!("href=\"/charts/{id}.svg\" download>Download chart (SVG)</a>")),
            "{id}"
        );
    }
}

/// Every item page offers a citation: the plan as the work (its author, title and year from the
/// config), the item's label and title, its permanent address, the access date for the reader.
#[test]
fn each_item_page_offers_a_citation_in_plain_text_and_bibtex() {
    let built = build(&repo(), None);
    let html = page(&built, "strategies/3/index.html");
    let text = "Innovation, Technology and Industry Bureau. Hong Kong Innovation and Technology Development \
                Blueprint (2022), Strategy (3):";
    assert!(html.contains(&format!("<p class=\"citation\">{text}")), "plain text");
    assert!(html.contains("/strategies/3/ (accessed [date]).</p>"));
    assert!(html
        .contains("@misc{i-t-blueprint:strategy-3,\n  author       = {{Innovation, Technology and Industry Bureau}},"));
    assert!(
        html.contains("this site's suggestion</span>"),
        "marked as the site's words"
    );
    let items = built
        .output
        .iter()
        .filter(|(k, _)| k.ends_with("/index.html") && k.matches('/').count() == 2 && !k.starts_with("search"))
        .filter(|(_, v)| std::str::from_utf8(v).unwrap().contains("class=\"item "));
    for (path, bytes) in items {
        let html = std::str::from_utf8(bytes).unwrap();
        assert_eq!(html.matches("<p class=\"citation\">").count(), 1, "{path}");
    }
}

/// The ids of a page and its in-page links' targets.
fn ids_and_fragments(html: &str) -> (Vec<&str>, Vec<&str>) {
    let ids = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let frags = html
        .split(" href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    (ids, frags)
}

/// The whole plan on one page: every chapter and item of the plan's levels, in reading order,
/// each once; every in-page link lands on an id, and no id is used twice.
fn assert_print_book(built: &blueprint::Built, first: &str, last: &str) {
    let html = page(built, "print/index.html");
    let (ids, frags) = ids_and_fragments(html);
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "an id is used twice on the print page");
    for f in &frags {
        assert!(ids.contains(f), "print/ links to #{f}, which is not on the page");
    }
    let sections: Vec<&str> = html
        .split("<section id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(sections.first().copied(), Some(first));
    assert!(sections.contains(&last), "{last}");
    assert!(html.contains("name=\"robots\" content=\"noindex\""));
    assert!(!String::from_utf8_lossy(&built.output["sitemap.xml"]).contains("/print/"));
}

#[test]
fn the_whole_plan_prints_on_one_page_with_in_page_links() {
    let built = build(&repo(), None);
    assert_print_book(&built, "chapter-foreword", "recommendation-8-1-3");
    let html = page(&built, "print/index.html");
    let count = |p: &str| html.matches(&format!("<section id=\"{p}")).count();
    assert_eq!(
        (
            count("direction-"),
            count("strategy-"),
            count("target-"),
            count("recommendation-")
        ),
        (4, 8, 16, 42)
    );
    // Chapter 4's text links to the strategies, which are on the page.
    assert!(html.contains("href=\"#strategy-1\""));
    // The charts come along, each in its wide layout only (print shows one size).
    assert!(html.matches("class=\"bp-chart bp-wide\"").count() >= 8);
    assert!(!html.contains("bp-narrow"));
    let order: Vec<usize> = [
        "id=\"chapter-1\"",
        "id=\"direction-1\"",
        "id=\"strategy-1\"",
        "id=\"target-1-1\"",
        "id=\"recommendation-1-1-1\"",
        "id=\"strategy-2\"",
    ]
    .iter()
    .map(|s| html.find(s).unwrap_or_else(|| panic!("{s}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "reading order");
}

#[test]
fn another_plan_prints_on_one_page_too() {
    let built = build(&fixtures().join("other-plan"), None);
    let html = page(&built, "print/index.html");
    let (_, frags) = ids_and_fragments(html);
    assert!(frags.len() > 3);
    assert_print_book(&built, frags[1], frags[frags.len() - 1]);
}

/// Social cards are off unless the config asks; asked, each indicator's chart becomes a PNG that
/// its page names as `og:image`.
#[test]
fn og_image_cards_only_when_the_config_asks() {
    let dir = site_with_overlay(None);
    let plain = build(dir.path(), None);
    assert!(!plain
        .output
        .keys()
        .any(|k| k.starts_with("charts/") && k.ends_with(".png")));
    assert!(!page(&plain, "indicators/1.1/index.html").contains("og:image"));
    let config = dir.path().join("content/config.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\npublishing:\n  og_image: true\n");
    std::fs::write(&config, text).unwrap();
    let built = build(dir.path(), None);
    let png = &built.output["charts/1.1.png"];
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 5000,
        "{} bytes",
        png.len()
    );
    assert!(page(&built, "indicators/1.1/index.html")
        .contains("<meta property=\"og:image\" content=\"https://example.org/minimal/charts/1.1.png\">"));
}

#[test]
fn print_edition_can_be_turned_off_and_its_link_goes_with_it() {
    let dir = site_with_overlay(None);
    let with = build(dir.path(), None);
    assert!(with.output.contains_key("print/index.html"));
    assert!(page(&with, "index.html").contains("/print/\""));
    let config = dir.path().join("content/config.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\npublishing:\n  print: false\n");
    std::fs::write(&config, text).unwrap();
    let without = build(dir.path(), None);
    assert!(!without.output.contains_key("print/index.html"));
    let linking: Vec<&String> = without
        .output
        .iter()
        .filter(|(path, bytes)| path.ends_with(".html") && String::from_utf8_lossy(bytes).contains("/print/\""))
        .map(|(path, _)| path)
        .collect();
    assert!(linking.is_empty(), "pages still link to print/: {linking:?}");
    // Said outright, it is no warning; only a plan too large for one page gets W032 (the rule
    // is `Publishing::prints`, unit-tested).
    assert!(!without.warnings.iter().any(|d| d.code == "W032"));
}
