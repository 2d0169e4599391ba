//! `datapackage.json`: a Frictionless Data Package (v1) describing every CSV the site publishes —
//! the all-indicators file, one file per indicator and the commitments — with each column's type,
//! the units, the sources and the licence as the config states it. The column lists below are
//! the CSV headers' (a test holds them to `render::data`'s), so the two cannot drift.

use crate::commitments::Standing;
use crate::model::Indicator;
use crate::resolve::Site;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// A column: name, Table Schema type, what it holds, whether every row has it, allowed values.
type Column = (&'static str, &'static str, &'static str, bool, &'static [&'static str]);

/// The columns of `data/indicators.csv` and `data/indicators/<id>.csv`, in order.
pub const INDICATOR_COLUMNS: &[Column] = &[
    (
        "indicator",
        "string",
        "The indicator's id; its page is indicators/<id>/.",
        true,
        &[],
    ),
    ("title", "string", "The indicator's title.", true, &[]),
    (
        "year",
        "integer",
        "The year of the plan's column that prints the figure; for a figure published since, the year it describes.",
        true,
        &[],
    ),
    ("data_year", "integer", "The year the figure describes.", true, &[]),
    (
        "value",
        "number",
        "The figure as a number, in the unit the `unit` column names.",
        true,
        &[],
    ),
    ("printed", "string", "The figure as its source prints it.", true, &[]),
    (
        "unit",
        "string",
        "The unit of `value` (docs/content-format.md lists the units).",
        true,
        &[],
    ),
    (
        "kind",
        "string",
        "baseline, observed or target.",
        true,
        &["baseline", "observed", "target"],
    ),
    (
        "qualifier",
        "string",
        "How the source qualifies a target: about, at-least or over; empty when it does not.",
        false,
        &["about", "at-least", "over"],
    ),
    ("source", "string", "Where the figure is printed.", true, &[]),
    (
        "origin",
        "string",
        "`blueprint`: printed in the plan itself; `later`: published since, with `url`, `published` and `quote`.",
        true,
        &["blueprint", "later"],
    ),
    (
        "url",
        "string",
        "Where a figure published since can be read.",
        false,
        &[],
    ),
    (
        "note",
        "string",
        "What a reader should know about the figure (a change of method, a revision).",
        false,
        &[],
    ),
    (
        "published",
        "string",
        "When the source was published: YYYY, YYYY-MM or YYYY-MM-DD.",
        false,
        &[],
    ),
    (
        "quote",
        "string",
        "The source's own words that carry the figure.",
        false,
        &[],
    ),
    (
        "differs",
        "string",
        "Why the figure's measure is not the plan's; progress does not use such figures.",
        false,
        &[],
    ),
    (
        "derived",
        "string",
        "The formula of a figure this site computed from published ones.",
        false,
        &[],
    ),
];

/// The columns of `data/commitments.csv`, in order.
pub const COMMITMENT_COLUMNS: &[Column] = &[
    (
        "id",
        "string",
        "The commitment's id; its page is milestones/<id>/.",
        true,
        &[],
    ),
    ("title", "string", "What is committed to.", true, &[]),
    ("due", "string", "When it is due: YYYY or YYYY-MM.", true, &[]),
    ("due_text", "string", "When it is due, as the plan words it.", true, &[]),
    (
        "where",
        "string",
        "The item of the plan that makes the commitment (kind:id).",
        true,
        &[],
    ),
    (
        "status",
        "string",
        "Its status now: the latest recorded update's, or not-yet-reviewed.",
        true,
        &[],
    ),
    ("date", "string", "The date of that update.", false, &[]),
    (
        "source",
        "string",
        "The update's evidence: its source, or where it was looked for.",
        false,
        &[],
    ),
    ("url", "string", "Where the evidence can be read.", false, &[]),
    ("quote", "string", "The source's own words.", false, &[]),
];

/// Text columns may start with `'`: the CSV writer's guard against spreadsheet formulas.
const GUARD_NOTE: &str = "Text cells that would start with =, +, -, @ or a tab carry a leading ' so spreadsheets do not run them as formulas.";

pub fn json(site: &Site) -> Vec<u8> {
    let package = Package {
        head: package(site),
        site,
    };
    let mut s = serde_json::to_string_pretty(&package).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// The package's fields, with its resources made one at a time as they are written: a plan of
/// 100 000 indicators has 37 MB of them, which as one `Value` took 200 MB.
struct Package<'a> {
    head: Map<String, Value>,
    site: &'a Site,
}

impl Serialize for Package<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        const RESOURCES: &str = "resources";
        let resources = super::Stream(|| resources(self.site));
        let mut map = s.serialize_map(Some(self.head.len() + 1))?;
        // Where a map of every field would put it: keys in order.
        let mut placed = false;
        for (key, value) in &self.head {
            if !placed && key.as_str() > RESOURCES {
                map.serialize_entry(RESOURCES, &resources)?;
                placed = true;
            }
            map.serialize_entry(key, value)?;
        }
        if !placed {
            map.serialize_entry(RESOURCES, &resources)?;
        }
        map.end()
    }
}

