//! Syntax highlighting of fenced code blocks, with CSS classes (`hl-…`) the theme styles.

use super::escape;
use std::sync::OnceLock;

/// Syntax highlighting with CSS classes; the syntax set is loaded on first use only.
pub fn highlight(code: &str, lang: &str) -> String {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::parsing::SyntaxSet;
    use syntect::util::LinesWithEndings;
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    let plain = || format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code));
    if lang.is_empty() {
        return plain();
    }
    let set = SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines);
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        return plain();
    };
    let mut generator =
        ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::SpacedPrefixed { prefix: "hl-" });
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return plain();
        }
    }
    format!(
        "<pre class=\"code\" data-lang=\"{}\"><code>{}</code></pre>\n",
        escape(lang),
        generator.finalize()
    )
}
