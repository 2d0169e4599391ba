//! Indicators: the figures the plan sets out to move, from YAML data files, with the plan's own
//! series and the figures published since; each page has its chart, progress and data table.

use super::KindSpec;
use crate::charts;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{data, SourceFile};
use crate::model::{Indicator, IndicatorSet, Item, ItemHead, ItemRef, Kind, KindInfo, Plan, Point};
use crate::progress::{self, Assessment};
use crate::render::context::{CardCtx, LinkCtx};
use crate::render::{cards, chart_sources, development_ids, indicator_groups, rollup, IndicatorGroup, Renderer};
use crate::resolve::{Collector, Data, DataChecks, Rel, Site};
use crate::scaffold::{quoted, New};
use crate::schema::{describe, pattern, Hint, ID_NAME, ITEM_REF};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

impl Kind {
    pub const INDICATOR: Kind = Kind::built_in(&KindInfo {
        rank: 1001,
        name: "indicator",
        title: "Indicator",
        plural: "Indicators",
        folder: "indicators",
        level: false,
    });
}

#[derive(Serialize)]
pub struct IndicatorPage<'a> {
    indicator: IndicatorData<'a>,
}

/// The indicators' list page: the development indicators as cards and as the plan's table, the
/// further ones as cards.
#[derive(Serialize)]
pub struct IndicatorList<'a> {
    cards: Vec<CardCtx<'a>>,
    further_cards: Vec<CardCtx<'a>>,
    rollup: Option<String>,
    indicator_table: Vec<IndicatorGroup<'a>>,
    /// The chapter that prints the indicator table (the Blueprint's Chapter 5).
    table_chapter: Option<Box<LinkCtx>>,
}

#[derive(Serialize)]
struct IndicatorData<'a> {
    ind: &'a Indicator,
    chart: String,
    summary: String,
    assessments: Cow<'a, [Assessment]>,
    source: Option<LinkCtx>,
    /// The chart's source line (HTML): the Blueprint's, and a pointer to the table for later figures.
    sources: String,
    /// Every figure, the Blueprint's and the later ones, by the year it describes.
    rows: Vec<PointRow<'a>>,
    csv: String,
    json: String,
    /// The chart as a file of its own (`publish::chart`).
    svg: String,
}

#[derive(Serialize)]
struct PointRow<'a> {
    p: &'a Point,
    /// The year the figure describes.
    year: i32,
    /// Published after the Blueprint (from `updates:`).
    later: bool,
    /// The Blueprint column that prints it, when that is not the year it describes.
    column: Option<i32>,
}

impl KindSpec for Indicator {
    const KIND: Option<Kind> = Some(Kind::INDICATOR);
    const MARKDOWN: bool = false;
    const READING: u16 = 1;
    type File = Indicator;
    type Page<'a> = IndicatorPage<'a>;
    type List<'a> = IndicatorList<'a>;

    fn parse(_: &Plan, _: Kind, file: &Arc<SourceFile>) -> Result<Item, Diagnostic> {
        let v: Indicator = data(file)?;
        let label = match v.set {
            IndicatorSet::Development => format!("Indicator {}", v.id),
            IndicatorSet::Further => "Further indicator".to_string(),
        };
        let mut head = v.head(ItemRef::new(Kind::INDICATOR, &v.id), label, &v.title, file);
        head.site_title = v.site_title;
        Ok(Item::new(head, None, v))
    }

    fn relations(&self, head: &ItemHead, c: &mut Collector) {
        for text in self.where_.iter().chain(self.related.iter()) {
            c.written_ref(&head.r, text, &head.source, Rel::Tracks);
        }
    }

    fn quotes(&self) -> Vec<(&str, &str)> {
        match (&self.quote, &self.where_) {
            (Some(q), Some(w)) => vec![(q, w)],
            _ => Vec::new(),
        }
    }

    fn list<'a>(rd: &Renderer<'a>) -> Option<IndicatorList<'a>> {
        let site = rd.site;
        let dev = development_ids(site);
        let further: Vec<&str> = site
            .indicators()
            .map(|i| i.id.as_str())
            .filter(|id| !dev.contains(id))
            .collect();
        let mut further_cards: Vec<CardCtx> = cards(site, &rd.words, &further);
        for c in &mut further_cards {
            c.link.label.clear();
        }
        let table_chapter = site.table_chapter().map(|h| Box::new(LinkCtx::of(site, h)));
        Some(IndicatorList {
            cards: cards(site, &rd.words, &dev),
            further_cards,
            rollup: rollup(site, &rd.words, &dev),
            indicator_table: indicator_groups(site),
            table_chapter,
        })
    }

    fn list_text(site: &Site, _: Kind) -> (&str, &str) {
        let text = site.config().lists.indicators.as_ref();
        text.map_or(("Progress on the indicators", ""), |t| (t.title.as_str(), t.intro.as_str()))
    }

    fn check(&self, head: &ItemHead, cx: &DataChecks, diags: &mut Diagnostics) {
        let d = Data {
            value: self,
            source: &head.source,
        };
        crate::resolve::check_indicator(d, cx, diags);
    }

    fn page<'a>(&'a self, rd: &Renderer<'a>, _: &'a ItemHead) -> IndicatorPage<'a> {
        IndicatorPage {
            indicator: indicator_data(rd, self),
        }
    }

    fn hints() -> Vec<Hint> {
        hints()
    }

    fn scaffold(new: &New, to_fill: &mut Vec<String>) -> String {
        scaffold(new.id, new.title, to_fill)
    }
}

