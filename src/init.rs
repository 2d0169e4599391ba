//! `blueprint init [DIR]`: writes a small starter plan (clearly an example: two levels of
//! structure, one indicator with a chart, one initiative, one milestone) that builds, passes
//! `check` with no warnings and serves, for a new user to edit into their own plan.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The starter's files (path under DIR, text), embedded so the binary alone can start a plan.
const FILES: &[(&str, &str)] = &[
    (".gitignore", include_str!("init/starter/.gitignore")),
    ("content/config.yaml", include_str!("init/starter/content/config.yaml")),
    (
        "content/chapters/01-introduction.md",
        include_str!("init/starter/content/chapters/01-introduction.md"),
    ),
    ("content/goals/1.md", include_str!("init/starter/content/goals/1.md")),
    ("content/goals/2.md", include_str!("init/starter/content/goals/2.md")),
    (
        "content/actions/1.1.md",
        include_str!("init/starter/content/actions/1.1.md"),
    ),
    (
        "content/actions/2.1.md",
        include_str!("init/starter/content/actions/2.1.md"),
    ),
    (
        "content/initiatives/connect-fund.yaml",
        include_str!("init/starter/content/initiatives/connect-fund.yaml"),
    ),
    (
        "content/indicators/1.1.yaml",
        include_str!("init/starter/content/indicators/1.1.yaml"),
    ),
    (
        "content/milestones/fibre-every-district.yaml",
        include_str!("init/starter/content/milestones/fibre-every-district.yaml"),
    ),
];

/// Writes the starter plan into `dir`; refuses a folder that already holds a plan's content, and
/// never overwrites a file. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.join("content").exists() {
        return Err(format!(
            "`{}` already has a content/ folder: `blueprint init` starts a new plan in an empty folder (or one without content/)",
            dir.display()
        ));
    }
    let mut written = Vec::new();
    for (path, text) in FILES {
        let path = dir.join(path);
        let fail = |e: std::io::Error| format!("cannot create `{}`: {e}", path.display());
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(fail)?;
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(fail)?;
        file.write_all(text.as_bytes()).map_err(fail)?;
        written.push(path);
    }
    Ok(written)
}
