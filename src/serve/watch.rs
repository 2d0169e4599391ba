//! Watching `content/`, `static/` and `themes/` for saves. Events are debounced (an editor's save
//! is a burst: temp file, rename, attribute change) and reduced to one question: did anything the
//! build reads change? The watches are re-established when a watched folder is deleted and created again
//! (a branch switch, a restore from backup), which inotify does not follow by itself.

use crate::sayln;
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How long a burst of events must stay quiet before it counts as one change. Editors finish a
/// save-by-rename within a few milliseconds; anything longer only delays the reload.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
    /// The folders the build reads, watched recursively while they exist.
    folders: [PathBuf; 3],
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching `root` (absolute) for changes to its content, static files and theme.
    pub fn start(root: &Path) -> notify_debouncer_full::notify::Result<Watcher> {
        let (tx, events) = channel();
        let mut debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE / 4), tx)?;
        // The root itself, not recursively, so a content/, static/ or themes/ folder created later (or
        // deleted and restored) is noticed and watched again.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            debouncer,
            events,
            root: root.to_path_buf(),
            folders: [
                root.join("content"),
                root.join(crate::load::statics::FOLDER),
                root.join("themes"),
            ],
            watched: BTreeSet::new(),
        };
        watcher.refresh_watches(&[]);
        Ok(watcher)
    }

    /// Blocks until something the build reads has changed; `None` when the watcher has stopped.
    /// Returns the changed paths (relative to the root), for the terminal.
    pub fn next_change(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let first = self.events.recv().ok()?;
            if let Some(changed) = self.changes_in(first) {
                return Some(changed);
            }
        }
    }

    /// Like `next_change`, but gives up (`None`) after `wait`.
    pub fn change_within(&mut self, wait: Duration) -> Option<Vec<PathBuf>> {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let first = self.events.recv_timeout(left).ok()?;
            if let Some(changed) = self.changes_in(first) {
                return Some(changed);
            }
        }
    }

    /// The relevant paths in `first` and every batch queued behind it (events that piled up
    /// during a rebuild count as one change); `None` if none is relevant.
    fn changes_in(&mut self, first: DebounceEventResult) -> Option<Vec<PathBuf>> {
        let mut batches = vec![first];
        batches.extend(self.events.try_iter());
        let mut changed = BTreeSet::new();
        let mut touched_folders = Vec::new();
        for batch in batches {
            match batch {
                Ok(events) => {
                    for e in events.iter().filter(|e| !matches!(e.kind, EventKind::Access(_))) {
                        for p in &e.paths {
                            let replaced = matches!(
                                e.kind,
                                EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
                            );
                            if replaced && self.folders.contains(p) {
                                touched_folders.push(p.clone());
                            }
                            if self.is_relevant(p) {
                                changed.insert(p.strip_prefix(&self.root).unwrap_or(p).to_path_buf());
                            }
                        }
                    }
                }
                Err(errors) => errors.iter().for_each(|e| sayln!("warning: watching files: {e}")),
            }
        }
        self.refresh_watches(&touched_folders);
        (!changed.is_empty()).then(|| changed.into_iter().collect())
    }

    fn is_relevant(&self, path: &Path) -> bool {
        self.folders.iter().any(|f| path.starts_with(f)) && !is_scratch_file(path)
    }

    /// Watches the folders that exist and are not watched yet, and re-watches any folder that was
    /// itself created or removed (its old watch died with it).
    fn refresh_watches(&mut self, touched: &[PathBuf]) {
        for folder in &self.folders {
            if touched.contains(folder) && self.watched.remove(folder) {
                let _ = self.debouncer.unwatch(folder);
            }
            let present = folder.is_dir();
            if present && !self.watched.contains(folder) {
                match self.debouncer.watch(folder, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(folder.clone());
                    }
                    Err(e) => sayln!("warning: cannot watch `{}`: {e}", folder.display()),
                }
            } else if !present && self.watched.remove(folder) {
                let _ = self.debouncer.unwatch(folder);
            }
        }
    }
}

/// Editors' swap, backup and lock files: the build ignores them (see `load::read_tree`), so
/// rebuilding for them would only cost time — Vim rewrites its swap file while you type.
fn is_scratch_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        // Vim probes whether a folder is writable by creating and deleting a file named 4913.
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_files() {
        for name in [".3.1.2.md.swp", "3.1.2.md~", "4913", ".#3.1.2.md", "x.swx"] {
            assert!(is_scratch_file(Path::new(name)), "{name}");
        }
        assert!(!is_scratch_file(Path::new("content/recommendations/3.1.2.md")));
    }
}
