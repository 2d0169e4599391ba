//! Pages that gather items: home, the index of each kind, the A–Z index, references, search and
//! the 404 page.

use super::context::*;
use super::item::{cards, rollup};
use super::{Job, Renderer};
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::resolve::Site;
use serde::Serialize;

#[derive(Serialize)]
struct HomeData<'a> {
    /// One section per top level of the plan (the Blueprint's directions, then strategies).
    levels: Vec<LevelSection>,
    cards: Vec<CardCtx<'a>>,
    rollup: Option<String>,
    chapters: Vec<LinkCtx>,
    counts: Vec<(usize, String, String)>,
    /// The Progress report's headline, when the plan has dated commitments.
    headline: Option<String>,
}

#[derive(Serialize)]
struct LevelSection {
    /// `directions`: the section's id.
    name: &'static str,
    heading: String,
    /// The heading's language where it is the config's words on another language's page.
    lang: Option<&'static str>,
    /// "All strategies".
    all: LinkCtx,
    /// Its items head branches (levels belong to them): their tiles count what belongs.
    branch: bool,
    tiles: Vec<Tile>,
}

/// A top item with how many items of each level below belong to it.
#[derive(Serialize)]
struct Tile {
    link: LinkCtx,
    counts: Vec<String>,
}

#[derive(Serialize)]
struct ListData<'a> {
    kind: &'static str,
    intro: &'a str,
    sections: Vec<Section>,
    #[serde(flatten)]
    part: crate::kinds::ListPage<'a>,
}

#[derive(Serialize)]
pub struct Section {
    pub heading: String,
    /// The heading's language where it is not the page's (an untranslated item's).
    pub lang: Option<String>,
    pub id: String,
    pub items: Vec<Entry>,
}

#[derive(Serialize)]
pub struct Entry {
    link: LinkCtx,
    note: String,
    tags: Vec<LinkCtx>,
}

#[derive(Serialize)]
struct ReferencesData<'a> {
    references: Vec<RefCtx<'a>>,
}

#[derive(Serialize)]
struct RefCtx<'a> {
    reference: &'a Reference,
    cited_by: Vec<(LinkCtx, String)>,
}

pub fn jobs<'s>(site: &'s Site, jobs: &mut Vec<Job<'s>>) {
    jobs.push((String::new(), Box::new(home)));
    for kind in site.plan().kinds() {
        jobs.push((
            format!("{}/", kind.folder()),
            Box::new(move |rd: &Renderer| kind_index(rd, kind)),
        ));
    }
    jobs.push(("a-z/".into(), Box::new(a_to_z)));
    jobs.push(("references/".into(), Box::new(references)));
    jobs.push((
        "search/".into(),
        Box::new(|rd: &Renderer| simple(rd, "search.html", "search/", &rd.t("search.title"))),
    ));
    jobs.push((
        "404.html".into(),
        Box::new(|rd: &Renderer| simple(rd, "404.html", "404.html", &rd.t("notfound.title"))),
    ));
}

fn of_kind<'a>(site: &'a Site, kind: Kind) -> impl Iterator<Item = LinkCtx> + 'a {
    site.order()
        .iter()
        .filter(move |r| r.kind == kind)
        .filter_map(move |r| LinkCtx::to(site, r))
}

pub fn development_ids(site: &Site) -> Vec<&str> {
    site.indicators()
        .filter(|i| i.set == IndicatorSet::Development)
        .map(|i| i.id.as_str())
        .collect()
}

fn home(rd: &Renderer) -> Result<String, Diagnostic> {
    let site = rd.site;
    let ids = development_ids(site);
    let counts = site
        .plan()
        .kinds()
        .filter(|k| *k != Kind::CHAPTER)
        .map(|k| {
            let n = site.items_of(k).count();
            (
                n,
                if n == 1 {
                    super::kind_title(&rd.strings, k)
                } else {
                    super::kind_plural(&rd.strings, k)
                },
                site.urls().kind_index(k),
            )
        })
        .collect();
    let data = HomeData {
        levels: site
            .plan()
            .levels()
            .iter()
            .filter(|l| l.parent.is_none())
            .map(|l| level_section(rd, l))
            .collect(),
        cards: cards(site, &rd.words, &ids),
        rollup: rollup(site, &rd.words, &ids),
        chapters: of_kind(site, Kind::CHAPTER).collect(),
        counts,
        headline: site
            .milestones()
            .next()
            .is_some()
            .then(|| super::report::headline(site, &rd.words)),
    };
    let config = site.config();
    let meta = rd.meta("", config.title.clone(), config.description.clone(), "home");
    rd.render_page("home.html", meta, data)
}

