//! Checks of the evidence recorded since the Blueprint: every later figure quotes and dates its
//! source, a derived figure is recomputed from its cited inputs, every status of a commitment
//! cites its evidence (or says when and where nothing was found), and a "none published" record
//! goes stale after the site's set age.

use super::Data;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::model::evidence::parse_date;
use crate::model::{CommitmentStatus, Derived, Indicator, NoneFound, Point, StatusUpdate};
use exmex::Express;

/// How old a "none published" record may get before `check` asks for a new search, in months.
pub const DEFAULT_STALE_AFTER_MONTHS: u32 = 6;

pub fn check_indicator(d: &Data<Indicator>, diags: &mut Diagnostics) {
    let ind = &d.value;
    for p in &ind.updates {
        let year = p.year.to_string();
        let at = || d.source.locate_in("updates", "year:", &year);
        let missing = |what: &str, help: &str| {
            Diagnostic::error(
                "E025",
                format!("indicator `{}`: the later figure for {year} {what}", ind.id),
            )
            .at(at())
            .help(help.to_string())
        };
        if p.published.is_none() {
            diags.push(missing(
                "has no publication date",
                "add `published:` with the date the source was published (YYYY-MM-DD)",
            ));
        }
        if let Some(date) = p.published.as_deref().filter(|s| parse_date(s).is_none()) {
            diags.push(bad_date(d.source, "published:", date));
        }
        match &p.derived {
            Some(derived) => check_derived(d, p, derived, diags),
            None if is_blank(&p.quote) => diags.push(missing(
                "has no quote",
                "add `quote:` with the source's own words that carry the figure",
            )),
            None => {}
        }
    }
    for n in &ind.none_found {
        check_none_found(d.source, n, diags);
    }
}

fn is_blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

fn is_web(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("https://") || url.starts_with("http://")
}

pub fn bad_date(source: &SourceFile, key: &str, date: &str) -> Diagnostic {
    Diagnostic::error("E005", format!("`{date}` is not a date"))
        .at(source.locate(key, date))
        .help("write the date as YYYY-MM-DD (or YYYY-MM, or YYYY when only the year is known)")
}

/// A derived figure: every input cited, the formula names only inputs, and it gives the value
/// recorded, to the precision the figure is printed with.
fn check_derived(d: &Data<Indicator>, p: &Point, derived: &Derived, diags: &mut Diagnostics) {
    let ind = &d.value;
    let head = format!("indicator `{}`: the derived figure for {}", ind.id, p.year);
    let at_formula = || d.source.locate_in("updates", "formula:", &derived.formula);
    for input in &derived.inputs {
        let uncited = [
            (input.source.trim().is_empty(), "source"),
            (!is_web(&input.url), "http(s) URL"),
            (input.quote.trim().is_empty(), "quote"),
        ];
        for (_, what) in uncited.iter().filter(|(bad, _)| *bad) {
            diags.push(
                Diagnostic::error("E030", format!("{head}: input `{}` has no {what}", input.name))
                    .at(d.source.locate_after(&derived.formula, "name:", &input.name))
                    .help("every input of a derived figure cites who published it, where, and the words that carry it"),
            );
        }
    }
    let expr = match exmex::parse::<f64>(&derived.formula) {
        Ok(e) => e,
        Err(e) => {
            diags.push(
                Diagnostic::error("E030", format!("{head}: the formula does not parse: {e}"))
                    .at(at_formula())
                    .help("write arithmetic over the inputs' names: + - * / and brackets"),
            );
            return;
        }
    };
    let mut values = Vec::new();
    for name in expr.var_names() {
        match derived.inputs.iter().find(|i| &i.name == name) {
            Some(i) => values.push(i.value),
            None => {
                let names = derived.inputs.iter().map(|i| i.name.as_str());
                let hint = crate::diagnostics::did_you_mean(name, names)
                    .map_or(String::from("add it under `inputs:` with its source"), |n| {
                        format!("did you mean `{n}`?")
                    });
                diags.push(
                    Diagnostic::error(
                        "E030",
                        format!("{head}: the formula names `{name}`, which is not an input"),
                    )
                    .at(at_formula())
                    .help(hint),
                );
                return;
            }
        }
    }
    let Ok(computed) = expr.eval(&values) else { return };
    let tolerance = 0.5 * 10f64.powi(-(printed_decimals(&p.printed) as i32)) * (1.0 + 1e-9);
    if !computed.is_finite() || (computed - p.value).abs() > tolerance {
        diags.push(
            Diagnostic::error(
                "E030",
                format!("{head} is recorded as {} but its formula gives {computed}", p.value),
            )
            .at(d
                .source
                .locate_in("updates", "value:", &crate::progress::number(p.value, 6)))
            .help("check the inputs and the formula, then record the value the formula gives, rounded as printed"),
        );
    }
}

