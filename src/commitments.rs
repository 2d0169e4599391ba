//! Dated commitments and what has become of them: each one's standing at the build's "now"
//! (its latest cited status, or none yet), whether it is overdue without a record, where it sits
//! in the plan (the strategy its recommendation belongs to), and tallies by standing for any group
//! of them — what the Progress report, the timeline and the home page's headline show.

use crate::i18n::words::Words;
use crate::model::{CommitmentStatus, ItemRef, Milestone};
use crate::resolve::Site;
use serde::Serialize;

/// A commitment's standing: the status its latest update gives, or none recorded yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    Recorded(CommitmentStatus),
    NotYetReviewed,
}

impl Standing {
    pub fn of(m: &Milestone) -> Standing {
        m.current()
            .map_or(Standing::NotYetReviewed, |u| Standing::Recorded(u.status))
    }

    pub fn label(self) -> &'static str {
        match self {
            Standing::Recorded(s) => s.label(),
            Standing::NotYetReviewed => "Not yet reviewed",
        }
    }

    /// The CSS and data name: `delivered`, `no-public-record`, `not-yet-reviewed`.
    pub fn name(self) -> &'static str {
        match self {
            Standing::Recorded(s) => s.name(),
            Standing::NotYetReviewed => "not-yet-reviewed",
        }
    }

    /// Every standing, in the order reports list them.
    pub fn all() -> impl Iterator<Item = Standing> {
        CommitmentStatus::ALL
            .into_iter()
            .map(Standing::Recorded)
            .chain([Standing::NotYetReviewed])
    }
}

/// Whether `due` ("2024", "2024-06") is before the month `as_of`.
pub fn is_past(due: &str, as_of: (i32, u32)) -> bool {
    let mut parts = due.split('-');
    let year: i32 = parts.next().and_then(|y| y.parse().ok()).unwrap_or(i32::MAX);
    let month: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(12);
    (year, month) < as_of
}