/// The data downloads are the main language's (`rd.main_urls`): they are published once, there.
/// The explanations are the resolver's, in English, unless the page is in another language.
fn indicator_data<'a>(rd: &Renderer<'a>, ind: &'a Indicator) -> IndicatorData<'a> {
    let (site, files, w) = (rd.site, &rd.main_urls, &rd.words);
    let id = ind.id.as_str();
    let a = site.assessments(id);
    let assessments = if w.reference {
        Cow::Borrowed(a)
    } else {
        Cow::Owned(progress::assess_in(ind, w))
    };
    let plan = &site.config().plan_name;
    let plan = rd.strings.get_or(&format!("plan_name.{plan}"), plan);
    IndicatorData {
        ind,
        chart: charts::indicator_chart(ind, a, &format!("chart-{}", crate::markdown::slug(id)), plan, w),
        summary: progress::summary(ind, a, w),
        assessments,
        source: ind
            .where_
            .as_deref()
            .and_then(|w| site.plan().parse_ref(w))
            .and_then(|w| LinkCtx::to(site, &w)),
        sources: chart_sources(ind, w, &|s| match w.foreign {
            Some(lang) => format!("<span lang=\"{lang}\">{}</span>", crate::markdown::escape(s)),
            None => crate::markdown::escape(s),
        }),
        rows: progress::sorted_points(ind)
            .into_iter()
            .map(|p| PointRow {
                p,
                year: p.data_year(),
                later: ind.is_update(p),
                column: (p.data_year() != p.year).then_some(p.year),
            })
            .collect(),
        csv: files.page(&format!("data/indicators/{id}.csv")),
        json: files.page(&format!("data/indicators/{id}.json")),
        svg: files.page(&crate::publish::chart::path(id)),
    }
}

fn scaffold(id: &str, title: &str, to_fill: &mut Vec<String>) -> String {
    let development = id.split('.').count() == 2 && id.split('.').all(|p| p.chars().all(|c| c.is_ascii_digit()));
    let (set, group) = if development {
        (
            "development",
            "group: null            # the Chapter 5 table's group: R&D, Start-ups, Talent, Industry development\n",
        )
    } else {
        ("further", "")
    };
    to_fill.push("`unit:` and `direction:` (written as `count` and `increase`)".into());
    to_fill.push("`series:` at least one point (check fails until there is one)".into());
    if !development {
        to_fill.push("`quote:`, `where:` and `related:` for a further indicator".into());
    }
    format!(
        "id: {}\nset: {set}          # development (Chapter 5 table) | further (quantified elsewhere in the text)\n{group}title: {title}\n\
         unit: count            # percent | count | hkd | ratio | per-1000 | square-metres | places\n\
         direction: increase    # increase | decrease: which way is progress\n\
         measure: null          # optional: for a ratio, what the value measures\n\
         quote: null            # further indicators: the sentence the figures come from, word for word\n\
         where: null            # further indicators: kind:id of the item holding that sentence\n\
         related: []            # kind:id list, e.g. [recommendation:6.1.3]\n\
         # At least one point. Replace [] with points like:\n\
         #   - year: 2022           # the column's publication year\n#     data_year: 2020      # optional: the year the figure describes\n\
         #     value: 0.99\n#     printed: \"0.99%\"     # exactly as printed\n#     kind: observed       # baseline | observed | target\n\
         #     source: Development Blueprint, Chapter 5 table\n\
         series: []\n\
         # Figures published since the Blueprint: the same fields, `kind: observed`, and a `url:`\n\
         # where the figure can be read. The Blueprint's own table never shows them.\n\
         updates: []\n",
        quoted(id)
    )
}

/// What the types cannot say of its fields (see [`crate::schema`]).
fn hints() -> Vec<Hint> {
    vec![
        pattern("/properties/id", ID_NAME),
        describe("/properties/id", "Development indicators \"1.1\" … \"4.1\"; further indicators lowercase-kebab ids"),
        describe("/properties/unit", "percent | count | hkd | ratio | per-1000 | square-metres | places"),
        describe("/properties/direction", "Which way is progress"),
        describe("/properties/quote", "Further indicators: the sentence the figures come from, word for word"),
        pattern("/properties/where", ITEM_REF),
        describe("/properties/where", "Further indicators: kind:id of the item holding the quote"),
        pattern("/properties/related/items", ITEM_REF),
        describe("/definitions/Point/properties/printed", "The figure exactly as printed, e.g. \"0.74% (HK$16.727 billion)\""),
        describe("/definitions/Point/properties/source", "Where the figure comes from; a URL too if beyond the Blueprint"),
        describe("/definitions/Point/properties/value", "A plain number; for a ratio \"56:44\" the first share (56)"),
    ]
}