/// A top level on the home page: its items as tiles, each with what belongs to it.
fn level_section(rd: &Renderer, level: &Level) -> LevelSection {
    let site = rd.site;
    let plan = site.plan();
    let below: Vec<Kind> = plan.levels_below(level.kind).map(|l| l.kind).collect();
    let tiles = site
        .in_order(level.kind)
        .map(|h| {
            let mut layer: Vec<&ItemRef> = vec![&h.r];
            let counts = below
                .iter()
                .map(|k| {
                    layer = layer.iter().flat_map(|r| site.children(r)).map(|c| &c.r).collect();
                    let n = layer.len();
                    let word = if n == 1 {
                        super::kind_title(&rd.strings, *k)
                    } else {
                        super::kind_plural(&rd.strings, *k)
                    };
                    rd.t_with("tile.count", &[("n", &n.to_string()), ("kind", &word.to_lowercase())])
                })
                .collect();
            Tile {
                link: LinkCtx::of(site, h),
                counts,
            }
        })
        .collect();
    let plural = super::kind_plural(&rd.strings, level.kind);
    LevelSection {
        name: level.kind.folder(),
        heading: level.decl.heading.clone().unwrap_or_else(|| plural.clone()),
        lang: level.decl.heading.as_ref().and(crate::i18n::foreign(&rd.strings.lang)),
        all: LinkCtx::page(
            site.urls().kind_index(level.kind),
            &rd.t_with("search.all_of", &[("plural", &plural.to_lowercase())]),
        ),
        branch: !below.is_empty(),
        tiles,
    }
}

fn kind_index(rd: &Renderer, kind: Kind) -> Result<String, Diagnostic> {
    let site = rd.site;
    let path = format!("{}/", kind.folder());
    let (title, intro) = list_text(rd, kind);
    let part = crate::kinds::list_page(rd, kind);
    let sections = crate::kinds::sections(site, kind).unwrap_or_else(|| in_order(site, kind));
    let data = ListData {
        kind: kind.name(),
        intro,
        sections,
        part,
    };
    let meta = rd.meta(&path, title.to_string(), intro.to_string(), kind.folder());
    rd.render_page("list.html", meta, data)
}

/// A list page's title and introduction: the theme's words in the page's language for this
/// kind's list (`list.<folder>.title`, `.intro`) when it has them, else the config's words, or
/// plan-neutral ones.
fn list_text<'a>(rd: &'a Renderer, kind: Kind) -> (&'a str, &'a str) {
    let (title, intro) = crate::kinds::list_text(rd.site, kind);
    let folder = kind.folder();
    let s = &rd.strings;
    // A level's list the config does not title is titled with the kind's plural in the page's
    // language, as the level's headings are.
    let untitled = rd
        .site
        .plan()
        .level(kind)
        .map_or(kind == Kind::CHAPTER, |l| l.decl.list_title.is_none());
    let plural = untitled
        .then(|| s.get(&format!("kind.{}.plural", kind.name())))
        .flatten();
    (
        s.get(&format!("list.{folder}.title")).or(plural).unwrap_or(title),
        s.get_or(&format!("list.{folder}.intro"), intro),
    )
}

pub fn entry(site: &Site, link: LinkCtx, r: &ItemRef) -> Entry {
    let tags = site
        .outgoing(r)
        .filter(|x| x.to.kind == Kind::INDICATOR && x.rel == crate::resolve::Rel::Serves)
        .filter_map(|x| LinkCtx::to(site, &x.to))
        .collect();
    let note = site.item(r).map(|i| i.part.note()).unwrap_or_default();
    Entry { link, note, tags }
}

