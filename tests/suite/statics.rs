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

/// A secret outside the project, and a site whose `static/` and `content/` link to it: nothing
/// behind a link that leaves the project is read, published or echoed (E026 names the link).
#[cfg(unix)]
#[test]
fn links_out_of_the_project_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    fs::write(&secret, "CI_TOKEN=hunter2\n").unwrap();
    fs::create_dir_all(outside.path().join("folder")).unwrap();
    fs::write(outside.path().join("folder/passwd"), "root:x:0:0 hunter2\n").unwrap();
    let site = site_with_overlay(None);
    let root = site.path();
    symlink(&secret, root.join("static/files/env.txt")).unwrap();
    symlink(outside.path().join("folder"), root.join("static/etc")).unwrap();
    symlink(&secret, root.join("content/chapters/99-outside.md")).unwrap();
    for args in [&["check"][..], &["build"][..]] {
        let (code, stderr) = run(args, root);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(!stderr.contains("hunter2"), "the secret reached the log:\n{stderr}");
        for link in ["static/files/env.txt", "static/etc", "content/chapters/99-outside.md"] {
            let head = format!("error[E026]: `{link}` is a symbolic link to `");
            assert!(stderr.contains(&head), "{link} not reported:\n{stderr}");
        }
        assert!(stderr.contains("outside the project"), "{stderr}");
    }
    assert!(!root.join("output").exists(), "a site was written");
    let report = stderr_of_check(root).replace(&outside.path().display().to_string(), "[OUTSIDE]");
    insta::assert_snapshot!("runtime__link-out-of-project", report);
}

/// A theme override is read like content: a template linked from outside is refused, so its
/// text is never rendered into a page.
#[cfg(unix)]
#[test]
fn a_theme_file_linked_from_outside_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    fs::write(&secret, "CI_TOKEN=hunter2\n").unwrap();
    let site = site_with_overlay(None);
    let root = site.path();
    fs::create_dir_all(root.join("themes/default/templates")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("themes/default/templates/404.html")).unwrap();
    let (code, stderr) = run(&["build"], root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[E026]: `themes/default/templates/404.html` is a symbolic link to `"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2") && !root.join("output").exists());
}

/// A link that stays inside the project but leads into a hidden folder or file is refused like
/// one leading out of it (found by fuzzing: `static/keys` → `.ssh/` published the key that the
/// walk leaves out when it meets `.ssh/` by its own name). `.well-known/` may be linked to.
#[cfg(unix)]
#[test]
fn links_into_hidden_folders_are_refused() {
    use std::os::unix::fs::symlink;
    let site = site_with_overlay(None);
    let root = site.path();
    write_files(
        root,
        &[
            (".ssh/id_rsa", "-----BEGIN KEY----- hunter2"),
            (".git/config", "[remote] url = https://hunter2@example.org"),
            (".well-known/security.txt", "Contact: mailto:security@example.org\n"),
        ],
    );
    symlink("../.ssh", root.join("static/keys")).unwrap();
    symlink("../../.git/config", root.join("static/files/config.txt")).unwrap();
    symlink("../../.ssh/id_rsa", root.join("content/chapters/99-key.md")).unwrap();
    symlink("../.well-known", root.join("static/well-known")).unwrap();
    fs::create_dir_all(root.join("themes/default/static")).unwrap();
    symlink("../../../.git/config", root.join("themes/default/static/site.css")).unwrap();
    let (code, stderr) = run(&["build"], root);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("hunter2"), "the secret reached the log:\n{stderr}");
    for (link, target) in [
        ("static/keys", ".ssh"),
        ("static/files/config.txt", ".git/config"),
        ("content/chapters/99-key.md", ".ssh/id_rsa"),
    ] {
        let line =
            format!("error[E026]: `{link}` is a symbolic link to `{target}`, a hidden file or folder of the project");
        assert!(stderr.contains(&line), "{link} not reported:\n{stderr}");
    }
    assert!(!stderr.contains("`static/well-known`"), "{stderr}");
    assert!(!root.join("output").exists(), "a site was written");
    // The theme is read once the content is good: its link is refused then.
    for link in ["static/keys", "static/files/config.txt", "content/chapters/99-key.md"] {
        fs::remove_file(root.join(link)).unwrap();
    }
    let (code, stderr) = run(&["build"], root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[E026]: `themes/default/static/site.css` is a symbolic link to `.git/config`"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2") && !root.join("output").exists());
}

fn stderr_of_check(root: &std::path::Path) -> String {
    let (_, stderr) = run(&["check"], root);
    let root_text = root.display().to_string();
    stderr
        .lines()
        .filter(|l| !l.starts_with("checked "))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(&root_text, "[ROOT]")
}

/// Links that stay inside the project are followed as before, even to a folder elsewhere in it.
#[cfg(unix)]
#[test]
fn links_within_the_project_are_followed() {
    use std::os::unix::fs::symlink;
    let site = site_with_overlay(None);
    let root = site.path();
    fs::create_dir_all(root.join("assets/logos")).unwrap();
    fs::write(
        root.join("assets/logos/mark.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    symlink(root.join("assets/logos"), root.join("static/logos")).unwrap();
    symlink("chart.png", root.join("static/images/same-chart.png")).unwrap();
    let built = build(root, None);
    assert!(built.output.contains_key("logos/mark.svg"));
    assert_eq!(
        built.output.get("images/same-chart.png"),
        built.output.get("images/chart.png")
    );
}

/// Hidden folders are left out like hidden files (a repository's `.git/`, an `.ssh/` key), but
/// `.well-known/` is published: hosts and browsers ask for it on purpose.
#[test]
fn hidden_folders_are_not_published_but_well_known_is() {
    let site = site_with_overlay(None);
    let root = site.path();
    write_files(
        root,
        &[
            ("static/.git/config", "[remote \"origin\"] url = secret"),
            ("static/files/.ssh/id_rsa", "-----BEGIN KEY-----"),
            (
                "static/.well-known/security.txt",
                "Contact: mailto:security@example.org\n",
            ),
            ("content/.drafts/chapters/x.md", "not content"),
        ],
    );
    let (code, stderr) = run(&["check"], root);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stderr.contains(".drafts"),
        "a hidden content folder was read:\n{stderr}"
    );
    let built = build(root, None);
    let published: Vec<&String> = built
        .output
        .keys()
        .filter(|k| k.contains("/.") || k.starts_with('.'))
        .collect();
    assert_eq!(published, [".well-known/security.txt"]);
}

/// Writes each (path under `root`, text), making its folders.
fn write_files(root: &std::path::Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        fs::write(root.join(path), text).unwrap();
    }
}
