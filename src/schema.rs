//! JSON Schemas for every kind of content file, generated from the model types (`schemars`
//! reads the same serde attributes the loader obeys, so the schemas cannot drift from what
//! `check` accepts), plus the hints a type cannot carry: id shapes, date formats, `kind:id`
//! references and one-line descriptions. `blueprint schema --out schemas/` writes them; editors
//! with a YAML language server pick them up through `.vscode/settings.json` or a
//! `# yaml-language-server: $schema=…` first line.

use crate::model::*;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{json, Value};
use std::io;
use std::path::{Path, PathBuf};

/// One schema: its file name stem, the content files it describes and how to make it.
pub struct SchemaKind {
    pub name: String,
    /// A glob relative to the project root.
    pub files: String,
    /// Front matter of Markdown files: YAML language servers do not look inside `.md` files, so
    /// these serve schema-aware tools and documentation; `check` and `serve` validate as you save.
    pub front_matter: bool,
    make: fn() -> Schema,
    /// The hints of a declared level (built-in kinds' are in [`hints`]).
    level_hints: Vec<Hint>,
}

fn schema_for<T: JsonSchema>() -> Schema {
    // Draft-07: the newest draft every common YAML language server fully supports.
    SchemaSettings::draft07()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<T>()
}

fn built_in(name: &str, files: &str, front_matter: bool, make: fn() -> Schema) -> SchemaKind {
    SchemaKind {
        name: name.into(),
        files: files.into(),
        front_matter,
        make,
        level_hints: Vec::new(),
    }
}

/// The schemas of a plan: config and references, chapters, one per declared level, then the
/// data kinds.
pub fn kinds(plan: &Plan) -> Vec<SchemaKind> {
    let mut v = vec![
        built_in("config", "content/config.yaml", false, schema_for::<Config>),
        built_in(
            "references",
            "content/references.yaml",
            false,
            schema_for::<Vec<Reference>>,
        ),
        built_in("chapter", "content/chapters/*.md", true, schema_for::<ChapterMeta>),
    ];
    v.extend(plan.levels().iter().map(|l| SchemaKind {
        name: l.kind.name().into(),
        files: format!("content/{}/*.md", l.kind.folder()),
        front_matter: true,
        make: schema_for::<LevelMeta>,
        level_hints: level_hints(plan, l),
    }));
    v.extend([
        built_in(
            "initiative",
            "content/initiatives/*.yaml",
            false,
            schema_for::<Initiative>,
        ),
        built_in("indicator", "content/indicators/*.yaml", false, schema_for::<Indicator>),
        built_in("milestone", "content/milestones/*.yaml", false, schema_for::<Milestone>),
    ]);
    v
}

/// A level's id shape, parent and `serves:` as its declaration says.
fn level_hints(plan: &Plan, l: &Level) -> Vec<Hint> {
    let d = |pointer: &'static str, text: String| ("", pointer, "description", json!(text));
    let p = |pointer: &'static str, pattern: &str| ("", pointer, "pattern", json!(pattern));
    let mut v = vec![
        p("/properties/id", &id_regex(l.decl.id)),
        d("/properties/id", format!("A {}'s id: `{}`", l.kind, l.decl.id)),
    ];
    match l.parent.and_then(|k| plan.level(k)) {
        Some(parent) => {
            v.push(p("/properties/parent", &id_regex(parent.decl.id)));
            v.push(d(
                "/properties/parent",
                format!("The id of the {} it belongs to (required)", parent.kind),
            ));
        }
        None => v.push(d(
            "/properties/parent",
            format!("Not used: a {} belongs to no other level", l.kind),
        )),
    }
    let serves = l.serves.map_or_else(
        || format!("Not used: the level `{}` declares no `serves:` level", l.kind),
        |k| format!("The {} it serves", k.plural_title().to_lowercase()),
    );
    v.push(d("/properties/serves", serves));
    v.push(d(
        "/properties/label",
        match &l.decl.label {
            Some(pattern) => format!("As printed; without it, `{pattern}` with the id"),
            None => "As printed above the title, e.g. \"Target 01\"".to_string(),
        },
    ));
    v
}

