//! Checks of an indicator's unit and of its points one by one and in order: values are
//! numbers, years are years, and the Blueprint's series runs forward without repeating a year.
//! A chart draws the series as a line by year, so a repeated or backward year, or a year
//! 99999, breaks it; a unit it does not know is printed without its sign.

use super::Data;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Location};
use crate::load::SourceFile;
use crate::model::{Indicator, Point};

/// The years a figure can describe or be published in.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// The units values are printed and charted in (docs/content-format.md lists them).
pub const UNITS: &[&str] = &[
    "percent",
    "count",
    "hkd",
    "ratio",
    "per-1000",
    "square-metres",
    "places",
];

pub fn check(d: &Data<Indicator>, diags: &mut Diagnostics) {
    let ind = &d.value;
    if !UNITS.contains(&ind.unit.as_str()) {
        let listed = UNITS.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ");
        let help = match did_you_mean(&ind.unit, UNITS.iter().copied()) {
            Some(u) => format!("did you mean `{u}`? The units are {listed}"),
            None => format!("use one of {listed}"),
        };
        diags.push(
            Diagnostic::error("E005", format!("indicator `{}`: unknown unit `{}`", ind.id, ind.unit))
                .at(d.source.locate("unit:", &ind.unit))
                .help(help),
        );
    }
    for (section, points) in [("series", &ind.series), ("updates", &ind.updates)] {
        for (i, p) in points.iter().enumerate() {
            let at = |key: &str| point_key(d.source, section, i, key);
            if !p.value.is_finite() {
                diags.push(
                    Diagnostic::error(
                        "E005",
                        format!("indicator `{}` has a value that is not a number", ind.id),
                    )
                    .at(at("value:"))
                    .help("write the value as a plain number"),
                );
            }
            for (key, year) in [("year:", Some(p.year)), ("data_year:", p.data_year)] {
                if let Some(y) = year.filter(|y| !YEARS.contains(y)) {
                    diags.push(
                        Diagnostic::error("E005", format!("indicator `{}`: `{key} {y}` is not a year", ind.id))
                            .at(at(key))
                            .help(format!(
                                "write the four-digit year ({} to {})",
                                YEARS.start(),
                                YEARS.end()
                            )),
                    );
                }
            }
        }
    }
    order(d, diags);
}

/// The Blueprint's points go forward in time, each year once, by publication year and by the
/// year the figure describes.
fn order(d: &Data<Indicator>, diags: &mut Diagnostics) {
    let ind = &d.value;
    for (key, year) in [
        ("year:", (|p: &Point| p.year) as fn(&Point) -> i32),
        ("data_year:", Point::data_year),
    ] {
        for (i, pair) in ind.series.windows(2).enumerate() {
            let (before, this) = (year(&pair[0]), year(&pair[1]));
            if this > before {
                continue;
            }
            let name = key.trim_end_matches(':');
            let what = if this == before {
                format!("lists {name} {this} twice")
            } else {
                format!("lists {name} {this} after {before}")
            };
            let key = if key == "data_year:" && pair[1].data_year.is_none() {
                "year:"
            } else {
                key
            };
            diags.push(
                Diagnostic::error("E044", format!("indicator `{}`: the series {what}", ind.id))
                    .at(point_key(d.source, "series", i + 1, key))
                    .help("list the Blueprint's figures oldest first, one per year; a figure published since goes under `updates:`"),
            );
            // One report per series: the rest follows from the same mistake.
            return;
        }
    }
}

/// Where `key` is written in the `index`-th point of the top-level list `section:`; the point's
/// first line when it has no such key, the file when there is no such point.
fn point_key(file: &SourceFile, section: &str, index: usize, key: &str) -> Location {
    let head = format!("{section}:");
    let mut offset = 0;
    let mut in_section = false;
    let mut item: Option<usize> = None;
    let mut item_start = None;
    for line in file.text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        if !line.starts_with([' ', '-', '\t']) && !line.trim().is_empty() {
            in_section = line.starts_with(&head);
            continue;
        }
        let trimmed = line.trim_start();
        if !in_section {
            continue;
        }
        if trimmed.starts_with("- ") {
            item = Some(item.map_or(0, |n| n + 1));
            if item.is_some_and(|n| n > index) {
                break;
            }
        }
        if item != Some(index) {
            continue;
        }
        item_start.get_or_insert(here);
        let field = trimmed.trim_start_matches("- ");
        if let Some(value) = field.strip_prefix(key) {
            let value_at = here + (line.len() - field.len()) + key.len() + (value.len() - value.trim_start().len());
            let value_len = value.trim().len().max(1);
            return Location::at_offset(&file.path, &file.text, value_at, value_len);
        }
    }
    match item_start {
        Some(at) => Location::at_offset(&file.path, &file.text, at, 1),
        None => Location::file(&file.path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn finds_a_key_of_the_nth_point() {
        let file = SourceFile {
            path: PathBuf::from("i.yaml"),
            text: "id: x\nseries:\n  - year: 2016\n    value: 1\n  - year: 2022\n    value: .inf\nupdates:\n  - year: 2023\n    value: 2\n"
                .into(),
        };
        let loc = point_key(&file, "series", 1, "value:");
        assert_eq!((loc.line, loc.col, loc.len), (6, 12, 4));
        let loc = point_key(&file, "updates", 0, "year:");
        assert_eq!((loc.line, loc.col), (8, 11));
        assert_eq!(point_key(&file, "series", 0, "data_year:").line, 3);
    }
}
