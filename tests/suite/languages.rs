//! A site in two languages (tests/fixtures/bilingual over the minimal site: English and
//! Traditional Chinese, strategy 1 translated, nothing else): each page links to itself in the
//! other language, untranslated text is marked and announced, the Chinese pages carry the
//! theme's Chinese words, each language has its own search index, and `check` reports a word
//! missing from a language's file.

use crate::harness::*;
use std::fs;

const NOTICE: &str = "尚未有中文版本";

fn bilingual() -> (tempfile::TempDir, blueprint::Built) {
    let site = site_with_overlay(Some(&fixtures().join("bilingual")));
    let built = build(site.path(), None);
    (site, built)
}

#[test]
fn each_page_links_to_itself_in_the_other_language() {
    let (_site, built) = bilingual();
    assert!(built.warnings.is_empty(), "{}", built.warnings.render());
    let en = page(&built, "recommendations/1.1.1/index.html");
    let zh = page(&built, "zh-hant/recommendations/1.1.1/index.html");
    assert!(
        en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "English page's lang"
    );
    assert!(
        zh.starts_with("<!DOCTYPE html>\n<html lang=\"zh-Hant\">"),
        "Chinese page's lang"
    );
    for html in [en, zh] {
        for (lang, href) in [
            ("en", "https://example.org/minimal/recommendations/1.1.1/"),
            ("zh-Hant", "https://example.org/minimal/zh-hant/recommendations/1.1.1/"),
            ("x-default", "https://example.org/minimal/recommendations/1.1.1/"),
        ] {
            let link = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\">");
            assert!(html.contains(&link), "missing {link}");
        }
    }
    // The switcher keeps the reader on the same item, in the other language's own words.
    assert!(en.contains(
        "<a href=\"/minimal/zh-hant/recommendations/1.1.1/\" hreflang=\"zh-Hant\" lang=\"zh-Hant\">繁體中文</a>"
    ));
    assert!(zh.contains("<a href=\"/minimal/recommendations/1.1.1/\" hreflang=\"en\" lang=\"en\">English</a>"));
    // Links inside the Chinese site stay in it; assets and data are the main language's.
    assert!(zh.contains("href=\"/minimal/zh-hant/strategies/1/\""));
    assert!(zh.contains("href=\"/minimal/assets/site.css\""));
    assert!(!built.output.contains_key("zh-hant/assets/site.css"));
    assert!(!built.output.contains_key("zh-hant/data/graph.json"));
}

#[test]
fn an_untranslated_item_shows_the_english_text_marked_and_announced() {
    let (_site, built) = bilingual();
    let zh = page(&built, "zh-hant/recommendations/1.1.1/index.html");
    assert!(zh.contains(NOTICE), "the notice, in Chinese");
    // The English title and text are marked as English (the switcher's `lang="en"` is another).
    let h1 = &zh[zh.find("<h1").unwrap()..];
    let h1 = &h1[..h1.find("</h1>").unwrap()];
    assert!(
        h1.contains("lang=\"en\">To strengthen support to the Minimal Science Park"),
        "{h1}"
    );
    assert!(zh.contains("<div class=\"prose\" lang=\"en\">"), "the body is marked");
    // A translated item shows its translation, with no notice.
    let translated = page(&built, "zh-hant/strategies/1/index.html");
    assert!(translated.contains("<h1") && translated.contains("測試用的策略標題"));
    assert!(!translated.contains(NOTICE));
    // The English site never shows the notice or the translation.
    assert!(!page(&built, "strategies/1/index.html").contains("測試用的策略標題"));
    assert!(!page(&built, "recommendations/1.1.1/index.html").contains(NOTICE));
}

#[test]
fn the_chinese_pages_carry_the_themes_chinese_words() {
    let (_site, built) = bilingual();
    let home = page(&built, "zh-hant/index.html");
    for word in ["措施", "進度", "時間表", "搜尋", "策略"] {
        assert!(text_of(home).contains(word), "zh home lacks {word}");
    }
    let not_found = page(&built, "zh-hant/404.html");
    assert!(not_found.contains("找不到網頁"));
    let en_home = page(&built, "index.html");
    assert!(text_of(en_home).contains("Initiatives") && !text_of(en_home).contains("措施"));
}

