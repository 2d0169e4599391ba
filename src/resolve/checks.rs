//! Reference checking: every id named in front matter, data files and Markdown bodies must exist
//! (with a did-you-mean hint when it does not), every anchor must exist on its page, and every
//! quote must stand in the text it cites. Checks also yield the relations they verified.

use super::items::Table;
use super::{Body, Rel, Relation};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Location};
use crate::load::SourceFile;
use crate::markdown::{LinkTarget, Opening, Rendered, Unclosed, MAX_CELLS};
use crate::model::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// The ids that exist, the kinds whose files failed to parse (ids unknown), and the static files.
pub struct Known<'a> {
    pub table: &'a Table,
    pub plan: &'a Plan,
    pub failed: &'a BTreeSet<Kind>,
    pub statics: &'a crate::load::StaticFiles,
}

/// Reports `to` if unknown; returns whether it exists.
fn check(known: &Known, from: &ItemRef, to: &ItemRef, at: Location, diags: &mut Diagnostics) -> bool {
    let table = known.table;
    if table.contains(to) {
        return true;
    }
    if known.failed.contains(&to.kind) {
        // A file of that kind did not parse: its error is reported; guessing here would mislead.
        return false;
    }
    let candidates = table.of_kind(to.kind).map(|i| i.head.r.id.as_str());
    let help = match (renamed_to(table, to), did_you_mean(&to.id, candidates)) {
        (Some(now), _) => format!(
            "`{}` was renamed: {} `{}` lists it under `redirect_from`; use the new id `{}`",
            to.id, now.kind, now.id, now.id
        ),
        (None, Some(s)) => format!("did you mean `{s}`?"),
        (None, None) => format!(
            "no {} has this id; see the ids under content/{}/",
            to.kind,
            to.kind.folder()
        ),
    };
    diags.push(
        Diagnostic::error(
            "E007",
            format!("{} `{}` names unknown {} `{}`", from.kind, from.id, to.kind, to.id),
        )
        .at(at)
        .help(help),
    );
    false
}

/// The item whose `redirect_from` holds `old`'s address: what `old` was renamed to.
fn renamed_to<'h>(table: &'h Table, old: &ItemRef) -> Option<&'h ItemRef> {
    let path = crate::urls::Urls::item_path(old);
    table
        .of_kind(old.kind)
        .map(|i| &i.head)
        .find(|h| {
            h.redirect_from
                .iter()
                .any(|raw| super::redirect_path(raw).as_deref() == Some(path.as_str()))
        })
        .map(|h| &h.r)
}

fn relation(from: &ItemRef, to: ItemRef, rel: Rel, editorial: bool, why: Option<String>) -> Relation {
    Relation {
        from: from.clone(),
        to,
        rel,
        editorial,
        why,
    }
}

/// Parses a `kind:id` reference written in a data file, reporting malformed ones.
fn parse_ref(plan: &Plan, text: &str, source: &SourceFile, diags: &mut Diagnostics) -> Option<ItemRef> {
    let parsed = plan.parse_ref(text);
    if parsed.is_none() {
        let (message, help) = match text.split_once(':') {
            Some((kind, _)) => (
                format!("`{kind}` in `{text}` is not a kind of item"),
                unknown_kind_help(plan, text),
            ),
            None => (
                format!("expected a reference written `kind:id`, found `{text}` (no kind)"),
                format!(
                    "name the kind before the id, e.g. `{}:{text}`; kinds: {}",
                    plan.levels().last().map_or("chapter", |l| l.kind.name()),
                    plan.kind_names()
                ),
            ),
        };
        diags.push(
            Diagnostic::error("E011", message)
                .at(source.locate("", text))
                .help(help),
        );
    }
    parsed
}

/// Collects the relations that front matter and data files state, checking each target.
pub struct Collector<'a, 'k> {
    known: &'a Known<'k>,
    diags: &'a mut Diagnostics,
    out: Vec<Relation>,
}

