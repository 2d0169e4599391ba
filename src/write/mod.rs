//! The only stage that touches the output folder. The whole site is written to a sibling
//! folder first (in batches, as it is rendered) and swapped in with renames, so a failed build
//! leaves the previous site intact.

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
    let mut staging = Staging::open(dir)?;
    if let Err(e) = staging.put(output) {
        staging.abandon(&e);
        return Err(e);
    }
    staging.finish()
}

/// The new site being assembled in a staging folder beside the output folder, in as many
/// batches as the caller likes (a large site is written while it renders, never held whole),
/// then swapped in with two renames by [`Staging::finish`].
///
/// The site it replaces is kept as `.<name>.previous` and becomes the next build's staging
/// folder, synced file by file (`sync`): rebuilding rewrites only what changed, and no build
/// deletes a whole site. A build that fails calls [`Staging::abandon`]: the output folder was
/// never touched.
pub struct Staging {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    path: PathBuf,
    previous: PathBuf,
    /// What the staging folder held before this build.
    listing: sync::Listing,
    /// What this build has put there.
    written: BTreeSet<String>,
}

impl Staging {
    /// Claims a staging folder for `dir`, after checking `dir` may be replaced.
    pub fn open(dir: &Path) -> Result<Staging, Diagnostics> {
        check_replaceable(dir)?;
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("output").to_string();
        fs::create_dir_all(&parent).map_err(|e| {
            error(
                format!("cannot create `{}`: {e}", parent.display()),
                "check the path and permissions",
            )
        })?;
        let previous = parent.join(format!(".{name}.previous"));
        guard::remove_stale_staging(&parent, &name);
        let pid = std::process::id();
        let path = claim_staging(&previous, parent.join(format!(".{name}.staging-{pid}")))?;
        let listing = match crate::timings::timed("write.list", || sync::list(&path)) {
            Ok(listing) => listing,
            Err(e) => {
                let _ = fs::remove_dir_all(&path);
                return Err(e);
            }
        };
        Ok(Staging {
            dir: dir.to_path_buf(),
            parent,
            name,
            path,
            previous,
            listing,
            written: BTreeSet::new(),
        })
    }

    /// Writes a batch of the new site's files.
    pub fn put(&mut self, files: &Output) -> Result<(), Diagnostics> {
        self.put_in("", files)
    }

    /// Like [`put`](Self::put), with every path under `folder` (`zh-hant/`): a language's pages,
    /// which its search index reads at their paths within the folder, are not copied to move them.
    pub fn put_in(&mut self, folder: &str, files: &Output) -> Result<(), Diagnostics> {
        let paths: Vec<String> = files.keys().map(|p| format!("{folder}{p}")).collect();
        let batch: Vec<(&str, &[u8])> = paths
            .iter()
            .map(String::as_str)
            .zip(files.values().map(Vec::as_slice))
            .collect();
        crate::timings::timed("write.put", || sync::put(&batch, &self.path, &self.listing))?;
        self.written.extend(paths);
        Ok(())
    }

    /// How many files have been put.
    pub fn len(&self) -> usize {
        self.written.len()
    }

    /// Whether nothing has been put yet.
    pub fn is_empty(&self) -> bool {
        self.written.is_empty()
    }

    /// Gives the staging folder up after a failed build. Whatever state it is in, it is still
    /// ours: the next build syncs it. On a full disk it goes instead, to give back the space it
    /// took.
    pub fn abandon(self, failure: &Diagnostics) {
        let full = failure.iter().any(|d| d.help.as_deref() == Some(DISK_FULL));
        if full || fs::rename(&self.path, &self.previous).is_err() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }

    /// Completes the new site (the marker, the kept README), removes what the previous one had
    /// and this one has not, and swaps it in.
    pub fn finish(mut self) -> Result<(), Diagnostics> {
        if let Err(e) = self.complete() {
            self.abandon(&e);
            return Err(e);
        }
        let old = self.parent.join(format!(".{}.old-{}", self.name, std::process::id()));
        crate::timings::timed("write.swap", || swap(&self.path, &self.dir, &old, &self.previous))
    }

    fn complete(&mut self) -> Result<(), Diagnostics> {
        let readme = self.dir.join(KEPT);
        let mut more = Output::new();
        if readme.is_file() && !self.written.contains(KEPT) {
            more.insert(KEPT.to_string(), fs::read(&readme).map_err(|e| io(&readme, e))?);
        }
        more.insert(MARKER.to_string(), Vec::new());
        self.put(&more)?;
        let keep: BTreeSet<&str> = self.written.iter().map(String::as_str).collect();
        crate::timings::timed("write.prune", || sync::prune(&self.path, &self.listing, &keep))
    }
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

/// The help of a write that failed for want of space (or of inodes): `Staging::abandon`
/// recognises it.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Output {
        files
            .iter()
            .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    fn read(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (rel, fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// A build that fails after some batches were written (a page of a later batch does not
    /// render) leaves the published site exactly as it was; one that finishes replaces it whole.
    #[test]
    fn batches_reach_the_output_only_when_the_build_finishes() {
        let tmp = std::env::temp_dir().join(format!("blueprint-staging-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let out = tmp.join("output");
        write(&site(&[("index.html", "v1"), ("a/index.html", "a1")]), &out).unwrap();
        let before = read(&out);

        let mut staging = Staging::open(&out).unwrap();
        staging.put(&site(&[("index.html", "v2")])).unwrap();
        staging.put(&site(&[("b/index.html", "b2")])).unwrap();
        staging.abandon(&Diagnostics::default());
        assert_eq!(read(&out), before);

        let mut staging = Staging::open(&out).unwrap();
        staging.put(&site(&[("index.html", "v3")])).unwrap();
        staging.put(&site(&[("c/index.html", "c3")])).unwrap();
        assert_eq!(staging.len(), 2);
        staging.finish().unwrap();
        let names: Vec<String> = read(&out).into_iter().map(|(p, b)| format!("{p}={b}")).collect();
        assert_eq!(names, [".blueprint-output=", "c/index.html=c3", "index.html=v3"]);
        let _ = fs::remove_dir_all(&tmp);
    }
}
