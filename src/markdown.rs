//! Markdown bodies to HTML fragments. Owns the site's Markdown dialect: `kind:id` links,
//! `[5](ref:5)` reference markers, `[^note-1]` Blueprint notes, `Photo:` captions, i./ii.
//! enumerations, heading anchors, initiative auto-linking, syntax highlighting, images and links
//! to static files under the base URL. Raw HTML is escaped, sanitised or trusted as the site
//! says. Everything it cannot resolve alone (does the target exist, does the anchor or file
//! exist) is returned for `resolve` to check.

mod autolink;
mod highlight;
mod images;
mod links;
mod sanitize;
mod tables;
mod unclosed;

pub use autolink::Autolinker;
pub use links::{is_unsafe_url, LinkTarget};
pub use tables::{TooLarge, MAX_CELLS};
pub use unclosed::{Opening, Unclosed};

use crate::load::StaticFiles;
use crate::model::{ItemRef, Kind, Plan, RawHtml};
use crate::urls::Urls;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::BTreeSet;
use std::ops::Range;

pub struct RenderOptions<'a> {
    pub urls: &'a Urls,
    /// The plan's kinds, which `kind:id` links name.
    pub plan: &'a Plan,
    pub autolinker: Option<&'a Autolinker>,
    pub raw_html: RawHtml,
    /// The site's static files: images' width and height come from their headers.
    pub statics: &'a StaticFiles,
    /// The page being rendered, never auto-linked to itself.
    pub this: &'a ItemRef,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
    /// Plain text of the body (no markers), for search and proof-reading tests.
    pub text: String,
    pub links: Vec<(LinkTarget, Range<usize>)>,
    /// Initiatives named anywhere in the body.
    pub mentions: BTreeSet<String>,
    /// Ids of elements other pages may link to (notes).
    pub anchors: BTreeSet<String>,
    /// Reference numbers cited, with the id of each marker (for back-links from the references list).
    pub citations: Vec<(u32, String)>,
    /// Images without alt text: where they are written.
    pub images_without_alt: Vec<Range<usize>>,
    /// Raw HTML that opens and never closes, swallowing the rest of the page.
    pub unclosed_html: Vec<Unclosed>,
    /// A table past the size limit: the body was not rendered.
    pub too_large_table: Option<TooLarge>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
}

pub fn render(src: &str, opts: &RenderOptions) -> Rendered {
    // Checked before parsing: the parser would fill in the cells that make the memory.
    if let Some(table) = tables::too_large(src) {
        return Rendered {
            too_large_table: Some(table),
            ..Rendered::default()
        };
    }
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(src, options()).into_offset_iter().collect();
    let mut r = Renderer {
        opts,
        out: Vec::with_capacity(events.len()),
        rendered: Rendered::default(),
        linked_in_section: BTreeSet::new(),
        in_link: 0,
        in_heading: false,
        close_stack: Vec::new(),
        note_paragraph: None,
        heading_shift: heading_shift(&events),
    };
    r.run(&events);
    let mut html = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, r.out.into_iter());
    let has_raw_html = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    if opts.raw_html != RawHtml::Escape && has_raw_html {
        r.rendered.unclosed_html = unclosed::find(src, &events);
    }
    // Only a body with raw HTML is sanitised: every other body stays exactly as rendered.
    if opts.raw_html == RawHtml::Sanitize && has_raw_html {
        html = sanitize::sanitize(&html);
    }
    r.rendered.html = html;
    if src.contains('\0') {
        replace_nul(&mut r.rendered);
    }
    r.rendered
}

/// CommonMark replaces U+0000 with U+FFFD, for security; pulldown-cmark passes it through, in
/// text, code and raw HTML alike. Done on what the body became, so source ranges stay true.
fn replace_nul(r: &mut Rendered) {
    r.html = r.html.replace('\0', "\u{fffd}");
    r.text = r.text.replace('\0', "\u{fffd}");
    for h in &mut r.toc {
        h.text = h.text.replace('\0', "\u{fffd}");
    }
}

