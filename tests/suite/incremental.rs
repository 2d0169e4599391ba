//! `serve`'s incremental rebuild (`blueprint::incremental`): after every save in a random
//! sequence of edits — bodies changed, links and names added, titles changed, items added,
//! renamed and deleted, files broken and fixed — the site it serves is byte for byte the one a
//! clean build makes, in both languages, search index and whole-plan page included.

use crate::harness::{fixtures, site_with_overlay, AS_OF};
use blueprint::incremental::Kept;
use blueprint::{build_in_memory, BuildOptions, Output};
use std::fs;
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift64), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// What `serve` holds: the served files and, after a good build, the kept site.
struct Serving {
    opts: BuildOptions,
    kept: Option<Kept>,
    served: Output,
    /// Saves that re-rendered only the edited page.
    quick: usize,
}

impl Serving {
    /// As `serve`'s builder does on a save: the edited page alone if the kept site allows it,
    /// else a whole build; then the files built from every page.
    fn save(&mut self, changed: &[PathBuf]) {
        if let Some(pages) = self.kept.as_mut().and_then(|k| k.edit(changed)) {
            self.served.extend(pages);
            self.quick += 1;
        } else {
            self.kept = None;
            let Ok((built, kept)) = Kept::build(&self.opts) else {
                return;
            };
            self.served = built.output;
            self.kept = Some(kept);
        }
        let kept = self.kept.as_ref().unwrap();
        self.served.extend(kept.whole_plan().unwrap());
        self.served.retain(|path, _| !kept.is_search_file(path));
        let index = kept
            .search_files(self.served.iter().map(|(p, b)| (p, b.as_slice())))
            .unwrap();
        self.served.extend(index);
    }
}

fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

/// Applies one random edit under `root`; returns the paths it touched.
fn edit(root: &Path, rng: &mut Rng, step: usize) -> Vec<PathBuf> {
    let files = markdown_files(root);
    let file = files[rng.below(files.len())].clone();
    let full = root.join(&file);
    let text = fs::read_to_string(&full).unwrap();
    let extra = Path::new("content/recommendations/1.1.9.md");
    let renamed = Path::new("content/recommendations/1.1.8.md");
    let new_text = match rng.below(10) {
        // Body only: these should need no whole build.
        0 | 1 => format!("{text}\nA sentence added at step {step}.\n"),
        2 => text.replacen("support", "help", 1),
        // Words a quote stands on, taken away and put back (E018 in between).
        9 => text.replacen("launching the $1", "starting the $1", 1),
        // A new link, an initiative named, a title changed: other pages change too.
        3 => format!("{text}\nSee [the strategy](strategy:1).\n"),
        4 => format!("{text}\nThe Minimal Innovation Fund again.\n"),
        5 => text.replacen("title: ", "title: Changed ", 1),
        // Items added, renamed, deleted.
        6 => {
            let (from, to) = if root.join(extra).exists() {
                (extra, renamed)
            } else {
                (renamed, extra)
            };
            if root.join(from).exists() {
                fs::rename(root.join(from), root.join(to)).unwrap();
                return vec![from.to_path_buf(), to.to_path_buf()];
            }
            let new =
                "---\nid: \"1.1.9\"\nparent: \"1.1\"\nlabel: Recommendation (9)\ntitle: An added one\n---\nAdded.\n";
            fs::write(root.join(extra), new).unwrap();
            return vec![extra.to_path_buf()];
        }
        7 => {
            for p in [extra, renamed] {
                if root.join(p).exists() {
                    fs::remove_file(root.join(p)).unwrap();
                    return vec![p.to_path_buf()];
                }
            }
            format!("{text}\nNothing to delete at step {step}.\n")
        }
        // Broken front matter, kept in `broken~` until the loop puts it back.
        _ if text.starts_with("---\nid: [") => format!("{text}\nStill broken at step {step}.\n"),
        _ => {
            let broken = "---\nid: [\n---\nbroken\n";
            fs::write(root.join("broken~"), &text).unwrap();
            broken.to_string()
        }
    };
    fs::write(&full, new_text).unwrap();
    vec![file]
}

/// Puts back a file `edit` broke (its text kept in `broken~`) or a quote's words it took away;
/// the paths touched, if any.
fn repair(root: &Path) -> Option<Vec<PathBuf>> {
    let backup = root.join("broken~");
    let files = markdown_files(root);
    if let Ok(text) = fs::read_to_string(&backup) {
        let file = files
            .into_iter()
            .find(|f| fs::read_to_string(root.join(f)).unwrap().starts_with("---\nid: [\n"))?;
        fs::write(root.join(&file), text).unwrap();
        fs::remove_file(&backup).unwrap();
        return Some(vec![file]);
    }
    for file in files {
        let text = fs::read_to_string(root.join(&file)).unwrap();
        if text.contains("starting the $1") {
            fs::write(
                root.join(&file),
                text.replacen("starting the $1", "launching the $1", 1),
            )
            .unwrap();
            return Some(vec![file]);
        }
    }
    None
}

#[test]
fn incremental_rebuilds_match_clean_builds_after_random_edits() {
    let site = site_with_overlay(Some(&fixtures().join("bilingual")));
    let root = site.path();
    let opts = |search| BuildOptions {
        root: root.to_path_buf(),
        base_url: None,
        as_of: AS_OF,
        search,
    };
    let mut serving = Serving {
        opts: opts(false),
        kept: None,
        served: Output::new(),
        quick: 0,
    };
    serving.save(&[]);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut compared = 0;
    for step in 0..60 {
        // What an edit broke is put back at the next even step.
        let changed = match repair(root) {
            Some(changed) if step % 2 == 0 => changed,
            _ => edit(root, &mut rng, step),
        };
        serving.save(&changed);
        match build_in_memory(&opts(true)) {
            Ok(clean) => {
                assert!(
                    serving.kept.is_some(),
                    "step {step}: a clean build succeeds, the kept one failed"
                );
                let paths: std::collections::BTreeSet<&String> =
                    clean.output.keys().chain(serving.served.keys()).collect();
                let differ: Vec<&String> = paths
                    .into_iter()
                    .filter(|p| clean.output.get(*p) != serving.served.get(*p))
                    .collect();
                assert!(
                    differ.is_empty(),
                    "step {step} ({changed:?}): served files differ from a clean build: {differ:?}"
                );
                compared += 1;
            }
            Err(_) => assert!(
                serving.kept.is_none(),
                "step {step}: a clean build fails, the kept one did not"
            ),
        }
    }
    // Neither path may go untested: both quick saves and whole builds happened, and compared.
    eprintln!("{} quick saves, {compared} of 60 steps compared", serving.quick);
    assert!(serving.quick >= 15, "only {} saves took the quick path", serving.quick);
    assert!(compared >= 40, "only {compared} steps built");
}
