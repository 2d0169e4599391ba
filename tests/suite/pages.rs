//! The minimal fixture site: what pages contain, that links hold under a sub-path, that builds
//! are deterministic and that a failed build leaves the previous output alone.

use crate::harness::*;
use std::fs;

#[test]
fn minimal_site_pages_snapshot() {
    let built = build(&fixtures().join("minimal"), None);
    for path in [
        "recommendations/1.1.1/index.html",
        "targets/1.1/index.html",
        "initiatives/mif/index.html",
        "indicators/1.1/index.html",
        "chapters/foreword/index.html",
        "chapters/5/index.html",
        "references/index.html",
    ] {
        let name = path.trim_end_matches("/index.html").replace('/', "__");
        insta::assert_snapshot!(name, main_of(page(&built, path)));
    }
}

#[test]
fn every_page_has_title_canonical_and_description() {
    let built = build(&fixtures().join("minimal"), None);
    for (path, bytes) in built.output.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        assert!(html.contains("<title>"), "{path}");
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://example.org/minimal/"),
            "{path}"
        );
        assert!(html.contains("<meta name=\"description\""), "{path}");
        assert!(html.contains("<meta property=\"og:title\""), "{path}");
    }
    for f in [
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "a-z/index.html",
        "data/graph.json",
        "data/indicators.csv",
    ] {
        assert!(built.output.contains_key(f), "missing {f}");
    }
}

/// Every root-relative link stays under the sub-path; none escapes to the host's root.
#[test]
fn sub_path_base_url_holds_on_every_page() {
    let built = build(&fixtures().join("minimal"), Some("https://example.org/deep/sub/"));
    let mut checked = 0;
    for (path, bytes) in built.output.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\"", "action=\""] {
            for (i, _) in html.match_indices(attr) {
                let value = &html[i + attr.len()..];
                let value = &value[..value.find('"').unwrap()];
                if value.starts_with('/') {
                    assert!(
                        value.starts_with("/deep/sub/"),
                        "{path}: `{value}` escapes the base path"
                    );
                    checked += 1;
                }
            }
        }
        assert!(html.contains("https://example.org/deep/sub/"), "{path}: canonical");
    }
    assert!(checked > 100, "only {checked} links checked");
    // The fixture's links to static files are among those checked.
    let direction = page(&built, "directions/1/index.html");
    assert!(
        direction.contains("<img src=\"/deep/sub/images/chart.png\""),
        "{direction}"
    );
    assert!(
        direction.contains("href=\"/deep/sub/files/blueprint.pdf#page=2\""),
        "{direction}"
    );
}

#[test]
fn backlinks_and_autolinks() {
    let built = build(&fixtures().join("minimal"), None);
    let mif = page(&built, "initiatives/mif/index.html");
    // The foreword, the strategy (intro text) and the recommendation mention the MIF.
    for from in [
        "/minimal/chapters/foreword/",
        "/minimal/strategies/1/",
        "/minimal/recommendations/1.1.1/",
    ] {
        assert!(mif.contains(&format!("href=\"{from}\"")), "MIF backlinks lack {from}");
    }
    let park = page(&built, "initiatives/science-park/index.html");
    assert!(park.contains("Recommendations that involve it"));
    assert!(park.contains("href=\"/minimal/recommendations/1.1.2/\""));
    let foreword = page(&built, "chapters/foreword/index.html");
    // First mention per section only: two sections, so two auto-links to the MIF.
    assert_eq!(
        foreword
            .matches("class=\"autolink\" href=\"/minimal/initiatives/mif/\"")
            .count(),
        2
    );
    let indicator = page(&built, "indicators/1.1/index.html");
    assert!(indicator.contains("Strategies that serve it"));
    assert!(indicator.contains("editorial"));
}

#[test]
fn builds_are_byte_identical() {
    let a = build(&fixtures().join("minimal"), None);
    let b = build(&fixtures().join("minimal"), None);
    assert_eq!(a.output.keys().collect::<Vec<_>>(), b.output.keys().collect::<Vec<_>>());
    for (k, v) in &a.output {
        assert!(b.output[k] == *v, "{k} differs between builds");
    }
    let bundled_a = build(&repo(), None);
    let bundled_b = build(&repo(), None);
    assert!(
        bundled_a.output == bundled_b.output,
        "bundled site differs between builds"
    );
}