impl<'k> Collector<'_, 'k> {
    pub fn plan(&self) -> &'k Plan {
        self.known.plan
    }

    /// A problem found in what an item states.
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Records `from → to` if `to` exists; `at` says where the reference is written.
    pub fn relate(&mut self, from: &ItemRef, to: ItemRef, at: Location, rel: Rel, link: Option<&Link>) {
        if check(self.known, from, &to, at, self.diags) {
            let (editorial, why) = link.map_or((false, None), |l| (l.editorial, l.why.clone()));
            self.out.push(relation(from, to, rel, editorial, why));
        }
    }

    pub fn links(&mut self, from: &ItemRef, src: &SourceFile, kind: Kind, list: &[Link]) {
        for l in list {
            self.relate(
                from,
                ItemRef::new(kind, &l.id),
                src.locate("id:", &l.id),
                Rel::Serves,
                Some(l),
            );
        }
    }

    /// A `kind:id` written in a data file (`where:`, `related:`).
    pub fn written_ref(&mut self, from: &ItemRef, text: &str, src: &SourceFile, rel: Rel) {
        if let Some(to) = parse_ref(self.known.plan, text, src, self.diags) {
            let at = src.locate("", text);
            if rel == Rel::Quotes {
                // The quoted item points at what it is quoted for, so its page lists the quote.
                if check(self.known, from, &to, at, self.diags) {
                    self.out.push(relation(&to, from.clone(), rel, false, None));
                }
            } else {
                self.relate(from, to, at, rel, None);
            }
        }
    }

    /// A child's parent must exist, and prefix its id where the level's ids nest (`3.1` under
    /// `3`: numbers one part longer than the parent level's).
    pub fn parent(&mut self, me: &ItemRef, parent: ItemRef, src: &SourceFile, key: &str) {
        if check(self.known, me, &parent, src.locate(key, &parent.id), self.diags) {
            let plan = self.known.plan;
            let shape = |k: Kind| plan.level(k).map(|l| l.decl.id);
            if let (Some(IdPattern::Numbers(a)), Some(IdPattern::Numbers(b))) = (shape(me.kind), shape(parent.kind)) {
                if a == b + 1 {
                    nested_id(me, &parent, src, self.diags);
                }
            }
        }
    }
}

/// Checks front-matter and data-file references; returns the relations they state.
pub fn front_matter_relations(known: &Known, diags: &mut Diagnostics) -> Vec<Relation> {
    let mut c = Collector {
        known,
        diags,
        out: Vec::new(),
    };
    for item in known.table.iter() {
        item.part.relations(&item.head, &mut c);
    }
    c.out
}

/// What a chapter's `lists:` writes for Chapter 5's table of the development indicators.
pub const INDICATOR_TABLE: &str = "indicator_table";

/// A target `3.1` must sit under strategy `3`; a recommendation `3.1.2` under target `3.1`.
fn nested_id(me: &ItemRef, parent: &ItemRef, source: &SourceFile, diags: &mut Diagnostics) {
    let expected = format!("{}.", parent.id);
    if !me.id.starts_with(&expected) {
        diags.push(
            Diagnostic::error(
                "E016",
                format!("{} `{}` is filed under {} `{}`", me.kind, me.id, parent.kind, parent.id),
            )
            .at(source.locate("id:", &me.id))
            .help(format!(
                "a {}'s id starts with its {}'s id: `{}N`",
                me.kind, parent.kind, expected
            )),
        );
    }
}