/// One list of `kind`'s items in reading order.
fn in_order(site: &Site, kind: Kind) -> Vec<Section> {
    vec![Section {
        heading: String::new(),
        lang: None,
        id: String::new(),
        items: site
            .in_order(kind)
            .map(|h| entry(site, LinkCtx::of(site, h), &h.r))
            .collect(),
    }]
}

/// Items grouped under their initial letter (by title; digits under "0–9"), in the order of the
/// site's language (`i18n::order`); in a language ordered by ICU, a title that starts with
/// another script (a Chinese one) is grouped under its first character.
pub fn alphabetical(site: &Site, keep: impl Fn(&ItemRef) -> bool) -> Vec<Section> {
    let order = crate::i18n::order::Order::of(&site.config().language);
    let by_char = matches!(order, crate::i18n::order::Order::Collator(_));
    let mut all: Vec<(String, Entry)> = site
        .heads()
        .filter(|h| keep(&h.r))
        .map(|h| {
            let key = h.title.trim_start_matches(['“', '"', '‘', '\'']).to_lowercase();
            (key, entry(site, LinkCtx::of(site, h), &h.r))
        })
        .collect();
    all.sort_by(|a, b| order.compare(&a.0, &b.0).then_with(|| a.1.link.url.cmp(&b.1.link.url)));
    let mut sections: Vec<Section> = Vec::new();
    for (key, e) in all {
        let first = key.chars().next().unwrap_or('#');
        let letter = if first.is_ascii_alphabetic() {
            first.to_ascii_uppercase().to_string()
        } else if by_char && first.is_alphabetic() {
            first.to_string()
        } else {
            "0–9".to_string()
        };
        match sections.last_mut() {
            Some(s) if s.heading == letter => s.items.push(e),
            _ => sections.push(Section {
                id: format!(
                    "letter-{}",
                    if letter.len() == 1 {
                        letter.to_lowercase()
                    } else if letter.chars().count() == 1 {
                        format!("u{:x}", first as u32)
                    } else {
                        "0-9".into()
                    }
                ),
                heading: letter,
                lang: None,
                items: vec![e],
            }),
        }
    }
    sections
}

fn a_to_z(rd: &Renderer) -> Result<String, Diagnostic> {
    let site = rd.site;
    let kinds: Vec<String> = site
        .plan()
        .kinds()
        .map(|k| super::kind_plural(&rd.strings, k).to_lowercase())
        .collect();
    let kinds = match rd.strings.get("list_separator") {
        Some(sep) => kinds.join(sep),
        None => crate::progress::join_and(&kinds),
    };
    let plan = rd.strings.get_or(
        &format!("plan_name.{}", site.config().plan_name),
        &site.config().plan_name,
    );
    let intro = rd.t_with("az.intro", &[("plan", plan), ("kinds", &kinds)]);
    let data = ListData {
        kind: "a-z",
        intro: &intro,
        sections: alphabetical(site, |_| true),
        part: crate::kinds::ListPage::None(crate::kinds::NoList {}),
    };
    let meta = rd.meta("a-z/", rd.t("az.title"), intro.clone(), "a-z");
    rd.render_page("list.html", meta, data)
}

fn references(rd: &Renderer) -> Result<String, Diagnostic> {
    let site = rd.site;
    let references = site
        .references()
        .iter()
        .map(|reference| RefCtx {
            reference,
            cited_by: site
                .citations()
                .get(&reference.number)
                .into_iter()
                .flatten()
                .filter_map(|(r, marker)| {
                    LinkCtx::to(site, r).map(|l| {
                        let url = format!("{}#{marker}", l.url);
                        (LinkCtx { url, ..l }, marker.clone())
                    })
                })
                .collect(),
        })
        .collect();
    let meta = rd.meta(
        "references/",
        rd.t("references.title"),
        rd.t_with("references.description", &[("plan", &site.config().plan_name)]),
        "references",
    );
    rd.render_page("references.html", meta, ReferencesData { references })
}

fn simple(rd: &Renderer, template: &str, path: &str, title: &str) -> Result<String, Diagnostic> {
    let description = format!("{title}: {}", rd.site.config().title);
    let mut meta = rd.meta(path, title.into(), description, "search");
    meta.noindex = true;
    rd.render_page(template, meta, ())
}
