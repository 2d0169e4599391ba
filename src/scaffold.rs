//! `blueprint new <kind> <id>`: writes a correctly formed file for a new item, with every field
//! present and explained, so an editor fills in blanks instead of remembering a format. Refuses
//! ids that are malformed or taken. Parents are derived from the id (recommendation `3.1.5`
//! belongs to target `3.1`) and must exist. What only the editor can supply (a quote, a figure,
//! where a quote stands) is left blank so `check` points at it, never guessed.

use crate::model::{IdPattern, Kind, Plan};
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

pub(crate) struct ParentRef {
    pub kind: Kind,
    pub id: String,
}

/// The item a new one is filed under, read from its id where the ids nest (`3.1.5` belongs to
/// `3.1`).
pub(crate) fn parent(plan: &Plan, kind: Kind, id: &str) -> Option<ParentRef> {
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
pub struct Scanned {
    path: PathBuf,
    pub fields: BTreeMap<String, String>,
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
pub(crate) fn quoted(s: &str) -> String {
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

/// What `blueprint new` was asked for, as each kind's scaffold reads it.
pub struct New<'a> {
    pub plan: &'a Plan,
    pub kind: Kind,
    pub id: &'a str,
    /// The title as a YAML value (quoted), or a placeholder to fill in.
    pub title: &'a str,
    /// The files already in the kind's folder.
    pub existing: &'a [Scanned],
}

fn template(plan: &Plan, kind: Kind, id: &str, title: Option<&str>, existing: &[Scanned], schema: bool) -> Template {
    let mut to_fill = Vec::new();
    let title_line = match title {
        Some(t) => quoted(t),
        None => {
            let what = crate::kinds::title_field(kind);
            to_fill.push(format!("`{what}:` as the Blueprint prints it"));
            quoted(&format!("FILL IN: the {what} as printed"))
        }
    };
    let new = New {
        plan,
        kind,
        id,
        title: &title_line,
        existing,
    };
    let (file_name, text) =
        crate::kinds::scaffold(&new, &mut to_fill).expect("every kind of the plan is one of the registry's");
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

pub(crate) fn front_matter(yaml: &str) -> String {
    format!("---\n{yaml}---\n\n")
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
