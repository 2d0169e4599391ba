//! Static files: everything under `static/` beside `content/` (images, PDFs, data files), read as
//! bytes and published at the site root as they are: `static/images/chart.png` becomes
//! `images/chart.png`. They are read with the content so Markdown links to them can be checked
//! and so the copy is part of the in-memory output that `build`, `check` and `serve` share.

use super::{relative, walk};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use std::collections::BTreeMap;
use std::path::Path;

/// The folder, beside `content/`, whose files are published at the site root.
pub const FOLDER: &str = "static";

/// Hidden folders and files under `static/` (`.git/`, `.ssh/`, `.env`) are never published; these
/// are the exceptions, names that hosts and browsers look for on purpose (RFC 8615).
pub const HIDDEN_ALLOWED: &[&str] = &[".well-known"];

/// Output path (relative to the site root, `/`-separated) → the file's bytes.
pub type StaticFiles = BTreeMap<String, Vec<u8>>;

/// Reads every file under `root/static` (none when there is no such folder), reporting the ones
/// that cannot be read.
pub(super) fn read(root: &Path, diags: &mut Diagnostics) -> StaticFiles {
    let dir = root.join(FOLDER);
    let mut files = StaticFiles::new();
    if !dir.is_dir() {
        if dir.exists() {
            diags.push(
                Diagnostic::error("E001", format!("`{FOLDER}` is not a folder"))
                    .at(Location::file(Path::new(FOLDER)))
                    .help("static files live in a folder `static/` beside `content/`; rename or remove the file"),
            );
        }
        return files;
    }
    for path in walk(root, &dir, HIDDEN_ALLOWED, diags) {
        let rel = relative(root, &path);
        let fail = |what: String, help: &str| {
            Diagnostic::error("E001", format!("cannot read `{}`: {what}", rel.display()))
                .at(Location::file(&rel))
                .help(help.to_string())
        };
        let Some(key) = site_path(&dir, &path) else {
            diags.push(fail(
                "its name is not valid UTF-8".into(),
                "rename the file with letters, digits, '-', '_' and '.'",
            ));
            continue;
        };
        match std::fs::read(&path) {
            Ok(bytes) => {
                files.insert(key, bytes);
            }
            Err(e) => diags.push(fail(e.to_string(), "check the file's permissions")),
        }
    }
    files
}

/// `static/images/chart.png` → `images/chart.png`, if every part of the name is UTF-8.
fn site_path(dir: &Path, path: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = path
        .strip_prefix(dir)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}