/// The package's fields but its resources.
fn package(site: &Site) -> Map<String, Value> {
    let c = site.config();
    let p = &c.publishing;
    let mut pkg = Map::new();
    pkg.insert("profile".into(), json!("tabular-data-package"));
    pkg.insert("name".into(), json!(name(&c.title)));
    pkg.insert("title".into(), json!(c.title));
    pkg.insert("description".into(), json!(format!("{} {GUARD_NOTE}", c.description)));
    pkg.insert("homepage".into(), json!(site.urls().absolute("")));
    if let Some(url) = &p.licence_url {
        let title = p.licence.clone().unwrap_or_else(|| url.clone());
        pkg.insert("licenses".into(), json!([{ "path": url, "title": title }]));
    }
    // Data Package licences need a name or a URL; a statement alone still goes out, as itself.
    if let Some(statement) = &p.licence {
        pkg.insert("licence_statement".into(), json!(statement));
    }
    let mut contributors = Vec::new();
    if let Some(creator) = p.creator(site) {
        contributors.push(json!({ "title": creator, "role": "author" }));
    }
    if let Some(publisher) = &p.data_publisher {
        contributors.push(json!({ "title": publisher, "role": "publisher" }));
    }
    if !contributors.is_empty() {
        pkg.insert("contributors".into(), Value::Array(contributors));
    }
    pkg
}

fn resources(site: &Site) -> impl Iterator<Item = Value> + '_ {
    let mut inds: Vec<&Indicator> = site.indicators().collect();
    inds.sort_by(|a, b| crate::resolve::items::compare_ids(&a.id, &b.id));
    let all_sources = sources(inds.iter().copied());
    let all = resource(
        "indicators",
        "data/indicators.csv",
        "Every indicator's figures",
        "All indicators, one row per figure: the plan's own and those published since.",
        schema(INDICATOR_COLUMNS, &[]),
        all_sources,
    );
    let each = inds.into_iter().map(|ind| {
        let description = match &ind.measure {
            Some(m) => format!("Unit: {}; value used for charts: {m}.", ind.unit),
            None => format!("Unit: {}.", ind.unit),
        };
        let mut r = resource(
            &format!("indicator-{}", name(&ind.id)),
            &format!("data/indicators/{}.csv", ind.id),
            &ind.title,
            &description,
            schema(INDICATOR_COLUMNS, &[]),
            sources([ind]),
        );
        r["unit"] = json!(ind.unit);
        r
    });
    let commitments = std::iter::once_with(|| {
        let statuses: Vec<&'static str> = Standing::all().map(Standing::name).collect();
        let mut schema = schema(COMMITMENT_COLUMNS, &statuses);
        schema["primaryKey"] = json!("id");
        resource(
            "commitments",
            "data/commitments.csv",
            "Dated commitments",
            "Every dated commitment of the plan with its status now and that status's evidence.",
            schema,
            Vec::new(),
        )
    });
    std::iter::once(all).chain(each).chain(commitments)
}

fn resource(name: &str, path: &str, title: &str, description: &str, schema: Value, sources: Vec<Value>) -> Value {
    let mut r = json!({
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": true, "header": true },
        "schema": schema,
    });
    if !sources.is_empty() {
        r["sources"] = Value::Array(sources);
    }
    r
}

/// A Table Schema; `status` lists the `status` column's values (the commitments file's).
fn schema(columns: &[Column], status: &[&str]) -> Value {
    let fields: Vec<Value> = columns
        .iter()
        .map(|&(name, ty, description, required, values)| {
            let mut f = json!({ "name": name, "type": ty, "description": description });
            let values = if name == "status" { status } else { values };
            let mut constraints = Map::new();
            if required {
                constraints.insert("required".into(), json!(true));
            }
            if !values.is_empty() {
                constraints.insert("enum".into(), json!(values));
            }
            if !constraints.is_empty() {
                f["constraints"] = Value::Object(constraints);
            }
            f
        })
        .collect();
    json!({ "fields": fields, "missingValues": [""] })
}

/// Each source the figures cite, once, with its address where a figure gives one.
fn sources<'a>(inds: impl IntoIterator<Item = &'a Indicator>) -> Vec<Value> {
    let mut seen: Vec<(&str, Option<&str>)> = Vec::new();
    for p in inds.into_iter().flat_map(Indicator::points) {
        let entry = (p.source.as_str(), p.url.as_deref());
        if !p.source.is_empty() && !seen.contains(&entry) {
            seen.push(entry);
        }
    }
    seen.into_iter()
        .map(|(title, url)| match url {
            Some(u) => json!({ "title": title, "path": u }),
            None => json!({ "title": title }),
        })
        .collect()
}

/// A Data Package name: lower-case letters, digits and `-._/` only.
fn name(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "data".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(columns: &[Column]) -> String {
        let names: Vec<&str> = columns.iter().map(|c| c.0).collect();
        format!("{}\r\n", names.join(","))
    }

    #[test]
    fn the_columns_described_are_the_csv_headers() {
        assert_eq!(header(INDICATOR_COLUMNS), crate::render::data::CSV_HEADER);
        assert_eq!(header(COMMITMENT_COLUMNS), crate::render::data::COMMITMENTS_HEADER);
    }

    #[test]
    fn docs_open_data_lists_every_column() {
        let doc = include_str!("../../docs/open-data.md");
        for c in INDICATOR_COLUMNS.iter().chain(COMMITMENT_COLUMNS) {
            assert!(
                doc.contains(&format!("| `{}` |", c.0)),
                "docs/open-data.md omits `{}`",
                c.0
            );
        }
    }

    #[test]
    fn names_keep_to_the_data_package_pattern() {
        assert_eq!(name("Hong Kong I&T Blueprint"), "hong-kong-i-t-blueprint");
        assert_eq!(name("1.1"), "1.1");
        assert_eq!(name("Ünïcode!"), "n-code");
        assert_eq!(name("中文"), "data");
    }
}
