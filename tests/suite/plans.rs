//! Any plan: a plan declared with other levels than the Blueprint's (tests/fixtures/other-plan:
//! pillars → goals → actions, slug ids at the top) and the `blueprint init` starter both build,
//! check clean and carry none of the Hong Kong plan's words.

use crate::harness::*;

/// Words of the bundled Blueprint that no template may carry into another plan's pages.
const BLUEPRINT_WORDS: &[&str] = &[
    "Blueprint",
    "strateg",
    "Strateg",
    "Chapter 5",
    "Hong Kong",
    "recommendation",
];

fn assert_no_blueprint_words(built: &blueprint::Built) {
    for (path, bytes) in built.output.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        // What a reader sees: the text, and the attributes read aloud or shown as tooltips.
        let mut seen = text_of(html);
        for attr in ["title=\"", "content=\"", "aria-label=\"", "alt=\""] {
            for part in html.split(attr).skip(1) {
                seen.push('\n');
                seen.push_str(part.split('"').next().unwrap_or(""));
            }
        }
        for w in BLUEPRINT_WORDS {
            assert!(!seen.contains(w), "{path} shows the Blueprint's word `{w}`");
        }
    }
}

#[test]
fn a_plan_with_other_levels_builds_and_checks_clean() {
    let root = fixtures().join("other-plan");
    let built = build(&root, None);
    assert!(built.warnings.is_empty(), "{}", built.warnings.render());
    for path in [
        "index.html",
        "pillars/index.html",
        "pillars/clean-air/index.html",
        "goals/1/index.html",
        "actions/1.1/index.html",
        "actions/index.html",
        "report/index.html",
    ] {
        let name = format!(
            "other-plan__{}",
            path.trim_end_matches("index.html")
                .trim_end_matches('/')
                .replace('/', "__")
        );
        insta::assert_snapshot!(name, main_of(page(&built, path)));
    }
    let action = page(&built, "actions/1.1/index.html");
    // The breadcrumbs walk the declared levels: Pillars › Pillar A › Goal 1.
    assert!(
        action.contains(">Pillars</a>") && action.contains("Goal 1"),
        "breadcrumbs"
    );
    // Links written `goal:1` and `pillar:clean-air` resolve to the declared folders.
    assert!(action.contains("href=\"/green/goals/1/\"") && action.contains("href=\"/green/pillars/clean-air/\""));
    assert_no_blueprint_words(&built);
}

#[test]
fn a_link_to_a_level_the_plan_does_not_declare_is_an_error() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    copy_dir(&fixtures().join("other-plan"), root);
    let action = root.join("content/actions/2.1.md");
    let text = std::fs::read_to_string(&action).unwrap();
    std::fs::write(
        &action,
        text.replace("by 2032.", "by 2032, as [the strategy](strategy:1) says."),
    )
    .unwrap();
    let (code, stderr) = run(&["check"], root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[E011]: link to `strategy:1` uses an unknown kind"),
        "{stderr}"
    );
    assert!(
        stderr.contains("chapter, pillar, goal, action, initiative"),
        "the help lists this plan's kinds: {stderr}"
    );
}

#[test]
fn the_init_starter_builds_and_checks_with_no_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = run(&["init", "plan"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    let root = dir.path().join("plan");
    // From a subfolder, as cargo and zola find their project.
    let (code, stderr) = run(&["check"], &root.join("content/actions"));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let built = build(&root, None);
    assert!(built.warnings.is_empty(), "{}", built.warnings.render());
    assert!(page(&built, "indicators/1.1/index.html").contains("<svg"), "a chart");
    assert_no_blueprint_words(&built);
    // A second init into the same folder refuses rather than overwrites.
    let (code, stderr) = run(&["init", "plan"], dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("already has a content/ folder"), "{stderr}");
}