struct Renderer<'o, 'a> {
    opts: &'o RenderOptions<'o>,
    out: Vec<Event<'a>>,
    rendered: Rendered,
    linked_in_section: BTreeSet<String>,
    in_link: usize,
    in_heading: bool,
    /// For Paragraph and List starts we replaced: the HTML that must close them (None: default).
    close_stack: Vec<Option<&'static str>>,
    /// The label of a note whose first paragraph still needs its "Note 1:" prefix.
    note_paragraph: Option<String>,
    /// Levels to lift headings by so a body's top level is h2 (the page's h1 is its title).
    heading_shift: u8,
}

/// A body whose first sub-heading is `###` must not jump from the page's h1 to h3.
fn heading_shift(events: &[(Event, Range<usize>)]) -> u8 {
    let top = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min();
    top.map_or(0, |t| t.saturating_sub(2))
}

impl<'o, 'a> Renderer<'o, 'a> {
    fn run(&mut self, events: &[(Event<'a>, Range<usize>)]) {
        let mut i = 0;
        while i < events.len() {
            i = self.event(events, i);
        }
    }

    /// Handles the event at `i`; returns the index of the next unhandled event.
    fn event(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => return self.heading(events, i, *level, id.as_deref()),
            Event::Start(Tag::Link { dest_url, .. }) => return self.link(events, i, dest_url, range),
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                self.out.push(event.clone());
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => return self.image(events, i, dest_url, title, range),
            Event::Start(Tag::Paragraph) => self.paragraph(events, i),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::List(_)) => {
                // Blocks end lines in the plain text, so sentences of adjacent blocks never run together.
                self.rendered.text.push('\n');
                self.close(event)
            }
            Event::Start(Tag::List(None)) => {
                self.rendered.text.push('\n');
                if starts_enumeration(&events[i + 1..]) {
                    self.out.push(Event::Html("<ul class=\"enumerated\">\n".into()));
                    self.close_stack.push(Some("</ul>\n"));
                } else {
                    self.close_stack.push(None);
                    self.out.push(event.clone());
                }
            }
            Event::Start(Tag::List(Some(_))) => {
                self.rendered.text.push('\n');
                self.close_stack.push(None);
                self.out.push(event.clone());
            }
            Event::Start(Tag::CodeBlock(kind)) => return self.code_block(events, i, kind),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = note_id(label);
                self.rendered.anchors.insert(id.clone());
                self.out.push(Event::Html(
                    format!("<div class=\"note\" id=\"{}\" role=\"note\">\n", escape(&id)).into(),
                ));
                self.note_paragraph = Some(label.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.rendered.text.push('\n');
                self.out.push(Event::Html("</div>\n".into()));
            }
            Event::FootnoteReference(label) => {
                let id = note_id(label);
                self.out.push(Event::Html(
                    format!(
                        "<sup class=\"note-ref\" id=\"{ref_id}\"><a href=\"#{id}\">{text}</a></sup>",
                        ref_id = escape(&format!("ref-{id}")),
                        id = escape(&id),
                        text = escape(&note_label(label)),
                    )
                    .into(),
                ));
            }
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                self.rendered.text.push_str(code);
                self.out.push(event.clone());
            }
            Event::Html(html) | Event::InlineHtml(html) => match self.opts.raw_html {
                // Sanitised with the whole body once it is rendered (see `render`).
                RawHtml::Trust | RawHtml::Sanitize => self.out.push(event.clone()),
                // Shown as text, never interpreted.
                RawHtml::Escape => self.out.push(Event::Text(html.clone())),
            },
            Event::SoftBreak | Event::HardBreak => {
                self.rendered.text.push(' ');
                self.out.push(event.clone());
            }
            Event::End(TagEnd::Item) | Event::End(TagEnd::TableCell) | Event::End(TagEnd::BlockQuote(_)) => {
                self.rendered.text.push('\n');
                self.out.push(event.clone());
            }
            other => self.out.push(other.clone()),
        }
        i + 1
    }

    /// Closes a paragraph or list, with the HTML its opening chose.
    fn close(&mut self, event: &Event<'a>) {
        match self.close_stack.pop().flatten() {
            Some(close) => self.out.push(Event::Html(close.into())),
            None => self.out.push(event.clone()),
        }
    }

    fn heading(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        level: HeadingLevel,
        id: Option<&str>,
    ) -> usize {
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
        let text: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let base = id.map(str::to_string).unwrap_or_else(|| slug(&text));
        let mut anchor = base.clone();
        let mut n = 2;
        while self.rendered.toc.iter().any(|h| h.id == anchor) || self.rendered.anchors.contains(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        let level = (level as u8).saturating_sub(self.heading_shift).max(2);
        self.rendered.toc.push(Heading {
            level,
            id: anchor.clone(),
            text: text.clone(),
        });
        self.rendered.anchors.insert(anchor.clone());
        self.linked_in_section.clear();
        self.out.push(Event::Html(
            format!(
                "<h{level} id=\"{a}\"><a class=\"anchor\" href=\"#{a}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
                a = escape(&anchor)
            )
            .into(),
        ));
        self.in_heading = true;
        let mut j = i + 1;
        while j < end {
            j = self.event(events, j);
        }
        self.in_heading = false;
        self.rendered.text.push('\n');
        self.out.push(Event::Html(format!("</h{level}>\n").into()));
        end + 1
    }

    fn link(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        dest: &CowStr<'a>,
        range: &Range<usize>,
    ) -> usize {
        let target = match &events[i].0 {
            // `<name@example.org>`: pulldown-cmark adds the `mailto:` itself.
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Email,
                ..
            }) => LinkTarget::External(dest.to_string()),
            _ => links::classify(self.opts.plan, dest),
        };
        self.rendered.links.push((target.clone(), range.clone()));
        match target {
            LinkTarget::Reference(n) => {
                let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Link)));
                let id = format!(
                    "cite-{n}-{}",
                    self.rendered.citations.iter().filter(|(m, _)| *m == n).count() + 1
                );
                self.out.push(Event::Html(
                    format!(
                        "<sup class=\"cite\" id=\"{id}\"><a href=\"{href}\" aria-label=\"Reference {n}\">{n}</a></sup>",
                        href = escape(&self.opts.urls.reference(n)),
                    )
                    .into(),
                ));
                self.rendered.citations.push((n, id));
                return end + 1;
            }
            LinkTarget::Item(ref item, ref anchor) => {
                let mut href = self.opts.urls.item(item);
                if let Some(a) = anchor {
                    href.push('#');
                    href.push_str(a);
                }
                if item.kind == Kind::INITIATIVE {
                    self.rendered.mentions.insert(item.id.clone());
                }
                self.push_link_start(events, i, href);
            }
            LinkTarget::File(_) => self.push_link_start(events, i, self.opts.urls.page(&dest[1..])),
            LinkTarget::UnknownKind(_)
            | LinkTarget::Unsafe(_)
            | LinkTarget::Relative(_)
            | LinkTarget::ImageSource(_) => self.push_link_start(events, i, "#".into()),
            LinkTarget::SamePage(_) | LinkTarget::External(_) => self.out.push(events[i].0.clone()),
        }
        self.in_link += 1;
        i + 1
    }

    fn push_link_start(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize, href: String) {
        if let Event::Start(Tag::Link {
            link_type, title, id, ..
        }) = &events[i].0
        {
            self.out.push(Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: href.into(),
                title: title.clone(),
                id: id.clone(),
            }));
        }
    }

    /// An image: an accessible `<img>` for a file under `static/`; anything else is reported.
    fn image(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        dest: &str,
        title: &str,
        range: &Range<usize>,
    ) -> usize {
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Image)));
        let mut alt = String::new();
        for (e, _) in &events[i + 1..end] {
            match e {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        self.rendered.text.push_str(&alt);
        if alt.trim().is_empty() {
            self.rendered.images_without_alt.push(range.clone());
        }
        let target = links::classify_image(self.opts.plan, dest);
        let (src, size) = match &target {
            LinkTarget::File(path) => (
                self.opts.urls.page(&dest[1..]),
                self.opts.statics.get(path).and_then(|b| images::dimensions(b)),
            ),
            _ => ("#".to_string(), None),
        };
        self.rendered.links.push((target, range.clone()));
        self.out
            .push(Event::InlineHtml(images::img(&src, &alt, title, size).into()));
        end + 1
    }

    fn paragraph(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) {
        if let Some(label) = self.note_paragraph.take() {
            self.out.push(Event::Start(Tag::Paragraph));
            self.out.push(Event::Html(
                format!(
                    "<strong class=\"note-label\">{}:</strong> ",
                    escape(&note_label(&label))
                )
                .into(),
            ));
            self.close_stack.push(None);
            return;
        }
        if let Some((Event::Text(t), _)) = events.get(i + 1) {
            if t.starts_with("Photo: ") {
                self.out.push(Event::Html(
                    "<p class=\"photo-note\"><span class=\"photo-label\">Photo in the printed Blueprint:</span> "
                        .into(),
                ));
                self.close_stack.push(Some("</p>\n"));
                return;
            }
        }
        self.close_stack.push(None);
        self.out.push(Event::Start(Tag::Paragraph));
    }

    fn code_block(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        kind: &pulldown_cmark::CodeBlockKind,
    ) -> usize {
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
        let code: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| if let Event::Text(t) = e { Some(t.as_ref()) } else { None })
            .collect();
        let lang = match kind {
            pulldown_cmark::CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
            pulldown_cmark::CodeBlockKind::Indented => "",
        };
        self.out.push(Event::Html(highlight::highlight(&code, lang).into()));
        self.rendered.text.push_str(&code);
        end + 1
    }

    fn text(&mut self, text: &CowStr<'a>) {
        let text_ref: &str = text;
        let text = text_ref
            .strip_prefix("Photo: ")
            .filter(|_| self.out.last().is_some_and(is_photo_note_start))
            .unwrap_or(text_ref);
        self.rendered.text.push_str(text);
        let Some(linker) = self.opts.autolinker else {
            self.out.push(Event::Text(text.to_string().into()));
            return;
        };
        let mut last = 0;
        for (range, id) in linker.find(text) {
            self.rendered.mentions.insert(id.to_string());
            let skip = self.in_link > 0
                || self.in_heading
                || self.linked_in_section.contains(id)
                || (self.opts.this.kind == Kind::INITIATIVE && self.opts.this.id == id);
            if skip {
                continue;
            }
            self.linked_in_section.insert(id.to_string());
            if range.start > last {
                self.out.push(Event::Text(text[last..range.start].to_string().into()));
            }
            let href = self.opts.urls.item(&ItemRef::new(Kind::INITIATIVE, id));
            self.out.push(Event::Html(
                format!(
                    "<a class=\"autolink\" href=\"{}\">{}</a>",
                    escape(&href),
                    escape(&text[range.clone()])
                )
                .into(),
            ));
            last = range.end;
        }
        if last < text.len() {
            self.out.push(Event::Text(text[last..].to_string().into()));
        }
    }
}

