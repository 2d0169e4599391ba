//! Typed Tera contexts. Each page gets a small struct borrowing from the resolved site; nothing
//! copies the whole site into a page.

use crate::markdown::Heading;
use crate::model::{ItemHead, ItemRef, Kind};
use crate::progress::Assessment;
use crate::resolve::{Rel, Relation, Site};
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub short_title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub publisher: Option<&'a str>,
    /// The root of the page's language: `/`, or `/zh-hant/` for the site in another language.
    pub root: &'a str,
    /// The root of what is published once, in the main language: data downloads, the feed.
    pub files_root: &'a str,
    /// Whether the site has `print/`, the whole plan on one page.
    pub print: bool,
    pub nav: Vec<NavCtx>,
    pub search_url: String,
    pub az_url: String,
    pub assets: String,
    /// The language of the config's words (title, publisher, description) when the page is in
    /// another: they are the main language's.
    pub text_lang: Option<&'a str>,
    /// The site's languages, when it has more than one: for `hreflang` links and the switcher.
    pub languages: Vec<LanguageCtx<'a>>,
    /// What readers call the plan, after "the": "Blueprint".
    pub plan_name: &'a str,
    /// When the plan was published: "2022".
    pub published: Option<&'a str>,
    /// The label of the chapter that prints the indicator table ("Chapter 5"), if one does.
    pub table_chapter: Option<&'a str>,
    /// The level heading the plan's branches (the Blueprint's strategy): search filters by it.
    pub branch: Option<BranchCtx>,
    /// What search looks through: "directions, strategies, …, initiatives and indicators".
    pub searchable: String,
    /// search.js's words in the page's language (`search.js.*`), as JSON for a data script;
    /// empty in the reference language, whose words search.js has.
    pub search_words: String,
}

#[derive(Serialize)]
pub struct LanguageCtx<'a> {
    pub tag: &'a str,
    /// The language's name in itself: "English", "繁體中文".
    pub name: String,
    /// Its root path (`/zh-hant/`), for the switcher's links.
    pub root: String,
    /// Its absolute base URL, for `hreflang` links.
    pub base: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct BranchCtx {
    pub name: &'static str,
    pub title: &'static str,
    pub plural: &'static str,
}

#[derive(Serialize)]
pub struct NavCtx {
    pub url: String,
    pub label: String,
    pub section: &'static str,
}

#[derive(Serialize, Clone)]
pub struct LinkCtx {
    pub url: String,
    pub label: String,
    pub title: String,
    pub kind: &'static str,
    pub id: String,
    /// The id is shown beside the label: an item of one of the plan's levels with numbered ids
    /// whose label does not already say it ("Target 01" repeats across strategies → 3.1;
    /// "Strategy (3)" says 3; a slug is no help to a reader).
    pub show_id: bool,
    /// The title is this site's words: templates mark it wherever it is shown.
    pub site_title: bool,
    /// The title's language when the page's language has no translation of it.
    pub lang: Option<String>,
}

impl LinkCtx {
    pub fn of(site: &Site, head: &ItemHead) -> LinkCtx {
        LinkCtx {
            url: site.urls().item(&head.r),
            label: head.label.clone(),
            title: head.title.clone(),
            kind: head.r.kind.name(),
            id: head.r.id.clone(),
            show_id: site
                .plan()
                .level(head.r.kind)
                .is_some_and(|l| matches!(l.decl.id, crate::model::IdPattern::Numbers(_)))
                && !head.label.contains(head.r.id.as_str()),
            site_title: head.site_title,
            lang: head.lang.clone(),
        }
    }

    pub fn to(site: &Site, r: &ItemRef) -> Option<LinkCtx> {
        site.head(r).map(|h| LinkCtx::of(site, h))
    }

    pub fn page(url: String, label: &str) -> LinkCtx {
        LinkCtx {
            url,
            label: label.to_string(),
            title: String::new(),
            kind: "page",
            id: String::new(),
            show_id: false,
            site_title: false,
            lang: None,
        }
    }
}

/// What every page has: where it is, how to get around, what it is called.
#[derive(Serialize)]
pub struct PageMeta<'a> {
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub path: String,
    pub section: &'static str,
    pub breadcrumbs: Vec<LinkCtx>,
    /// The language of `title` where it is not the page's (an untranslated item's title).
    pub lang: Option<String>,
    pub prev: Option<LinkCtx>,
    pub next: Option<LinkCtx>,
    pub toc: &'a [Heading],
    /// Pages that are not content (search, 404) ask robots not to index them.
    pub noindex: bool,
    /// The page exists in the main language only (print/): no links to it in other languages.
    pub main_only: bool,
    /// The page's schema.org JSON-LD, escaped for a `<script>` element (set when it renders).
    pub jsonld: String,
    /// What else the JSON-LD describes besides the breadcrumb trail: an indicator's `Dataset`.
    #[serde(skip)]
    pub described: Option<serde_json::Value>,
    /// The page's social card (`og:image`), an absolute URL, where the config asks for cards.
    pub og_image: Option<String>,
}

