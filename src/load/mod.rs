//! Reading and parsing: walks `content/` in sorted order, reads every file (UTF-8 or an error),
//! splits front matter from Markdown and deserialises each file into its model type; reads the
//! files of `static/` as they are. Ids are checked for shape here; whether they point anywhere is
//! `resolve`'s job.

mod parse;
pub(crate) use parse::{data, doc};
pub mod statics;
pub mod yaml;

pub use parse::{body_start, parse, read_plan};

pub use statics::StaticFiles;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::*;
use rayon::prelude::*;
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

/// Everything under `content/`, parsed and typed, ids not yet resolved.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub config: Config,
    /// The kinds of the plan: its declared levels and the built-in kinds.
    pub plan: Plan,
    /// Every item of every kind, chapters first in their order, then the walk's order.
    pub items: Vec<Item>,
    pub references: Vec<Reference>,
    pub references_file: Option<Arc<SourceFile>>,
    /// The files under `static/`, published at the site root.
    pub statics: StaticFiles,
    /// Kinds with a file that failed to parse: references to them cannot be judged.
    pub failed_kinds: std::collections::BTreeSet<Kind>,
    /// config.yaml is missing or did not parse: the plan's levels are unknown, so the files in
    /// their folders were not read and nothing that names them can be judged.
    pub plan_unknown: bool,
    /// Items' text in the site's other languages (`<id>.<tag>.md`), applied per language by
    /// `i18n::translated`.
    pub translations: Vec<crate::i18n::Translation>,
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
                .help("run blueprint in a plan's folder (or pass --root DIR); `blueprint init DIR` starts a new plan"),
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