/// A photo's caption without its photo (the photos are not in the text we have): a labelled note,
/// not a figure, so it never reads as an image that failed to load.
fn is_photo_note_start(e: &Event) -> bool {
    matches!(e, Event::Html(h) if h.starts_with("<p class=\"photo-note\""))
}

fn find_end(events: &[(Event, Range<usize>)], start: usize, is_end: impl Fn(&Event) -> bool) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 && is_end(e) {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// True when the list's first item starts with a roman numeral and a dot: "i. …".
fn starts_enumeration(rest: &[(Event, Range<usize>)]) -> bool {
    rest.iter().take(4).find_map(|(e, _)| match e {
        Event::Text(t) => Some(
            t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| "ivx".contains(c))),
        ),
        _ => None,
    }) == Some(true)
}

/// `note-1` → `note-1` (an HTML id); labels are already id-safe once lowercased.
fn note_id(label: &str) -> String {
    slug(label)
}

/// `note-1` → "Note 1", `note` → "Note".
fn note_label(label: &str) -> String {
    let words = label.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A URL-safe anchor from heading text: lowercase ASCII letters, digits and '-'.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// HTML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    // Every value a template prints passes here: copy the runs between special characters
    // whole (they are ASCII, so byte positions are character boundaries).
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out
}

#[cfg(test)]
mod tests;