#[test]
fn each_language_has_its_search_index_and_the_sitemap_lists_both() {
    let (_site, built) = bilingual();
    let zh_index: String = built
        .output
        .iter()
        .filter(|(p, _)| p.starts_with("zh-hant/search-index/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        zh_index.contains("測試用的策略標題"),
        "the Chinese index has the translation"
    );
    let en_index: String = built
        .output
        .iter()
        .filter(|(p, _)| p.starts_with("search-index/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!en_index.is_empty() && !en_index.contains("測試用的策略標題"));
    let sitemap = page(&built, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/minimal/zh-hant/strategies/1/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/minimal/strategies/1/</loc>"));
    assert!(!sitemap.contains("zh-hant/search/"));
}

#[test]
fn check_reports_a_ui_word_missing_in_a_language() {
    let site = site_with_overlay(Some(&fixtures().join("bilingual")));
    let words = site.path().join("themes/default/i18n");
    fs::create_dir_all(&words).unwrap();
    let full = fs::read_to_string(repo().join("themes/default/i18n/zh-Hant.yaml")).unwrap();
    let without: String = full
        .lines()
        .filter(|l| !l.starts_with("search.title:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(words.join("zh-Hant.yaml"), without).unwrap();
    let (code, stderr) = run(&["check"], site.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning[W031]: UI string `search.title` is missing in `zh-Hant`"),
        "{stderr}"
    );
    assert!(stderr.contains("themes/default/i18n/zh-Hant.yaml"), "{stderr}");
}

#[test]
fn a_site_in_one_language_has_no_language_links() {
    let site = site_with_overlay(None);
    let built = build(site.path(), None);
    let html = page(&built, "strategies/1/index.html");
    assert!(!html.contains("hreflang"));
    assert!(!built.output.keys().any(|k| k.starts_with("zh-hant/")));
}

/// The Chinese A–Z is in stroke order (ICU's collation for zh-Hant), each Chinese title under
/// its first character, before the Latin letters; the English one keeps its letters.
#[test]
fn the_chinese_a_to_z_is_in_stroke_order() {
    let (_site, built) = bilingual();
    let zh = page(&built, "zh-hant/a-z/index.html");
    let at = |needle: &str| {
        zh.find(needle)
            .unwrap_or_else(|| panic!("no {needle} in the Chinese A–Z"))
    };
    // 一 (1 stroke) before 測 (12); pinyin would put 測 (cè) before 一 (yī).
    assert!(at("一個測試用的科學園") < at("測試用的策略標題"));
    assert!(at("<h2 id=\"letter-u4e00-h\">一</h2>") < at("<h2 id=\"letter-u6e2c-h\">測</h2>"));
    assert!(at("測試用的策略標題") < at("<h2 id=\"letter-m-h\">M</h2>"));
    let en = page(&built, "a-z/index.html");
    assert!(en.contains("<h2 id=\"letter-m-h\">M</h2>") && !en.contains("letter-u"));
}

/// An initiative's Chinese name, from its cited translation file: the Chinese page shows it with
/// the English name (marked English) and the source under the site's editorial tag; the plan is
/// still cited, and its English text still linked, by the English name; the English page is as
/// it was.
#[test]
fn a_cited_chinese_name_shows_its_source_beside_the_english_name() {
    let (_site, built) = bilingual();
    let zh = page(&built, "zh-hant/initiatives/science-park/index.html");
    assert!(zh.contains(">一個測試用的科學園</h1>"), "the Chinese name is the title");
    assert!(zh.contains("<p class=\"name-original\">原文名稱：<span lang=\"en\">Minimal Science Park</span></p>"));
    assert!(zh.contains(
        "<span class=\"tag tag-editorial\" title=\"中文名稱由本網站按所列出處加入，並非原文的一部分\">中文名稱出處：<a href=\"https://example.org/minimal/zh/science-park\" rel=\"external noopener\" lang=\"en\">Minimal Bureau, press release in Chinese (2 November 2023)</a>（2023-11-02）</span>"
    ));
    let cite = &zh[zh.find("<p class=\"citation\"").unwrap()..];
    assert!(
        cite[..cite.find("</p>").unwrap()].contains("Minimal Science Park"),
        "the plan is cited by its own name"
    );
    let foreword = page(&built, "zh-hant/chapters/foreword/index.html");
    assert!(foreword.contains("href=\"/minimal/zh-hant/initiatives/science-park/\">Minimal Science Park</a>"));
    let list = page(&built, "zh-hant/initiatives/index.html");
    assert!(list.contains("一個測試用的科學園"), "lists use the Chinese name");
    let en = page(&built, "initiatives/science-park/index.html");
    assert!(!en.contains("一個測試用的科學園") && !en.contains("name-source"));
}

/// An item whose name alone is translated: the plan's words quoted on its Chinese page are
/// announced as still in English (the page as a whole is not marked untranslated).
#[test]
fn the_plans_words_under_a_translated_name_are_announced_as_english() {
    let site = site_with_overlay(Some(&fixtures().join("bilingual")));
    let file = site.path().join("content/initiatives/science-park.yaml");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str(
        "facts:\n  - quote: \"To strengthen support to the Minimal Science Park\"\n    where: recommendation:1.1.1\n",
    );
    fs::write(&file, text).unwrap();
    let built = build(site.path(), None);
    let zh = page(&built, "zh-hant/initiatives/science-park/index.html");
    let facts = &zh[zh.find("<h2 id=\"facts\">").expect("the plan's words about it")..];
    assert!(facts.starts_with(
        "<h2 id=\"facts\">藍圖的相關內容</h2>\n  <p class=\"notice untranslated\" role=\"note\">以上只有名稱有中文版本；以下藍圖原文"
    ));
    assert!(
        !zh.contains("此項目尚未有中文版本"),
        "the name is translated, so the item is not marked as a whole"
    );
    assert!(
        zh.contains("<dd data-search-filter=\"initiative kind\">設施</dd>"),
        "the kind in Chinese"
    );
    let list = page(&built, "zh-hant/initiatives/index.html");
    assert!(list.contains("一個測試用的科學園</span></a> <span class=\"tag\">設施</span>"));
    let en = page(&built, "initiatives/science-park/index.html");
    assert!(!en.contains("notice untranslated"));
    assert!(en.contains("<dd data-search-filter=\"initiative kind\">facility</dd>"));
}

/// The engine's own sentences on a Chinese indicator page are Chinese, composed from the theme's
/// words (not English marked `lang="en"`): the summary, each target's explanation, the chart's
/// key, axis and labels, the unit; the indicator's title, the plan's words, stays marked English.
#[test]
fn a_chinese_indicator_page_says_its_progress_in_chinese() {
    let (_site, built) = bilingual();
    let zh = page(&built, "zh-hant/indicators/1.1/index.html");
    let summary = "2023年為1.11%；目標為2025年1.3%及2030年2%；按現時增長，2025及2030年的目標有進展，但須加快。\
                   進度評估不採用2023年的數字：其量度方法與規劃所用的不同。";
    assert!(
        zh.contains(&format!("<p class=\"lede\">{summary}</p>")),
        "the summary, unmarked"
    );
    assert!(
        zh.contains(&format!("<desc id=\"chart-1-1-desc\">{summary}</desc>")),
        "the chart's description"
    );
    assert!(zh.contains("<strong>2025:</strong> 由0.74%（2014年）至1.11%（2023年），數值每年增長4.6%；要在2025年達到1.3%，須自2014年起每年增長5.3%。比率為0.88：有進展，須加快。"));
    for label in [
        ">2025年目標：1.3%</text>",
        ">2030年目標：2%</text>",
        ">目標</text>",
        ">達標路徑</text>",
        ">百分比</text>",
    ] {
        assert!(zh.contains(label), "chart label {label}");
    }
    assert!(zh.contains("<dd>百分比</dd>"), "the unit, in Chinese");
    assert!(zh.contains("<title id=\"chart-1-1-title\" lang=\"en\">Research spending as a ratio to GDP</title>"));
    assert!(
        !zh.contains("<div lang=\"en\"><svg"),
        "the chart is no longer marked English whole"
    );
    // The English page says it in English, as before.
    let en = page(&built, "indicators/1.1/index.html");
    assert!(en.contains(
        "<p class=\"lede\">1.11% in 2023; targets 1.3% for 2025 and 2% for 2030; on current growth, progress but \
         acceleration needed for 2025 and 2030. Progress does not use the figure for 2023: its measure is not the plan&#39;s.</p>"
    ));
    assert!(en.contains(">2025 target: 1.3%</text>") && !en.contains("目標"));
}