/// Checks a rendered body's links and records the relations it makes.
#[allow(clippy::too_many_arguments)]
pub fn body_links(
    me: ItemRef,
    (source, offset): (&SourceFile, usize),
    r: &Rendered,
    heads: &Known,
    anchors: &BTreeMap<ItemRef, &BTreeSet<String>>,
    references: &[Reference],
    diags: &mut Diagnostics,
    out: &mut Vec<Relation>,
) {
    let at = |range: &Range<usize>| Location::at_offset(&source.path, &source.text, offset + range.start, range.len());
    for (target, range) in &r.links {
        match target {
            LinkTarget::Item(to, anchor) => {
                if !check(heads, &me, to, at(range), diags) {
                    continue;
                }
                if let Some(a) = anchor {
                    check_anchor(to, a, anchors.get(to).copied(), at(range), diags);
                }
                if *to != me {
                    out.push(relation(&me, to.clone(), Rel::Mentions, false, None));
                }
            }
            LinkTarget::SamePage(a) if !a.is_empty() => check_anchor(&me, a, Some(&r.anchors), at(range), diags),
            LinkTarget::SamePage(_) | LinkTarget::External(_) => {}
            LinkTarget::File(path) => super::files::check_file(heads.plan, path, heads.statics, at(range), diags),
            LinkTarget::Relative(dest) => diags.push(super::files::relative(dest, heads.statics, at(range))),
            LinkTarget::ImageSource(dest) => diags.push(super::files::not_a_file(dest, at(range))),
            LinkTarget::Reference(n) => {
                if !references.iter().any(|x| x.number == *n) {
                    diags.push(
                        Diagnostic::error("E007", format!("{} `{}` cites unknown reference {n}", me.kind, me.id))
                            .at(at(range))
                            .help(format!(
                                "content/references.yaml lists references 1 to {}",
                                references.len()
                            )),
                    );
                }
            }
            LinkTarget::UnknownKind(dest) => diags.push(
                Diagnostic::error("E011", format!("link to `{dest}` uses an unknown kind"))
                    .at(at(range))
                    .help(unknown_kind_help(heads.plan, dest)),
            ),
            LinkTarget::Unsafe(dest) => diags.push(
                Diagnostic::error("E015", format!("unsafe link `{dest}`"))
                    .at(at(range))
                    .help("script and data URLs are not allowed; link to a page or an http(s) address"),
            ),
        }
    }
    body_problems(&me, (source, offset), r, heads.plan, diags);
    for id in &r.mentions {
        let to = ItemRef::new(Kind::INITIATIVE, id.as_str());
        if to != me {
            out.push(relation(&me, to, Rel::Mentions, false, None));
        }
    }
}

/// What is wrong in a body besides its links: no text where the text is the item, images
/// without alt text, raw HTML left open, tables too large.
fn body_problems(
    me: &ItemRef,
    (source, offset): (&SourceFile, usize),
    r: &Rendered,
    plan: &Plan,
    diags: &mut Diagnostics,
) {
    let at = |range: &Range<usize>| Location::at_offset(&source.path, &source.text, offset + range.start, range.len());
    // The lowest level's items (the Blueprint's recommendations) are their text.
    let leaf = me.kind.is_level() && plan.child_levels(me.kind).next().is_none();
    if leaf && r.text.trim().is_empty() && r.too_large_table.is_none() {
        // At the front matter's closing line: there is no text to point at.
        let fence = source.text[..offset.saturating_sub(1)].rfind('\n').map_or(0, |i| i + 1);
        diags.push(
            Diagnostic::warning("W020", format!("{} `{}` has no text", me.kind, me.id))
                .at(Location::at_offset(&source.path, &source.text, fence, 3))
                .help(format!(
                    "write the {}'s text, word for word from the plan, below the front matter",
                    me.kind
                )),
        );
    }
    for range in &r.images_without_alt {
        diags.push(super::files::missing_alt(at(range)));
    }
    for u in &r.unclosed_html {
        diags.push(unclosed_html(u, at(&u.range)));
    }
    if let Some(t) = &r.too_large_table {
        diags.push(
            Diagnostic::error(
                "E043",
                format!(
                    "this table of {} columns and {} rows takes the page's tables to {} cells, more than {MAX_CELLS}",
                    t.columns, t.rows, t.cells
                ),
            )
            .at(at(&t.range))
            .help(format!("a page's tables hold at most {MAX_CELLS} cells in all (a short row is filled up to the header's columns): split the table, or publish the data as a file in static/ and link it")),
        );
    }
}

