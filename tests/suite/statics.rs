//! Static files: copied from `static/` to the site root byte for byte, hidden files left out,
//! images without alt text warned about, unreadable files reported.

use crate::harness::*;
use std::fs;

#[test]
fn static_files_are_copied_byte_for_byte() {
    let site = site_with_overlay(None);
    fs::write(site.path().join("static/images/.chart.png.swp"), "scratch").unwrap();
    fs::create_dir_all(site.path().join("static/data")).unwrap();
    let csv = b"year,value\r\n2024,\xef\xbb\xbf1.5\r\n";
    fs::write(site.path().join("static/data/figures.csv"), csv).unwrap();
    let built = build(site.path(), None);
    for rel in ["images/chart.png", "files/blueprint.pdf", "data/figures.csv"] {
        let source = fs::read(site.path().join("static").join(rel)).unwrap();
        assert!(built.output.get(rel) == Some(&source), "{rel} differs from its source");
    }
    assert!(
        !built.output.keys().any(|k| k.contains(".swp")),
        "hidden and scratch files are not published"
    );
    // Generated files in the same folder stay.
    assert!(built.output.contains_key("data/graph.json"));
}

#[test]
fn image_without_alt_text_is_a_warning() {
    let site = site_with_overlay(None);
    let path = site.path().join("content/directions/1.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("![Bar chart: research spending rose each year]", "![ ]"),
    )
    .unwrap();
    let (code, stderr) = run(&["check"], site.path());
    assert_eq!(code, 0, "a warning does not fail the check:\n{stderr}");
    assert!(stderr.contains("warning[W005]: image without alt text"), "{stderr}");
    assert!(stderr.contains("--> content/directions/1.md:7:1"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn unreadable_static_files_are_reported() {
    let site = site_with_overlay(None);
    std::os::unix::fs::symlink("..", site.path().join("static/images/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.png", site.path().join("static/images/dangling.png")).unwrap();
    let (code, stderr) = run(&["check"], site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[E001]: cannot read `static/images/loop`"),
        "{stderr}"
    );
    assert!(stderr.contains("loops back"), "{stderr}");
    assert!(stderr.contains("static/images/dangling.png"), "{stderr}");
}

#[test]
fn a_file_named_static_is_not_a_folder() {
    let site = site_with_overlay(None);
    fs::remove_dir_all(site.path().join("static")).unwrap();
    fs::write(site.path().join("static"), "not a folder").unwrap();
    let (code, stderr) = run(&["check"], site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("`static` is not a folder"), "{stderr}");
}

#[test]
fn a_site_without_static_files_builds() {
    let site = site_with_overlay(None);
    fs::remove_dir_all(site.path().join("static")).unwrap();
    let path = site.path().join("content/directions/1.md");
    fs::write(
        &path,
        "---\nid: \"1\"\ntitle: To do better\n---\n- A direction, word for word.\n",
    )
    .unwrap();
    let built = build(site.path(), None);
    assert!(!built.output.keys().any(|k| k.starts_with("images/")));
}
