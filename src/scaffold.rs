//! `blueprint new <kind> <id>`: writes a correctly formed file for a new item, with every field
//! present and explained, so an editor fills in blanks instead of remembering a format. Refuses
//! ids that are malformed or taken. Parents are derived from the id (recommendation `3.1.5`
//! belongs to target `3.1`) and must exist. What only the editor can supply (a quote, a figure,
//! where a quote stands) is left blank so `check` points at it, never guessed.

use crate::model::{IdPattern, Kind, Level, Plan};
use crate::resolve::items::id_problem;
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why nothing was written.
#[derive(Debug)]
pub struct Refusal {
    pub message: String,
    pub help: String,
    /// The id itself is malformed (a usage error), rather than in conflict with the content.
    pub bad_argument: bool,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        writeln!(f, "  = help: {}", self.help)
    }
}

fn refuse(message: String, help: impl Into<String>) -> Refusal {
    Refusal {
        message,
        help: help.into(),
        bad_argument: false,
    }
}

/// A file written: where, and what the editor still has to fill in.
#[derive(Debug)]
pub struct Scaffolded {
    /// Relative to the project root.
    pub path: PathBuf,
    pub to_fill: Vec<String>,
}

/// Writes the file for a new `kind` item `id` under `root/content/`.
pub fn scaffold(root: &Path, plan: &Plan, kind: Kind, id: &str, title: Option<&str>) -> Result<Scaffolded, Refusal> {
    if let Some(problem) = id_problem(plan, kind, id) {
        return Err(Refusal {
            message: format!("`{id}` is not a valid {kind} id"),
            help: problem,
            bad_argument: true,
        });
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(refuse(
            format!("no content folder at `{}`", content.display()),
            "run blueprint in the project folder, or pass --root DIR",
        ));
    }
    let existing = scan(&content.join(kind.folder()));
    if let Some(file) = existing
        .iter()
        .find(|f| f.fields.get("id").map(String::as_str) == Some(id))
    {
        return Err(refuse(
            format!("{kind} `{id}` already exists in `{}`", rel(root, &file.path).display()),
            "open that file to change it, or choose another id",
        ));
    }
    if let Some(parent) = parent(plan, kind, id) {
        let found = scan(&content.join(parent.kind.folder()));
        if !found.iter().any(|f| f.fields.get("id") == Some(&parent.id)) {
            return Err(refuse(
                format!(
                    "{kind} `{id}` belongs to {} `{}`, which does not exist",
                    parent.kind, parent.id
                ),
                format!("create it first: blueprint new {} {}", parent.kind, parent.id),
            ));
        }
    }
    let schema = root.join("schemas").join(format!("{kind}.schema.json"));
    let template = template(plan, kind, id, title, &existing, schema.is_file());
    let path = content.join(kind.folder()).join(&template.file_name);
    write_new(&path, &template.text).map_err(|e| {
        refuse(
            format!("cannot create `{}`: {e}", rel(root, &path).display()),
            "a file of that name already exists, or the folder is not writable",
        )
    })?;
    Ok(Scaffolded {
        path: rel(root, &path),
        to_fill: template.to_fill,
    })
}

fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Creates the file, never overwriting one that appeared in the meantime.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes())
}

struct ParentRef {
    kind: Kind,
    id: String,
}

/// The item a new one is filed under, read from its id where the ids nest (`3.1.5` belongs to
/// `3.1`).
fn parent(plan: &Plan, kind: Kind, id: &str) -> Option<ParentRef> {
    let level = plan.level(kind)?;
    let parent = plan.level(level.parent?)?;
    let nested =
        matches!((level.decl.id, parent.decl.id), (IdPattern::Numbers(a), IdPattern::Numbers(b)) if a == b + 1);
    let (head, _) = id.rsplit_once('.').filter(|_| nested)?;
    Some(ParentRef {
        kind: parent.kind,
        id: head.to_string(),
    })
}

/// A content file's top-level `key: value` lines (front matter only, for Markdown).
struct Scanned {
    path: PathBuf,
    fields: BTreeMap<String, String>,
}

