//! schema.org JSON-LD: a `BreadcrumbList` on every page and a `Dataset` on each indicator's page,
//! written into `<script type="application/ld+json">` with `<`, `>` and `&` escaped so no text
//! (a title containing `</script>`) can end the script early.

use crate::i18n::words::Words;
use crate::model::Indicator;
use crate::resolve::Site;
use serde_json::{json, Map, Value};

/// The `<script>` body for a page: its breadcrumb trail, then anything else it describes.
/// `crumbs` are (absolute URL, name), the page itself last.
pub fn script(crumbs: &[(String, String)], more: Option<&Value>) -> String {
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, (url, name))| json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url }))
        .collect();
    let mut graph = vec![json!({ "@type": "BreadcrumbList", "itemListElement": items })];
    graph.extend(more.cloned());
    let doc = json!({ "@context": "https://schema.org", "@graph": graph });
    escape(&serde_json::to_string(&doc).unwrap_or_default())
}

/// JSON that is safe inside a `<script>` element: `<`, `>` and `&` as `\u` escapes (still the same
/// JSON), and the line separators that older JavaScript parsers refuse.
pub fn escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// An indicator as a schema.org `Dataset`: its figures, their downloads and the years they cover,
/// who made them and the plan that sets them.
pub fn dataset(site: &Site, ind: &Indicator, description: &str, url: &str) -> Value {
    let c = site.config();
    let p = &c.publishing;
    let urls = site.urls();
    let mut d = Map::new();
    d.insert("@type".into(), json!("Dataset"));
    d.insert("name".into(), json!(ind.title));
    d.insert("url".into(), json!(url));
    d.insert("identifier".into(), json!(ind.id));
    d.insert("isAccessibleForFree".into(), json!(true));
    let years = || ind.points().map(|p| p.data_year());
    let mut about = format!("{}: every figure as its source prints it, in {}", ind.title, ind.unit);
    if let (Some(lo), Some(hi)) = (years().min(), years().max()) {
        let coverage = if lo == hi { lo.to_string() } else { format!("{lo}/{hi}") };
        d.insert("temporalCoverage".into(), json!(coverage));
        about.push_str(&format!(", {lo} to {hi}"));
    }
    about.push_str(", with its targets.");
    // The Dataset is described once, on the main language's page: in English.
    let summary = crate::progress::summary(ind, site.assessments(&ind.id), Words::english());
    for more in [summary.as_str(), description] {
        if !more.is_empty() && more != ind.title {
            about.push(' ');
            about.push_str(more);
        }
    }
    d.insert("description".into(), json!(about));
    d.insert(
        "variableMeasured".into(),
        json!({ "@type": "PropertyValue", "name": ind.measure.as_deref().unwrap_or(&ind.title), "unitText": ind.unit }),
    );
    let download = |ext: &str, format: &str| {
        json!({ "@type": "DataDownload", "encodingFormat": format,
                "contentUrl": urls.absolute(&format!("data/indicators/{}.{ext}", ind.id)) })
    };
    d.insert(
        "distribution".into(),
        json!([download("csv", "text/csv"), download("json", "application/json")]),
    );
    let creator = p.creator(site).map(organisation);
    if let Some(o) = &creator {
        d.insert("creator".into(), o.clone());
    }
    if let Some(o) = &p.data_publisher {
        d.insert("publisher".into(), organisation(o));
    }
    match (&p.licence_url, &p.licence) {
        (Some(u), _) => d.insert("license".into(), json!(u)),
        (None, Some(s)) => d.insert("license".into(), json!({ "@type": "CreativeWork", "text": s })),
        (None, None) => None,
    };
    d.insert("citation".into(), plan(site, creator));
    Value::Object(d)
}

/// The plan itself, as the work the figures are cited from.
fn plan(site: &Site, author: Option<Value>) -> Value {
    let c = site.config();
    let mut w = Map::new();
    w.insert("@type".into(), json!("CreativeWork"));
    w.insert("name".into(), json!(c.title));
    if let Some(year) = &c.published {
        w.insert("datePublished".into(), json!(year));
    }
    if let Some(a) = author {
        w.insert("author".into(), a);
    }
    if let Some(u) = &c.source_url {
        w.insert("url".into(), json!(u));
    }
    Value::Object(w)
}

fn organisation(name: &str) -> Value {
    json!({ "@type": "Organization", "name": name })
}

#[cfg(test)]
#[test]
fn script_text_cannot_end_the_script_element() {
    let s = script(
        &[("https://x/".into(), "a </script><script>alert(1)</script> & b".into())],
        None,
    );
    assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
    let back: Value = serde_json::from_str(&s).unwrap();
    let name = &back["@graph"][0]["itemListElement"][0]["name"];
    assert_eq!(name, "a </script><script>alert(1)</script> & b");
}
