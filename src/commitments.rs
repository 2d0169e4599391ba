//! Dated commitments and what has become of them: each one's standing at the build's "now"
//! (its latest cited status, or none yet), whether it is overdue without a record, where it sits
//! in the plan (the strategy its recommendation belongs to), and tallies by standing for any group
//! of them — what the Progress report, the timeline and the home page's headline show.

use crate::model::{CommitmentStatus, ItemRef, Kind, Milestone};
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

/// Past its date with nothing on record that says it happened: no update at all, or only the
/// record of a search that found nothing.
pub fn overdue_without_record(m: &Milestone, as_of: (i32, u32)) -> bool {
    is_past(&m.due, as_of)
        && matches!(
            Standing::of(m),
            Standing::NotYetReviewed | Standing::Recorded(CommitmentStatus::NoPublicRecord)
        )
}

/// The strategy a commitment belongs to: its recommendation's (through the target), or none for
/// a commitment of the whole plan (quoted from a chapter).
pub fn strategy_of(site: &Site, m: &Milestone) -> Option<ItemRef> {
    let mut cur = ItemRef::parse(&m.where_)?;
    loop {
        if cur.kind == Kind::Strategy {
            return Some(cur);
        }
        cur = site.head(&cur)?.parent.clone()?;
    }
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
    pub fn of<'a>(milestones: impl IntoIterator<Item = &'a Milestone>, as_of: (i32, u32)) -> Tally {
        let ms: Vec<&Milestone> = milestones.into_iter().collect();
        let by_standing: Vec<(&str, &str, usize)> = Standing::all()
            .map(|s| (s, ms.iter().filter(|m| Standing::of(m) == s).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| (s.name(), s.label(), n))
            .collect();
        let parts: Vec<String> = by_standing
            .iter()
            .map(|(_, label, n)| format!("{n} {}", label.to_lowercase()))
            .collect();
        Tally {
            total: ms.len(),
            summary: format!("{} (of {})", crate::progress::join_and(&parts), ms.len()),
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
    fn tallies_count_each_standing_once() {
        use CommitmentStatus::*;
        let ms = [
            milestone("2023", &[(Delivered, "2024")]),
            milestone("2023", &[(Delivered, "2024")]),
            milestone("2024", &[]),
        ];
        let t = Tally::of(&ms, (2026, 12));
        assert_eq!(t.summary, "2 delivered and 1 not yet reviewed (of 3)");
        assert_eq!(t.overdue_without_record, 1);
    }
}
