//! "Cite this page": a suggested citation of an item's page, in plain text and BibTeX. The plan
//! is the work (its title, year and author as the config gives them), the item is the part cited
//! (its label and title) at its permanent address; the reader adds the date they read it.

use crate::model::{ItemHead, Kind};
use crate::resolve::Site;
use crate::urls::Urls;
use serde::Serialize;

#[derive(Serialize)]
pub struct Citation {
    pub text: String,
    pub bibtex: String,
}

/// What the reader fills in: the day they read the page.
const ACCESSED: &str = "[date]";

pub fn of(site: &Site, head: &ItemHead) -> Citation {
    let c = site.config();
    let author = c.publishing.creator(site);
    // A title this site took from another source (an initiative's Chinese name) is not the
    // plan's: the plan is cited by its own title for the item.
    let title = head.title_source.as_ref().map_or(&head.title, |s| &s.original);
    let part = match head.label.as_str() {
        "" => title.clone(),
        label if head.r.kind == Kind::INITIATIVE => format!("{title} ({label})"),
        label => format!("{label}: {title}"),
    };
    let url = site.urls().absolute(&Urls::item_path(&head.r));
    let year = c.published.as_deref();
    let mut text = String::new();
    if let Some(a) = author {
        text.push_str(a);
        text.push_str(". ");
    }
    text.push_str(&c.title);
    if let Some(y) = year {
        text.push_str(&format!(" ({y})"));
    }
    text.push_str(&format!(", {part}. {url} (accessed {ACCESSED})."));
    let short = c.short_title.as_deref().unwrap_or(&c.title);
    let key = format!(
        "{}:{}-{}",
        crate::markdown::slug(short),
        head.r.kind.name(),
        crate::markdown::slug(&head.r.id)
    );
    let mut fields: Vec<(&str, String)> = Vec::new();
    if let Some(a) = author {
        // Double braces: an organisation, not a person's first and last name.
        fields.push(("author", format!("{{{}}}", bib(a))));
    }
    fields.push(("title", format!("{{{}}}", bib(&part))));
    fields.push(("howpublished", bib(&c.title)));
    if let Some(y) = year {
        fields.push(("year", bib(y)));
    }
    fields.push(("url", url.replace(['{', '}'], "")));
    fields.push(("note", format!("Accessed {ACCESSED}")));
    let mut bibtex = format!("@misc{{{key},\n");
    for (name, value) in fields {
        bibtex.push_str(&format!("  {name:<12} = {{{value}}},\n"));
    }
    bibtex.push('}');
    Citation { text, bibtex }
}

/// Text for a BibTeX field: the characters TeX gives a meaning to, escaped.
fn bib(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[test]
fn bibtex_text_escapes_what_tex_would_read() {
    assert_eq!(bib("I&T 50% {x} $1 #2 a_b"), "I\\&T 50\\% \\{x\\} \\$1 \\#2 a\\_b");
    assert_eq!(
        bib("a\\b~^"),
        "a\\textbackslash{}b\\textasciitilde{}\\textasciicircum{}"
    );
}
