//! The only stage that touches the output folder. The whole site is written to a sibling
//! folder first and swapped in with renames, so a failed build leaves the previous site intact.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::Output;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

mod guard;
mod sync;

pub use guard::check_location;

/// Marks a folder as ours, so we never replace a folder we did not write.
const MARKER: &str = ".blueprint-output";
/// The output folder's README (kept in git to say the folder is generated) survives rebuilds.
const KEPT: &str = "README.md";

fn error(message: String, help: &str) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(Diagnostic::error("E013", message).help(help.to_string()));
    d
}

/// Writes `output` to `dir`, replacing its previous contents atomically (as far as the
/// filesystem allows: two renames).
pub fn write(output: &Output, dir: &Path) -> Result<(), Diagnostics> {
    write_with(output, dir, || Ok(Vec::new())).map(|_| ())
}

/// Files made while the output is being written (the search index), added before the swap.
pub type Extra = Vec<(String, Vec<u8>)>;

/// Like `write`, but runs `extra` in parallel with writing `output` and writes its files too:
/// the slowest stage overlaps the disk writes. Returns `extra`'s files.
///
/// The new site is assembled in a staging folder beside `dir` and swapped in with two renames.
/// The site it replaces is kept as `.<name>.previous` and becomes the next build's staging
/// folder, synced file by file (`sync`): rebuilding rewrites only what changed, and no build
/// deletes a whole site.
pub fn write_with(
    output: &Output,
    dir: &Path,
    extra: impl FnOnce() -> Result<Extra, Diagnostics> + Send,
) -> Result<Extra, Diagnostics> {
    check_replaceable(dir)?;
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    fs::create_dir_all(parent).map_err(|e| {
        error(
            format!("cannot create `{}`: {e}", parent.display()),
            "check the path and permissions",
        )
    })?;
    let previous = parent.join(format!(".{name}.previous"));
    guard::remove_stale_staging(parent, name);
    let pid = std::process::id();
    let staging = claim_staging(&previous, parent.join(format!(".{name}.staging-{pid}")))?;
    let result = fill_staging(output, &staging, dir, extra);
    let extra = match result {
        Ok(extra) => extra,
        Err(e) => {
            // Whatever state it is in, the staging folder is still ours: the next build syncs it.
            // On a full disk it goes instead, to give back the space it took.
            let full = e.iter().any(|d| d.help.as_deref() == Some(DISK_FULL));
            if full || fs::rename(&staging, &previous).is_err() {
                let _ = fs::remove_dir_all(&staging);
            }
            return Err(e);
        }
    };
    crate::timings::timed("write.swap", || {
        swap(&staging, dir, &parent.join(format!(".{name}.old-{pid}")), &previous)
    })?;
    Ok(extra)
}

/// The staging folder: the previous build's site, taken over with a rename (so two builds at
/// once never share one), or a new empty folder.
fn claim_staging(previous: &Path, staging: PathBuf) -> Result<PathBuf, Diagnostics> {
    let _ = fs::remove_dir_all(&staging);
    let ours = fs::symlink_metadata(previous).is_ok_and(|m| m.is_dir()) && previous.join(MARKER).is_file();
    if !(ours && fs::rename(previous, &staging).is_ok()) {
        fs::create_dir(&staging).map_err(|e| io(&staging, e))?;
    }
    Ok(staging)
}

/// Brings `staging` to exactly the new site: `output` (while `extra` runs), then `extra`'s
/// files, the marker and the kept README; then removes everything else.
fn fill_staging(
    output: &Output,
    staging: &Path,
    dir: &Path,
    extra: impl FnOnce() -> Result<Extra, Diagnostics> + Send,
) -> Result<Extra, Diagnostics> {
    let files: Vec<(&str, &[u8])> = output.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
    let (listing, extra) = rayon::join(
        || -> Result<sync::Listing, Diagnostics> {
            let listing = crate::timings::timed("write.list", || sync::list(staging))?;
            crate::timings::timed("write.put", || sync::put(&files, staging, &listing))?;
            Ok(listing)
        },
        extra,
    );
    let listing = listing?;
    let extra = extra?;
    let readme = dir.join(KEPT);
    let readme = if readme.is_file() && !output.contains_key(KEPT) {
        Some(fs::read(&readme).map_err(|e| io(&readme, e))?)
    } else {
        None
    };
    let mut more: Vec<(&str, &[u8])> = extra.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
    more.push((MARKER, b""));
    if let Some(r) = &readme {
        more.push((KEPT, r));
    }
    crate::timings::timed("write.more", || sync::put(&more, staging, &listing))?;
    let keep: BTreeSet<&str> = files.iter().chain(&more).map(|(p, _)| *p).collect();
    crate::timings::timed("write.prune", || sync::prune(staging, &listing, &keep))?;
    Ok(extra)
}

/// Puts `staging` in place of `dir` (moving it to `old` meanwhile); the site it replaces becomes
/// `previous`.
fn swap(staging: &Path, dir: &Path, old: &Path, previous: &Path) -> Result<(), Diagnostics> {
    if dir.exists() {
        fs::rename(dir, old).map_err(|e| {
            let _ = fs::remove_dir_all(staging);
            error(
                format!("cannot move the previous `{}` aside: {e}", dir.display()),
                "check permissions on the output folder and its parent",
            )
        })?;
    }
    if let Err(e) = fs::rename(staging, dir) {
        let _ = fs::rename(old, dir);
        let _ = fs::remove_dir_all(staging);
        return Err(error(
            format!("cannot move the new site into `{}`: {e}", dir.display()),
            "check permissions on the output folder's parent",
        ));
    }
    // Another build may have left a previous site meanwhile; then this one is not needed.
    if old.exists() && fs::rename(old, previous).is_err() {
        remove_tree(old);
    }
    Ok(())
}

/// Deletes a site, its top-level folders in parallel: unlinking thousands of files
/// is a fair share of a large build, and folders can be emptied independently.
fn remove_tree(dir: &Path) {
    // A symbolic link (an output folder that was one) goes, never what it points to.
    if fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
        let _ = fs::remove_file(dir);
        return;
    }
    let entries: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => return,
    };
    entries.par_iter().for_each(|p| {
        let _ = if p.is_dir() {
            fs::remove_dir_all(p)
        } else {
            fs::remove_file(p)
        };
    });
    let _ = fs::remove_dir_all(dir);
}

fn check_replaceable(dir: &Path) -> Result<(), Diagnostics> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(error(
            format!("output path `{}` is a file", dir.display()),
            "choose a folder with --out",
        ));
    }
    let entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| {
            error(
                format!("cannot read output folder `{}`: {e}", dir.display()),
                "check its permissions",
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let ours = entries.iter().any(|p| p.file_name().is_some_and(|n| n == MARKER));
    let only_readme = entries.iter().all(|p| p.file_name().is_some_and(|n| n == KEPT));
    if ours || only_readme {
        Ok(())
    } else {
        Err(error(
            format!(
                "refusing to replace `{}`: it was not written by blueprint",
                dir.display()
            ),
            "choose an empty or new folder with --out; blueprint replaces the whole output folder",
        ))
    }
}

/// The help of a write that failed for want of space (or of inodes): `write_with` recognises it.
const DISK_FULL: &str =
    "the disk is full: free some space and build again (the partly written site was removed to give its space back)";

fn io(p: &Path, e: std::io::Error) -> Diagnostics {
    let help = if e.kind() == std::io::ErrorKind::StorageFull {
        DISK_FULL
    } else {
        "check free disk space and permissions"
    };
    error(format!("cannot write `{}`: {e}", p.display()), help)
}