/// Raw HTML that never closes would take the rest of the page with it: said where it opens.
fn unclosed_html(u: &Unclosed, at: Location) -> Diagnostic {
    let (what, help) = match u.what {
        Opening::Comment => (
            "`<!--` starts a comment that is never ended".to_string(),
            "end the comment with `-->`, or write `&lt;!--` to show the characters as text".to_string(),
        ),
        Opening::Markup(m) => (
            format!("`{m}` starts markup that is never ended with `>`"),
            format!(
                "end it with `>`, or write `&lt;{}` to show the characters as text",
                &m[1..]
            ),
        ),
        Opening::Element("plaintext") => (
            "`<plaintext>` can never be closed".to_string(),
            "use `<pre>` and `</pre>` instead, or write `&lt;plaintext>` to show the tag as text".to_string(),
        ),
        Opening::Element(name) => (
            format!("`<{name}>` is never closed"),
            format!("close it with `</{name}>` where it should end, or write `&lt;{name}>` to show the tag as text"),
        ),
    };
    Diagnostic::error("E040", format!("{what}: everything after it on the page would be lost"))
        .at(at)
        .help(help)
}

fn unknown_kind_help(plan: &Plan, dest: &str) -> String {
    let scheme = dest.split(':').next().unwrap_or("");
    let kinds = plan.kinds().map(Kind::name).chain(["ref"]);
    match did_you_mean(scheme, kinds) {
        Some(k) => format!("did you mean `{k}:`?"),
        None => format!(
            "internal links are `kind:id`, e.g. `initiative:itvf`, the kind one of {}; references are `ref:N`",
            plan.kind_names()
        ),
    }
}

