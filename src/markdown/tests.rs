use super::*;

fn render_with(src: &str, names: &[(&str, &[&str])]) -> Rendered {
    render_full(src, names, RawHtml::Escape, &StaticFiles::new())
}

fn render_full(src: &str, names: &[(&str, &[&str])], raw_html: RawHtml, statics: &StaticFiles) -> Rendered {
    let urls = Urls::new("https://example.org/sub/");
    let names: Vec<(String, Vec<String>)> = names
        .iter()
        .map(|(id, n)| (id.to_string(), n.iter().map(|s| s.to_string()).collect()))
        .collect();
    let linker = Autolinker::new(&names);
    let plan = crate::fixtures::plan();
    let this = ItemRef::new(plan.kind("recommendation").unwrap(), "1.1.1");
    render(
        src,
        &RenderOptions {
            urls: &urls,
            plan: &plan,
            autolinker: Some(&linker),
            raw_html,
            statics,
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
        LinkTarget::Item(
            ItemRef::new(crate::fixtures::plan().kind("strategy").unwrap(), "3"),
            Some("intro".into())
        )
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
fn photo_captions_read_as_labelled_notes_not_images() {
    let r = render_plain("Text.\n\nPhoto: Professor Nancy Ip, a renowned scientist.\n");
    assert!(
        r.html.contains(
            "<p class=\"photo-note\"><span class=\"photo-label\">Photo in the printed Blueprint:</span> \
             Professor Nancy Ip, a renowned scientist.</p>"
        ),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<figure"), "no image frame for a photo we do not have");
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
fn email_and_web_autolinks_pass_through() {
    let r = render_plain("Write to <info@example.org> or see <https://example.org/a>.");
    assert!(
        r.html
            .contains("<a href=\"mailto:info@example.org\">info@example.org</a>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<a href=\"https://example.org/a\">"), "{}", r.html);
    assert!(
        r.links.iter().all(|(t, _)| matches!(t, LinkTarget::External(_))),
        "{:?}",
        r.links
    );
}

#[test]
fn unsafe_markdown_links_are_flagged() {
    let r = render_plain("<script>alert(1)</script>\n\nHi <b onclick=\"x\">b</b> [x](javascript:alert(1))\n");
    assert!(!r.html.contains("<script>"), "{}", r.html);
    assert!(!r.html.contains("<b onclick"));
    assert!(!r.html.contains("javascript:"));
    assert!(r.links.iter().any(|(t, _)| matches!(t, LinkTarget::Unsafe(_))));
}

#[test]
fn unsafe_urls_are_recognised_as_browsers_parse_them() {
    for url in [
        "javascript:x",
        " JavaScript:x",
        "java\tscript:x",
        "\u{1}vbscript:x",
        "data:text/html,x",
        "java\nscript:x",
    ] {
        assert!(is_unsafe_url(url), "{url:?}");
    }
    for url in [
        "https://example.org/javascript:x",
        "mailto:a@b.c",
        "relative/data:x",
        "#javascript",
    ] {
        assert!(!is_unsafe_url(url), "{url:?}");
    }
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

/// Raw HTML that must never reach a page unless the site trusts its authors.
const HOSTILE: &str = r#"<script>alert(1)</script>

<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>

Text <img src=x onerror=alert(1)> and <a href="javascript:alert(1)">a</a>, <a href="JaVaScRiPt:alert(1)">b</a>,
<a href="&#106;avascript:alert(1)">c</a>, <a href="java&#x09;script:alert(1)">d</a>.

<svg onload=alert(1)><circle r="1"/></svg>

<iframe src="https://evil.example/"></iframe>

<p style="background:url(https://evil.example/)" onclick="alert(1)">styled</p>

<img src="data:image/svg+xml;base64,PHN2Zy8+">

<form action="https://evil.example/"><input name="q"></form>
"#;

/// What none of HOSTILE may leave in a page, lowercased.
const LIVE: &[&str] = &[
    "<script",
    "onerror",
    "onload",
    "onclick",
    "javascript:",
    "<svg",
    "<iframe",
    "style=",
    "data:",
    "<form",
    "<input",
    "alert(",
];

fn raw(src: &str, mode: RawHtml) -> String {
    render_full(src, &[], mode, &StaticFiles::new()).html
}

#[test]
fn raw_html_escaped_shows_as_text() {
    let html = raw(HOSTILE, RawHtml::Escape).to_ascii_lowercase();
    for live in [
        "<script",
        "<img",
        "<a href=\"java",
        "<svg",
        "<iframe",
        "<p style",
        "<form",
    ] {
        assert!(!html.contains(live), "{live} in {html}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
}

#[test]
fn raw_html_sanitized_keeps_nothing_active() {
    let html = raw(HOSTILE, RawHtml::Sanitize).to_ascii_lowercase();
    for live in LIVE {
        assert!(!html.contains(live), "{live} in {html}");
    }
    assert!(html.contains("styled"), "harmless text stays: {html}");
}

#[test]
fn raw_html_trusted_passes_untouched() {
    let html = raw(HOSTILE, RawHtml::Trust);
    assert!(html.contains("<script>alert(1)</script>"), "{html}");
    assert!(html.contains("<img src=x onerror=alert(1)>"), "{html}");
}

#[test]
fn sanitize_keeps_harmless_markup_split_across_events() {
    // pulldown-cmark yields `<abbr …>` and `</abbr>` as separate events with Markdown between.
    let src = "H<sub>2</sub>O and <abbr title=\"Research and Development\">*R&D*</abbr><br>next\n\n\
               <table><tr><td>1</td></tr></table>\n";
    let html = raw(src, RawHtml::Sanitize);
    for kept in [
        "H<sub>2</sub>O",
        "<abbr title=\"Research and Development\"><em>R&amp;D</em></abbr>",
        "<br>",
        "<td>1</td>",
    ] {
        assert!(html.contains(kept), "{kept} lost: {html}");
    }
}

/// A body using everything the renderer writes: headings with anchors, notes, citations, photo
/// captions, enumerations, code, tables, links of every kind, an image and auto-links.
const RICH: &str = r#"Intro with ITVF and [a strategy](strategy:3#intro), a citation[5](ref:5) and a note[^note-1].

## 2.3 Overview {#section-2-3}

Photo: A caption.

- i. first;
- ii. second.

| a | b |
|:--|--:|
| 1 | 2 |

```yaml
id: "1"
```

![A chart of R&D spending](/images/chart.png "Spending") and [the PDF](/files/b.pdf#page=2), ~~old~~ **bold** `code`.

1. one
2. two

> quoted

[^note-1]: The note.
"#;

fn rich_statics() -> StaticFiles {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(800u32.to_be_bytes());
    png.extend(600u32.to_be_bytes());
    StaticFiles::from([
        ("images/chart.png".to_string(), png),
        ("files/b.pdf".to_string(), b"%PDF".to_vec()),
    ])
}

type Shape = (String, Vec<(String, String)>);

/// Each start tag's name and sorted attributes (values with the usual entities decoded), in
/// document order: what a browser sees, whoever wrote the HTML.
fn tag_shapes(html: &str) -> Vec<Shape> {
    let decode = |v: &str| {
        v.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    let mut shapes = Vec::new();
    for piece in html.split('<').skip(1) {
        if !piece.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let tag = piece.split('>').next().unwrap_or("");
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let mut attrs = Vec::new();
        let mut rest = &tag[name.len()..];
        while let Some(eq) = rest.find('=') {
            let value = &rest[eq + 1..];
            let q = value.chars().next().unwrap_or('"');
            let end = value[1..].find(q).map_or(value.len(), |e| e + 1);
            attrs.push((rest[..eq].trim().to_string(), decode(&value[1..end])));
            rest = value.get(end + 1..).unwrap_or("");
        }
        attrs.sort();
        shapes.push((name, attrs));
    }
    shapes
}

/// What sanitising must leave of a body the renderer wrote: everything, but inline styles
/// (blocked by the site's CSP anyway) and with `rel` on links.
fn expected_after_sanitizing(html: &str) -> Vec<Shape> {
    let mut shapes = tag_shapes(html);
    for (name, attrs) in &mut shapes {
        attrs.retain(|(a, _)| a != "style");
        if name == "a" {
            attrs.push(("rel".into(), "noopener noreferrer".into()));
            attrs.sort();
        }
    }
    shapes
}

#[test]
fn bodies_without_raw_html_are_identical_in_every_mode() {
    let names: &[(&str, &[&str])] = &[("itvf", &["ITVF"])];
    let statics = rich_statics();
    let escape = render_full(RICH, names, RawHtml::Escape, &statics).html;
    for mode in [RawHtml::Sanitize, RawHtml::Trust] {
        assert_eq!(render_full(RICH, names, mode, &statics).html, escape, "{mode:?}");
    }
}

#[test]
fn sanitizing_keeps_every_element_and_attribute_the_renderer_writes() {
    let names: &[(&str, &[&str])] = &[("itvf", &["ITVF"])];
    let statics = rich_statics();
    // One raw tag makes the whole body go through the sanitiser.
    let src = format!("{RICH}\nH<sub>2</sub>O\n");
    let trusted = render_full(&src, names, RawHtml::Trust, &statics).html;
    let sanitized = render_full(&src, names, RawHtml::Sanitize, &statics).html;
    assert_ne!(trusted, sanitized, "the sanitiser did not run");
    assert_eq!(
        tag_shapes(&sanitized),
        expected_after_sanitizing(&trusted),
        "{sanitized}"
    );
    for attr in [
        "id=\"section-2-3\"",
        "class=\"hl-",
        "data-lang=\"yaml\"",
        "role=\"note\"",
        "loading=\"lazy\"",
    ] {
        assert!(sanitized.contains(attr), "{attr} lost: {sanitized}");
    }
}

#[test]
fn images_and_file_links_go_under_the_base_path() {
    let r = render_full(RICH, &[], RawHtml::Sanitize, &rich_statics());
    assert!(
        r.html.contains(
            "<img src=\"/sub/images/chart.png\" alt=\"A chart of R&amp;D spending\" title=\"Spending\" width=\"800\" height=\"600\" loading=\"lazy\" decoding=\"async\">"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<a href=\"/sub/files/b.pdf#page=2\">the PDF</a>"),
        "{}",
        r.html
    );
    let files: Vec<_> = r
        .links
        .iter()
        .filter_map(|(t, _)| {
            if let LinkTarget::File(p) = t {
                Some(p.as_str())
            } else {
                None
            }
        })
        .collect();
    assert_eq!(files, ["images/chart.png", "files/b.pdf"]);
    assert!(r.images_without_alt.is_empty());
    let r = render_plain("![](/images/chart.png) ![ ](/x.png)");
    assert_eq!(r.images_without_alt.len(), 2);
}

/// The bundled Blueprint has no raw HTML, so its bodies are never sanitised; were they, nothing
/// the renderer wrote may be lost.
#[test]
fn every_bundled_body_survives_sanitizing() {
    let tree = crate::load::read_tree(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let (corpus, _) = crate::load::parse(tree);
    let opts = crate::resolve::ResolveOptions {
        base_url: Some("https://example.org/sub/".into()),
        as_of: (2024, 1),
    };
    let Ok((site, _)) = crate::resolve::resolve(corpus, &opts) else {
        panic!("the bundled site does not resolve")
    };
    assert!(site.bodies().count() > 70, "only {} bodies", site.bodies().count());
    for (item, body) in site.bodies() {
        let sanitized = sanitize::sanitize(&body.html);
        assert_eq!(
            tag_shapes(&sanitized),
            expected_after_sanitizing(&body.html),
            "{item}: {sanitized}"
        );
    }
}

#[test]
fn escape_replaces_the_five_specials_and_keeps_everything_else() {
    assert_eq!(escape(""), "");
    assert_eq!(escape("plain"), "plain");
    assert_eq!(
        escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
    );
    assert_eq!(escape("創新科技 “&” 3.1.2 <"), "創新科技 “&amp;” 3.1.2 &lt;");
    assert_eq!(escape("&&"), "&amp;&amp;");
}
