use super::*;

fn render_with(src: &str, names: &[(&str, &[&str])]) -> Rendered {
    let urls = Urls::new("https://example.org/sub/");
    let names: Vec<(String, Vec<String>)> = names
        .iter()
        .map(|(id, n)| (id.to_string(), n.iter().map(|s| s.to_string()).collect()))
        .collect();
    let linker = Autolinker::new(&names);
    let this = ItemRef::new(Kind::Recommendation, "1.1.1");
    render(
        src,
        &RenderOptions {
            urls: &urls,
            autolinker: Some(&linker),
            raw_html: false,
            this: &this,
        },
    )
}

fn render_plain(src: &str) -> Rendered {
    render_with(src, &[])
}

#[test]
fn item_links_resolve_under_sub_path() {
    let r = render_plain("See [Strategy (3)](strategy:3#intro).");
    assert!(
        r.html.contains("<a href=\"/sub/strategies/3/#intro\">Strategy (3)</a>"),
        "{}",
        r.html
    );
    assert_eq!(
        r.links[0].0,
        LinkTarget::Item(ItemRef::new(Kind::Strategy, "3"), Some("intro".into()))
    );
}

#[test]
fn reference_markers_become_superscripts() {
    let r = render_plain("Indicators 2021[5](ref:5) and again[5](ref:5).");
    assert!(r
        .html
        .contains("<sup class=\"cite\" id=\"cite-5-1\"><a href=\"/sub/references/#ref-5\""));
    assert!(r.html.contains("id=\"cite-5-2\""));
    assert_eq!(r.text.trim(), "Indicators 2021 and again.");
}

#[test]
fn notes_keep_their_label() {
    let r = render_plain("New industrialisation[^note-1] here.\n\n[^note-1]: “New industrialisation” refers to it.\n");
    assert!(r.html.contains("<a href=\"#note-1\">Note 1</a>"), "{}", r.html);
    assert!(r.html.contains("<div class=\"note\" id=\"note-1\" role=\"note\">"));
    assert!(r.html.contains("<strong class=\"note-label\">Note 1:</strong> “New"));
}

#[test]
fn photo_captions_become_figures() {
    let r = render_plain("Text.\n\nPhoto: Professor Nancy Ip, a renowned scientist.\n");
    assert!(r.html.contains("<figure class=\"photo\">"));
    assert!(
        r.html
            .contains("</span> Professor Nancy Ip, a renowned scientist.</figcaption></figure>"),
        "{}",
        r.html
    );
    assert!(!r.text.contains("Photo:"));
}

#[test]
fn roman_enumerations_keep_numerals_without_bullets() {
    let r = render_plain("- i. first;\n- ii. second.\n\nText.\n\n- plain\n");
    assert!(
        r.html.starts_with("<ul class=\"enumerated\">\n<li>i. first;</li>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<ul>\n<li>plain</li>"));
}

#[test]
fn autolinks_first_mention_per_section_not_in_headings_or_links() {
    let r = render_with(
        "## About ITVF\n\nThe ITVF and the ITVF again. [ITVF](https://x.org)\n\n## Next\n\nITVF here.\n",
        &[("itvf", &["ITVF", "Innovation and Technology Venture Fund"])],
    );
    assert_eq!(r.html.matches("class=\"autolink\"").count(), 2, "{}", r.html);
    assert!(r.html.contains("<h2 id=\"about-itvf\">"));
    assert!(r.mentions.contains("itvf"));
}

#[test]
fn autolink_needs_whole_words_and_prefers_longest() {
    let r = render_with(
        "ITFX is not ITF. The ITF Fund is.",
        &[("itf", &["ITF"]), ("itf-fund", &["ITF Fund"])],
    );
    assert!(
        r.html
            .contains(">ITF</a>. The <a class=\"autolink\" href=\"/sub/initiatives/itf-fund/\">ITF Fund</a>"),
        "{}",
        r.html
    );
}

#[test]
fn raw_html_is_escaped_and_unsafe_links_flagged() {
    let r = render_plain("<script>alert(1)</script>\n\nHi <b onclick=\"x\">b</b> [x](javascript:alert(1))\n");
    assert!(!r.html.contains("<script>"), "{}", r.html);
    assert!(!r.html.contains("<b onclick"));
    assert!(!r.html.contains("javascript:"));
    assert!(r.links.iter().any(|(t, _)| matches!(t, LinkTarget::Unsafe(_))));
}

#[test]
fn headings_get_unique_anchors_and_fixed_ids() {
    let r = render_plain("## 2.3 Overview {#section-2-3}\n\n### Same\n\n### Same\n");
    let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["section-2-3", "same", "same-2"]);
}

#[test]
fn code_is_highlighted_with_classes() {
    let r = render_plain("```yaml\nid: \"1\"\n```\n");
    assert!(r.html.contains("<pre class=\"code\" data-lang=\"yaml\">"), "{}", r.html);
    assert!(r.html.contains("hl-"));
}

#[test]
fn headings_are_lifted_so_bodies_start_at_h2() {
    let r = render_plain("Text.\n\n### Sub\n\n#### Deeper\n");
    assert!(r.html.contains("<h2 id=\"sub\">"), "{}", r.html);
    assert!(r.html.contains("<h3 id=\"deeper\">"), "{}", r.html);
    let r = render_plain("# Title-level\n");
    assert!(r.html.contains("<h2 id=\"title-level\">"), "{}", r.html);
}
