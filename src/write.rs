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
    let _ = fs::remove_dir_all(&old);
    Ok(extra)
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
    let mut dirs: Vec<PathBuf> = output
        .keys()
        .filter_map(|k| Path::new(k).parent().map(|p| staging.join(p)))
        .collect();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d).map_err(|e| io(d, e))?;
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
