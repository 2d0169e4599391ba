//! One fixture folder per diagnostic under `tests/fixtures/invalid/<case>/`, laid over the
//! minimal site: each must exit 1 with a rustc-style report (snapshotted), never panic, and
//! never write output. A few cases that cannot live in git are made at test time.

use crate::harness::*;
use std::fs;
use std::path::Path;

fn normalise(stderr: &str, root: &Path) -> String {
    stderr.replace(&root.display().to_string(), "[ROOT]")
}

fn check_case(name: &str) -> String {
    let case = fixtures().join("invalid").join(name);
    let site = site_with_overlay(Some(&case));
    let (code, stderr) = run(&["build"], site.path());
    assert_eq!(code, 1, "case {name}: exit code {code}\n{stderr}");
    assert!(!stderr.contains("panicked"), "case {name} panicked:\n{stderr}");
    assert!(stderr.contains("error["), "case {name}: no error code\n{stderr}");
    assert!(
        !site.path().join("output").exists(),
        "case {name}: output written despite errors"
    );
    normalise(&stderr, site.path())
}

#[test]
fn every_invalid_fixture_reports_and_exits_1() {
    let mut cases: Vec<String> = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "only {} invalid fixtures", cases.len());
    for name in cases {
        let report = check_case(&name);
        insta::assert_snapshot!(format!("invalid__{name}"), report);
    }
}

#[test]
fn errors_point_at_file_line_and_column_with_help() {
    let report = check_case("dangling-front-matter");
    assert!(
        report.contains("error[E007]: recommendation `1.1.2` names unknown initiative `scince-park`"),
        "{report}"
    );
    assert!(report.contains("--> content/recommendations/1.1.2.md:6:15"), "{report}");
    assert!(report.contains("= help: did you mean `science-park`?"), "{report}");
    assert!(
        report.contains("error[E007]: recommendation `1.1.2` names unknown indicator `9.9`"),
        "{report}"
    );
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let report = check_case("many-errors-at-once");
    for code in ["E003", "E007"] {
        assert!(report.contains(code), "{code} missing:\n{report}");
    }
    assert!(report.contains("error: found"), "{report}");
}

#[test]
fn huge_file_is_refused() {
    let site = site_with_overlay(None);
    let big = "a".repeat(50 * 1024 * 1024);
    fs::write(site.path().join("content/directions/2.md"), big).unwrap();
    let (code, stderr) = run(&["check"], site.path());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("more than the") && stderr.contains("content/directions/2.md"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported() {
    let site = site_with_overlay(None);
    std::os::unix::fs::symlink("..", site.path().join("content/directions/loop")).unwrap();
    let (code, stderr) = run(&["check"], site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("loops back"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let site = site_with_overlay(None);
    let (code, _) = run(&["build", "--no-such-flag"], site.path());
    assert_eq!(code, 2);
    let (code, _) = run(&["check", "--as-of", "2024-13"], site.path());
    assert_eq!(code, 2);
}

#[test]
fn unwritable_output_parent_is_an_error() {
    let site = site_with_overlay(None);
    fs::write(site.path().join("blocker"), "a file, not a folder").unwrap();
    let (code, stderr) = run(&["build", "--out", "blocker/site"], site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("E013"), "{stderr}");
}

#[test]
fn valid_minimal_site_checks_clean() {
    let site = site_with_overlay(None);
    let (code, stderr) = run(&["check", "--as-of", "2024-01"], site.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