/// A due date's sort key (year, month): a bare year sorts after its months, because "by 2025"
/// means by the end of it; an unreadable date sorts last.
pub fn due_key(due: &str) -> (i32, u32) {
    let mut parts = due.trim().splitn(2, '-');
    let year = parts.next().and_then(|y| y.parse().ok());
    let month = parts.next().and_then(|m| m.parse().ok());
    (
        year.unwrap_or(i32::MAX),
        month.filter(|m| (1..=12).contains(m)).unwrap_or(13),
    )
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `(2026, 12)` → "December 2026".
pub fn month_year((year, month): (i32, u32)) -> String {
    match month.checked_sub(1).and_then(|m| MONTHS.get(m as usize)) {
        Some(m) => format!("{m} {year}"),
        None => year.to_string(),
    }
}

/// One row of the timeline table: a year's heading, the "as of" rule between what is past and
/// what is still to come, or a commitment.
#[derive(Debug, PartialEq, Serialize)]
pub struct TimelineRow<T> {
    pub year: Option<String>,
    pub as_of: Option<String>,
    /// The same month as data (`2026-12`), for a page in another language to write (`| day`).
    pub as_of_month: Option<String>,
    pub item: Option<T>,
}

/// Commitments in date order, under a heading per year, with the "as of" rule before the first
/// one not yet due (or after the last, when all are past).
pub fn timeline_rows<T>(mut items: Vec<T>, due: impl Fn(&T) -> &str, as_of: (i32, u32)) -> Vec<TimelineRow<T>> {
    items.sort_by_key(|t| due_key(due(t)));
    let rule = || TimelineRow {
        year: None,
        as_of: Some(month_year(as_of)),
        as_of_month: Some(format!("{:04}-{:02}", as_of.0, as_of.1)),
        item: None,
    };
    let mut rows = Vec::new();
    let (mut year, mut ruled) = (None, false);
    for t in items {
        let key = due_key(due(&t));
        if !ruled && key >= as_of {
            rows.push(rule());
            ruled = true;
        }
        if year != Some(key.0) {
            year = Some(key.0);
            rows.push(TimelineRow {
                year: Some(if key.0 == i32::MAX {
                    "Undated".into()
                } else {
                    key.0.to_string()
                }),
                as_of: None,
                as_of_month: None,
                item: None,
            });
        }
        rows.push(TimelineRow {
            year: None,
            as_of: None,
            as_of_month: None,
            item: Some(t),
        });
    }
    if !ruled {
        rows.push(rule());
    }
    rows
}

/// Past its date with nothing on record that says it happened: no update at all, or only the
/// record of a search that found nothing.
pub fn overdue_without_record(m: &Milestone, as_of: (i32, u32)) -> bool {
    is_past(&m.due, as_of)
        && matches!(
            Standing::of(m),
            Standing::NotYetReviewed | Standing::Recorded(CommitmentStatus::NoPublicRecord)
        )
}

/// The top of the branch of the plan a commitment belongs to (the Blueprint's strategy: its
/// recommendation's, through the target), or none for a commitment of the whole plan (quoted
/// from a chapter, or from an item of a level with nothing below it).
pub fn branch_of(site: &Site, m: &Milestone) -> Option<ItemRef> {
    let plan = site.plan();
    let mut cur = plan.parse_ref(&m.where_)?;
    while let Some(parent) = site.head(&cur)?.parent.clone() {
        cur = parent;
    }
    plan.child_levels(cur.kind).next().map(|_| cur)
}

/// How many of a group of commitments stand where.
#[derive(Debug, Default, Serialize)]
pub struct Tally {
    pub total: usize,
    /// (standing name, label, count) for every standing with a count, in report order.
    pub by_standing: Vec<(&'static str, &'static str, usize)>,
    pub overdue_without_record: usize,
    /// "2 delivered and 1 under way (of 3)".
    pub summary: String,
}

impl Tally {
    /// The tally of `milestones`, its summary in `w`'s words.
    pub fn of<'a>(milestones: impl IntoIterator<Item = &'a Milestone>, as_of: (i32, u32), w: &Words) -> Tally {
        let ms: Vec<&Milestone> = milestones.into_iter().collect();
        let by_standing: Vec<(&str, &str, usize)> = Standing::all()
            .map(|s| (s, ms.iter().filter(|m| Standing::of(m) == s).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| (s.name(), s.label(), n))
            .collect();
        let parts: Vec<String> = by_standing
            .iter()
            .map(|(name, _, n)| w.fill(&format!("engine.tally.{name}"), &[("n", &n.to_string())]))
            .collect();
        let total = ms.len().to_string();
        Tally {
            total: ms.len(),
            summary: w.fill("engine.tally", &[("parts", &w.join_and(&parts)), ("total", &total)]),
            by_standing,
            overdue_without_record: ms.iter().filter(|m| overdue_without_record(m, as_of)).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StatusUpdate;

    fn milestone(due: &str, updates: &[(CommitmentStatus, &str)]) -> Milestone {
        Milestone {
            id: "m".into(),
            title: "M".into(),
            site_title: false,
            due: due.into(),
            due_text: due.into(),
            quote: String::new(),
            where_: "chapter:5".into(),
            initiatives: vec![],
            updates: updates
                .iter()
                .map(|(status, date)| StatusUpdate {
                    status: *status,
                    date: date.to_string(),
                    source: Some("S".into()),
                    url: Some("https://example.org".into()),
                    quote: Some("q".into()),
                    looked_in: None,
                    note: None,
                })
                .collect(),
            redirect_from: vec![],
        }
    }

    #[test]
    fn the_latest_dated_update_is_current_whatever_the_file_order() {
        use CommitmentStatus::*;
        let m = milestone("2024", &[(Delivered, "2025-01-10"), (UnderWay, "2023-06")]);
        assert_eq!(Standing::of(&m), Standing::Recorded(Delivered));
        assert_eq!(Standing::of(&milestone("2024", &[])), Standing::NotYetReviewed);
    }

    #[test]
    fn overdue_means_past_with_nothing_that_says_it_happened() {
        use CommitmentStatus::*;
        let as_of = (2026, 12);
        assert!(overdue_without_record(&milestone("2024-06", &[]), as_of));
        assert!(overdue_without_record(
            &milestone("2024-06", &[(NoPublicRecord, "2026-12-04")]),
            as_of
        ));
        assert!(!overdue_without_record(
            &milestone("2024-06", &[(UnderWay, "2025")]),
            as_of
        ));
        assert!(!overdue_without_record(&milestone("2027", &[]), as_of));
        // The month it is due is not past until it ends.
        assert!(!overdue_without_record(&milestone("2026-12", &[]), as_of));
    }

    #[test]
    fn the_timeline_groups_by_year_with_the_as_of_rule_between_past_and_upcoming() {
        let rows = timeline_rows(vec!["2027", "2023-04", "2025-11", "2025", "2025-03"], |d| d, (2025, 11));
        let shown: Vec<String> = rows
            .iter()
            .map(|r| match (&r.year, &r.as_of, &r.item) {
                (Some(y), _, _) => format!("[{y}]"),
                (_, Some(a), _) => format!("as of {a}"),
                (_, _, Some(d)) => d.to_string(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "[2023]",
                "2023-04",
                "[2025]",
                "2025-03",
                "as of November 2025",
                "2025-11",
                "2025",
                "[2027]",
                "2027"
            ]
        );
        let all_past = timeline_rows(vec!["2020"], |d| d, (2025, 11));
        assert_eq!(all_past.last().and_then(|r| r.as_of.as_deref()), Some("November 2025"));
        assert_eq!(month_year((2026, 12)), "December 2026");
        assert!(due_key("2025-12") < due_key("2025") && due_key("2025") < due_key("junk"));
    }

    #[test]
    fn tallies_count_each_standing_once() {
        use CommitmentStatus::*;
        let ms = [
            milestone("2023", &[(Delivered, "2024")]),
            milestone("2023", &[(Delivered, "2024")]),
            milestone("2024", &[]),
        ];
        let t = Tally::of(&ms, (2026, 12), Words::english());
        assert_eq!(t.summary, "2 delivered and 1 not yet reviewed (of 3)");
        assert_eq!(t.overdue_without_record, 1);
    }
}