/// Reads ids without the full loader, so it works while other files are broken, which is often
/// when editors are adding things.
fn scan(folder: &Path) -> Vec<Scanned> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<Scanned> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter_map(|path| {
            let text = fs::read_to_string(&path).ok()?;
            Some(Scanned {
                fields: top_level_fields(&text),
                path,
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn top_level_fields(text: &str) -> BTreeMap<String, String> {
    let mut lines = text.lines().peekable();
    let front_matter = lines.peek().is_some_and(|l| l.trim_end() == "---");
    if front_matter {
        lines.next();
    }
    let mut fields = BTreeMap::new();
    for line in lines {
        if front_matter && line.trim_end() == "---" {
            break;
        }
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            fields.entry(key.trim().to_string()).or_insert_with(|| scalar(value));
        }
    }
    fields
}

/// A YAML scalar as written on one line: quotes removed, a trailing comment dropped.
fn scalar(raw: &str) -> String {
    let raw = raw.trim();
    for q in ['"', '\''] {
        if let Some(rest) = raw.strip_prefix(q) {
            return rest.split(q).next().unwrap_or("").to_string();
        }
    }
    raw.split(" #").next().unwrap_or("").trim().to_string()
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Template {
    file_name: String,
    text: String,
    to_fill: Vec<String>,
}

const BODY_TODO: &str = "the body below the second `---` line: the Blueprint's text, word for word";

fn template(plan: &Plan, kind: Kind, id: &str, title: Option<&str>, existing: &[Scanned], schema: bool) -> Template {
    let mut to_fill = Vec::new();
    let title_line = match title {
        Some(t) => quoted(t),
        None => {
            let what = if kind == Kind::INITIATIVE { "name" } else { "title" };
            to_fill.push(format!("`{what}:` as the Blueprint prints it"));
            quoted(&format!("FILL IN: the {what} as printed"))
        }
    };
    let (file_name, text) = match (kind, plan.level(kind)) {
        (_, Some(level)) => (
            format!("{id}.md"),
            level_item(plan, level, id, &title_line, &mut to_fill),
        ),
        (Kind::INITIATIVE, _) => (format!("{id}.yaml"), initiative(id, &title_line, &mut to_fill)),
        (Kind::INDICATOR, _) => (format!("{id}.yaml"), indicator(id, &title_line, &mut to_fill)),
        (Kind::MILESTONE, _) => (format!("{id}.yaml"), milestone(id, &title_line, &mut to_fill)),
        _ => chapter(plan, id, &title_line, existing),
    };
    if file_name.ends_with(".md") {
        to_fill.push(BODY_TODO.into());
    }
    let text = if schema && file_name.ends_with(".yaml") {
        // Editors with a YAML language server validate and complete as you type.
        format!("# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n{text}")
    } else {
        text
    };
    Template {
        file_name,
        text,
        to_fill,
    }
}

fn front_matter(yaml: &str) -> String {
    format!("---\n{yaml}---\n\n")
}

fn chapter(plan: &Plan, id: &str, title: &str, existing: &[Scanned]) -> (String, String) {
    let order = existing
        .iter()
        .filter_map(|f| f.fields.get("order")?.parse::<u32>().ok())
        .max()
        .map_or(0, |o| o + 1);
    let label = if id.chars().all(|c| c.is_ascii_digit()) {
        format!("label: Chapter {id}\n")
    } else {
        "# label: omitted, as for the Foreword and Closing Remarks\n".to_string()
    };
    let lists: Vec<&str> = plan
        .levels()
        .iter()
        .map(|l| l.kind.folder())
        .chain(["indicator_table"])
        .collect();
    let yaml = format!(
        "id: {}\norder: {order}                  # reading order among chapters\n{label}title: {title}\nlists: []                 # optional: {} (appended after the body)\n",
        quoted(id),
        lists.join(" | ")
    );
    (format!("{order:02}-{id}.md"), front_matter(&yaml))
}

/// An item of a declared level, with the fields its declaration asks for.
fn level_item(plan: &Plan, level: &Level, id: &str, title: &str, to_fill: &mut Vec<String>) -> String {
    let mut yaml = format!("id: {}\n", quoted(id));
    if let Some(parent) = level.parent {
        match self::parent(plan, level.kind, id) {
            Some(p) => yaml.push_str(&format!(
                "parent: {}          # the {parent} it belongs to\n",
                quoted(&p.id)
            )),
            None => {
                to_fill.push(format!("`parent:` the id of the {parent} it belongs to"));
                yaml.push_str(&format!(
                    "parent: \"\"            # the id of the {parent} it belongs to\n"
                ));
            }
        }
    }
    match &level.decl.label {
        Some(pattern) => yaml.push_str(&format!("# label: omitted: `{pattern}` with the id\n")),
        None => {
            // The level's title and the id's last part: the editor checks it against the print.
            let n = id.rsplit('.').next().unwrap_or(id);
            to_fill.push("`label:` as printed above the title (written as the level's name and number)".into());
            yaml.push_str(&format!(
                "label: {}     # as printed above the title\n",
                quoted(&format!("{} {n}", level.kind.title()))
            ));
        }
    }
    yaml.push_str(&format!("title: {title}\n"));
    if let Some(serves) = level.serves {
        yaml.push_str(&format!(
            "# The {} it serves. Each link: id, editorial (true: our link, not the plan's) and why, e.g.\n\
             #   - id: \"1\"\n#     editorial: true\n#     why: One sentence saying why the link is evident.\n\
             serves: []\n",
            serves.plural_title().to_lowercase()
        ));
    }
    yaml.push_str(
        "indicators: []         # optional: links to indicators it serves (id, editorial, why)\n\
         initiatives: []        # optional: initiative ids it involves that the text does not name, e.g. [itvf]\n",
    );
    front_matter(&yaml)
}

fn initiative(id: &str, name: &str, to_fill: &mut Vec<String>) -> String {
    to_fill.push("`kind:` (written as `programme`; change it if it is a fund, scheme, body, …)".into());
    format!(
        "id: {}\nname: {name}\n\
         acronym: null          # optional, as the Blueprint writes it, e.g. ITVF\n\
         aliases: []            # optional: other spellings the text uses (each is auto-linked)\n\
         kind: programme        # fund | scheme | programme | facility | platform | body | event | plan | policy | service\n\
         # Amounts and dates the Blueprint states, each quoted word for word from where it says so:\n\
         #   - quote: \"The Government has set up the $2 billion …\"\n#     where: recommendation:3.1.1\n#     amount: HK$2 billion\n#     date: \"2023\"\n\
         facts: []\n",
        quoted(id)
    )
}

fn indicator(id: &str, title: &str, to_fill: &mut Vec<String>) -> String {
    let development = id.split('.').count() == 2 && id.split('.').all(|p| p.chars().all(|c| c.is_ascii_digit()));
    let (set, group) = if development {
        (
            "development",
            "group: null            # the Chapter 5 table's group: R&D, Start-ups, Talent, Industry development\n",
        )
    } else {
        ("further", "")
    };
    to_fill.push("`unit:` and `direction:` (written as `count` and `increase`)".into());
    to_fill.push("`series:` at least one point (check fails until there is one)".into());
    if !development {
        to_fill.push("`quote:`, `where:` and `related:` for a further indicator".into());
    }
    format!(
        "id: {}\nset: {set}          # development (Chapter 5 table) | further (quantified elsewhere in the text)\n{group}title: {title}\n\
         unit: count            # percent | count | hkd | ratio | per-1000 | square-metres | places\n\
         direction: increase    # increase | decrease: which way is progress\n\
         measure: null          # optional: for a ratio, what the value measures\n\
         quote: null            # further indicators: the sentence the figures come from, word for word\n\
         where: null            # further indicators: kind:id of the item holding that sentence\n\
         related: []            # kind:id list, e.g. [recommendation:6.1.3]\n\
         # At least one point. Replace [] with points like:\n\
         #   - year: 2022           # the column's publication year\n#     data_year: 2020      # optional: the year the figure describes\n\
         #     value: 0.99\n#     printed: \"0.99%\"     # exactly as printed\n#     kind: observed       # baseline | observed | target\n\
         #     source: Development Blueprint, Chapter 5 table\n\
         series: []\n\
         # Figures published since the Blueprint: the same fields, `kind: observed`, and a `url:`\n\
         # where the figure can be read. The Blueprint's own table never shows them.\n\
         updates: []\n",
        quoted(id)
    )
}

fn milestone(id: &str, title: &str, to_fill: &mut Vec<String>) -> String {
    to_fill.push("`due:`, `due_text:`, `quote:` and `where:` (check fails until `due` and `where` are set)".into());
    format!(
        "id: {}\ntitle: {title}       # a short label, in words from the quote\n\
         due: \"YYYY-MM\"         # YYYY or YYYY-MM: the end of the stated period (\"end-2025\" is 2025-12)\n\
         due_text: \"\"           # as the Blueprint states it, e.g. \"by end-2025\"\n\
         quote: \"\"              # the sentence, word for word\n\
         where: \"kind:id\"       # the item whose text holds the quote, e.g. recommendation:6.1.1\n\
         initiatives: []        # optional: initiative ids, e.g. [iam-smart]\n",
        quoted(id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_top_level_fields() {
        let md = "---\nid: \"3.1.2\"   # note\nparent: '3.1'\nindicators:\n  - id: \"2.1\"\n---\nid: body\n";
        let f = top_level_fields(md);
        assert_eq!(f["id"], "3.1.2");
        assert_eq!(f["parent"], "3.1");
        let yaml = "# yaml-language-server: $schema=x\nid: itvf # the fund\nname: \"A: B\"\n";
        let f = top_level_fields(yaml);
        assert_eq!((f["id"].as_str(), f["name"].as_str()), ("itvf", "A: B"));
    }

    #[test]
    fn quotes_yaml_strings() {
        assert_eq!(quoted("To “promote” a \"b\\c\""), "\"To “promote” a \\\"b\\\\c\\\"\"");
    }

    #[test]
    fn parents_come_from_ids() {
        let plan = crate::fixtures::plan();
        let p = parent(&plan, plan.kind("recommendation").unwrap(), "3.1.5").unwrap();
        assert_eq!((p.kind, p.id.as_str()), (plan.kind("target").unwrap(), "3.1"));
        assert!(parent(&plan, Kind::INITIATIVE, "a.b").is_none());
    }
}