#[test]
fn determinism_across_thread_counts() {
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let many = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
    let a = one.install(|| build(&repo(), None));
    let b = many.install(|| build(&repo(), None));
    assert!(a.output == b.output, "output depends on the thread count");
}

#[test]
fn failed_build_leaves_previous_output_intact() {
    let site = site_with_overlay(None);
    let (code, err) = run(&["build"], site.path());
    assert_eq!(code, 0, "{err}");
    let index = site.path().join("output/index.html");
    let before = fs::read(&index).unwrap();
    fs::write(
        site.path().join("content/directions/1.md"),
        "---\nid: \"1\"\n---\nno title\n",
    )
    .unwrap();
    let (code, err) = run(&["build"], site.path());
    assert_eq!(code, 1);
    assert!(err.contains("E004"), "{err}");
    assert_eq!(fs::read(&index).unwrap(), before, "previous output was touched");
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = site_with_overlay(None);
    let precious = site.path().join("precious");
    fs::create_dir_all(&precious).unwrap();
    fs::write(precious.join("thesis.txt"), "years of work").unwrap();
    let (code, err) = run(&["build", "--out", "precious"], site.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("E013") && err.contains("not written by blueprint"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(precious.join("thesis.txt")).unwrap(),
        "years of work"
    );
}

#[test]
fn output_readme_survives_rebuilds() {
    let site = site_with_overlay(None);
    fs::create_dir_all(site.path().join("output")).unwrap();
    fs::write(site.path().join("output/README.md"), "generated").unwrap();
    for _ in 0..2 {
        let (code, err) = run(&["build"], site.path());
        assert_eq!(code, 0, "{err}");
    }
    assert_eq!(
        fs::read_to_string(site.path().join("output/README.md")).unwrap(),
        "generated"
    );
}

/// Rebuilds sync the previous build's folder instead of writing a new one: the result must be
/// exactly what a build into an empty folder gives, with stale pages gone and unchanged files
/// not rewritten.
#[test]
fn rebuilds_reuse_the_previous_site_and_match_a_fresh_build() {
    let site = site_with_overlay(None);
    let build = |out: &str| {
        let (code, err) = run(&["build", "--out", out], site.path());
        assert_eq!(code, 0, "{err}");
    };
    let fresh = |name: &str| {
        build(name);
        files_under(&site.path().join(name))
    };
    build("output");
    let home = site.path().join("output/index.html");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    fs::File::options()
        .write(true)
        .open(&home)
        .unwrap()
        .set_modified(old)
        .unwrap();
    build("output");
    assert!(site.path().join(".output.previous/.blueprint-output").is_file());
    build("output");
    assert_eq!(
        fs::metadata(&home).unwrap().modified().unwrap(),
        old,
        "an unchanged page was rewritten"
    );
    assert!(files_under(&site.path().join("output")) == fresh("fresh-1"));

    // A new page, then gone again: each rebuild holds exactly the site.
    let extra = site.path().join("content/recommendations/1.1.3.md");
    fs::write(
        &extra,
        "---\nid: \"1.1.3\"\nparent: \"1.1\"\nlabel: Recommendation (3)\ntitle: A third\n---\nText.\n",
    )
    .unwrap();
    build("output");
    assert!(site.path().join("output/recommendations/1.1.3/index.html").is_file());
    assert!(files_under(&site.path().join("output")) == fresh("fresh-2"));
    fs::remove_file(&extra).unwrap();
    for _ in 0..2 {
        build("output");
        assert!(!site.path().join("output/recommendations/1.1.3").exists());
        assert!(files_under(&site.path().join("output")) == fresh("fresh-3"));
    }
}

/// An output folder that is a symbolic link is replaced as a link: what it points to is never
/// emptied, even when the replaced site cannot be kept as `.output.previous`.
#[test]
fn an_output_link_is_replaced_without_deleting_its_target() {
    let site = site_with_overlay(None);
    let target = site.path().join("elsewhere");
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join(".blueprint-output"), "").unwrap();
    fs::write(target.join("keep.txt"), "not the build's to delete").unwrap();
    std::os::unix::fs::symlink(&target, site.path().join("output")).unwrap();
    // A `.output.previous` that is not ours: the replaced site (the link) cannot move there.
    fs::create_dir_all(site.path().join(".output.previous")).unwrap();
    fs::write(site.path().join(".output.previous/mine.txt"), "someone's").unwrap();
    let (code, err) = run(&["build"], site.path());
    assert_eq!(code, 0, "{err}");
    assert!(site.path().join("output/index.html").is_file());
    assert_eq!(
        fs::read_to_string(target.join("keep.txt")).unwrap(),
        "not the build's to delete"
    );
    assert!(site.path().join(".output.previous/mine.txt").is_file());
}

