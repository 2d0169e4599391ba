//! The command line itself: where `--out` goes and where it may not, how it ends when its
//! output is cut off.

use crate::harness::*;
use std::fs;

/// An output folder holding the project would move it aside as the previous site, and the
/// next build would delete it; one inside static/ would publish itself. Both are refused before
/// anything is touched.
#[test]
fn output_folder_around_or_inside_the_sources_is_refused() {
    let site = site_with_overlay(None);
    let proj = site.path().join("proj");
    fs::create_dir_all(&proj).unwrap();
    for part in ["content", "static"] {
        fs::rename(site.path().join(part), proj.join(part)).unwrap();
    }
    // A marker makes the folder look like an earlier build's, which is the dangerous case.
    fs::write(site.path().join(".blueprint-output"), "").unwrap();
    let before = files_under(site.path());
    let root = proj.to_str().unwrap();
    let outside = site.path().to_str().unwrap();
    let through_dotdot = format!("{root}/output/../static/out");
    for out in [outside, root, &format!("{root}/static/out"), &through_dotdot] {
        let (code, err) = run(&["build", "--root", root, "--out", out], site.path());
        assert_eq!(code, 1, "--out {out}: {err}");
        assert!(err.contains("error[E041]: refusing to build into"), "{err}");
        assert_eq!(files_under(site.path()), before, "--out {out} touched files");
    }
}

/// A relative --out is relative to the current folder, as in any command; without --out the
/// site goes to output/ in the project.
#[test]
fn relative_out_is_relative_to_the_current_folder() {
    let site = site_with_overlay(None);
    let here = tempfile::tempdir().unwrap();
    let root = site.path().to_str().unwrap();
    let (code, err) = run(&["build", "--root", root, "--out", "site"], here.path());
    assert_eq!(code, 0, "{err}");
    assert!(here.path().join("site/index.html").is_file(), "{err}");
    assert!(!site.path().join("site").exists(), "--out was taken relative to --root");
    let (code, err) = run(&["build", "--root", root], here.path());
    assert_eq!(code, 0, "{err}");
    assert!(site.path().join("output/index.html").is_file(), "{err}");
}

/// Runs the real binary with its stdout and stderr closed before it writes a byte (as
/// `| head -1` closes them after one line): the exit code it ends with.
fn exit_code_with_pipes_closed(args: &[&str], cwd: &std::path::Path) -> i32 {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_blueprint"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1705276800")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().unwrap().code().unwrap_or(-1)
}

/// A closed stdout or stderr ends every command quietly with the exit code of its outcome,
/// never a panic (101).
#[test]
fn closed_pipes_end_quietly_with_the_right_exit_code() {
    let broken = site_with_overlay(Some(&fixtures().join("invalid/many-errors-at-once")));
    let good = site_with_overlay(None);
    let empty = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &std::path::Path, i32); 9] = [
        (&["build"], broken.path(), 1),
        (&["check"], broken.path(), 1),
        (&["check"], good.path(), 0),
        (&["build", "--out", "site"], good.path(), 0),
        (&["serve"], empty.path(), 1),
        (&["new", "initiative", "new-fund"], good.path(), 0),
        (&["schema", "--out", "schemas"], empty.path(), 0),
        (&["--help"], empty.path(), 0),
        (&["build", "--no-such-flag"], empty.path(), 2),
    ];
    for (args, cwd, expected) in cases {
        assert_eq!(exit_code_with_pipes_closed(args, cwd), expected, "blueprint {args:?}");
    }
}

/// A --base-url that is not an http(s) address or a path from the root is a usage error, like
/// any bad flag: it would be printed into every page, the sitemap and robots.txt.
#[test]
fn unusable_base_url_flag_is_a_usage_error() {
    let site = site_with_overlay(None);
    for bad in [
        "javascript:alert(1)//",
        "http://a\"><script>",
        "",
        "//evil.example/",
        "example.org/sub",
    ] {
        let (code, err) = run(&["build", "--base-url", bad], site.path());
        assert_eq!(code, 2, "--base-url {bad:?}: {err}");
        assert!(err.contains("invalid value"), "{err}");
        assert!(!site.path().join("output").exists());
    }
    let (code, err) = run(&["build", "--base-url", "/hk-blueprint/"], site.path());
    assert_eq!(code, 0, "{err}");
}

/// A SOURCE_DATE_EPOCH that is not a number of seconds is an error saying what it must be, not
/// a build for today.
#[test]
fn malformed_source_date_epoch_is_a_usage_error() {
    let site = site_with_overlay(None);
    for bad in ["abc", "1.5", "-5", "17e8"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_blueprint"))
            .arg("check")
            .current_dir(site.path())
            .env("SOURCE_DATE_EPOCH", bad)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "error: SOURCE_DATE_EPOCH is `{bad}`: it must be a whole number of seconds"
            )),
            "{stderr}"
        );
    }
}

/// A build killed with -9 leaves its staging folder; the next build removes it once its
/// process is gone, and leaves a running build's alone.
#[cfg(target_os = "linux")]
#[test]
fn staging_folders_of_killed_builds_are_removed() {
    let site = site_with_overlay(None);
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let dead = site.path().join(format!(".output.staging-{}", gone.id()));
    let alive = site.path().join(format!(".output.staging-{}", std::process::id()));
    for dir in [&dead, &alive] {
        fs::create_dir_all(dir.join("strategies")).unwrap();
        fs::write(dir.join("index.html"), "a half-written site").unwrap();
    }
    let (code, err) = run(&["build"], site.path());
    assert_eq!(code, 0, "{err}");
    assert!(!dead.exists(), "a dead build's staging folder was left");
    assert!(
        alive.join("index.html").is_file(),
        "a running build's staging folder was touched"
    );
}

/// `build --help` says where the replaced site is kept: beside --out, not inside it.
#[test]
fn build_help_names_the_previous_site_folder() {
    let here = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_blueprint"))
        .args(["build", "--help"])
        .current_dir(here.path())
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("/var/www/.html.previous/ for --out /var/www/html"),
        "{help}"
    );
    assert!(help.contains("relative to the current folder"), "{help}");
}

/// Built without an absolute base URL, the site's canonical links and robots.txt's sitemap line
/// are relative: the build says so (W030) and still succeeds; with one, it says nothing.
#[test]
fn a_build_without_an_absolute_base_url_warns() {
    let site = site_with_overlay(None);
    let root = site.path().to_str().unwrap();
    let (code, err) = run(
        &["build", "--root", root, "--out", "plain", "--base-url", "/plan/"],
        site.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[W030]: the base URL `/plan/` is a path"), "{err}");
    let (code, err) = run(
        &[
            "build",
            "--root",
            root,
            "--out",
            "abs",
            "--base-url",
            "https://example.org/plan/",
        ],
        site.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("W030"), "{err}");
    let robots = std::fs::read_to_string(site.path().join("abs/robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/plan/sitemap.xml"),
        "{robots}"
    );
}
