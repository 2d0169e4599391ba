//! The small alphabets trees are drawn from: mostly good values, a few bad ones (kept one list
//! a line, hence no rustfmt here).

use arbitrary::{Arbitrary, Result, Unstructured};

/// A string from a list of good values, or about one time in forty from a list of bad ones
/// (`.1` says which).
macro_rules! pick {
    ($name:ident, [$($good:expr),+ $(,)?], [$($bad:expr),* $(,)?]) => {
        #[derive(Debug, Clone, Copy)]
        #[allow(dead_code)] // not every pick needs to know whether it was a bad one
        pub struct $name(pub &'static str, pub bool);
        impl<'a> Arbitrary<'a> for $name {
            fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
                let bad: &[&'static str] = &[$($bad),*];
                if !bad.is_empty() && u.arbitrary::<u8>()? >= 250 {
                    return Ok($name(u.choose(bad)?, false));
                }
                Ok($name(u.choose(&[$($good),+])?, true))
            }
        }
    };
}

pick!(Word, ["launching the Minimal Innovation Fund in 2023", "Minimal Innovation Fund", "MIF",
    "Science Park", "in 2023", "research", "<script>alert(1)</script>", "a \"quoted\" word",
    "tab\there", "ünïcödé 中文 🚀", "&amp; &#x3c;script&#x3e;", "{{ site.title }}", "{% raw %}",
    "line\nbreak", "key: value", "# hash", "i. first", "</main>", "*emphasis* and **strong**",
    "`code`", "\\[escaped\\]", "\u{0}\u{7}\u{1b}[31m"], [""]);
pick!(HeadingId, ["background", "a-section", "section", "x\"y", "ref-note-1", "UPPER", "dup"], []);
pick!(NoteLabel, ["note-1", "note-2", "note", "1", "Note 1", "a b"], []);
pick!(LinkKind, ["chapter", "direction", "strategy", "target", "recommendation", "initiative",
    "indicator", "milestone"], ["bogus", "Strategy", "ref"]);
pick!(Url, ["https://example.org/x", "http://a.b/\"><script>", "mailto:a@b.c", "tel:123",
    "relative/page", "//evil.example", "https://example.org/?a=1&b=<2>"],
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "java&#9;script:alert(1)", "vbscript:x",
    "data:text/html,<script>x</script>", "ref:x", "ref:99999999999", "#missing", "", "bogus:x"]);
pick!(Html, ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<div>\n\nblock\n\n</div>",
    "<!-- comment -->", "<SCRIPT SRC=//x></SCRIPT>", "<a href=\"javascript:x\">x</a>", "<br>",
    "<style>*{}</style>", "</script>", "<svg onload=alert(1)>",
    // Raw HTML that swallows what follows unless closed (E040), its closings, and nestings where
    // an inner opening hides the outer closing (or the other way round).
    "<!--", "-->", "--!>", "<!-->", "<style>", "</style>", "</style >", "<style\n>", "<textarea>", "</textarea>",
    "<TeXtArEa/>", "<xmp>", "</xmp>", "<noscript>", "</noscript>", "<title>", "</title>", "<template>",
    "</template>", "<script>", "<iframe>", "</iframe>", "<plaintext>", "<template><style></template>",
    "<script><!--<script></script>", "<noscript><!--</noscript>", "<textarea><!--</textarea>", "<!-- <style> -->",
    "<style><!--</style>", "<xmp><script></xmp>", "<iframe><textarea></iframe>", "<title><!--</title>-->",
    "<template><template></template>", "<select><textarea></select>", "<svg><style></svg>", "<math><mi>x</math>",
    "<?php echo 1", "<![CDATA[ x", "<!DOCTYPE x"], []);
pick!(Lang, ["", "rust", "yaml", "html", "nonexistent", "js", "\"><script>", "a b"], []);
pick!(Redirect, ["old", "legacy/pages"], ["strategies/1/", "strategies/./1/", "index.html/", "sitemap.xml/",
    "targets/1.1/index.html/", "../escape/", "/abs/", "", "old page/", "assets/site.css", "index.html", "a/./b/"]);
pick!(BaseUrl, ["https://example.org/sub/", "/", "https://x.org", "/a/b/", "https://example.org/sub",
    "\"><script>alert(1)</script>", "relative", "/a b/", ""], []);
pick!(Due, ["2023", "2023-06", "2024-01", "2030-12"], ["2023-13", "", "abcd", "2023-06-01", "99999"]);
pick!(ListName, ["strategies", "directions", "indicator_table"], ["bogus"]);
pick!(InitiativeKind, ["fund", "scheme", "programme", "facility", "platform", "body", "event", "plan",
    "policy", "service"], ["nonsense"]);
pick!(Set, ["development", "further"], ["other"]);
pick!(Trend, ["increase", "decrease"], ["sideways"]);
pick!(PointKind, ["baseline", "observed", "target"], ["guess"]);
pick!(Qualifier, ["about", "at-least", "over"], ["under"]);
pick!(BadId, ["1.", "X", "a b", "../1", "1..2", "é", "a/b", "-a", "a\u{7}", "self", "nope",
    "123456789012345678901234567890123456789012345678901234567890123456789012345678901"], []);
pick!(RawHtmlMode, ["escape", "sanitize", "trust"], ["true", "yes"]);
pick!(StaticName, ["images/a.png", "images/b.jpg", "images/c.svg", "images/d.gif", "images/e.webp",
    "files/a.pdf", "files/a b#1?.pdf", "ünï/中文.png"], ["index.html", "sitemap.xml", "strategies/1/index.html",
    "assets/site.css", "404.html", "robots.txt"]);
pick!(Magic, ["\u{89}PNG\r\n\u{1a}\n\0\0\0\rIHDR", "GIF89a", "\u{ff}\u{d8}\u{ff}\u{c0}", "RIFF\0\0\0\0WEBPVP8X",
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", "%PDF-1.4", ""], []);
pick!(StrayPath, ["content/notes.txt", "content/chapters/x.yaml", "content/deep/er/x.md",
    "content/initiatives/x.md", "content/.hidden.md", "content/README"], []);