fn check_anchor(to: &ItemRef, anchor: &str, known: Option<&BTreeSet<String>>, at: Location, diags: &mut Diagnostics) {
    let Some(known) = known else {
        diags.push(
            Diagnostic::error(
                "E010",
                format!("{} `{}` has no sections to link to (`#{anchor}`)", to.kind, to.id),
            )
            .at(at)
            .help("link to the page without an anchor"),
        );
        return;
    };
    if known.contains(anchor) {
        return;
    }
    let help = match did_you_mean(anchor, known.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `#{s}`?"),
        None if known.is_empty() => "the page has no headings or notes to link to".to_string(),
        None => format!(
            "the page's anchors are: {}",
            known.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    diags.push(
        Diagnostic::error("E010", format!("{} `{}` has no anchor `#{anchor}`", to.kind, to.id))
            .at(at)
            .help(help),
    );
}

/// References must be numbered 1, 2, 3… once each, and link to safe URLs only.
pub fn references(file: Option<&SourceFile>, references: &[Reference], diags: &mut Diagnostics) {
    let Some(file) = file else { return };
    for (i, r) in references.iter().enumerate() {
        let expected = i as u32 + 1;
        if r.number != expected {
            diags.push(
                Diagnostic::error("E017", format!("reference {} is out of sequence", r.number))
                    .at(file.locate("number:", &r.number.to_string()))
                    .help(format!(
                        "references are numbered 1, 2, 3… in order; expected {expected} here"
                    )),
            );
        }
        if r.sources.is_empty() {
            diags.push(
                Diagnostic::error("E004", format!("reference {} has no sources", r.number))
                    .at(file.locate("number:", &r.number.to_string()))
                    .help("add at least one `- title: … url: …`"),
            );
        }
        // The references page links every source's URL as written (found by fuzzing: a
        // `javascript:` or `data:` URL here was published, where the same link in Markdown is E015).
        for s in r.sources.iter().filter(|s| crate::markdown::is_unsafe_url(&s.url)) {
            // A control character was written as an escape (`\t`): point at what precedes it.
            let written = s.url.split(char::is_control).find(|p| !p.is_empty()).unwrap_or(&s.url);
            diags.push(
                Diagnostic::error("E015", format!("unsafe link `{}` in reference {}", s.url, r.number))
                    .at(file.locate("url:", written))
                    .help("script and data URLs are not allowed; link to an http(s) address"),
            );
        }
    }
}

/// Collapses what differs between a quote and rendered text: whitespace, Markdown emphasis,
/// reference markers `[5](ref:5)` and note markers `^{Note 1}` (markers are not words).
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(skip) = marker_len(rest) {
            rest = &rest[skip..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.replace("**", "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Length of a reference or note marker at the start of `s`, if there is one.
fn marker_len(s: &str) -> Option<usize> {
    if let Some(inner) = s.strip_prefix("^{") {
        return inner
            .find('}')
            .filter(|&i| inner[..i].starts_with("Note"))
            .map(|i| i + 3);
    }
    let inner = s.strip_prefix('[')?;
    let close = inner.find("](ref:")?;
    let digits = &inner[..close];
    let after = &inner[close + 6..];
    let end = after.find(')')?;
    let ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && after[..end] == *digits;
    ok.then_some(1 + close + 6 + end + 1)
}

/// Every quote must stand, word for word, in the text of the item it cites.
pub fn quotes(plan: &Plan, table: &Table, bodies: &BTreeMap<ItemRef, Body>, diags: &mut Diagnostics) {
    let quoted = quoted(table);
    // Each cited text is normalised once, however many quotes it backs.
    let cited: BTreeSet<ItemRef> = quoted.iter().filter_map(|(_, w, _)| plan.parse_ref(w)).collect();
    let texts: BTreeMap<&ItemRef, String> = cited
        .par_iter()
        .filter_map(|r| {
            let body = bodies.get(r)?;
            let title = table.head(r).map(|h| h.title.as_str()).unwrap_or("");
            Some((r, normalise(&format!("{title}\n{}", body.text))))
        })
        .collect();
    let found: Vec<Option<Diagnostic>> = quoted
        .par_iter()
        .map(|(quote, where_, source)| {
            let r = plan.parse_ref(where_)?;
            let text = texts.get(&r)?;
            let quote = normalise(quote);
            // An empty quote is "found" in any text; it proves nothing.
            if quote.is_empty() {
                return Some(
                    Diagnostic::error("E018", format!("quote citing {r} is empty"))
                        .at(source.locate("quote:", "quote:"))
                        .help(format!(
                            "copy the sentence it stands for, word for word, from the text of {r}"
                        )),
                );
            }
            (!text.contains(&quote)).then(|| {
                Diagnostic::error("E018", format!("quote is not in the text of {r}"))
                    .at(source.locate("quote:", quote.split_whitespace().next().unwrap_or("")))
                    .help("quotes are word for word: copy the sentence from the page it cites, or fix `where:`")
            })
        })
        .collect();
    for d in found.into_iter().flatten() {
        diags.push(d);
    }
}

/// Every quote an item makes of another's words: (quote, where it is from, the quoting file).
pub fn quoted(table: &Table) -> Vec<(&str, &str, &SourceFile)> {
    let mut quoted: Vec<(&str, &str, &SourceFile)> = Vec::new();
    for item in table.iter() {
        let source = &*item.head.source;
        quoted.extend(item.part.quotes().into_iter().map(|(q, w)| (q, w, source)));
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_drops_markers_and_emphasis() {
        assert_eq!(normalise("a **b**  Plan[26](ref:26) c^{Note} d"), "a b Plan c d");
        assert_eq!(normalise("[x](ref:1) [2](ref:3)"), "[x](ref:1) [2](ref:3)");
    }
}
