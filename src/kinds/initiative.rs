//! Initiatives: the funds, schemes, bodies and programmes the plan names, from YAML data files,
//! each with the facts the plan states about it quoted word for word.

use super::KindSpec;
use crate::diagnostics::Diagnostic;
use crate::load::{data, SourceFile};
use crate::model::{Fact, Initiative, Item, ItemHead, ItemRef, Kind, KindInfo, Plan};
use crate::render::context::LinkCtx;
use crate::render::{alphabetical, Renderer, Section};
use crate::resolve::{Collector, Rel, Site};
use crate::scaffold::{quoted, New};
use crate::schema::{describe, pattern, Hint, ID_NAME, ITEM_REF};
use serde::Serialize;
use std::sync::Arc;

impl Kind {
    pub const INITIATIVE: Kind = Kind::built_in(&KindInfo {
        rank: 1000,
        name: "initiative",
        title: "Initiative",
        plural: "Initiatives",
        folder: "initiatives",
        level: false,
    });
}

#[derive(Serialize)]
pub struct InitiativePage<'a> {
    initiative: &'a Initiative,
    facts: Vec<FactCtx<'a>>,
}

#[derive(Serialize)]
struct FactCtx<'a> {
    fact: &'a Fact,
    source: Option<LinkCtx>,
}

impl KindSpec for Initiative {
    const KIND: Option<Kind> = Some(Kind::INITIATIVE);
    const MARKDOWN: bool = false;
    const READING: u16 = 2;
    const TITLE_FIELD: &'static str = "name";
    type File = Initiative;
    type Page<'a> = InitiativePage<'a>;
    type List<'a> = super::NoList;

    fn parse(_: &Plan, _: Kind, file: &Arc<SourceFile>) -> Result<Item, Diagnostic> {
        let v: Initiative = data(file)?;
        let r = ItemRef::new(Kind::INITIATIVE, &v.id);
        let head = v.head(r, v.acronym.clone().unwrap_or_default(), &v.name, file);
        Ok(Item::new(head, None, v))
    }

    fn relations(&self, head: &ItemHead, c: &mut Collector) {
        for f in &self.facts {
            c.written_ref(&head.r, &f.where_, &head.source, Rel::Quotes);
        }
    }

    fn quotes(&self) -> Vec<(&str, &str)> {
        self.facts.iter().map(|f| (f.quote.as_str(), f.where_.as_str())).collect()
    }

    fn list_text(site: &Site, _: Kind) -> (&str, &str) {
        let text = site.config().lists.initiatives.as_ref();
        text.map_or(("Initiatives A–Z", ""), |t| (t.title.as_str(), t.intro.as_str()))
    }

    fn sections(site: &Site, _: Kind) -> Option<Vec<Section>> {
        Some(alphabetical(site, |r| r.kind == Kind::INITIATIVE))
    }

    /// What kind of initiative it is: a fund, a scheme, …
    fn note(&self) -> String {
        format!("{:?}", self.kind).to_lowercase()
    }

    /// The translated name is linked as well, not instead: the pages in another language still
    /// show the original's text, whose mentions of the original name stay links.
    fn retitle(&mut self, title: &str) {
        self.translated_name = Some(title.to_string());
    }

    fn page<'a>(&'a self, rd: &Renderer<'a>, _: &'a ItemHead) -> InitiativePage<'a> {
        let site = rd.site;
        let source = |f: &Fact| site.plan().parse_ref(&f.where_).and_then(|w| LinkCtx::to(site, &w));
        InitiativePage {
            initiative: self,
            facts: self
                .facts
                .iter()
                .map(|f| FactCtx {
                    fact: f,
                    source: source(f),
                })
                .collect(),
        }
    }

    fn hints() -> Vec<Hint> {
        hints()
    }

    fn scaffold(new: &New, to_fill: &mut Vec<String>) -> String {
        scaffold(new.id, new.title, to_fill)
    }
}

fn scaffold(id: &str, name: &str, to_fill: &mut Vec<String>) -> String {
    to_fill.push("`kind:` (written as `programme`; change it if it is a fund, scheme, body, …)".into());
    format!(
        "id: {}\nname: {name}\n\
         acronym: null          # optional, as the Blueprint writes it, e.g. ITVF\n\
         aliases: []            # optional: other spellings the text uses (each is auto-linked)\n\
         kind: programme        # fund | scheme | programme | facility | platform | body | event | plan | policy | service\n\
         # Amounts and dates the Blueprint states, each quoted word for word from where it says so:\n\
         #   - quote: \"The Government has set up the $2 billion …\"\n#     where: recommendation:3.1.1\n#     amount: HK$2 billion\n#     date: \"2023\"\n\
         facts: []\n",
        quoted(id)
    )
}

/// What the types cannot say of its fields (see [`crate::schema`]).
fn hints() -> Vec<Hint> {
    vec![
        pattern("/properties/id", ID_NAME),
        describe("/properties/name", "Full name as the Blueprint writes it; mentions in the text link here automatically"),
        describe("/properties/aliases", "Other spellings the text uses; each is auto-linked"),
        pattern("/definitions/Fact/properties/where", ITEM_REF),
        describe(
            "/definitions/Fact/properties/where",
            "kind:id of the item whose text holds the quote, e.g. recommendation:3.1.1",
        ),
        describe("/definitions/Fact/properties/quote", "Word for word from the item named in `where`"),
    ]
}
