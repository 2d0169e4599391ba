//! Parsing: the config first (it declares the plan's levels, and so which folders hold which
//! kind), then every other file, in parallel, into one collection of items. Files that fail are
//! reported and left out, so resolution can still report every other problem in the same run.

use super::{yaml, Corpus, SourceFile, Tree};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::model::*;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::Path;
use std::sync::Arc;

/// Parses every file into the corpus, collecting every problem.
pub fn parse(tree: Tree) -> (Corpus, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut files = tree.files;
    let config_at = files.iter().position(|f| f.path == Path::new("content/config.yaml"));
    let (config, plan) = match config_at.map(|i| files.remove(i)) {
        Some(file) => config_and_plan(Arc::new(file), &mut diags),
        None => {
            diags.push(
                Diagnostic::error("E014", "missing `content/config.yaml`")
                    .help("create it with at least `title:` and `description:` (`blueprint init` writes a starter plan); see docs/content-format.md"),
            );
            (None, Plan::default())
        }
    };
    let plan_unknown = config.is_none();
    let mut corpus = Corpus {
        plan_unknown,
        config: config.unwrap_or_else(empty_config),
        plan,
        items: Vec::new(),
        references: Vec::new(),
        references_file: None,
        statics: tree.statics,
        failed_kinds: Default::default(),
        translations: Vec::new(),
    };
    let plan = &corpus.plan;
    let others: Vec<String> = corpus
        .config
        .languages()
        .into_iter()
        .skip(1)
        .map(String::from)
        .collect();
    // Files parse independently, in parallel; they are filed in the walk's (sorted) order.
    let parsed: Vec<(Option<Kind>, Result<Parsed, Diagnostic>)> =
        files.into_par_iter().map(|f| parse_file(plan, &others, f)).collect();
    for (kind, result) in parsed {
        match result {
            // Without the config, files outside the built-in folders cannot be placed.
            Err(d) if plan_unknown && kind.is_none() => drop(d),
            Ok(Parsed::References(refs, source)) => {
                corpus.references = refs;
                corpus.references_file = Some(source);
            }
            Ok(Parsed::Item(item)) => corpus.items.push(*item),
            Ok(Parsed::Translation(t)) => corpus.translations.push(*t),
            Err(d) => {
                if d.severity == Severity::Error {
                    corpus.failed_kinds.extend(kind);
                }
                diags.push(d);
            }
        }
    }
    // Chapters lead, in their declared order; the sort is stable, so the rest keep file order.
    corpus.items.sort_by_key(|i| i.chapter().map_or(u32::MAX, |c| c.order));
    (corpus, diags)
}

/// The plan `root/content/config.yaml` declares: what `new` and `schema` need without reading
/// the whole project.
pub fn read_plan(root: &Path) -> Result<Plan, Diagnostics> {
    let mut diags = Diagnostics::default();
    let path = root.join("content/config.yaml");
    if !path.is_file() {
        diags.push(
            Diagnostic::error("E014", format!("no `content/config.yaml` in `{}`", root.display()))
                .help("run blueprint in a plan's folder (or pass --root DIR); `blueprint init DIR` starts a new plan"),
        );
        return Err(diags);
    }
    let file = super::read_file(root, &path).map_err(|d| {
        diags.push(d);
        std::mem::take(&mut diags)
    })?;
    let (_, plan) = config_and_plan(Arc::new(file), &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(plan)
    }
}

/// A config with nothing set, so resolution can go on when config.yaml is missing or broken.
fn empty_config() -> Config {
    serde_json::from_value(serde_json::json!({ "title": "", "description": "" }))
        .expect("title and description are the only required fields")
}

fn config_and_plan(file: Arc<SourceFile>, diags: &mut Diagnostics) -> (Option<Config>, Plan) {
    let config = match data::<Config>(&file).and_then(|c| checked_config(c, &file)) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            return (None, Plan::default());
        }
    };
    let plan = Plan::new(&config.levels).unwrap_or_else(|problems| {
        for (i, why) in problems {
            let name = &config.levels[i].name;
            diags.push(
                Diagnostic::error("E045", format!("level `{name}` cannot be declared: {why}"))
                    .at(file.locate("name:", name))
                    .help("see \"The plan's levels\" in docs/content-format.md"),
            );
        }
        Plan::default()
    });
    (Some(config), plan)
}

/// One content file, parsed into what it holds.
enum Parsed {
    References(Vec<Reference>, Arc<SourceFile>),
    Item(Box<Item>),
    Translation(Box<crate::i18n::Translation>),
}

/// Parses one file by where it is; returns the kind its folder holds too.
fn parse_file(plan: &Plan, others: &[String], file: SourceFile) -> (Option<Kind>, Result<Parsed, Diagnostic>) {
    let file = Arc::new(file);
    let rel = file.path.strip_prefix("content").unwrap_or(&file.path).to_path_buf();
    let folder = rel.parent().and_then(|p| p.to_str()).unwrap_or("");
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    let kind = plan.kind_in(folder);
    let markdown = ext == "md";
    let yaml = matches!(ext, "yaml" | "yml");
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if let (Some(k), Some((_, lang))) = (kind, crate::i18n::split_name(stem, others)) {
        if markdown || yaml {
            return (kind, translation(k, lang, markdown, &file));
        }
    }
    let result = match kind {
        None if rel == Path::new("references.yaml") => data(&file).map(|refs| Parsed::References(refs, file)),
        Some(k) if markdown || yaml => match crate::kinds::parse(plan, k, markdown, &file) {
            Some(item) => item.map(|i| Parsed::Item(Box::new(i))),
            None => Err(not_content(&file, plan)),
        },
        _ => Err(not_content(&file, plan)),
    };
    (kind, result)
}