/// A page's own context; `site` (SiteCtx) is in Tera's global context, set once.
#[derive(Serialize)]
pub struct Page<'a, T: Serialize> {
    pub page: PageMeta<'a>,
    pub data: T,
}

#[derive(Serialize)]
pub struct RelCtx<'a> {
    pub link: LinkCtx,
    pub editorial: bool,
    pub why: Option<&'a str>,
}

#[derive(Serialize)]
pub struct GroupCtx<'a> {
    pub heading: String,
    /// Which heading it is (`serves`, `out-serves`, …) and of which kind's items, so another
    /// language's words can be looked up (`rel.<rel>`, with `{kinds}`).
    pub rel: &'static str,
    pub kind: &'static str,
    pub items: Vec<RelCtx<'a>>,
}

#[derive(Serialize)]
pub struct OutlineCtx {
    pub link: LinkCtx,
    pub children: Vec<LinkCtx>,
}

#[derive(Serialize)]
pub struct CardCtx<'a> {
    pub link: LinkCtx,
    pub unit: &'a str,
    /// The latest figure and the next target, as HTML (the plan's figure marked where it is
    /// English on a page in another language).
    pub latest: Option<String>,
    pub next_target: Option<String>,
    pub sparkline: String,
    /// The years every sparkline of the card's group spans, "2014–2030".
    pub years: String,
    pub assessments: &'a [Assessment],
}

/// Groups relations pointing at `r` by where they come from, for "Mentioned in" lists.
pub fn backlink_groups<'a>(site: &'a Site, r: &ItemRef) -> Vec<GroupCtx<'a>> {
    let mut groups: Vec<GroupCtx> = Vec::new();
    let incoming: Vec<&Relation> = site.incoming(r).collect();
    for kind in site.plan().kinds() {
        // Quotes are shown with the facts they back, not again as backlinks.
        for rel in [Rel::Serves, Rel::Involves, Rel::Mentions, Rel::Tracks] {
            let mut items: Vec<(usize, RelCtx)> = incoming
                .iter()
                // Milestones quoting an item are listed as its dated commitments instead.
                .filter(|x| x.from.kind == kind && x.rel == rel && !(kind == Kind::MILESTONE && rel == Rel::Tracks))
                .filter_map(|x| {
                    let pos = site.position(&x.from);
                    LinkCtx::to(site, &x.from).map(|link| {
                        (
                            pos,
                            RelCtx {
                                link,
                                editorial: x.editorial,
                                why: x.why.as_deref(),
                            },
                        )
                    })
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            items.sort_by_key(|(p, _)| *p);
            groups.push(GroupCtx {
                heading: group_heading(kind, rel),
                rel: match rel {
                    Rel::Serves => "serves",
                    Rel::Involves => "involves",
                    Rel::Mentions => "mentions",
                    Rel::Quotes => "quotes",
                    Rel::Tracks => "tracks",
                    Rel::PartOf => "part-of",
                },
                kind: kind.name(),
                items: items.into_iter().map(|(_, c)| c).collect(),
            });
        }
    }
    groups
}

fn group_heading(kind: Kind, rel: Rel) -> String {
    let kinds = kind.plural_title();
    match rel {
        Rel::Serves => format!("{kinds} that serve it"),
        Rel::Involves => format!("{kinds} that involve it"),
        Rel::Mentions => format!("{kinds} that mention it"),
        Rel::Quotes => format!("{kinds} it is quoted from"),
        Rel::Tracks => format!("{kinds} that track it"),
        Rel::PartOf => format!("{kinds} under it"),
    }
}

/// Relations from `r` of one kind of relation to one kind of item, in reading order.
pub fn outgoing<'a>(site: &'a Site, r: &ItemRef, rel: Rel, kind: Kind) -> Vec<RelCtx<'a>> {
    site.outgoing(r)
        .filter(|x| x.rel == rel && x.to.kind == kind)
        .filter_map(|x| {
            LinkCtx::to(site, &x.to).map(|link| RelCtx {
                link,
                editorial: x.editorial,
                why: x.why.as_deref(),
            })
        })
        .collect()
}
