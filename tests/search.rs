//! The search index `blueprint build` writes to search-index/: what is indexed, with which
//! metadata and filters, that Chinese is split into words, and that it is reproducible. Ranking
//! and the UI are tested in a real browser (tests/search-browser/).

use blueprint::render::Output;
use blueprint::{build_in_memory, BuildOptions};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const AS_OF: (i32, u32) = (2026, 1);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(root: &Path, base_url: Option<&str>) -> Output {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        base_url: base_url.map(str::to_string),
        as_of: AS_OF,
        search: true,
    };
    match build_in_memory(&opts) {
        Ok(built) => built.output,
        Err(d) => panic!("build of {} failed:\n{}", root.display(), d.render()),
    }
}

/// The bundled Blueprint, built once for all tests here.
fn blueprint() -> &'static Output {
    static SITE: OnceLock<Output> = OnceLock::new();
    SITE.get_or_init(|| build(&repo(), None))
}

fn json(out: &Output, path: &str) -> Value {
    serde_json::from_slice(&out[path]).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every indexed page as the browser gets it (url, meta, filters, content), by URL: the rows
/// of search-index/pages/*.json, numbered in order, with their values in filters.json.
fn fragments(out: &Output) -> BTreeMap<String, Value> {
    let manifest = json(out, "search-index/index.json");
    let dir = format!("search-index/{}/", manifest["dir"].as_str().unwrap());
    let per_chunk = manifest["pages_per_chunk"].as_u64().unwrap() as usize;
    let count = manifest["pages"].as_u64().unwrap() as usize;
    let mut pages: Vec<Value> = (0..count.div_ceil(per_chunk))
        .flat_map(|n| json(out, &format!("{dir}pages/{n}.json")).as_array().unwrap().clone())
        .map(|row| serde_json::json!({"url": row[0], "meta": row[1], "content": row[2], "filters": {}}))
        .collect();
    assert_eq!(pages.len(), count);
    let filters = json(out, &format!("{dir}filters.json"));
    for (key, values) in filters.as_object().unwrap() {
        for (value, gaps) in values.as_object().unwrap() {
            let mut page = 0;
            for gap in gaps.as_array().unwrap() {
                page += gap.as_u64().unwrap() as usize;
                let mut list = pages[page]["filters"][key].as_array().cloned().unwrap_or_default();
                list.push(Value::String(value.clone()));
                pages[page]["filters"][key] = Value::Array(list);
            }
        }
    }
    pages
        .into_iter()
        .map(|p| (p["url"].as_str().unwrap().to_string(), p))
        .collect()
}

/// A JSON array of strings.
fn strings(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect()
}

fn meta<'a>(f: &'a Value, key: &str) -> Option<&'a str> {
    f["meta"][key].as_str()
}

