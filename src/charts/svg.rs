//! SVG building blocks shared by the charts: escaping, text measurement and wrapping, nice
//! ticks, marker shapes and a greedy label placer.

use crate::progress::fixed;

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
        _ => 1.0,
    }
}

/// Estimated width of `s` set at `size`, in the same units.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// Greedy word wrap to an estimated width; a single over-long word keeps its own line.
pub fn wrap(s: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if cur.is_empty() || text_width(&candidate, size) <= width {
            cur = candidate;
        } else {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
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
    let (lo, hi) = if hi - lo > 0.0 { (lo, hi) } else { (lo, lo + 1.0) };
    let base = 10f64.powf(((hi - lo) / 5.0).log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0, 20.0]
        .iter()
        .map(|m| m * base)
        .find(|s| (hi / s - 1e-9).ceil() - (lo / s + 1e-9).floor() <= 5.0)
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

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    fn distance(&self, (x, y): (f64, f64)) -> f64 {
        let dx = (self.x0 - x).max(x - self.x1).max(0.0);
        let dy = (self.y0 - y).max(y - self.y1).max(0.0);
        dx.hypot(dy)
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn contains(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    /// Liang–Barsky clipping: does the segment pass through the rectangle?
    fn hits(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let edges = [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ];
        for (p, q) in edges {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else if p < 0.0 {
                t0 = t0.max(q / p);
            } else {
                t1 = t1.min(q / p);
            }
        }
        t0 <= t1
    }
}

/// Places value labels one at a time so they avoid lines, markers, each other and the edges.
pub(super) struct Labeller {
    pub bounds: Rect,
    pub segments: Vec<((f64, f64), (f64, f64))>,
    pub blocked: Vec<Rect>,
    /// Marker centres: a label must sit nearer its own marker than any other.
    pub marks: Vec<(f64, f64)>,
    placed: Vec<Rect>,
    pub out: String,
}

impl Labeller {
    pub fn new(bounds: Rect) -> Self {
        Labeller {
            bounds,
            segments: vec![],
            blocked: vec![],
            marks: vec![],
            placed: vec![],
            out: String::new(),
        }
    }

    /// Crossing a line is a nuisance; sitting closer to another marker than to one's own
    /// misleads, so it costs more; covering text or markers is worse; leaving the chart, worst.
    fn penalty(&self, r: &Rect, own: (f64, f64)) -> f64 {
        let count = |rects: &[Rect]| rects.iter().filter(|o| o.overlaps(r)).count() as f64;
        let lines = self.segments.iter().filter(|(a, b)| r.hits(*a, *b)).count() as f64;
        let outside = if self.bounds.contains(r) { 0.0 } else { 1000.0 };
        let near = r.distance(own);
        let misleading = self.marks.iter().any(|m| *m != own && r.distance(*m) < near);
        outside
            + 100.0 * count(&self.placed)
            + 50.0 * count(&self.blocked)
            + if misleading { 25.0 } else { 0.0 }
            + 10.0 * lines
    }

    /// Labels the marker of radius `r` at `at`: tries the label above, below, right and left of
    /// it at growing distances and several alignments, and keeps the cheapest spot. Crossing a
    /// line costs more than moving a few units away, so the label moves first.
    pub fn place(&mut self, at: (f64, f64), r: f64, label: &str, st: &Style) {
        let (x, y) = at;
        let w = text_width(label, st.size);
        let (asc, desc) = (0.78 * st.size, 0.24 * st.size);
        let b = self.bounds;
        // A centred label slid inwards at an edge, but never so far that it leaves the point.
        let slid = (x - w / 2.0)
            .max(b.x0 + 1.0)
            .min(b.x1 - w - 1.0)
            .max(x - w + 4.0)
            .min(x - 4.0);
        let boxed = |left: f64, base: f64| Rect {
            x0: left - 1.0,
            y0: base - asc - 1.0,
            x1: left + w + 1.0,
            y1: base + desc + 1.0,
        };
        let mut best: Option<(f64, f64, f64)> = None; // (cost, left edge, baseline)
        for (gi, gap) in [3.0, 12.0, 24.0].into_iter().enumerate() {
            let above = y - r - gap - desc - 1.0;
            let below = y + r + gap + asc + 1.0;
            let lefts = [(x - w / 2.0, 0.0), (slid, 0.5), (x - 4.0, 1.0), (x - w + 4.0, 1.0)];
            let mut spots: Vec<(f64, f64, f64)> = Vec::new();
            for (base, side_cost) in [(above, 0.0), (below, 0.5)] {
                spots.extend(lefts.iter().map(|(l, c)| (*l, base, side_cost + c)));
            }
            let mid = y + (asc - desc) / 2.0;
            spots.push((x + r + gap, mid, 1.0));
            spots.push((x - r - gap - w, mid, 1.5));
            for (left, base, pref) in spots {
                let cost = self.penalty(&boxed(left, base), at) + pref + 4.0 * gi as f64;
                if best.is_none_or(|(c, _, _)| cost < c) {
                    best = Some((cost, left, base));
                }
            }
        }
        let (_, left, base) = best.unwrap_or((0.0, x, y));
        self.placed.push(boxed(left, base));
        let st = Style { anchor: "start", ..*st };
        self.out.push_str(&text(left, base, &st, label));
    }
}

/// Target marker shapes in target order: open diamond, open square, open triangle, open circle.
pub(super) fn target_marker(i: usize, x: f64, y: f64, r: f64) -> String {
    let common = format!("class=\"bp-target\" fill=\"none\" stroke=\"{TARGET_COLOUR}\" stroke-width=\"2.2\"");
    let path = |pts: &[(f64, f64)]| {
        let d: Vec<String> = pts
            .iter()
            .map(|(dx, dy)| format!("{} {}", f(x + dx * r), f(y + dy * r)))
            .collect();
        format!("<path {common} d=\"M{}Z\"/>\n", d.join("L"))
    };
    match i % 4 {
        0 => path(&[(0.0, -1.25), (1.25, 0.0), (0.0, 1.25), (-1.25, 0.0)]),
        1 => path(&[(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]),
        2 => path(&[(0.0, -1.3), (1.2, 0.9), (-1.2, 0.9)]),
        _ => format!("<circle {common} cx=\"{}\" cy=\"{}\" r=\"{}\"/>\n", f(x), f(y), f(r)),
    }
}
