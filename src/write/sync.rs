//! Makes a folder hold exactly a given set of files, touching only what differs: the previous
//! build's folder is reused as the staging area, so a rebuild rewrites the pages that changed
//! and deletes nothing wholesale (deleting a 10 000-page tree costs more than writing it).

use super::io;
use crate::diagnostics::Diagnostics;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// What a staging folder holds before syncing: relative path → is a folder.
pub type Listing = BTreeMap<String, bool>;

/// Lists `dir` (relative, `/`-separated paths). Anything that is neither a file nor a folder —
/// a symbolic link, a socket — is removed on the way, so later writes can never follow a link
/// out of the folder.
pub fn list(dir: &Path) -> Result<Listing, Diagnostics> {
    let mut listing = Listing::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| io(dir, e.into()))?;
        let Some(rel) = entry
            .path()
            .strip_prefix(dir)
            .ok()
            .and_then(Path::to_str)
            .map(|s| s.replace(std::path::MAIN_SEPARATOR, "/"))
        else {
            continue;
        };
        let t = entry.file_type();
        if t.is_dir() {
            listing.insert(rel, true);
        } else if t.is_file() {
            listing.insert(rel, false);
        } else {
            fs::remove_file(entry.path()).map_err(|e| io(entry.path(), e))?;
        }
    }
    Ok(listing)
}

/// Every folder the files need, parents before children.
fn folders<'a>(files: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut dirs: BTreeSet<&str> = BTreeSet::new();
    for f in files {
        let mut end = f.len();
        while let Some(i) = f[..end].rfind('/') {
            if !dirs.insert(&f[..i]) {
                break;
            }
            end = i;
        }
    }
    let mut dirs: Vec<&str> = dirs.into_iter().collect();
    dirs.sort_by_key(|d| (d.matches('/').count(), *d));
    dirs
}

/// Writes `files` under `staging`, which held `listing` before: a file whose bytes are already
/// there is left alone (and keeps its modification time); a file or folder in the way of one
/// that is needed is removed first. Nothing else is deleted: see `prune`.
pub fn put(files: &[(&str, &[u8])], staging: &Path, listing: &Listing) -> Result<(), Diagnostics> {
    let dirs = folders(files.iter().map(|(p, _)| *p));
    // In the way: a file where a folder is needed, a folder where a file is needed.
    let in_way: Vec<&str> = dirs
        .iter()
        .filter(|d| listing.get(**d) == Some(&false))
        .chain(files.iter().map(|(p, _)| p).filter(|p| listing.get(**p) == Some(&true)))
        .copied()
        .collect();
    in_way.par_iter().try_for_each(|p| {
        let path = staging.join(p);
        let r = if listing[*p] {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        r.map_err(|e| io(&path, e))
    })?;
    for level in dirs.chunk_by(|a, b| a.matches('/').count() == b.matches('/').count()) {
        level
            .par_iter()
            .filter(|d| listing.get(**d) != Some(&true))
            .try_for_each(|d| {
                let d = staging.join(d);
                match fs::create_dir(&d) {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(io(&d, e)),
                    _ => Ok(()),
                }
            })?;
    }
    files.par_iter().try_for_each(|(p, bytes)| {
        let path = staging.join(p);
        if listing.get(*p) == Some(&false) && same_bytes(&path, bytes) {
            return Ok(());
        }
        fs::write(&path, bytes).map_err(|e| io(&path, e))
    })
}

/// Whether the file at `path` holds exactly `bytes` (checking the length first, which settles
/// most changed pages without reading them).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    if !file.metadata().is_ok_and(|m| m.len() == bytes.len() as u64) {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
}

/// Deletes what `listing` had that is not in `keep` (files) or needed by them (folders): the
/// topmost such entries only, in parallel.
pub fn prune(staging: &Path, listing: &Listing, keep: &BTreeSet<&str>) -> Result<(), Diagnostics> {
    let dirs: BTreeSet<&str> = folders(keep.iter().copied()).into_iter().collect();
    let mut stale: Vec<(&str, bool)> = Vec::new();
    let mut stale_dirs: BTreeSet<&str> = BTreeSet::new();
    for (p, &is_dir) in listing {
        // Skip what sits under a folder already going (or gone).
        if p.match_indices('/').any(|(i, _)| stale_dirs.contains(&p[..i])) {
            continue;
        }
        let (same_kind, other_kind) = if is_dir { (&dirs, keep) } else { (keep, &dirs) };
        if same_kind.contains(p.as_str()) {
            continue;
        }
        if is_dir {
            stale_dirs.insert(p);
        }
        // A folder that is now a file (or the reverse) was replaced by `put` already.
        if !other_kind.contains(p.as_str()) {
            stale.push((p, is_dir));
        }
    }
    stale.par_iter().try_for_each(|(p, is_dir)| {
        let path = staging.join(p);
        let r = if *is_dir {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        match r {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&path, e)),
            _ => Ok(()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_listed_parents_first() {
        let f = folders(["a/b/c.html", "a/d.html", "e.html", "a/b/x/y.html"].into_iter());
        assert_eq!(f, ["a", "a/b", "a/b/x"]);
    }

    #[test]
    fn sync_rewrites_changes_removes_stale_and_keeps_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let s = dir.path();
        fs::create_dir_all(s.join("old/deep")).unwrap();
        fs::write(s.join("old/deep/x.html"), "stale").unwrap();
        fs::write(s.join("same.html"), "same").unwrap();
        fs::write(s.join("changed.html"), "before").unwrap();
        fs::write(s.join("was-file"), "now a folder").unwrap();
        fs::create_dir_all(s.join("was-dir/inner")).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("not-ours.html");
        fs::write(&target, "keep me").unwrap();
        std::os::unix::fs::symlink(&target, s.join("link.html")).unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        fs::File::options()
            .write(true)
            .open(s.join("same.html"))
            .unwrap()
            .set_modified(old)
            .unwrap();

        let listing = list(s).unwrap();
        assert!(!s.join("link.html").exists(), "the link was not removed");
        let files: Vec<(&str, &[u8])> = vec![
            ("same.html", b"same"),
            ("changed.html", b"after!"),
            ("was-file/index.html", b"folder now"),
            ("was-dir", b"file now"),
            ("link.html", b"a real file"),
            ("new/page/index.html", b"new"),
        ];
        put(&files, s, &listing).unwrap();
        prune(s, &listing, &files.iter().map(|(p, _)| *p).collect()).unwrap();

        let after = list(s).unwrap();
        let expect: Listing = [
            ("changed.html", false),
            ("link.html", false),
            ("new", true),
            ("new/page", true),
            ("new/page/index.html", false),
            ("same.html", false),
            ("was-dir", false),
            ("was-file", true),
            ("was-file/index.html", false),
        ]
        .into_iter()
        .map(|(p, d)| (p.to_string(), d))
        .collect();
        assert_eq!(after, expect);
        for (p, bytes) in &files {
            assert_eq!(fs::read(s.join(p)).unwrap(), *bytes, "{p}");
        }
        assert_eq!(
            fs::read_to_string(&target).unwrap(),
            "keep me",
            "a write followed the link"
        );
        let mtime = fs::metadata(s.join("same.html")).unwrap().modified().unwrap();
        assert_eq!(mtime, old, "an unchanged file was rewritten");
    }
}
