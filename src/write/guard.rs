//! Where the output folder may not be, and what killed builds left beside it. A build replaces
//! the whole output folder and keeps the site it replaced beside it for the next build to sync
//! (and prune): an output folder that holds the project would move the project aside and later
//! delete it, and one inside `content/`, `static/` or `themes/` would be read back as sources
//! by the next build.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::{Component, Path, PathBuf};

/// The project's folders a build reads.
const SOURCES: &[&str] = &["content", "static", "themes"];

/// Refuses an output folder `out` that contains the project `root`, or lies inside one of its
/// source folders, once `..` and symbolic links are resolved. Nothing is touched.
pub fn check_location(root: &Path, out: &Path) -> Result<(), Diagnostics> {
    let (Some(root_real), Some(out_real)) = (resolved(root), resolved(out)) else {
        // The current folder is gone: the write itself will say what is wrong.
        return Ok(());
    };
    let problem = if root_real.starts_with(&out_real) {
        Some("it contains the project (and would be moved aside, then deleted, by the next build)".to_string())
    } else {
        SOURCES
            .iter()
            .find(|s| out_real.starts_with(root_real.join(s)))
            .map(|s| format!("it lies inside the project's {s}/ folder, which the build reads"))
    };
    let Some(problem) = problem else {
        return Ok(());
    };
    let mut d = Diagnostics::default();
    d.push(
        Diagnostic::error("E041", format!("refusing to build into `{}`: {problem}", out.display())).help(
            "choose an output folder beside content/, e.g. `--out output` (the default), or one outside the project",
        ),
    );
    Err(d)
}

/// Removes the staging folders (`.<name>.staging-<pid>`) of builds that were killed (kill -9,
/// a power cut) before they could clean up: each holds a whole site, and no later build would
/// reuse it. A folder whose process still runs is another build's, and is left alone; where
/// processes cannot be looked up, every folder is.
pub fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && is_gone(pid) && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether no process `pid` runs (Linux: no `/proc/<pid>`); false where it cannot be known.
fn is_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// `path` made absolute, with symbolic links and `..` resolved as far as it exists; the part
/// that does not exist yet (no links in it) is appended with `..` applied by name.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut existing = absolute.as_path();
    // The missing tail, last component first (`absolute` keeps `..` as written).
    let mut missing = Vec::new();
    let mut out = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        missing.push(existing.components().next_back()?);
        existing = existing.parent()?;
    };
    for c in missing.into_iter().rev() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_project_and_its_sources() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site/proj");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        let refused = |out: PathBuf| check_location(&root, &out).is_err();
        assert!(refused(dir.path().join("site")));
        assert!(refused(root.clone()));
        assert!(refused(root.join("static/out")));
        assert!(refused(root.join("content")));
        assert!(refused(root.join("output/../content/x/../y")));
        assert!(refused(root.join("new/../../proj")));
        assert!(!refused(root.join("output")));
        assert!(!refused(root.join("static-out")));
        assert!(!refused(dir.path().join("site/other")));
    }

    #[cfg(unix)]
    #[test]
    fn resolves_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::os::unix::fs::symlink(root.join("static"), dir.path().join("pub")).unwrap();
        assert!(check_location(&root, &dir.path().join("pub/site")).is_err());
    }
}
