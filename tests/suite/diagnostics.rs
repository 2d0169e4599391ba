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

/// One test per invalid fixture, so one failing case does not hide the others.
macro_rules! invalid_cases {
    ($($test:ident: $case:literal,)*) => {
        $(
            #[test]
            fn $test() {
                let report = check_case($case);
                insta::assert_snapshot!(concat!("invalid__", $case), report);
            }
        )*

        /// Every folder under tests/fixtures/invalid/ has its test above, and no test names a
        /// folder that is gone.
        #[test]
        fn every_invalid_fixture_has_its_test() {
            let mut cases: Vec<String> = fs::read_dir(fixtures().join("invalid"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            cases.sort();
            assert_eq!(cases, [$($case),*], "add the fixture to invalid_cases! (sorted)");
        }
    };
}

invalid_cases! {
    invalid_base_url_unsafe: "base-url-unsafe",
    invalid_broken_template: "broken-template",
    invalid_byte_order_mark: "byte-order-mark",
    invalid_circular_parent: "circular-parent",
    invalid_dangling_front_matter: "dangling-front-matter",
    invalid_dangling_markdown_link: "dangling-markdown-link",
    invalid_dangling_parent: "dangling-parent",
    invalid_derived_mismatch: "derived-mismatch",
    invalid_duplicate_alias: "duplicate-alias",
    invalid_duplicate_id: "duplicate-id",
    invalid_empty_file: "empty-file",
    invalid_id_with_control: "id-with-control",
    invalid_id_with_dotdot: "id-with-dotdot",
    invalid_id_with_slash: "id-with-slash",
    invalid_id_with_space: "id-with-space",
    invalid_image_from_another_site: "image-from-another-site",
    invalid_language_without_words: "language-without-words",
    invalid_later_figure_uncited: "later-figure-uncited",
    invalid_malformed_due: "malformed-due",
    invalid_many_errors_at_once: "many-errors-at-once",
    invalid_missing_anchor: "missing-anchor",
    invalid_missing_config: "missing-config",
    invalid_missing_content: "missing-content",
    invalid_missing_field: "missing-field",
    invalid_missing_front_matter: "missing-front-matter",
    invalid_name_uncited: "name-uncited",
    invalid_name_unquoted: "name-unquoted",
    invalid_nested_id_mismatch: "nested-id-mismatch",
    invalid_non_utf8: "non-utf8",
    invalid_quote_empty: "quote-empty",
    invalid_quote_not_in_text: "quote-not-in-text",
    invalid_raw_html_boolean: "raw-html-boolean",
    invalid_redirect_clash: "redirect-clash",
    invalid_redirect_unsafe: "redirect-unsafe",
    invalid_reference_sequence: "reference-sequence",
    invalid_reference_without_kind: "reference-without-kind",
    invalid_renamed_id: "renamed-id",
    invalid_series_duplicate_year: "series-duplicate-year",
    invalid_series_out_of_order: "series-out-of-order",
    invalid_static_collision: "static-collision",
    invalid_static_missing_file: "static-missing-file",
    invalid_static_relative_path: "static-relative-path",
    invalid_status_uncited: "status-uncited",
    invalid_table_too_large: "table-too-large",
    invalid_tabs: "tabs",
    invalid_template_unknown_variable: "template-unknown-variable",
    invalid_unclosed_html: "unclosed-html",
    invalid_unknown_field: "unknown-field",
    invalid_unknown_link_kind: "unknown-link-kind",
    invalid_unknown_reference: "unknown-reference",
    invalid_unknown_unit: "unknown-unit",
    invalid_unknown_variant: "unknown-variant",
    invalid_unsafe_link: "unsafe-link",
    invalid_unsafe_reference_url: "unsafe-reference-url",
    invalid_value_not_a_number: "value-not-a-number",
    invalid_wrong_type: "wrong-type",
    invalid_yaml_nul: "yaml-nul",
    invalid_yaml_syntax: "yaml-syntax",
    invalid_year_out_of_range: "year-out-of-range",
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

/// A content file the user may not read: exit 1, E001 naming the file, the previous site left as
/// it was. As root (CI containers) a mode of 000 stops nothing, so the build runs as `nobody`.
#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_and_previous_output_kept() {
    let site = site_with_overlay(None);
    let (code, stderr) = run(&["build"], site.path());
    assert_eq!(code, 0, "the first build must succeed:\n{stderr}");
    let before = tree_outside_content(site.path());
    let file = site.path().join("content/recommendations/1.1.2.md");
    open_up(&file, 0o000);
    let (code, stderr) = if fs::read(&file).is_ok() {
        // Privileged: let `nobody` in, and let it write, so a build that wrongly succeeded could
        // replace output/ and be caught by the comparison below.
        open_up(site.path(), 0o777);
        run_as_nobody(&["build"], site.path())
    } else {
        run(&["build"], site.path())
    };
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("error[E001]: cannot read `content/recommendations/1.1.2.md`: Permission denied"),
        "{stderr}"
    );
    assert!(
        tree_outside_content(site.path()) == before,
        "the previous output changed"
    );
    insta::assert_snapshot!("runtime__unreadable-file", normalise(&stderr, site.path()));
}

/// Every file of the site but its sources, with its bytes: output/ and any sibling a build
/// might leave (`.output.staging-*`).
fn tree_outside_content(root: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .filter(|rel| !rel.starts_with("content"))
        .map(|rel| {
            let bytes = fs::read(root.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
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

/// A target whose year has passed without a figure warns at the year it describes (the Blueprint
/// prints 2025 figures in its 2027 column), until a later figure for that year is added.
#[test]
fn past_target_without_a_figure_warns_at_its_year() {
    let site = site_with_overlay(None);
    let (code, stderr) = run(&["check", "--as-of", "2026-06"], site.path());
    assert_eq!(code, 0, "a warning does not fail the check:\n{stderr}");
    // The last line times the check: not part of the report.
    let report: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("checked ")).collect();
    insta::assert_snapshot!("past_target_warning", normalise(&report.join("\n"), site.path()));
    let path = site.path().join("content/indicators/1.1.yaml");
    let later = "  - year: 2025\n    value: 1.2\n    printed: \"1.2%\"\n    kind: observed\n    \
                 source: A statistics release\n    url: https://example.org/rd-2025\n    \
                 published: \"2026-05\"\n    quote: \"R&D was 1.2% of GDP in 2025.\"\n";
    fs::write(&path, fs::read_to_string(&path).unwrap() + later).unwrap();
    let (code, stderr) = run(&["check", "--as-of", "2026-06"], site.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("W003"), "{stderr}");
}

/// A file name can hold a newline, an ESC or a right-to-left override: printed raw, it could
/// forge a line of the report (`error[E999]: …`) or drive the terminal. Each is escaped.
#[cfg(unix)]
#[test]
fn control_and_bidi_characters_in_names_are_escaped() {
    let site = site_with_overlay(None);
    let name = "x\u{1b}[2J\u{202e}lmy.\nerror[E999]: forged.yaml";
    fs::write(site.path().join("content/initiatives").join(name), "id: x\n").unwrap();
    let (code, stderr) = run(&["check"], site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.lines().any(|l| l.starts_with("error[E999]")), "{stderr}");
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'), "{stderr}");
    assert!(
        stderr.contains("content/initiatives/x\\u{1b}[2J\\u{202e}lmy.\\nerror[E999]: forged.yaml"),
        "{stderr}"
    );
}

/// A one-line file of 100 KB (minified, generated) is shown as a window around the column.
#[test]
fn long_lines_are_shown_around_the_column() {
    let site = site_with_overlay(None);
    let long = "a".repeat(100_000);
    let yaml = format!("{{id: mif, name: \"{long}\", colour: red, kind: fund, quote: x, where: y}}\n");
    fs::write(site.path().join("content/initiatives/mif.yaml"), yaml).unwrap();
    let (code, stderr) = run(&["check"], site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("unknown field `colour`"), "{stderr}");
    let shown = stderr
        .lines()
        .find(|l| l.starts_with(" 1 | "))
        .expect("the source line");
    assert!(shown.chars().count() < 140 && shown.contains('…'), "{shown}");
    let caret = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("| ") && l.contains('^'))
        .unwrap();
    let col = caret.find('^').unwrap();
    // Columns, not bytes: the `…` is one column of three bytes.
    let under: String = shown.chars().skip(col).take(6).collect();
    assert_eq!(under, "colour", "{shown}\n{caret}");
}

/// A recommendation with front matter and no text passes every other check: it is warned about.
#[test]
fn empty_recommendation_warns() {
    let site = site_with_overlay(None);
    let path = site.path().join("content/recommendations/1.1.2.md");
    let text = fs::read_to_string(&path).unwrap();
    let front_matter_end = text.rfind("---\n").unwrap() + 4;
    fs::write(&path, format!("{}\n  \n", &text[..front_matter_end])).unwrap();
    let (code, stderr) = run(&["check", "--as-of", "2024-01"], site.path());
    assert_eq!(code, 0, "a warning does not fail the check:\n{stderr}");
    let report: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("checked ")).collect();
    insta::assert_snapshot!("empty_recommendation", normalise(&report.join("\n"), site.path()));
}
