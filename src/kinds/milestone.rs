//! Milestones: what the plan says will be done by when, quoted word for word from where it says
//! so, with what has happened since and its evidence.

use super::KindSpec;
use crate::commitments::{is_past, timeline_rows, TimelineRow};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{data, SourceFile};
use crate::model::{Item, ItemHead, ItemRef, Kind, KindInfo, Milestone, Plan, StatusUpdate};
use crate::render::context::LinkCtx;
use crate::render::{history, milestone_rows, MilestoneRow, Renderer, Section, StandingCtx, UpdateCtx};
use crate::resolve::{Collector, DataChecks, Rel, Site};
use crate::scaffold::{quoted, New};
use crate::schema::{describe, pattern, Hint, ID_NAME, ITEM_REF, DUE};
use serde::Serialize;
use std::sync::Arc;

impl Kind {
    pub const MILESTONE: Kind = Kind::built_in(&KindInfo {
        rank: 1002,
        name: "milestone",
        title: "Milestone",
        plural: "Milestones",
        folder: "milestones",
        level: false,
    });
}

#[derive(Serialize)]
pub struct MilestonePage<'a> {
    milestone: MilestoneData<'a>,
}

/// The milestones' list page: every commitment under its year, with the "as of" rule.
#[derive(Serialize)]
pub struct MilestoneList<'a> {
    timeline: Vec<TimelineRow<MilestoneRow<'a>>>,
}

#[derive(Serialize)]
struct MilestoneData<'a> {
    m: &'a Milestone,
    past: bool,
    source: Option<LinkCtx>,
    standing: StandingCtx,
    /// Every update, newest first (the first is the current status).
    history: Vec<UpdateCtx<'a>>,
}

impl KindSpec for Milestone {
    const KIND: Option<Kind> = Some(Kind::MILESTONE);
    const MARKDOWN: bool = false;
    const READING: u16 = 3;
    type File = Milestone;
    type Page<'a> = MilestonePage<'a>;
    type List<'a> = MilestoneList<'a>;

    fn parse(_: &Plan, _: Kind, file: &Arc<SourceFile>) -> Result<Item, Diagnostic> {
        let v: Milestone = data(file)?;
        let r = ItemRef::new(Kind::MILESTONE, &v.id);
        let mut head = v.head(r, v.due_text.clone(), &v.title, file);
        head.site_title = v.site_title;
        Ok(Item::new(head, None, v))
    }

    fn list<'a>(rd: &Renderer<'a>) -> Option<MilestoneList<'a>> {
        let site = rd.site;
        let rows = milestone_rows(site, site.milestones());
        Some(MilestoneList {
            timeline: timeline_rows(rows, |m| m.due, site.as_of()),
        })
    }

    fn list_text(site: &Site, _: Kind) -> (&str, &str) {
        let text = site.config().lists.milestones.as_ref();
        text.map_or(("Timeline", ""), |t| (t.title.as_str(), t.intro.as_str()))
    }

    /// The timeline is their one list; an id-ordered list would repeat it.
    fn sections(_: &Site, _: Kind) -> Option<Vec<Section>> {
        Some(Vec::new())
    }

    fn relations(&self, head: &ItemHead, c: &mut Collector) {
        let me = &head.r;
        let src = &*head.source;
        c.written_ref(me, &self.where_, src, Rel::Tracks);
        for id in &self.initiatives {
            let at = src.locate("initiatives", id);
            c.relate(me, ItemRef::new(Kind::INITIATIVE, id), at, Rel::Tracks, None);
        }
        if !valid_due(&self.due) {
            c.push(
                Diagnostic::error(
                    "E005",
                    format!("milestone `{}` has a malformed due date `{}`", self.id, self.due),
                )
                .at(src.locate("due:", &self.due))
                .help("write the year, or the year and month: \"2025\" or \"2025-12\""),
            );
        }
    }

    fn quotes(&self) -> Vec<(&str, &str)> {
        vec![(&self.quote, &self.where_)]
    }

    fn check(&self, head: &ItemHead, _: &DataChecks, diags: &mut Diagnostics) {
        let what = format!("{} `{}`", head.r.kind, head.r.id);
        crate::resolve::check_status_updates(&head.source, &what, &self.updates, diags);
    }

    fn updates(&self) -> &[StatusUpdate] {
        &self.updates
    }

    fn page<'a>(&'a self, rd: &Renderer<'a>, _: &'a ItemHead) -> MilestonePage<'a> {
        let site = rd.site;
        let m = self;
        MilestonePage {
            milestone: MilestoneData {
                m,
                past: is_past(&m.due, site.as_of()),
                source: site.plan().parse_ref(&m.where_).and_then(|w| LinkCtx::to(site, &w)),
                standing: StandingCtx::of(m, site.as_of()),
                history: history(&m.updates),
            },
        }
    }

    fn hints() -> Vec<Hint> {
        hints()
    }

    fn scaffold(new: &New, to_fill: &mut Vec<String>) -> String {
        scaffold(new.id, new.title, to_fill)
    }
}

/// `YYYY` or `YYYY-MM`.
pub fn valid_due(due: &str) -> bool {
    let mut parts = due.split('-');
    let year_ok = parts.next().is_some_and(|y| y.len() == 4 && y.parse::<u16>().is_ok());
    let month_ok = match parts.next() {
        None => true,
        Some(m) => m.len() == 2 && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)),
    };
    year_ok && month_ok && parts.next().is_none()
}

fn scaffold(id: &str, title: &str, to_fill: &mut Vec<String>) -> String {
    to_fill.push("`due:`, `due_text:`, `quote:` and `where:` (check fails until `due` and `where` are set)".into());
    format!(
        "id: {}\ntitle: {title}       # a short label, in words from the quote\n\
         due: \"YYYY-MM\"         # YYYY or YYYY-MM: the end of the stated period (\"end-2025\" is 2025-12)\n\
         due_text: \"\"           # as the Blueprint states it, e.g. \"by end-2025\"\n\
         quote: \"\"              # the sentence, word for word\n\
         where: \"kind:id\"       # the item whose text holds the quote, e.g. recommendation:6.1.1\n\
         initiatives: []        # optional: initiative ids, e.g. [iam-smart]\n",
        quoted(id)
    )
}


/// What the types cannot say of its fields (see [`crate::schema`]).
fn hints() -> Vec<Hint> {
    vec![
        pattern("/properties/id", ID_NAME),
        pattern("/properties/due", DUE),
        describe(
            "/properties/due",
            "YYYY or YYYY-MM: the end of the stated period (\"end-2025\" is 2025-12, \"mid-2024\" is 2024-06)",
        ),
        describe("/properties/due_text", "As the Blueprint states it, e.g. \"by end-2025\""),
        describe("/properties/quote", "The sentence, word for word, from the item named in `where`"),
        pattern("/properties/where", ITEM_REF),
        describe("/properties/where", "kind:id of the item whose text holds the quote, e.g. recommendation:6.1.1"),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn due_dates_are_a_year_or_a_month() {
        use super::valid_due;
        assert!(valid_due("2025-12") && valid_due("2025") && !valid_due("2025-13") && !valid_due("end-2025"));
    }
}