/// Digits after the decimal point of the first number in a printed figure: "11.56" → 2,
/// "HK$4,874" → 0.
pub fn printed_decimals(printed: &str) -> usize {
    let start = printed.find(|c: char| c.is_ascii_digit()).unwrap_or(printed.len());
    let number: String = printed[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
        .collect();
    number
        .trim_end_matches(['.', ' ', ','])
        .split_once('.')
        .map_or(0, |(_, f)| f.len())
}

fn check_none_found(source: &SourceFile, n: &NoneFound, diags: &mut Diagnostics) {
    if parse_date(&n.looked).is_none() {
        diags.push(bad_date(source, "looked:", &n.looked));
    }
    if n.where_.trim().is_empty() {
        diags.push(
            Diagnostic::error(
                "E031",
                format!(
                    "the record that no figure for {} was found does not say where it was looked for",
                    n.year
                ),
            )
            .at(source.locate_in("none_found", "year:", &n.year.to_string()))
            .help("write under `where:` the publications and sites that were searched"),
        );
    }
}

/// How a "none published" record for `year` stands at `as_of`: absent, fresh, or stale.
pub enum Gap<'a> {
    None,
    Fresh,
    Stale(&'a NoneFound),
}

pub fn gap<'a>(ind: &'a Indicator, year: i32, as_of: (i32, u32), stale_after: u32) -> Gap<'a> {
    let latest = ind
        .none_found
        .iter()
        .filter(|n| n.year == year)
        .max_by_key(|n| parse_date(&n.looked));
    let Some(n) = latest else { return Gap::None };
    let Some((y, m, _)) = parse_date(&n.looked) else {
        return Gap::Fresh;
    };
    let age = (as_of.0 * 12 + as_of.1 as i32) - (y * 12 + m.max(1) as i32);
    if age > stale_after as i32 {
        Gap::Stale(n)
    } else {
        Gap::Fresh
    }
}

/// Every status of a commitment cites its evidence; "no public record found" says when and where.
/// `what` names the item in messages: "milestone `x`", "recommendation `3.1.2`".
pub fn check_status_updates(source: &SourceFile, what: &str, updates: &[StatusUpdate], diags: &mut Diagnostics) {
    for u in updates {
        let at = || source.locate_in("updates", "date:", &u.date);
        if parse_date(&u.date).is_none() {
            diags.push(bad_date(source, "date:", &u.date));
        }
        let needs = if u.status == CommitmentStatus::NoPublicRecord {
            let missing = is_blank(&u.looked_in);
            let looked = (
                "does not say where it was looked for",
                String::from("write under `looked_in:` the publications and sites searched; `date:` is when"),
            );
            missing.then_some(looked).into_iter().collect()
        } else {
            uncited(&u.source, u.url.as_deref(), &u.quote, ("evidence", "status"))
        };
        for (problem, help) in needs {
            diags.push(
                Diagnostic::error(
                    "E031",
                    format!("{what}: the status “{}” of {} {problem}", u.status.label(), u.date),
                )
                .at(at())
                .help(help),
            );
        }
    }
}

/// What a citation lacks, as (problem, help) pairs: who published it, an http(s) address, the
/// source's own words. The one check behind a status's evidence and a translated name's source,
/// so both ask for the same fields in the same words. `what` names what is cited and what the
/// words carry: ("evidence", "status"), ("name", "name").
pub fn uncited(
    source: &Option<String>,
    url: Option<&str>,
    quote: &Option<String>,
    (cited, carried): (&str, &str),
) -> Vec<(&'static str, String)> {
    let needs = [
        (
            is_blank(source),
            "has no source",
            format!("name who published the {cited}, with the title and date"),
        ),
        (
            url.is_none_or(|url| !is_web(url)),
            "has no http(s) URL",
            format!("add `url:` with the address where the {cited} can be read"),
        ),
        (
            is_blank(quote),
            "has no quote",
            format!("add `quote:` with the source's own words that carry the {carried}"),
        ),
    ];
    needs
        .into_iter()
        .filter(|(bad, _, _)| *bad)
        .map(|(_, problem, help)| (problem, help))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_precision() {
        assert_eq!(printed_decimals("11.56"), 2);
        assert_eq!(printed_decimals("HK$4,874"), 0);
        assert_eq!(printed_decimals("1.07% (HK$26.554 billion)"), 2);
        assert_eq!(printed_decimals("59:41"), 0);
        assert_eq!(printed_decimals("58.6%"), 1);
        assert_eq!(printed_decimals("no figure"), 0);
    }
}