fn filter(f: &Value, key: &str) -> Vec<String> {
    f["filters"][key]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

#[test]
fn the_bundle_has_what_the_engine_loads_and_no_more() {
    let manifest = json(blueprint(), "search-index/index.json");
    let dir = format!("search-index/{}/", manifest["dir"].as_str().unwrap());
    let names: Vec<&str> = blueprint()
        .keys()
        .filter_map(|k| k.strip_prefix(&dir).or(k.strip_prefix("search-index/")))
        .collect();
    for needed in [
        "index.json",
        "filters.json",
        "terms/0.json",
        "suffixes/0.json",
        "pages/0.json",
    ] {
        assert!(names.contains(&needed), "missing {needed}");
    }
    let chunks = manifest["chunks"].as_array().unwrap().len();
    let pages = manifest["pages"].as_u64().unwrap() as usize;
    let page_chunks = pages.div_ceil(manifest["pages_per_chunk"].as_u64().unwrap() as usize);
    let suffix_chunks = manifest["suffixes"].as_array().unwrap().len();
    assert_eq!(names.len(), 2 + chunks + suffix_chunks + page_chunks, "{names:?}");
    // The chunks' first terms are sorted, and each chunk starts with its first term.
    let firsts = strings(&manifest["chunks"]);
    assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
    for (n, first) in firsts.iter().enumerate() {
        assert_eq!(json(blueprint(), &format!("{dir}terms/{n}.json"))["t"][0], *first);
    }
    // search.js and its styles are theme files, linked from every page; the engine beside them.
    let home = String::from_utf8_lossy(&blueprint()["index.html"]);
    assert!(home.contains("assets/search.js") && home.contains("assets/search.css"));
    assert!(blueprint().contains_key("assets/search-engine.js"));
}

#[test]
fn item_pages_and_references_are_indexed_and_nothing_else() {
    let out = blueprint();
    let items: BTreeSet<String> = out
        .keys()
        .filter(|k| k.matches('/').count() == 2 && k.ends_with("/index.html"))
        .filter(|k| !k.starts_with("search/") && !k.starts_with("a-z/"))
        // The Chinese pages have their own index (zh-hant/search-index/).
        .filter(|k| !k.starts_with("zh-hant/"))
        .map(|k| format!("/{}", k.trim_end_matches("index.html")))
        .collect();
    let indexed: BTreeSet<String> = fragments(out).into_keys().collect();
    let mut expected = items.clone();
    expected.insert("/references/".into());
    assert_eq!(indexed, expected);
    assert!(items.len() > 250, "{} item pages", items.len());
    for not in [
        "/",
        "/search/",
        "/a-z/",
        "/strategies/",
        "/recommendations/",
        "/404.html",
    ] {
        assert!(!indexed.contains(not), "{not} is navigation, not content");
    }
}

#[test]
fn a_recommendation_carries_its_kind_label_id_title_and_strategy() {
    let f = &fragments(blueprint())["/recommendations/3.1.2/"];
    assert_eq!(meta(f, "title"), Some("To optimise the existing listing regime"));
    assert_eq!(meta(f, "label"), Some("Recommendation (2)"));
    assert_eq!(meta(f, "kind"), Some("Recommendation"));
    assert_eq!(meta(f, "id"), Some("3.1.2"));
    assert_eq!(filter(f, "kind"), ["Recommendation"]);
    let strategy = filter(f, "strategy");
    assert_eq!(strategy.len(), 1);
    assert!(
        strategy[0].starts_with("Strategy (3): To diversify venture financing"),
        "{strategy:?}"
    );
}

#[test]
fn strategies_targets_and_recommendations_and_only_they_have_a_strategy_filter() {
    let mut values = BTreeSet::new();
    for (url, f) in fragments(blueprint()) {
        let strategy = filter(&f, "strategy");
        let id = url.split('/').nth(2).unwrap_or("");
        let outline = ["/strategies/", "/targets/", "/recommendations/"]
            .iter()
            .any(|p| url.starts_with(p));
        if outline {
            let n = id.split('.').next().unwrap_or("");
            assert_eq!(strategy.len(), 1, "{url}: {strategy:?}");
            assert!(
                strategy[0].starts_with(&format!("Strategy ({n}): ")),
                "{url}: {strategy:?}"
            );
            values.insert(strategy[0].clone());
        } else {
            assert!(strategy.is_empty(), "{url} has strategy {strategy:?}");
        }
        assert_eq!(filter(&f, "kind").len(), 1, "{url} has one kind");
    }
    assert_eq!(values.len(), 8, "{values:?}");
}

/// Another plan's branch filter is keyed by its own top level (pillars), in the index and in the
/// search page's select, which search.js reads the key from.
#[test]
fn another_plan_filters_by_its_own_branch_level() {
    let out = build(&repo().join("tests/fixtures/other-plan"), None);
    let page = String::from_utf8_lossy(&out["search/index.html"]).into_owned();
    assert!(page.contains(r#"<select id="search-branch" name="pillar">"#), "{page}");
    let mut pillars = BTreeSet::new();
    for (url, f) in fragments(&out) {
        let pillar = filter(&f, "pillar");
        if url.starts_with("/goals/") || url.starts_with("/actions/") || url.starts_with("/pillars/") {
            assert_eq!(pillar.len(), 1, "{url}: {pillar:?}");
            pillars.extend(pillar);
        } else {
            assert!(pillar.is_empty(), "{url} has pillar {pillar:?}");
        }
        assert!(filter(&f, "strategy").is_empty(), "{url} has a strategy filter");
    }
    assert!(pillars.len() >= 2, "{pillars:?}");
}

#[test]
fn initiatives_carry_their_acronym_and_metadata_is_clean_text() {
    let all = fragments(blueprint());
    let itvf = &all["/initiatives/itvf/"];
    assert_eq!(meta(itvf, "acronym"), Some("ITVF"));
    assert_eq!(
        meta(itvf, "title"),
        Some("Innovation and Technology Venture Fund (ITVF)")
    );
    assert_eq!(meta(&all["/initiatives/techtas/"], "acronym"), Some("TechTAS"));
    assert_eq!(meta(&all["/initiatives/hsitp/"], "acronym"), Some("HSITP"));
    // Metadata is the element's text: no tags, no entities, no runs of spaces.
    for (url, f) in &all {
        for (key, v) in f["meta"].as_object().unwrap() {
            let v = v.as_str().unwrap();
            assert!(
                !v.contains(['<', '>']) && !v.contains("&amp;") && !v.contains("  "),
                "{url} {key}: {v}"
            );
        }
    }
}

#[test]
fn navigation_lists_and_site_boilerplate_are_not_indexed() {
    let all = fragments(blueprint());
    for (url, f) in &all {
        let content = f["content"].as_str().unwrap_or("");
        for noise in [
            "Skip to main content",
            "that mention it",
            "Indicators it serves",
            "The text of this site is the",
            "Download: CSV",
            "Method: the growth-rate ratio",
            "Column (publication year)",
            "was lost in the text of the Blueprint",
        ] {
            assert!(!content.contains(noise), "{url} indexes {noise:?}");
        }
    }
    // A target's outline of its recommendations is navigation: the recommendations have pages.
    let target = all["/targets/3.1/"]["content"].as_str().unwrap();
    assert!(
        target.contains("Innovation and Technology Venture Fund"),
        "the target's own text is indexed"
    );
    assert!(!target.contains("To optimise the existing listing regime"), "{target}");
    // The initiative facts are indexed without their labels ("Acronym", "Kind").
    let itvf = all["/initiatives/itvf/"]["content"].as_str().unwrap();
    assert!(itvf.contains("ITVF") && !itvf.contains("Acronym"), "{itvf}");
}

/// Whether `word` is a term of the index.
fn has_word(out: &Output, word: &str) -> bool {
    out.iter()
        .filter(|(path, _)| path.starts_with("search-index/") && path.contains("/terms/"))
        .any(|(_, bytes)| {
            let chunk: Value = serde_json::from_slice(bytes).unwrap();
            chunk["t"].as_array().unwrap().iter().any(|t| t == word)
        })
}

#[test]
fn chinese_is_split_into_words() {
    let out = build(&repo().join("tests/fixtures/search-zh"), None);
    // Unsplit, this sentence would be one "word" (Chinese has no spaces); split into pairs of
    // characters, every two-character word in it is a term.
    assert!(!has_word(&out, "香港特區政府致力推動創新科技發展建設國際創新科技中心"));
    for word in ["香港", "政府", "創新", "科技", "人才", "研究", "國際"] {
        assert!(has_word(&out, word), "{word} is not in the index");
    }
    let f = &fragments(&out)["/chapters/1/"];
    assert_eq!(meta(f, "title"), Some("匯聚創新科技人才"));
}

#[test]
fn the_index_does_not_depend_on_base_url() {
    let sub = build(&repo(), Some("https://example.org/hk-blueprint/"));
    let index = |out: &Output| -> Vec<(String, Vec<u8>)> {
        out.iter()
            .filter(|(k, _)| k.starts_with("search-index/"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    assert_same("root", &index(blueprint()), "sub-path", &index(&sub));
    assert!(String::from_utf8_lossy(&sub["search/index.html"]).contains(r#"data-root="/hk-blueprint/""#));
}

/// Reads every file under `dir` as (relative path, bytes).
fn read_tree(dir: &Path, rel: &str, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir.join(rel)).unwrap() {
        let entry = entry.unwrap();
        let name = format!("{rel}{}", entry.file_name().to_string_lossy());
        if entry.file_type().unwrap().is_dir() {
            read_tree(dir, &format!("{name}/"), files);
        } else {
            files.insert(name, std::fs::read(entry.path()).unwrap());
        }
    }
}

#[test]
fn two_builds_are_byte_identical_index_included() {
    // Another process (other hash seeds) with one rayon thread instead of several: the bytes
    // must not depend on either.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_blueprint"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(&out)
        .args(["--as-of", "2026-01"])
        .env("RAYON_NUM_THREADS", "1")
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut written = BTreeMap::new();
    read_tree(&out, "", &mut written);
    written.retain(|k, _| !k.starts_with('.'));
    let memory: Vec<(String, Vec<u8>)> = blueprint().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    assert_same(
        "in memory",
        &memory,
        "written",
        &written.into_iter().collect::<Vec<_>>(),
    );
}

/// Fails naming the files that are in one set but not the other, or differ.
fn assert_same(a_name: &str, a: &[(String, Vec<u8>)], b_name: &str, b: &[(String, Vec<u8>)]) {
    let a: BTreeMap<&String, &Vec<u8>> = a.iter().map(|(k, v)| (k, v)).collect();
    let b: BTreeMap<&String, &Vec<u8>> = b.iter().map(|(k, v)| (k, v)).collect();
    let only_a: Vec<&&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    let differ: Vec<&&String> = a.keys().filter(|k| b.get(*k).is_some_and(|v| v != &a[*k])).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty() && differ.is_empty(),
        "only {a_name}: {only_a:?}\nonly {b_name}: {only_b:?}\ndiffer: {differ:?}"
    );
}

/// The cases of tests/search-browser/terms-cases.json, the specification terms.rs shares with
/// `terms()` in search-engine.js (terms.test.mjs runs the same cases there).
#[test]
fn terms_follow_the_specification_shared_with_the_engine() {
    let path = repo().join("tests/search-browser/terms-cases.json");
    let spec: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let cases = spec["cases"].as_array().unwrap();
    assert!(cases.len() > 10);
    for case in cases {
        let text = case["text"].as_str().unwrap();
        let mut got = Vec::new();
        blueprint::search::terms::each(text, |t, _| got.push(t.to_string()));
        assert_eq!(got, strings(&case["terms"]), "{text}");
    }
}
