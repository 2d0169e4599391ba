//! What has been published since the Blueprint, as the site records it: the status of a dated
//! commitment with the evidence for it, a figure this site computes from published inputs, and the
//! record that a figure was looked for and not found. Each carries its source, so a reader can
//! check every word that is not the Blueprint's.

use serde::{Deserialize, Serialize};

/// What happened to a commitment, as a published source says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CommitmentStatus {
    Delivered,
    PartlyDelivered,
    UnderWay,
    NotStarted,
    DroppedOrChanged,
    /// Looked for and nothing found: needs the date it was looked for and where, not a source.
    NoPublicRecord,
}

impl CommitmentStatus {
    pub const ALL: [CommitmentStatus; 6] = [
        Self::Delivered,
        Self::PartlyDelivered,
        Self::UnderWay,
        Self::NotStarted,
        Self::DroppedOrChanged,
        Self::NoPublicRecord,
    ];

    /// As a reader reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Delivered => "Delivered",
            Self::PartlyDelivered => "Partly delivered",
            Self::UnderWay => "Under way",
            Self::NotStarted => "Not started",
            Self::DroppedOrChanged => "Dropped or changed",
            Self::NoPublicRecord => "No public record found",
        }
    }

    /// As written in content, CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::PartlyDelivered => "partly-delivered",
            Self::UnderWay => "under-way",
            Self::NotStarted => "not-started",
            Self::DroppedOrChanged => "dropped-or-changed",
            Self::NoPublicRecord => "no-public-record",
        }
    }
}

/// One dated status of a commitment, with the evidence for it.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusUpdate {
    pub status: CommitmentStatus,
    /// When the evidence was published (YYYY-MM-DD, YYYY-MM or YYYY); for `no-public-record`,
    /// when it was looked for.
    pub date: String,
    /// Who published the evidence, the title and date of the page (required but for
    /// `no-public-record`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it can be read (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The source's own words that carry the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// For `no-public-record`: where it was looked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub looked_in: Option<String>,
    /// What a reader should know: why this status and not another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A figure this site computes from published figures: `formula` over the inputs' names, for
/// example `gerd / population * 1000000`. The build recomputes it; the recorded value must agree
/// to the precision it is printed with.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    pub formula: String,
    pub inputs: Vec<Input>,
}

/// One published figure a derived figure is computed from.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The name the formula uses (letters, digits and `_`).
    pub name: String,
    /// What the figure is, in words: "GERD in 2023 (HK$ million)".
    pub what: String,
    pub value: f64,
    pub printed: String,
    pub source: String,
    pub url: String,
    pub quote: String,
}

/// A figure looked for and not found: what a reader is told instead of silence.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoneFound {
    /// The year the missing figure would describe.
    pub year: i32,
    /// When it was looked for (YYYY-MM or YYYY-MM-DD).
    pub looked: String,
    /// Where it was looked for.
    #[serde(rename = "where")]
    pub where_: String,
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as (year, month, day), a missing month or day as 0, so
/// dates sort and compare; `None` when it is not such a date.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut parts = s.split('-');
    let year: i32 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month: u32 = match parts.next() {
        Some(m) if m.len() == 2 => m.parse().ok().filter(|m| (1..=12).contains(m))?,
        Some(_) => return None,
        None => 0,
    };
    let day: u32 = match parts.next() {
        Some(d) if d.len() == 2 && month > 0 => d.parse().ok().filter(|d| (1..=31).contains(d))?,
        Some(_) => return None,
        None => 0,
    };
    parts.next().is_none().then_some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_at_three_precisions() {
        assert_eq!(parse_date("2024"), Some((2024, 0, 0)));
        assert_eq!(parse_date("2024-06"), Some((2024, 6, 0)));
        assert_eq!(parse_date("2024-06-30"), Some((2024, 6, 30)));
        for bad in ["24", "2024-6", "2024-13", "2024-06-32", "2024-06-30-1", "June 2024", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
