//! The only stage that touches the output folder. The whole site is written to a fresh sibling
//! folder first and swapped in with renames, so a failed build leaves the previous site intact.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::Output;
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

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
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let (written, extra) = rayon::join(|| write_tree(output, &staging, dir), extra);
    let extra = match written.and_then(|()| {
        let extra = extra?;
        let files: Output = extra.iter().cloned().collect();
        write_files(&files, &staging)?;
        Ok(extra)
    }) {
        Ok(extra) => extra,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if dir.exists() {
        fs::rename(dir, &old).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            error(
                format!("cannot move the previous `{}` aside: {e}", dir.display()),
                "check permissions on the output folder and its parent",
            )
        })?;
    }
    if let Err(e) = fs::rename(&staging, dir) {
        let _ = fs::rename(&old, dir);
        let _ = fs::remove_dir_all(&staging);
        return Err(error(
            format!("cannot move the new site into `{}`: {e}", dir.display()),
            "check permissions on the output folder's parent",
        ));
    }
    remove_tree(&old);
    Ok(extra)
}

/// Deletes the previous site, its top-level folders in parallel: unlinking thousands of files
/// is a fair share of a large build, and folders can be emptied independently.
fn remove_tree(dir: &Path) {
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

fn io(p: &Path, e: std::io::Error) -> Diagnostics {
    error(
        format!("cannot write `{}`: {e}", p.display()),
        "check free disk space and permissions",
    )
}

/// Writes files (and their folders) under `staging`.
fn write_files(output: &Output, staging: &Path) -> Result<(), Diagnostics> {
    // Every folder and its ancestors, made level by level: a level's folders in parallel, once
    // their parents exist.
    let mut dirs: Vec<&Path> = output
        .keys()
        .flat_map(|k| Path::new(k).ancestors().skip(1))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    dirs.sort_by_key(|p| (p.components().count(), *p));
    dirs.dedup();
    for level in dirs.chunk_by(|a, b| a.components().count() == b.components().count()) {
        level.par_iter().try_for_each(|d| {
            let d = staging.join(d);
            match fs::create_dir(&d) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(io(&d, e)),
                _ => Ok(()),
            }
        })?;
    }
    output.par_iter().try_for_each(|(path, bytes)| {
        let target = staging.join(path);
        fs::write(&target, bytes).map_err(|e| io(&target, e))
    })
}

fn write_tree(output: &Output, staging: &Path, previous: &Path) -> Result<(), Diagnostics> {
    fs::create_dir_all(staging).map_err(|e| io(staging, e))?;
    write_files(output, staging)?;
    fs::write(staging.join(MARKER), b"").map_err(|e| io(staging, e))?;
    let readme = previous.join(KEPT);
    if readme.is_file() && !output.contains_key(KEPT) {
        fs::copy(&readme, staging.join(KEPT)).map_err(|e| io(&readme, e))?;
    }
    Ok(())
}
