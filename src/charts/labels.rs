//! A greedy label placer: labels go one at a time where they cover the least (other labels,
//! markers, lines, the chart's edges), and every box placed is kept for the overlap tests.

use super::svg::{text, text_width, Style};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
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

    pub fn overlaps(&self, o: &Rect) -> bool {
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

    /// Keeps labels off other text (an axis title): it counts as a label already placed.
    pub fn reserve(&mut self, r: Rect) {
        self.placed.push(r);
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
    /// line costs more than moving a few units away, so the label moves first. A label that
    /// would cover another label anywhere is left out (the page's text states every value), so
    /// no two labels ever overlap.
    pub fn place(&mut self, at: (f64, f64), r: f64, label: &str, st: &Style) -> bool {
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
        for (gi, gap) in [3.0, 12.0, 24.0, 40.0].into_iter().enumerate() {
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
        let bx = boxed(left, base);
        if self.placed.iter().any(|o| o.overlaps(&bx)) {
            return false;
        }
        self.placed.push(bx);
        let st = Style { anchor: "start", ..*st };
        self.out.push_str(&text(left, base, &st, label));
        true
    }
}