fn id_regex(p: IdPattern) -> String {
    match p {
        IdPattern::Slug => ID_NAME.to_string(),
        IdPattern::Numbers(n) => format!("^{}$", vec!["[0-9]+"; n].join(r"\.")),
    }
}

impl SchemaKind {
    pub fn file_name(&self) -> String {
        format!("{}.schema.json", self.name)
    }

    /// The finished schema: generated, then annotated.
    pub fn schema(&self) -> Value {
        let mut schema = (self.make)();
        let where_ = if self.front_matter {
            format!("the front matter of {}", self.files)
        } else {
            self.files.to_string()
        };
        schema.insert("title".into(), json!(format!("Blueprint {}: {where_}", self.name)));
        schema.insert(
            "$comment".into(),
            json!("Generated by `blueprint schema --out schemas/` from src/model.rs. Do not edit."),
        );
        let mut value = schema.to_value();
        let own = self.level_hints.iter().cloned();
        let shared = hints().into_iter().filter(|h| h.0 == self.name);
        for (_, pointer, key, hint) in own.chain(shared) {
            if let Some(Value::Object(target)) = value.pointer_mut(pointer) {
                target.insert(key.into(), hint);
            }
        }
        value
    }

    /// The schema as written to disk: pretty JSON with a final newline.
    pub fn text(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.schema()).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// `resolve::items::id_problem` in a regular expression: 1–80 of a-z 0-9 . -, no separator at
/// either end, no "..".
const ID_NAME: &str = r"^(?!.*\.\.)[a-z0-9](?:[a-z0-9.-]{0,78}[a-z0-9])?$";
/// A `kind:id` reference; the kind is any lowercase name (the plan declares its levels' names).
const ITEM_REF: &str = r"^[a-z-]+:[a-z0-9.-]+$";
const DUE: &str = r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$";

type Hint = (&'static str, &'static str, &'static str, Value);

/// What the types cannot say. Each entry: schema, JSON pointer into it, keyword, value. A unit
/// test checks every pointer still lands on a property, so a renamed field fails loudly.
fn hints() -> Vec<Hint> {
    let d = |kind, pointer, text: &str| (kind, pointer, "description", json!(text));
    let p = |kind, pointer, pattern: &str| (kind, pointer, "pattern", json!(pattern));
    vec![
        p("chapter", "/properties/id", ID_NAME),
        d(
            "chapter",
            "/properties/id",
            "foreword, \"1\" … \"5\" or closing-remarks; the page is /chapters/<id>/",
        ),
        d(
            "chapter",
            "/properties/order",
            "Reading order among chapters (foreword 0, chapters 1–5, closing remarks 6)",
        ),
        d(
            "chapter",
            "/properties/label",
            "As printed above the title, e.g. \"Chapter 2\"; omit for Foreword and Closing Remarks",
        ),
        d(
            "chapter",
            "/properties/lists",
            "Generated lists appended after the body",
        ),
        p("initiative", "/properties/id", ID_NAME),
        d(
            "initiative",
            "/properties/name",
            "Full name as the Blueprint writes it; mentions in the text link here automatically",
        ),
        d(
            "initiative",
            "/properties/aliases",
            "Other spellings the text uses; each is auto-linked",
        ),
        p("initiative", "/definitions/Fact/properties/where", ITEM_REF),
        d(
            "initiative",
            "/definitions/Fact/properties/where",
            "kind:id of the item whose text holds the quote, e.g. recommendation:3.1.1",
        ),
        d(
            "initiative",
            "/definitions/Fact/properties/quote",
            "Word for word from the item named in `where`",
        ),
        p("indicator", "/properties/id", ID_NAME),
        d(
            "indicator",
            "/properties/id",
            "Development indicators \"1.1\" … \"4.1\"; further indicators lowercase-kebab ids",
        ),
        d(
            "indicator",
            "/properties/unit",
            "percent | count | hkd | ratio | per-1000 | square-metres | places",
        ),
        d("indicator", "/properties/direction", "Which way is progress"),
        d(
            "indicator",
            "/properties/quote",
            "Further indicators: the sentence the figures come from, word for word",
        ),
        p("indicator", "/properties/where", ITEM_REF),
        d(
            "indicator",
            "/properties/where",
            "Further indicators: kind:id of the item holding the quote",
        ),
        p("indicator", "/properties/related/items", ITEM_REF),
        d(
            "indicator",
            "/definitions/Point/properties/printed",
            "The figure exactly as printed, e.g. \"0.74% (HK$16.727 billion)\"",
        ),
        d(
            "indicator",
            "/definitions/Point/properties/source",
            "Where the figure comes from; a URL too if beyond the Blueprint",
        ),
        d(
            "indicator",
            "/definitions/Point/properties/value",
            "A plain number; for a ratio \"56:44\" the first share (56)",
        ),
        p("milestone", "/properties/id", ID_NAME),
        p("milestone", "/properties/due", DUE),
        d(
            "milestone",
            "/properties/due",
            "YYYY or YYYY-MM: the end of the stated period (\"end-2025\" is 2025-12, \"mid-2024\" is 2024-06)",
        ),
        d(
            "milestone",
            "/properties/due_text",
            "As the Blueprint states it, e.g. \"by end-2025\"",
        ),
        d(
            "milestone",
            "/properties/quote",
            "The sentence, word for word, from the item named in `where`",
        ),
        p("milestone", "/properties/where", ITEM_REF),
        d(
            "milestone",
            "/properties/where",
            "kind:id of the item whose text holds the quote, e.g. recommendation:6.1.1",
        ),
        d(
            "references",
            "/definitions/Reference/properties/number",
            "The Appendix's reference number; numbers run 1, 2, 3 … in order",
        ),
    ]
}

/// Writes every schema of `plan` into `dir` (created if needed); returns the files written.
pub fn write_all(plan: &Plan, dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for kind in kinds(plan) {
        let path = dir.join(kind.file_name());
        std::fs::write(&path, kind.text())?;
        written.push(path);
    }
    Ok(written)
}

/// The `yaml.schemas` mapping for VS Code's YAML extension (data files only; see `front_matter`).
pub fn vscode_mapping(plan: &Plan) -> Value {
    let map = kinds(plan)
        .iter()
        .filter(|k| !k.front_matter)
        .map(|k| (format!("./schemas/{}", k.file_name()), json!(k.files)))
        .collect::<serde_json::Map<_, _>>();
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Vec<SchemaKind> {
        kinds(&crate::fixtures::plan())
    }

    #[test]
    fn every_hint_lands_on_a_property() {
        for (kind, pointer, key, _) in hints() {
            let all = bundled();
            let k = all
                .iter()
                .find(|k| k.name == kind)
                .unwrap_or_else(|| panic!("no schema `{kind}`"));
            let schema = k.schema();
            let target = schema
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{kind}: nothing at {pointer}"));
            assert!(target.get(key).is_some(), "{kind}{pointer}: {key} not set");
        }
    }

    #[test]
    fn schemas_follow_serde() {
        let initiative = bundled().iter().find(|k| k.name == "initiative").unwrap().schema();
        assert_eq!(
            initiative["additionalProperties"],
            json!(false),
            "unknown fields are errors"
        );
        let required: Vec<&str> = initiative["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(required, ["id", "name", "kind"]);
        let kinds = &initiative["definitions"]["InitiativeKind"]["enum"];
        assert!(kinds.as_array().unwrap().contains(&json!("programme")));
        let milestone = bundled().iter().find(|k| k.name == "milestone").unwrap().schema();
        assert!(
            milestone["properties"]["where"].is_object(),
            "serde's rename of where_ is honoured"
        );
    }

    /// The committed schemas/ folder must match the types; regenerate with
    /// `cargo run -- schema --out schemas/`.
    #[test]
    fn committed_schemas_are_current() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        for kind in bundled() {
            let committed = std::fs::read_to_string(dir.join(kind.file_name())).unwrap_or_default();
            assert!(
                committed == kind.text(),
                "schemas/{} is stale: run `cargo run -- schema --out schemas/`",
                kind.file_name()
            );
        }
    }

    #[test]
    fn vscode_settings_map_every_data_schema() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".vscode/settings.json");
        let settings: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(
            settings["yaml.schemas"],
            vscode_mapping(&crate::fixtures::plan()),
            "update .vscode/settings.json from schema::vscode_mapping()"
        );
    }
}
