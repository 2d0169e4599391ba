//! `blueprint new`: every kind scaffolds a file that `check` accepts once the blanks only an
//! editor can fill are filled; taken, malformed and orphaned ids are refused without writing.

mod common;
use common::copy_dir;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"),
        dir.path(),
    );
    dir
}

fn blueprint(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blueprint"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn check(root: &Path) -> Output {
    blueprint(root, &["check", "--as-of", "2025-11"])
}

/// Runs `new`, asserts it wrote `file`, and returns the file's path.
fn new(root: &Path, kind: &str, id: &str, file: &str) -> PathBuf {
    let out = blueprint(root, &["new", kind, id, "--title", "A title as printed"]);
    assert!(out.status.success(), "new {kind} {id}: {}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("created content/{file}")),
        "{}",
        stderr(&out)
    );
    root.join("content").join(file)
}

fn replace(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "`{from}` not in {}:\n{text}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn kinds_with_derived_parents_pass_check_as_scaffolded() {
    let site = fixture();
    let root = site.path();
    new(root, "chapter", "6", "chapters/06-6.md");
    new(root, "direction", "2", "directions/2.md");
    new(root, "strategy", "2", "strategies/2.md");
    let target = new(root, "target", "1.2", "targets/1.2.md");
    let rec = new(root, "recommendation", "1.1.3", "recommendations/1.1.3.md");
    new(root, "initiative", "new-fund", "initiatives/new-fund.yaml");
    let out = check(root);
    assert!(out.status.success(), "{}", stderr(&out));
    let target = fs::read_to_string(target).unwrap();
    assert!(
        target.contains("parent: \"1\"") && target.contains("label: \"Target 2\""),
        "{target}"
    );
    assert!(fs::read_to_string(rec).unwrap().contains("parent: \"1.1\""));
}

#[test]
fn milestone_passes_check_once_its_quote_is_placed() {
    let site = fixture();
    let root = site.path();
    let file = new(root, "milestone", "new-milestone", "milestones/new-milestone.yaml");
    let out = check(root);
    assert_eq!(out.status.code(), Some(1), "the blanks are reported, not guessed");
    assert!(
        stderr(&out).contains("milestone `new-milestone` has a malformed due date `YYYY-MM`"),
        "{}",
        stderr(&out)
    );
    replace(&file, "due: \"YYYY-MM\"", "due: \"2023\"");
    replace(&file, "where: \"kind:id\"", "where: recommendation:1.1.1");
    replace(
        &file,
        "quote: \"\"",
        "quote: \"launching the $1 billion Minimal Innovation Fund in 2023\"",
    );
    let out = check(root);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn indicator_passes_check_once_it_has_a_point() {
    let site = fixture();
    let root = site.path();
    let file = new(root, "indicator", "new-measure", "indicators/new-measure.yaml");
    assert!(fs::read_to_string(&file).unwrap().contains("set: further"));
    let out = check(root);
    assert!(
        stderr(&out).contains("indicator `new-measure` has no series points"),
        "{}",
        stderr(&out)
    );
    let point =
        "series:\n  - year: 2022\n    value: 3\n    printed: \"3\"\n    kind: observed\n    source: The table\n";
    replace(&file, "series: []\n", point);
    let out = check(root);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = new(root, "indicator", "2.1", "indicators/2.1.yaml");
    assert!(fs::read_to_string(file).unwrap().contains("set: development"));
}

#[test]
fn refuses_taken_ids_without_touching_the_file() {
    let site = fixture();
    let root = site.path();
    let existing = root.join("content/recommendations/1.1.1.md");
    let before = fs::read_to_string(&existing).unwrap();
    let out = blueprint(root, &["new", "recommendation", "1.1.1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("recommendation `1.1.1` already exists in `content/recommendations/1.1.1.md`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&existing).unwrap(), before);
    // The id counts, not the file name: mif.yaml holds initiative `mif`, whatever it is called.
    fs::rename(
        root.join("content/initiatives/mif.yaml"),
        root.join("content/initiatives/fund.yaml"),
    )
    .unwrap();
    let out = blueprint(root, &["new", "initiative", "mif"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn refuses_malformed_ids_and_missing_parents() {
    let site = fixture();
    let root = site.path();
    for (kind, id) in [
        ("recommendation", "1.x.1"),
        ("initiative", "../escape"),
        ("initiative", "Bad Id"),
        ("target", "1"),
        ("milestone", "a/b"),
    ] {
        let out = blueprint(root, &["new", kind, id]);
        assert_eq!(out.status.code(), Some(2), "{kind} {id}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("`{id}` is not a valid {kind} id")),
            "{}",
            stderr(&out)
        );
    }
    let out = blueprint(root, &["new", "recommendation", "9.9.1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("create it first: blueprint new target 9.9"),
        "{}",
        stderr(&out)
    );
    assert!(!root.join("content/recommendations/9.9.1.md").exists());
    assert!(!root.join("escape.yaml").exists() && !root.join("content/escape.yaml").exists());
}

#[test]
fn lists_what_to_fill_when_no_title_is_given() {
    let site = fixture();
    let out = blueprint(site.path(), &["new", "recommendation", "1.1.3"]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("fill in:") && err.contains("`title:` as the Blueprint prints it"),
        "{err}"
    );
}
