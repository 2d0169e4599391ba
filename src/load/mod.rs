//! Reading and parsing: walks `content/` in sorted order, reads every file (UTF-8 or an error),
//! splits front matter from Markdown and deserialises each file into its model type; reads the
//! files of `static/` as they are. Ids are checked for shape here; whether they point anywhere is
//! `resolve`'s job.

pub mod statics;
pub mod yaml;

pub use statics::StaticFiles;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::*;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are refused: nothing in a blueprint is that big, and reading a runaway
/// file into memory would only hide the mistake.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One content file: its path relative to the project root (as printed in diagnostics) and text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    /// Where `value` is written, preferably on a line that also names `key`; used to point
    /// semantic errors (a dangling id) at the right place.
    pub fn locate(&self, key: &str, value: &str) -> Location {
        self.locate_from(0, key, value)
    }

    /// [`locate`](Self::locate) within the top-level YAML block `section:` (e.g. `updates`),
    /// whose keys repeat those of an earlier block; anywhere when there is no such block.
    pub fn locate_in(&self, section: &str, key: &str, value: &str) -> Location {
        let head = format!("{section}:");
        let start = self
            .text
            .split_inclusive('\n')
            .scan(0, |at, line| {
                let here = *at;
                *at += line.len();
                Some((here, line))
            })
            .find(|(_, line)| line.starts_with(&head))
            .map_or(0, |(at, _)| at);
        self.locate_from(start, key, value)
    }

    /// [`locate`](Self::locate) from where `anchor` is first written (e.g. a derived figure's
    /// formula, before its inputs, whose names repeat from one figure to the next).
    pub fn locate_after(&self, anchor: &str, key: &str, value: &str) -> Location {
        let start = self.text.find(anchor).unwrap_or(0);
        self.locate_from(start, key, value)
    }

    fn locate_from(&self, start: usize, key: &str, value: &str) -> Location {
        let mut offset = start;
        for line in self.text[start..].split_inclusive('\n') {
            if line.contains(key) {
                if let Some(i) = line.find(value) {
                    return Location::at_offset(&self.path, &self.text, offset + i, value.len());
                }
            }
            offset += line.len();
        }
        let found = self.text[start..]
            .find(value)
            .map(|i| start + i)
            .or_else(|| self.text.find(value));
        match found {
            Some(i) => Location::at_offset(&self.path, &self.text, i, value.len()),
            None => Location::at_offset(&self.path, &self.text, 0, 1),
        }
    }
}

/// A Markdown file: front matter, body and where the body starts in the file.
#[derive(Debug)]
pub struct Doc<M> {
    pub meta: M,
    pub body: String,
    pub body_offset: usize,
    pub source: Arc<SourceFile>,
}

/// A YAML data file.
#[derive(Debug)]
pub struct Data<T> {
    pub value: T,
    pub source: Arc<SourceFile>,
}

/// Everything under `content/`, parsed and typed, ids not yet resolved.
#[derive(Debug)]
pub struct Corpus {
    pub config: Config,
    pub chapters: Vec<Doc<ChapterMeta>>,
    pub directions: Vec<Doc<DirectionMeta>>,
    pub strategies: Vec<Doc<StrategyMeta>>,
    pub targets: Vec<Doc<TargetMeta>>,
    pub recommendations: Vec<Doc<RecommendationMeta>>,
    pub initiatives: Vec<Data<Initiative>>,
    pub indicators: Vec<Data<Indicator>>,
    pub milestones: Vec<Data<Milestone>>,
    pub references: Vec<Reference>,
    pub references_file: Option<Arc<SourceFile>>,
    /// The files under `static/`, published at the site root.
    pub statics: StaticFiles,
    /// Kinds with a file that failed to parse: references to them cannot be judged.
    pub failed_kinds: std::collections::BTreeSet<Kind>,
}

/// What `read_tree` reads: the content files and the static files.
#[derive(Debug)]
pub struct Tree {
    pub files: Vec<SourceFile>,
    pub statics: StaticFiles,
}

