//! Placeholder until the SVG charts land.
use crate::model::Indicator;
use crate::progress::Assessment;
pub struct TimelineEntry<'a> {
    pub title: &'a str,
    pub due: &'a str,
    pub due_text: &'a str,
    pub href: &'a str,
}
pub fn indicator_chart(_i: &Indicator, _a: &[Assessment], _p: &str) -> String {
    String::new()
}
pub fn sparkline(_i: &Indicator, _a: &[Assessment], _p: &str) -> String {
    String::new()
}
pub fn timeline(_e: &[TimelineEntry], _as_of: (i32, u32), _p: &str) -> String {
    String::new()
}
