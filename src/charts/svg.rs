//! SVG building blocks shared by the charts: escaping, text measurement and wrapping, nice
//! ticks and `<text>` elements.

use crate::progress::fixed;
use unicode_width::UnicodeWidthChar;

pub const OBSERVED_COLOUR: &str = "#0072B2";
pub const TARGET_COLOUR: &str = "#D55E00";

/// The one escaping function, shared with Markdown output (XML and HTML need the same five).
pub use crate::markdown::escape;

/// A coordinate with one fixed decimal: stable output, and never `NaN`.
pub(super) fn f(v: f64) -> String {
    fixed(v, 1)
}

/// Estimated advance width of a character in ems. Tuned to DejaVu Sans, wider than most system
/// fonts, so labels placed with it keep clear of each other under any fallback font.
fn char_em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | '‘' | '’' => 0.31,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '-' | '“' | '”' | '"' => 0.42,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.95,
        '0'..='9' | '$' | '#' | '+' | '?' | '–' => 0.64,
        'a'..='z' => 0.6,
        'A'..='Z' | '&' => 0.74,
        _ if c.is_ascii() => 0.6,
        // Marks that combine with the letter before take no room of their own; a Chinese
        // character (two columns in a terminal) is one em. Other letters keep a full em, as
        // before, so English labels with ² or é are placed as they were.
        _ => match c.width() {
            Some(0) => 0.0,
            _ => 1.0,
        },
    }
}

/// Estimated width of `s` set at `size`, in the same units.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// Greedy word wrap to an estimated width; a single over-long word keeps its own line. Chinese
/// has no spaces between words, so a line may also break beside a Chinese character (not before
/// closing punctuation nor after opening punctuation, as Chinese typesetting forbids).
pub fn wrap(s: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (spaced, word) in pieces(s) {
        let candidate = if cur.is_empty() {
            word.clone()
        } else if spaced {
            format!("{cur} {word}")
        } else {
            format!("{cur}{word}")
        };
        if cur.is_empty() || text_width(&candidate, size) <= width {
            cur = candidate;
        } else {
            lines.push(std::mem::replace(&mut cur, word));
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// The pieces a line may break between, each with whether a space came before it: words, and
/// each Chinese character with the punctuation that must stay beside it.
fn pieces(s: &str) -> Vec<(bool, String)> {
    const CLOSING: &str = "，。、；：！？）」』》〉";
    const OPENING: &str = "（「『《〈";
    let wide = |c: char| c.width() == Some(2);
    let mut out: Vec<(bool, String)> = Vec::new();
    let (mut spaced, mut prev) = (false, None::<char>);
    for c in s.chars() {
        if c.is_whitespace() {
            spaced = true;
            prev = None;
            continue;
        }
        let joins = prev.is_some_and(|p| CLOSING.contains(c) || OPENING.contains(p) || !(wide(c) || wide(p)));
        match out.last_mut() {
            Some((_, word)) if joins => word.push(c),
            _ => out.push((spaced, c.to_string())),
        }
        (spaced, prev) = (false, Some(c));
    }
    out
}

/// How a `<text>` looks; `extra` holds further attributes, already escaped.
#[derive(Clone, Copy, Debug)]
pub(super) struct Style {
    pub size: f64,
    pub anchor: &'static str,
    pub class: &'static str,
    pub extra: &'static str,
    pub fill: &'static str,
}

pub(super) const BASE: Style = Style {
    size: 15.0,
    anchor: "start",
    class: "",
    extra: "",
    fill: "currentColor",
};

/// Secondary text: the page's text colour, lightened, so it adapts to dark themes.
pub(super) const MUTED: &str = " fill-opacity=\"0.75\"";
/// [`MUTED`], for the plan's English words on a page in another language.
pub(super) const MUTED_EN: &str = " fill-opacity=\"0.75\" lang=\"en\"";

pub(super) fn text(x: f64, y: f64, st: &Style, content: &str) -> String {
    format!(
        "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\"{}>{}</text>\n",
        st.class,
        f(x),
        f(y),
        st.anchor,
        st.size,
        st.fill,
        st.extra,
        escape(content)
    )
}

/// Ticks at 1, 2 or 5 × 10ⁿ covering [lo, hi] in at most five intervals, and the step.
pub fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, f64) {
    nice_ticks_within(lo, hi, 5)
}

/// As [`nice_ticks`], in at most `most` intervals (a narrow chart has room for fewer).
pub fn nice_ticks_within(lo: f64, hi: f64, most: usize) -> (Vec<f64>, f64) {
    let most = most.max(2) as f64;
    let (lo, hi) = if hi - lo > 0.0 { (lo, hi) } else { (lo, lo + 1.0) };
    let base = 10f64.powf(((hi - lo) / most).log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0, 20.0]
        .iter()
        .map(|m| m * base)
        .find(|s| (hi / s - 1e-9).ceil() - (lo / s + 1e-9).floor() <= most)
        .unwrap_or(20.0 * base);
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    // Extreme magnitudes (overflowing or subnormal ranges) fall back to the two ends.
    if !(step.is_finite() && step > 0.0 && (0.0..=10.0).contains(&(last - first))) {
        return (vec![lo, hi], hi - lo);
    }
    // Round through text so 3 × 0.2 is 0.6, not 0.6000000000000001.
    let dec = (-step.log10().floor()).max(0.0) as usize;
    let tick = |i: i64| format!("{:.dec$}", i as f64 * step).parse().unwrap_or(0.0);
    ((first as i64..=last as i64).map(tick).collect(), step)
}