#[test]
fn hostile_text_is_escaped() {
    let site = site_with_overlay(None);
    fs::write(
        site.path().join("content/initiatives/xss.yaml"),
        "id: xss\nname: \"<script>alert('x')</script> \\\"Fund\\\", with commas\\nand lines\"\nkind: fund\n",
    )
    .unwrap();
    fs::write(
        site.path().join("content/directions/1.md"),
        "---\nid: \"1\"\ntitle: \"<img src=x onerror=alert(1)>\"\n---\n<script>alert(1)</script>\n\n<b onmouseover=\"x\">b</b>\n",
    )
    .unwrap();
    let built = build(site.path(), None);
    for (path, bytes) in built
        .output
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml"))
    {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script>alert"), "{path} has a live script");
        assert!(!text.contains("<img src=x"), "{path} has a live img");
        assert!(!text.contains("<b onmouseover"), "{path} has a live handler");
    }
    let graph = page(&built, "data/graph.json");
    let parsed: serde_json::Value = serde_json::from_str(graph).unwrap();
    assert!(parsed["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["title"].as_str().unwrap().starts_with("<script>")));
}

/// A cell a spreadsheet would run as a formula gets a leading `'`; a negative number stays one.
#[test]
fn csv_cells_are_never_formulas() {
    let site = site_with_overlay(None);
    let path = site.path().join("content/indicators/1.1.yaml");
    let yaml = fs::read_to_string(&path).unwrap();
    let yaml = yaml
        .replacen("printed: \"0.74%\"", "printed: \"+cmd|' /c calc'!A0\"", 1)
        .replacen("value: 0.74", "value: -0.74", 1)
        .replace("source: The table", "source: \"=HYPERLINK(\\\"http://x\\\")\"");
    fs::write(&path, yaml).unwrap();
    let path = site.path().join("content/milestones/mif-launch.yaml");
    let yaml = fs::read_to_string(&path).unwrap().replacen(
        "source: \"Minimal Bureau, press release",
        "source: \"@SUM(1+1)*cmd|' /C calc'!A0 press release",
        1,
    );
    fs::write(&path, yaml).unwrap();
    let built = build(site.path(), None);
    let commitments = page(&built, "data/commitments.csv");
    assert!(commitments.contains(",\"'@SUM(1+1)"), "{commitments}");
    for file in ["data/indicators/1.1.csv", "data/indicators.csv"] {
        let csv = page(&built, file);
        assert!(csv.contains("\"'+cmd|' /c calc'!A0\""), "{csv}");
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
        assert!(csv.contains(",\"-0.74\","), "{csv}");
        assert!(!csv.contains(",\"=") && !csv.contains(",\"+"), "{csv}");
    }
}

#[test]
fn csv_quotes_survive() {
    let site = site_with_overlay(None);
    let path = site.path().join("content/indicators/1.1.yaml");
    let yaml = fs::read_to_string(&path)
        .unwrap()
        .replace("source: The table", "source: \"The \\\"table\\\", page 1\"");
    fs::write(&path, yaml).unwrap();
    let built = build(site.path(), None);
    let csv = page(&built, "data/indicators/1.1.csv");
    assert!(csv.contains("\"The \"\"table\"\", page 1\""), "{csv}");
    // A header, the Blueprint's four figures, then the three later ones with their origin, URL,
    // note, publication date, quote, why the measure differs and the formula of a derived one.
    assert_eq!(csv.lines().count(), 8);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .ends_with("\"blueprint\",\"\",\"\",\"\",\"\",\"\",\"\""),
        "{csv}"
    );
    let later = csv.lines().find(|l| l.contains("\"1.11\"")).unwrap();
    assert!(
        later.starts_with("\"1.1\",\"Research spending as a ratio to GDP\",\"2023\",\"2023\",\"1.11\""),
        "{later}"
    );
    assert!(
        later.ends_with(
            "\"later\",\"https://example.org/statistics/rd-2023?lang=en&table=1\",\"Compiled on the method in use since 2018.\",\
             \"2024-12-20\",\"Gross domestic expenditure on R&D was 1.11% of GDP in 2023.\",\"\",\"\""
        ),
        "{later}"
    );
    let derived = csv.lines().last().unwrap();
    assert!(derived.ends_with("\"\",\"gerd / gdp * 100\""), "{derived}");
    let differs = csv.lines().find(|l| l.contains("\"1.2\"")).unwrap();
    assert!(
        differs.contains("\"It counts in-house software development"),
        "{differs}"
    );
}

#[test]
fn renamed_items_keep_their_old_urls() {
    let site = site_with_overlay(None);
    fs::write(
        site.path().join("content/initiatives/mif.yaml"),
        fs::read_to_string(site.path().join("content/initiatives/mif.yaml")).unwrap()
            + "redirect_from: [initiatives/minimal-fund/]\n",
    )
    .unwrap();
    let built = build(site.path(), None);
    let old = page(&built, "initiatives/minimal-fund/index.html");
    assert!(
        old.contains("<meta http-equiv=\"refresh\" content=\"0; url=/minimal/initiatives/mif/\">"),
        "{old}"
    );
    assert!(old.contains("<link rel=\"canonical\" href=\"https://example.org/minimal/initiatives/mif/\">"));
    assert!(
        !page(&built, "sitemap.xml").contains("minimal-fund"),
        "old addresses are not in the sitemap"
    );
}

/// A full disk: exit 1 with the system's words and a help that says so, and the partly written
/// staging folder removed to give its space back (any other failed write keeps it for the next
/// build to sync). The disk is a tmpfs of 40 inodes, mounted in a mount namespace of the test's
/// own (`unshare` from util-linux; as root, or where user namespaces are allowed), which the
/// site's 46 files and their folders cannot fit in.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_and_its_space_given_back() {
    let site = site_with_overlay(None);
    let disk = site.path().join("disk");
    fs::create_dir(&disk).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=4m,nr_inodes=40 tmpfs '{disk}' || exit 99; \
         '{bin}' build --root '{root}' --out '{disk}/site'; echo \"exit $?\" >&2; \
         echo \"left: $(ls -A '{disk}')\" >&2",
        disk = disk.display(),
        bin = env!("CARGO_BIN_EXE_blueprint"),
        root = site.path().display(),
    );
    // Root needs no user namespace for a mount namespace (and some hosts allow none).
    let root = fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(2) == Some("0"));
    let user_ns: &[&str] = if root { &[] } else { &["--map-root-user"] };
    let out = std::process::Command::new("unshare")
        .arg("--mount")
        .args(user_ns)
        .args(["sh", "-c", &script])
        .output()
        .expect("this test needs `unshare` (Debian package util-linux)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(
        out.status.code(),
        Some(99),
        "cannot mount a tmpfs in a mount namespace here:\n{err}"
    );
    assert!(err.contains("exit 1\n"), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("help: the disk is full: free some space"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("left: \n"),
        "the partly written site is still there:\n{err}"
    );
}

/// CommonMark replaces U+0000 with U+FFFD; a NUL in a body must not reach the page, in text,
/// code, raw HTML or a heading.
#[test]
fn nul_bytes_become_replacement_characters() {
    let site = site_with_overlay(None);
    let path = site.path().join("content/recommendations/1.1.2.md");
    let body = "\n## A\0B\n\nText a\0b, `c\0d`, <b>e\0f</b>.\n\n```\ng\0h\n```\n";
    fs::write(&path, fs::read_to_string(&path).unwrap() + body).unwrap();
    let built = build(site.path(), None);
    let html = page(&built, "recommendations/1.1.2/index.html");
    assert!(!html.contains('\0'), "a NUL reached the page");
    for shown in ["A\u{fffd}B", "a\u{fffd}b", "c\u{fffd}d", "e\u{fffd}f", "g\u{fffd}h"] {
        assert!(html.contains(shown), "{shown} missing");
    }
    // Static files are published as they are; everything made from the text is checked.
    for (name, bytes) in built
        .output
        .iter()
        .filter(|(n, _)| !n.starts_with("images/") && !n.starts_with("files/") && !n.ends_with(".woff2"))
    {
        assert!(!bytes.contains(&0), "a NUL reached {name}");
    }
}
