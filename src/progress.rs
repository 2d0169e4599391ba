//! Placeholder until the growth-rate method lands.
use crate::model::Indicator;
use serde::Serialize;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Achieved,
    OnTrack,
    NeedsAcceleration,
    LimitedProgress,
    MovingAway,
    NotAssessable,
}
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub status: Status,
}
pub fn assess(_ind: &Indicator) -> Vec<Assessment> {
    vec![]
}
pub fn summary(_ind: &Indicator, _a: &[Assessment]) -> String {
    String::new()
}