fn not_content(file: &SourceFile, plan: &Plan) -> Diagnostic {
    let folders: Vec<String> = plan.kinds().map(|k| format!("{}/", k.folder())).collect();
    Diagnostic::warning("W001", format!("`{}` is not a content file and is ignored", file.path.display()))
        .at(Location::file(&file.path))
        .help(format!(
            "content files are config.yaml, references.yaml, and *.md (chapters and the plan's levels) or *.yaml (initiatives, indicators, milestones) in {}; see docs/content-format.md",
            folders.join(", ")
        ))
}

/// A translation file: the item it translates (of its folder's kind) and its words in `lang`.
fn translation(kind: Kind, lang: String, markdown: bool, file: &Arc<SourceFile>) -> Result<Parsed, Diagnostic> {
    use crate::i18n::{Translation, TranslationMeta};
    let (meta, text) = if markdown {
        let (m, t) = doc::<TranslationMeta>(file)?;
        (m, Some(t))
    } else {
        (data::<TranslationMeta>(file)?, None)
    };
    Ok(Parsed::Translation(Box::new(Translation {
        lang,
        r: ItemRef::new(kind, meta.id),
        title: meta.title,
        label: meta.label,
        text,
        cited: crate::i18n::cited::Citation {
            source: meta.source,
            date: meta.date,
            url: meta.url,
            quote: meta.quote,
        },
        source: Arc::clone(file),
    })))
}

/// The config, once its values that YAML's types cannot check are checked.
fn checked_config(c: Config, file: &SourceFile) -> Result<Config, Diagnostic> {
    if let Err(why) = crate::urls::check_base_url(&c.base_url) {
        return Err(
            Diagnostic::error("E042", format!("base_url `{}` cannot be used: {why}", c.base_url))
                .at(value_of(file, "base_url"))
                .help(crate::urls::BASE_URL_HELP),
        );
    }
    for tag in c.languages() {
        if let Err(why) = crate::i18n::check_tag(tag) {
            return Err(
                Diagnostic::error("E048", format!("language `{tag}` cannot be used: {why}"))
                    .at(file.locate("", tag))
                    .help("write a BCP 47 language tag such as `en` or `zh-Hant`"),
            );
        }
    }
    if !c.languages.is_empty() && !c.languages.contains(&c.language) {
        return Err(Diagnostic::error(
            "E048",
            format!("`languages` does not list the site's `language`, `{}`", c.language),
        )
        .at(value_of(file, "languages"))
        .help("list every language the site is published in, the main `language` among them"));
    }
    Ok(c)
}

/// Where the value of the top-level `key:` is written (the whole value, quotes and all).
fn value_of(file: &SourceFile, key: &str) -> Location {
    let head = format!("{key}:");
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(&head) {
            let value = rest.trim();
            let at = offset + head.len() + (rest.len() - rest.trim_start().len());
            return Location::at_offset(&file.path, &file.text, at, value.len().max(1));
        }
        offset += line.len();
    }
    Location::file(&file.path)
}

pub(crate) fn data<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    yaml::parse(file, &file.text, 0)
}

pub(crate) fn doc<M: DeserializeOwned>(file: &SourceFile) -> Result<(M, Text), Diagnostic> {
    let (fm_start, fm_end, body_start) = split_front_matter(&file.text).ok_or_else(|| {
        Diagnostic::error("E009", "missing front matter")
            .at(Location::at_offset(&file.path, &file.text, 0, 3))
            .help("start the file with a line `---`, the YAML fields, then another line `---`")
    })?;
    let meta = yaml::parse(file, &file.text[fm_start..fm_end], fm_start)?;
    let text = Text { offset: body_start };
    Ok((meta, text))
}

/// Where a Markdown file's body starts, after its front matter; `None` without one.
pub fn body_start(text: &str) -> Option<usize> {
    split_front_matter(text).map(|(_, _, body)| body)
}

/// Byte ranges of the front matter and the start of the body.
fn split_front_matter(text: &str) -> Option<(usize, usize, usize)> {
    let first = text.strip_prefix("---")?;
    let nl = first.find('\n')?;
    if !first[..nl].trim().is_empty() {
        return None;
    }
    let start = 3 + nl + 1;
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((start, offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let t = "---\nid: x\n---\nbody\n";
        let (a, b, c) = split_front_matter(t).unwrap();
        assert_eq!(&t[a..b], "id: x\n");
        assert_eq!(&t[c..], "body\n");
        assert!(split_front_matter("id: x\n").is_none());
        assert!(split_front_matter("---\nid: x\n").is_none());
    }
}
