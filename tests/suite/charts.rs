//! Chart labels never collide: on every chart the bundled site draws (each indicator page's wide
//! and narrow layout, every dashboard sparkline), no value or target label's box overlaps another
//! label or any other text of its chart, measured as the chart code measures text.

use crate::harness::*;
use blueprint::charts::text_width;

/// One `<text>` of a chart: its class and its box in viewBox units.
#[derive(Debug)]
struct TextBox {
    class: String,
    content: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn boxes(svg: &str) -> Vec<TextBox> {
    let mut out = Vec::new();
    for part in svg.split("<text ").skip(1) {
        let (tag, rest) = part.split_once('>').unwrap();
        let content = unescape(rest.split("</text>").next().unwrap());
        let num = |n: &str| attr(tag, n).and_then(|v| v.parse::<f64>().ok()).unwrap();
        let (x, y, size) = (num("x"), num("y"), num("font-size"));
        let w = text_width(&content, size);
        let x0 = match attr(tag, "text-anchor") {
            Some("middle") => x - w / 2.0,
            Some("end") => x - w,
            _ => x,
        };
        out.push(TextBox {
            class: attr(tag, "class").unwrap_or("").to_string(),
            content,
            x0,
            y0: y - 0.78 * size,
            x1: x0 + w,
            y1: y + 0.24 * size,
        });
    }
    out
}

fn overlap(a: &TextBox, b: &TextBox) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

#[test]
fn no_chart_label_overlaps_other_text_at_either_width() {
    let built = build(&repo(), None);
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    // print/ repeats the indicator pages' wide charts (checked there); counting it would
    // unbalance the wide and narrow totals below.
    let pages = built
        .output
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && !p.starts_with("print/"));
    for (path, bytes) in pages {
        let html = std::str::from_utf8(bytes).unwrap();
        for svg in html.split("<svg ").skip(1) {
            let svg = svg.split("</svg>").next().unwrap();
            let layout = ["bp-wide", "bp-narrow", "bp-sparkline"]
                .into_iter()
                .find(|c| attr(svg, "class").is_some_and(|k| k.contains(c)));
            let Some(layout) = layout else { continue };
            *seen.entry(layout).or_default() += 1;
            let texts = boxes(svg);
            for (i, a) in texts.iter().enumerate().filter(|(_, t)| t.class.contains("bp-label")) {
                for (j, b) in texts.iter().enumerate() {
                    assert!(
                        i == j || !overlap(a, b),
                        "{path} ({layout}): label {:?} overlaps {:?} {:?}",
                        a.content,
                        b.class,
                        b.content
                    );
                }
            }
        }
    }
    // Every indicator page charts both layouts; the dashboards hold the sparklines.
    let tree = blueprint::load::read_tree(&repo()).unwrap();
    let n = tree
        .files
        .iter()
        .filter(|f| f.path.to_string_lossy().contains("indicators/"))
        .count();
    assert!(n >= 18, "{n}");
    assert!(seen.get("bp-wide").copied().unwrap_or(0) >= n, "{seen:?}");
    assert_eq!(seen.get("bp-wide"), seen.get("bp-narrow"), "{seen:?}");
    assert!(seen.get("bp-sparkline").copied().unwrap_or(0) >= n, "{seen:?}");
}