/// Reads every file under `root/content`, sorted by path, and every file under `root/static`.
pub fn read_tree(root: &Path) -> Result<Tree, Diagnostics> {
    let content = root.join("content");
    let mut diags = Diagnostics::default();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("E014", format!("no content folder at `{}`", content.display()))
                .help("run blueprint in a project folder, or pass --root DIR; `blueprint new` can scaffold items"),
        );
        return Err(diags);
    }
    // Reading is per file and independent; collecting keeps the walk's sorted order.
    let read: Vec<Result<SourceFile, Diagnostic>> = walk(root, &content, &[], &mut diags)
        .par_iter()
        .map(|path| read_file(root, path))
        .collect();
    let mut files = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    let statics = statics::read(root, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(Tree { files, statics })
    }
}

/// The files under `dir`, sorted by path, without editors' scratch files or hidden files and
/// folders (but those named in `hidden_allowed`); folders and files that cannot be read (a
/// symbolic link loop, no permission) are reported.
///
/// Symbolic links are followed only while they stay inside the project root and out of its
/// hidden parts: a link that leads out of it would publish whatever it names (`/etc/passwd`,
/// `/proc/self/environ` with the CI's secrets), and one into `.git/` or `.ssh/` what the walk
/// leaves out on purpose, so it is an error naming the link and its target, and nothing behind
/// it is read.
fn walk(root: &Path, dir: &Path, hidden_allowed: &[&str], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    // Links are judged against the real root, so a project reached through a link still works.
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(unreadable(root, dir, &e));
                continue;
            }
        };
        let hidden = entry.depth() > 0 && is_hidden(entry.path()) && !is_allowed(entry.path(), hidden_allowed);
        if entry.path_is_symlink() && !hidden {
            if let Some(d) = link_out_of(root, &real_root, entry.path()) {
                diags.push(d);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_dir() {
            if hidden {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() && !hidden && !is_scratch(entry.path()) {
            paths.push(entry.into_path());
        }
    }
    paths
}

/// E026 when `path` is a symbolic link (or lies under one) that resolves outside the project,
/// or to a hidden file or folder inside it: reading it would publish a file from elsewhere on
/// the machine, or one that is never published (a repository's `.git/config`, an `.ssh/` key).
/// `real_root` is the project root with its own links resolved.
pub fn link_out_of(root: &Path, real_root: &Path, path: &Path) -> Option<Diagnostic> {
    let (target, hidden) = refused_target(real_root, path)?;
    let link = relative(root, path);
    let (what, help) = if hidden {
        (
            "a hidden file or folder of the project",
            "hidden files and folders (`.git/`, `.ssh/`, `.env`) are never published, not even through a link: copy what should be published to a path without a leading `.`, or remove the link",
        )
    } else {
        (
            "outside the project",
            "copy the file into the project, or remove the link: links are followed only within the project folder",
        )
    };
    Some(
        Diagnostic::error(
            "E026",
            format!(
                "`{}` is a symbolic link to `{}`, {what}",
                link.display(),
                target.display()
            ),
        )
        .at(Location::file(&link))
        .help(help),
    )
}

/// The target of the link at `path` when it must not be followed: outside `real_root` (`false`),
/// or inside it but hidden (`true`, the target relative to the project). Only `.well-known/`,
/// public by design, may be linked to among hidden names: finding `.git/` in a link's target
/// path was found by fuzzing (a link `static/keys` → `.ssh/` published the key, which the walk
/// skips when it meets the folder by its own name).
fn refused_target(real_root: &Path, path: &Path) -> Option<(PathBuf, bool)> {
    match path.canonicalize() {
        Ok(target) => match target.strip_prefix(real_root) {
            Ok(inside) => inside
                .components()
                .any(|c| {
                    let name = c.as_os_str().to_string_lossy();
                    name.starts_with('.') && !statics::HIDDEN_ALLOWED.contains(&name.as_ref())
                })
                .then(|| (inside.to_path_buf(), true)),
            Err(_) => Some((target, false)),
        },
        // Unresolvable now (it vanished): judge by what the link says.
        Err(_) => Some((std::fs::read_link(path).unwrap_or_else(|_| path.to_path_buf()), false)),
    }
}

fn unreadable(root: &Path, dir: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| relative(root, p))
        .unwrap_or_else(|| relative(root, dir));
    let what = if e.loop_ancestor().is_some() {
        "a symbolic link loops back to a parent folder".to_string()
    } else {
        e.io_error().map_or_else(|| e.to_string(), |io| io.to_string())
    };
    Diagnostic::error("E001", format!("cannot read `{}`: {what}", path.display()))
        .at(Location::file(&path))
        .help("remove the link or fix the file's permissions")
}

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

fn is_hidden(path: &Path) -> bool {
    file_name(path).starts_with('.')
}

fn is_allowed(path: &Path, hidden_allowed: &[&str]) -> bool {
    hidden_allowed.contains(&file_name(path))
}

/// Editors' backup and swap files.
fn is_scratch(path: &Path) -> bool {
    let n = file_name(path);
    n.ends_with('~') || n.ends_with(".swp")
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read_file(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = relative(root, path);
    let fail = |what: String, help: &str| {
        Diagnostic::error("E001", format!("cannot read `{}`: {what}", rel.display()))
            .at(Location::file(&rel))
            .help(help.to_string())
    };
    use std::io::Read;
    let denied = |e: std::io::Error| fail(e.to_string(), "check the file's permissions");
    // One open, and the size from the open file: no second lookup of the path.
    let mut file = std::fs::File::open(path).map_err(denied)?;
    let size = file.metadata().map_err(denied)?.len();
    if size > MAX_FILE_BYTES {
        return Err(fail(
            format!("the file is {size} bytes, more than the {MAX_FILE_BYTES}-byte limit"),
            "content files are text; split the file or remove what does not belong in content/",
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.read_to_end(&mut bytes).map_err(denied)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // The valid part is the same in the lossy text, so the line and column are true.
        let shown = String::from_utf8_lossy(e.as_bytes());
        fail(
            format!("the file is not valid UTF-8 (byte {at})"),
            "save the file as UTF-8",
        )
        .at(Location::at_offset(&rel, &shown, at, 1))
    })?;
    if text.starts_with('\u{feff}') {
        return Err(fail(
            "the file starts with a byte-order mark".into(),
            "save the file as UTF-8 without BOM",
        )
        .at(Location::at_offset(&rel, &text, 0, 1)));
    }
    Ok(SourceFile { path: rel, text })
}

/// Parses every file into the corpus, collecting every problem.
/// Parses what it can: files that fail are reported and left out, so resolution can still
/// report every other problem in the same run.
pub fn parse(tree: Tree) -> (Corpus, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut config = None;
    let config_found = tree.files.iter().any(|f| f.path == Path::new("content/config.yaml"));
    let mut corpus = Corpus {
        config: Config {
            title: String::new(),
            short_title: None,
            description: String::new(),
            language: "en".into(),
            base_url: "/".into(),
            publisher: None,
            source_url: None,
            raw_html: RawHtml::default(),
            stale_after_months: None,
        },
        chapters: vec![],
        directions: vec![],
        strategies: vec![],
        targets: vec![],
        recommendations: vec![],
        initiatives: vec![],
        indicators: vec![],
        milestones: vec![],
        references: vec![],
        references_file: None,
        statics: tree.statics,
        failed_kinds: Default::default(),
    };
    // Files parse independently, in parallel; they are filed in the walk's (sorted) order.
    let parsed: Vec<(String, Result<Parsed, Diagnostic>)> = tree.files.into_par_iter().map(parse_file).collect();
    for (folder, result) in parsed {
        match result {
            Ok(Parsed::Config(c)) => config = Some(c),
            Ok(Parsed::References(d)) => {
                corpus.references = d.value;
                corpus.references_file = Some(d.source);
            }
            Ok(Parsed::Chapter(d)) => corpus.chapters.push(d),
            Ok(Parsed::Direction(d)) => corpus.directions.push(d),
            Ok(Parsed::Strategy(d)) => corpus.strategies.push(d),
            Ok(Parsed::Target(d)) => corpus.targets.push(d),
            Ok(Parsed::Recommendation(d)) => corpus.recommendations.push(d),
            Ok(Parsed::Initiative(d)) => corpus.initiatives.push(d),
            Ok(Parsed::Indicator(d)) => corpus.indicators.push(d),
            Ok(Parsed::Milestone(d)) => corpus.milestones.push(d),
            Err(d) => {
                if d.severity == crate::diagnostics::Severity::Error {
                    let kind = Kind::ALL.into_iter().find(|k| k.folder() == folder);
                    corpus.failed_kinds.extend(kind);
                }
                diags.push(d);
            }
        }
    }
    match config {
        Some(c) => corpus.config = c,
        // A config.yaml that does not parse is reported as such, not as missing.
        None if config_found => {}
        None => diags.push(
            Diagnostic::error("E014", "missing `content/config.yaml`")
                .help("create it with at least `title:` and `description:`; see docs/content-format.md"),
        ),
    }
    (corpus, diags)
}

/// One content file, parsed into what it holds.
enum Parsed {
    Config(Config),
    References(Data<Vec<Reference>>),
    Chapter(Doc<ChapterMeta>),
    Direction(Doc<DirectionMeta>),
    Strategy(Doc<StrategyMeta>),
    Target(Doc<TargetMeta>),
    Recommendation(Doc<RecommendationMeta>),
    Initiative(Data<Initiative>),
    Indicator(Data<Indicator>),
    Milestone(Data<Milestone>),
}

/// Parses one file by where it is; returns its folder under content/ too.
fn parse_file(file: SourceFile) -> (String, Result<Parsed, Diagnostic>) {
    let file = Arc::new(file);
    let rel = file.path.strip_prefix("content").unwrap_or(&file.path).to_path_buf();
    let folder = rel.parent().and_then(|p| p.to_str()).unwrap_or("").to_string();
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    let result = match (folder.as_str(), ext) {
        ("", _) if rel == Path::new("config.yaml") => data::<Config>(&file).and_then(checked_config).map(Parsed::Config),
        ("", _) if rel == Path::new("references.yaml") => data(&file).map(Parsed::References),
        ("chapters", "md") => doc(&file).map(Parsed::Chapter),
        ("directions", "md") => doc(&file).map(Parsed::Direction),
        ("strategies", "md") => doc(&file).map(Parsed::Strategy),
        ("targets", "md") => doc(&file).map(Parsed::Target),
        ("recommendations", "md") => doc(&file).map(Parsed::Recommendation),
        ("initiatives", "yaml" | "yml") => data(&file).map(Parsed::Initiative),
        ("indicators", "yaml" | "yml") => data(&file).map(Parsed::Indicator),
        ("milestones", "yaml" | "yml") => data(&file).map(Parsed::Milestone),
        _ => Err(Diagnostic::warning("W001", format!("`{}` is not a content file and is ignored", file.path.display()))
            .at(Location::file(&file.path))
            .help("content files are config.yaml, references.yaml, <kind>/*.md for prose and <kind>/*.yaml for data; see docs/content-format.md")),
    };
    (folder, result)
}

/// The config, once its values that YAML's types cannot check are checked.
fn checked_config(d: Data<Config>) -> Result<Config, Diagnostic> {
    if let Err(why) = crate::urls::check_base_url(&d.value.base_url) {
        return Err(
            Diagnostic::error("E042", format!("base_url `{}` cannot be used: {why}", d.value.base_url))
                .at(value_of(&d.source, "base_url"))
                .help(crate::urls::BASE_URL_HELP),
        );
    }
    Ok(d.value)
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

fn data<T: DeserializeOwned>(file: &Arc<SourceFile>) -> Result<Data<T>, Diagnostic> {
    let value = yaml::parse(file, &file.text, 0)?;
    Ok(Data {
        value,
        source: Arc::clone(file),
    })
}

fn doc<M: DeserializeOwned>(file: &Arc<SourceFile>) -> Result<Doc<M>, Diagnostic> {
    let (fm_start, fm_end, body_start) = split_front_matter(&file.text).ok_or_else(|| {
        Diagnostic::error("E009", "missing front matter")
            .at(Location::at_offset(&file.path, &file.text, 0, 3))
            .help("start the file with a line `---`, the YAML fields, then another line `---`")
    })?;
    let meta = yaml::parse(file, &file.text[fm_start..fm_end], fm_start)?;
    Ok(Doc {
        meta,
        body: file.text[body_start..].to_string(),
        body_offset: body_start,
        source: Arc::clone(file),
    })
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
