//! One item's body replaced after resolution: what `crate::incremental` needs to re-render a
//! page whose Markdown was edited without resolving the whole plan again. Only an edit that
//! reaches no other page qualifies (see [`Reach`]); deciding that is the caller's part, with
//! the two bodies' reaches this module gives.

use super::{checks, render_body, Body, Site};
use crate::markdown::{LinkTarget, Rendered};
use crate::model::ItemRef;
use std::collections::BTreeSet;

/// What of a body other pages show or depend on: where it links (backlinks, relations, every
/// link's check), the initiatives it names (their "mentioned in" lists), the notes other pages
/// may link to, and the references it cites (the references page's back-links). Two bodies of
/// one item with equal reaches differ only on the item's own page and in what is built from
/// every page's text (search, the whole plan on one page).
#[derive(Debug, PartialEq)]
pub struct Reach {
    links: Vec<LinkTarget>,
    mentions: BTreeSet<String>,
    anchors: BTreeSet<String>,
    citations: Vec<(u32, String)>,
    /// Whether the body has anything a check reports (an image without alt text, raw HTML left
    /// open, a table too large to render): such a body is never judged by its reach alone.
    flagged: bool,
}

impl Reach {
    pub fn of(r: &Rendered) -> Reach {
        Reach {
            links: r.links.iter().map(|(target, _)| target.clone()).collect(),
            mentions: r.mentions.clone(),
            anchors: r.anchors.clone(),
            citations: r.citations.clone(),
            flagged: !r.images_without_alt.is_empty() || !r.unclosed_html.is_empty() || r.too_large_table.is_some(),
        }
    }

    pub fn is_flagged(&self) -> bool {
        self.flagged
    }
}

impl Site {
    /// `markdown` rendered as item `r`'s body on this site, exactly as resolution renders
    /// every body; `None` if the site has no such item.
    pub fn render_body(&self, r: &ItemRef, markdown: &str) -> Option<Rendered> {
        let head = self.table.head(r)?;
        let context = (&self.config, &self.plan, &self.statics, &self.urls, &self.linker);
        Some(render_body(head, markdown, context))
    }

    /// Whether every quote of `r`'s words still stands in `text`, its body's new plain text, as
    /// resolution checks them (E018): the last build's quotes all stood, so then nothing the
    /// quotes show changes.
    pub fn quotes_stand(&self, r: &ItemRef, text: &str) -> bool {
        let title = self.table.head(r).map_or("", |h| h.title.as_str());
        let whole = checks::normalise(&format!("{title}\n{text}"));
        checks::quoted(&self.table)
            .iter()
            .filter(|(_, where_, _)| self.plan.parse_ref(where_).as_ref() == Some(r))
            .all(|(quote, _, _)| {
                let quote = checks::normalise(quote);
                !quote.is_empty() && whole.contains(&quote)
            })
    }

    /// The language `r`'s title and body are in on this site: its own, or the main language's
    /// where it has no translation. An edit of the main language's file changes the sites where
    /// this is the main language.
    pub fn language_of(&self, r: &ItemRef) -> Option<&str> {
        let head = self.table.head(r)?;
        Some(head.lang.as_deref().unwrap_or(&self.config.language))
    }

    /// Replaces `r`'s body with `rendered`, cut to its lead as [`Site::into_lean`] cuts every
    /// body. For an edit whose [`Reach`] is unchanged: nothing else in the site depends on it.
    pub fn replace_body(&mut self, r: &ItemRef, rendered: Rendered) {
        let mut body = Body::from(rendered);
        body.text = Body::lead(&body.text);
        self.bodies.insert(r.clone(), body);
    }
}
