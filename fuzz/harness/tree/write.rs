//! A tree to files: ids follow from the nesting, references resolve against the ids that exist.

use super::files::{file, tidy};
use super::kind::Kind;
use super::*;
use blueprint::load::{self, SourceFile};
use blueprint::markdown::slug;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const MAX_PIECES: usize = 12;
pub(super) const MAX_LIST: usize = 3;
const CHAPTER_IDS: [&str; 7] = ["foreword", "1", "2", "3", "4", "5", "closing"];
const INITIATIVE_IDS: [&str; 3] = ["mif", "park", "itf"];
const INDICATOR_IDS: [&str; 3] = ["1.1", "2.1", "further-1"];
const MILESTONE_IDS: [&str; 2] = ["m-1", "m-2"];

/// One item of the tree with its id, before it is written.
enum Node<'t> {
    Chapter(&'t Chapter),
    Direction(&'t Common),
    Strategy(&'t Strategy),
    Target(&'t Target, String),
    Recommendation(&'t Recommendation, String),
    Initiative(&'t Initiative),
    Indicator(&'t Indicator),
    Milestone(&'t Milestone),
}

impl Node<'_> {
    fn common(&self) -> Option<&Common> {
        match self {
            Node::Chapter(c) => Some(&c.common),
            Node::Direction(c) => Some(c),
            Node::Strategy(s) => Some(&s.common),
            Node::Target(t, _) => Some(&t.common),
            Node::Recommendation(r, _) => Some(&r.common),
            _ => None,
        }
    }
}

/// What references resolve against: the ids of each kind, titles and anchors of Markdown items.
struct Ctx {
    ids: BTreeMap<Kind, Vec<String>>,
    /// Markdown items with a title to quote: (kind, id, title).
    docs: Vec<(Kind, String, String)>,
    anchors: BTreeMap<(Kind, String), Vec<String>>,
    references: usize,
    /// Each initiative's name, acronym and aliases, none used twice (that is one error, E006,
    /// which would otherwise end most trees with two initiatives).
    names: Vec<(String, Option<String>, Vec<String>)>,
    /// The static files' site paths.
    statics: Vec<String>,
}

impl Ctx {
    /// An existing id of `kind`; rarely one that dangles; `None` if the kind has no items (a
    /// reference to it is then left out).
    fn id(&self, kind: Kind, to: To) -> Option<String> {
        match self.ids.get(&kind) {
            _ if to.0 >= 250 => Some("nope".into()),
            Some(ids) if !ids.is_empty() => Some(ids[usize::from(to.0) % ids.len()].clone()),
            _ => None,
        }
    }

    fn ids(&self, kind: Kind, to: &[To]) -> String {
        let ids: Vec<String> = to.iter().filter_map(|t| self.id(kind, *t)).collect();
        list(&ids, |i| q(i))
    }

    /// `(where, quote)`: an item's title, or other text.
    fn quote(&self, q: &QuoteSpec) -> (String, String) {
        let Some((kind, id, title)) = self.docs.get(usize::from(q.from.0) % self.docs.len().max(1)) else {
            return ("chapter:nope".into(), "nothing".into());
        };
        let quote = q.other.0.as_ref().map_or(title.as_str(), Text::get);
        (format!("{kind}:{id}"), quote.to_string())
    }
}

impl Tree {
    fn nodes(&self) -> Vec<(Kind, String, Node<'_>)> {
        let mut v = Vec::new();
        let chapters = self.chapters.iter().take(4).enumerate();
        for (i, c) in chapters {
            let id = CHAPTER_IDS[(usize::from(self.first_chapter) + i) % CHAPTER_IDS.len()];
            v.push((Kind::Chapter, id.to_string(), Node::Chapter(c)));
        }
        for (i, d) in self.directions.iter().take(2).enumerate() {
            v.push((Kind::Direction, (i + 1).to_string(), Node::Direction(d)));
        }
        for (i, s) in self.strategies.iter().take(2).enumerate() {
            let sid = (i + 1).to_string();
            for (j, t) in s.targets.iter().take(2).enumerate() {
                let tid = format!("{sid}.{}", j + 1);
                for (k, r) in t.recommendations.iter().take(2).enumerate() {
                    v.push((
                        Kind::Recommendation,
                        format!("{tid}.{}", k + 1),
                        Node::Recommendation(r, tid.clone()),
                    ));
                }
                v.push((Kind::Target, tid, Node::Target(t, sid.clone())));
            }
            v.push((Kind::Strategy, sid, Node::Strategy(s)));
        }
        let data = [
            (Kind::Initiative, &INITIATIVE_IDS[..]),
            (Kind::Indicator, &INDICATOR_IDS[..]),
            (Kind::Milestone, &MILESTONE_IDS[..]),
        ];
        for (kind, ids) in data {
            let count = match kind {
                Kind::Initiative => self.initiatives.len(),
                Kind::Indicator => self.indicators.len(),
                _ => self.milestones.len(),
            };
            for (i, id) in ids.iter().enumerate().take(count) {
                let node = match kind {
                    Kind::Initiative => Node::Initiative(&self.initiatives[i]),
                    Kind::Indicator => Node::Indicator(&self.indicators[i]),
                    _ => Node::Milestone(&self.milestones[i]),
                };
                v.push((kind, id.to_string(), node));
            }
        }
        v
    }

    /// The tree as `read_tree` returns it: content files sorted by path, and static files.
    pub fn tree(&self) -> load::Tree {
        let mut statics = load::StaticFiles::new();
        for s in self.statics.iter().take(MAX_LIST) {
            // The magic strings stand for bytes: chars below 256 are taken as one byte each.
            let mut bytes: Vec<u8> = s.magic.0.chars().map(|c| c as u32 as u8).collect();
            bytes.extend(&s.bytes);
            statics.insert(s.name.0.to_string(), bytes);
        }
        let files = self.files(statics.keys().cloned().collect());
        load::Tree { files, statics }
    }

    fn files(&self, statics: Vec<String>) -> Vec<SourceFile> {
        let nodes = self.nodes();
        let mut ctx = Ctx {
            ids: BTreeMap::new(),
            docs: Vec::new(),
            anchors: BTreeMap::new(),
            references: self.references.len().min(4),
            names: self.initiative_names(),
            statics,
        };
        for (kind, id, node) in &nodes {
            ctx.ids.entry(*kind).or_default().push(id.clone());
            if let Some(c) = node.common() {
                if !c.title.get().trim().is_empty() {
                    ctx.docs.push((*kind, id.clone(), c.title.get().to_string()));
                }
                ctx.anchors.insert((*kind, id.clone()), anchors(&c.body));
            }
        }
        let mut files: Vec<SourceFile> = nodes.iter().map(|(k, id, n)| write_node(*k, id, n, &ctx)).collect();
        files.push(file("content/config.yaml", self.config_text()));
        if !self.references.is_empty() {
            let mut text = String::new();
            for (i, (title, url)) in self.references.iter().take(4).enumerate() {
                let _ = writeln!(text, "- number: {}\n  sources:", i + 1);
                let _ = writeln!(text, "    - {{title: {}, url: {}}}", q(title.get()), q(url.0));
            }
            files.push(file("content/references.yaml", text));
        }
        for flaw in self.flaws.iter().filter_map(|f| f.0.as_ref()) {
            flaw.apply(&mut files);
        }
        tidy(&mut files);
        files
    }

    fn initiative_names(&self) -> Vec<(String, Option<String>, Vec<String>)> {
        let mut taken = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (i, id) in self.initiatives.iter().zip(INITIATIVE_IDS) {
            let mut name = i.name.get().to_string();
            if !taken.insert(name.clone()) {
                name = format!("{name} ({id})");
                taken.insert(name.clone());
            }
            let acronym = i
                .acronym
                .as_ref()
                .map(|a| a.get().to_string())
                .filter(|a| taken.insert(a.clone()));
            let aliases = i.aliases.iter().take(MAX_LIST).map(|a| a.get().to_string());
            let aliases = aliases.filter(|a| taken.insert(a.clone())).collect();
            out.push((name, acronym, aliases));
        }
        out
    }

    fn config_text(&self) -> String {
        let c = &self.config;
        let mut text = format!(
            "title: {}\ndescription: A generated site.\nbase_url: {}\n",
            q(c.title.get()),
            q(c.base_url.0)
        );
        if let Some(s) = &c.short_title {
            let _ = writeln!(text, "short_title: {}", q(s.get()));
        }
        if let Some(l) = &c.language {
            let _ = writeln!(text, "language: {}", q(l.get()));
        }
        if let Some(mode) = &c.raw_html {
            let _ = writeln!(text, "raw_html: {}", mode.0);
        }
        text.push_str(super::LEVELS);
        text
    }
}

/// The anchors a body defines that links can name: explicit heading ids and notes.
fn anchors(body: &[Piece]) -> Vec<String> {
    let mut v = Vec::new();
    for p in body.iter().take(MAX_PIECES) {
        match p {
            Piece::Heading(_, _, Some(id)) => v.push(id.0.to_string()),
            Piece::NoteDef(label, _) => v.push(slug(label.0)),
            _ => {}
        }
    }
    v
}

fn write_node(kind: Kind, id: &str, node: &Node, ctx: &Ctx) -> SourceFile {
    let mut y = format!("id: {}\n", q(id));
    match node {
        Node::Chapter(c) => {
            let _ = writeln!(y, "order: {}", c.order);
            if let Some(l) = &c.label {
                let _ = writeln!(y, "label: {}", q(l.get()));
            }
            let _ = writeln!(y, "lists: {}", list(&c.lists, |l| l.0.to_string()));
        }
        Node::Direction(_) => {}
        Node::Strategy(s) => {
            let _ = writeln!(y, "serves: {}", links(&s.directions, Kind::Direction, ctx));
            let _ = writeln!(y, "indicators: {}", links(&s.indicators, Kind::Indicator, ctx));
        }
        Node::Target(t, parent) => {
            let _ = writeln!(y, "parent: {}\nlabel: {}", q(parent), q(t.label.get()));
        }
        Node::Recommendation(r, parent) => {
            let _ = writeln!(y, "parent: {}\nlabel: {}", q(parent), q(r.label.get()));
            let _ = writeln!(y, "initiatives: {}", ctx.ids(Kind::Initiative, &r.initiatives));
            let _ = writeln!(y, "indicators: {}", links(&r.indicators, Kind::Indicator, ctx));
        }
        Node::Initiative(i) => {
            let n = INITIATIVE_IDS.iter().position(|x| *x == id).unwrap_or(0);
            write_initiative(&mut y, i, &ctx.names[n], ctx);
        }
        Node::Indicator(i) => write_indicator(&mut y, i, ctx),
        Node::Milestone(m) => {
            let (where_, quote) = ctx.quote(&m.quote);
            let _ = writeln!(
                y,
                "title: {}\ndue: {}\ndue_text: {}",
                q(m.title.get()),
                q(m.due.0),
                q(m.due.0)
            );
            let _ = writeln!(y, "quote: {}\nwhere: {}", q(&quote), q(&where_));
            let _ = writeln!(y, "initiatives: {}", ctx.ids(Kind::Initiative, &m.initiatives));
            write_status_updates(&mut y, &m.updates);
        }
    }
    let redirect = match node {
        Node::Initiative(i) => &i.redirect,
        Node::Indicator(i) => &i.redirect,
        Node::Milestone(m) => &m.redirect,
        _ => &node.common().expect("a Markdown item").redirect,
    };
    if let Some(r) = redirect {
        // Good redirects are made unique per item; bad ones are written as they are.
        let path = if r.1 {
            format!("{}/{kind}-{id}/", r.0)
        } else {
            r.0.to_string()
        };
        let _ = writeln!(y, "redirect_from: [{}]", q(&path));
    }
    let name = format!("content/{}/{id}", kind.folder());
    match node.common() {
        Some(c) => {
            let _ = writeln!(y, "title: {}", q(c.title.get()));
            if let Some(a) = c.autolink {
                let _ = writeln!(y, "autolink: {a}");
            }
            let end = end_marker(kind, id);
            file(
                &format!("{name}.md"),
                format!("---\n{y}---\n{}\n\n{end}\n", body(&c.body, ctx)),
            )
        }
        None => file(&format!("{name}.yaml"), y),
    }
}

/// What starts the paragraph that ends each generated body: a word found nowhere else, which
/// must reach the page whatever raw HTML came before it (`end_marker_of` finds it again).
const END_MARKER: &str = "endof-";

fn end_marker(kind: Kind, id: &str) -> String {
    format!("{END_MARKER}{kind}-{id}")
}

/// The end marker of a file whose last paragraph is still one (flaws may have cut or moved it).
pub fn end_marker_of(text: &str) -> Option<&str> {
    let body = text.strip_suffix('\n')?;
    let body = body.strip_suffix('\r').unwrap_or(body);
    let start = body.rfind('\n')? + 1;
    let (before, word) = body.split_at(start);
    let paragraph = before.ends_with("\n\n") || before.ends_with("\r\n\r\n");
    let marker = word.starts_with(END_MARKER) && !word.contains(char::is_whitespace);
    (paragraph && marker).then_some(word)
}

fn write_initiative(y: &mut String, i: &Initiative, names: &(String, Option<String>, Vec<String>), ctx: &Ctx) {
    let (name, acronym, aliases) = names;
    let _ = writeln!(y, "name: {}\nkind: {}", q(name), i.kind.0);
    if let Some(a) = acronym {
        let _ = writeln!(y, "acronym: {}", q(a));
    }
    let _ = writeln!(y, "aliases: {}", list(aliases, |a| q(a)));
    for (n, (quote, amount)) in i.facts.iter().take(2).enumerate() {
        let (where_, quote) = ctx.quote(quote);
        let dash = if n == 0 { "facts:\n  -" } else { "  -" };
        let _ = writeln!(y, "{dash} quote: {}\n    where: {}", q(&quote), q(&where_));
        if let Some(a) = amount {
            let _ = writeln!(y, "    amount: {}", q(a.get()));
        }
    }
}

fn write_indicator(y: &mut String, i: &Indicator, ctx: &Ctx) {
    let related: Vec<String> = i
        .related
        .iter()
        .filter_map(|(kind, to)| match Kind::parse(kind.0) {
            Some(k) => ctx.id(k, *to).map(|id| format!("{}:{id}", kind.0)),
            None => Some(format!("{}:x", kind.0)),
        })
        .collect();
    let related = list(&related, |r| q(r));
    let _ = writeln!(
        y,
        "set: {}\ntitle: {}\nunit: percent\ndirection: {}\nrelated: {related}\nseries:",
        i.set.0,
        q(i.title.get()),
        i.direction.0
    );
    for p in std::iter::once(&i.first).chain(i.series.iter().take(4)) {
        let _ = writeln!(y, "  - {{{}, source: The table}}", point_fields(p));
    }
    if !i.updates.is_empty() {
        y.push_str("updates:\n");
    }
    for (p, url, note) in i.updates.iter().take(3) {
        let url = url.map(|u| format!(", url: {}", q(u.0))).unwrap_or_default();
        let note = note
            .as_ref()
            .map(|n| format!(", note: {}", q(n.get())))
            .unwrap_or_default();
        // An empty printed text doubles as "no source" now and then.
        let source = if p.printed.get().is_empty() {
            "\"\""
        } else {
            "A release"
        };
        // The quote repeats the printed figure, so an empty one (no source) also lacks a quote.
        let quote = q(p.printed.get());
        let _ = writeln!(
            y,
            "  - {{{}, source: {source}{url}{note}, published: \"2024-06\", quote: {quote}}}",
            point_fields(p)
        );
    }
    if let Some(quote) = &i.quote {
        let (where_, quote) = ctx.quote(quote);
        let _ = writeln!(y, "quote: {}\nwhere: {}", q(&quote), q(&where_));
    }
}

/// A milestone's status updates: cited where a URL was drawn; a search that found nothing says
/// where it looked.
fn write_status_updates(y: &mut String, updates: &[(u8, Option<Url>)]) {
    const STATUSES: [&str; 6] = [
        "delivered",
        "partly-delivered",
        "under-way",
        "not-started",
        "dropped-or-changed",
        "no-public-record",
    ];
    if !updates.is_empty() {
        y.push_str("updates:\n");
    }
    for (i, (status, url)) in updates.iter().take(3).enumerate() {
        let status = STATUSES[usize::from(*status) % STATUSES.len()];
        let _ = write!(y, "  - {{status: {status}, date: \"2024-0{}\"", i + 1);
        if status == "no-public-record" {
            y.push_str(", looked_in: \"the releases\"}\n");
            continue;
        }
        let url = url.map(|u| format!(", url: {}", q(u.0))).unwrap_or_default();
        let _ = writeln!(y, ", source: A release{url}, quote: \"It was so.\"}}");
    }
}

/// A point's fields but its source, as a YAML flow mapping's inside.
fn point_fields(p: &Point) -> String {
    let value = match p.value {
        Value::Hundredths(n) => format!("{}", f64::from(n) / 100.0),
        Value::Any(v) if v.is_nan() => ".nan".into(),
        Value::Any(v) if v.is_infinite() => if v > 0.0 { ".inf" } else { "-.inf" }.into(),
        Value::Any(v) => format!("{v:?}"),
    };
    format!(
        "year: {}, value: {value}, printed: {}, kind: {}{}{}",
        2010 + u16::from(p.year % 30),
        q(p.printed.get()),
        p.kind.0,
        p.data_year.map(|d| format!(", data_year: {d}")).unwrap_or_default(),
        p.qualifier.map(|x| format!(", qualifier: {}", x.0)).unwrap_or_default(),
    )
}

fn links(items: &[LinkSpec], kind: Kind, ctx: &Ctx) -> String {
    let items: Vec<(String, &LinkSpec)> = items.iter().filter_map(|l| Some((ctx.id(kind, l.to)?, l))).collect();
    list(&items, |(id, l)| {
        let why = l
            .why
            .as_ref()
            .map(|w| format!(", why: {}", q(w.get())))
            .unwrap_or_default();
        format!("{{id: {}, editorial: {}{why}}}", q(id), l.editorial)
    })
}

fn body(pieces: &[Piece], ctx: &Ctx) -> String {
    let mut out = String::new();
    for p in pieces.iter().take(MAX_PIECES) {
        write_piece(p, ctx, &mut out);
    }
    out
}

fn write_piece(piece: &Piece, ctx: &Ctx, out: &mut String) {
    let _ = match piece {
        Piece::Text(t) => write!(out, "{} ", t.get()),
        Piece::Link(kind, to, anchor, t) => {
            let (id, anchors) = match Kind::parse(kind.0).map(|k| (k, ctx.id(k, *to))) {
                Some((k, Some(id))) => {
                    let anchors = ctx.anchors.get(&(k, id.clone())).cloned().unwrap_or_default();
                    (id, anchors)
                }
                Some((_, None)) => {
                    let _ = write!(out, "{} ", t.get());
                    return;
                }
                None => ("x".to_string(), Vec::new()),
            };
            // An anchor the item has; rarely one it has not.
            let anchor = match anchor {
                Some(a) if !anchors.is_empty() => format!("#{}", anchors[usize::from(a.0) % anchors.len()]),
                Some(a) if a.0 >= 248 => "#missing".to_string(),
                _ => String::new(),
            };
            write!(out, "[{}]({}:{id}{anchor})", t.get(), kind.0)
        }
        Piece::Cite(n) => {
            let n = if ctx.references == 0 || *n >= 248 {
                usize::from(*n)
            } else {
                usize::from(*n) % ctx.references + 1
            };
            write!(out, "[{n}](ref:{n})")
        }
        Piece::NoteRef(l) => write!(out, "[^{}]", l.0),
        Piece::NoteDef(l, t) => write!(out, "\n\n[^{}]: {}\n\n", l.0, t.get()),
        Piece::Heading(level, t, id) => {
            let hashes = "#".repeat(usize::from(level % 6) + 1);
            let id = id.map(|i| format!(" {{#{}}}", i.0)).unwrap_or_default();
            write!(out, "\n\n{hashes} {}{id}\n\n", t.get())
        }
        Piece::Photo(t) => write!(out, "\n\nPhoto: {}\n\n", t.get()),
        Piece::Html(h) => write!(out, "{}", h.0),
        Piece::Table(cells) => {
            let cells: Vec<&str> = cells.iter().take(MAX_LIST).map(Text::get).collect();
            let rule = "---|".repeat(cells.len().max(1));
            write!(
                out,
                "\n\n| {} |\n|{rule}\n| {} |\n\n",
                cells.join(" | "),
                cells.join(" | ")
            )
        }
        Piece::Enumeration(items) => {
            out.push_str("\n\n- Specific recommendations include:\n");
            for (i, t) in items.iter().take(MAX_LIST).enumerate() {
                let _ = writeln!(out, "  - {}. {}", ["i", "ii", "iii"][i], t.get());
            }
            writeln!(out)
        }
        Piece::Code(lang, t) => write!(out, "\n\n```{}\n{}\n```\n\n", lang.0, t.get()),
        Piece::External(url, t) => write!(out, "[{}]({})", t.get(), url.0),
        Piece::Image(url, t) => write!(out, "![{}]({})", t.get(), url.0),
        Piece::FileLink(to, t) | Piece::FileImage(to, t) => {
            let bang = if matches!(piece, Piece::FileImage(..)) { "!" } else { "" };
            match ctx.statics.get(usize::from(to.0) % ctx.statics.len().max(1)) {
                // As written in Markdown: spaces and the like percent-encoded.
                Some(path) => write!(out, "{bang}[{}](/{})", t.get(), percent_encode(path)),
                None => write!(out, "{} ", t.get()),
            }
        }
        Piece::Quote(t) => write!(out, "\n\n> {}\n\n", t.get()),
        Piece::Break => write!(out, "\n\n"),
    };
}

/// How a path is written in a Markdown link: spaces and the like percent-encoded.
fn percent_encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A YAML double-quoted scalar: any text, correctly escaped.
pub(super) fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    let v: Vec<String> = items.iter().take(MAX_LIST).map(f).collect();
    format!("[{}]", v.join(", "))
}
