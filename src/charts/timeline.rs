//! The milestone timeline: a vertical list, which stays legible on phones and with dozens of
//! entries, unlike a horizontal axis.

use super::svg::{escape, f, text, wrap, Style, BASE, MUTED, OBSERVED_COLOUR, TARGET_COLOUR};

pub struct TimelineEntry<'a> {
    pub title: &'a str,
    /// "2025" or "2025-12".
    pub due: &'a str,
    pub due_text: &'a str,
    pub href: &'a str,
    /// The commitment's status now, as read ("Delivered", "Not yet reviewed").
    pub status: &'a str,
    /// The title is this site's words, not the Blueprint's.
    pub site_title: bool,
}

const WIDTH: f64 = 480.0;
const AXIS_X: f64 = 64.0;
const TEXT_X: f64 = 82.0;
const LINE: f64 = 19.0;
const YEAR: Style = Style {
    anchor: "end",
    class: "bp-year",
    extra: " font-weight=\"700\"",
    ..BASE
};
const AS_OF: Style = Style {
    size: 14.0,
    class: "bp-asof-label",
    extra: " font-weight=\"700\"",
    ..BASE
};
const UPCOMING: Style = Style {
    class: "bp-link",
    fill: OBSERVED_COLOUR,
    ..BASE
};
const PAST: Style = Style {
    class: "bp-link bp-past",
    ..BASE
};
const DUE: Style = Style {
    size: 13.0,
    class: "bp-due",
    extra: MUTED,
    ..BASE
};

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

/// (year, month). A bare year sorts after its months, because "by 2025" means by the end of it;
/// an unreadable date sorts last.
fn due_key(due: &str) -> (i32, u32) {
    let mut parts = due.trim().splitn(2, '-');
    let year = parts.next().and_then(|y| y.parse().ok());
    let month = parts.next().and_then(|m| m.parse().ok());
    (
        year.unwrap_or(i32::MAX),
        month.filter(|m| (1..=12).contains(m)).unwrap_or(13),
    )
}

/// A vertical list of milestones grouped by year, with an "as of" rule; entries due before the
/// as-of month have hollow markers and say "past" in words.
pub fn timeline(entries: &[TimelineEntry], as_of: (i32, u32), id_prefix: &str) -> String {
    let mut sorted: Vec<&TimelineEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| due_key(a.due).cmp(&due_key(b.due)).then(a.title.cmp(b.title)));
    let is_past = |e: &TimelineEntry| due_key(e.due) < as_of;
    let past = sorted.iter().filter(|e| is_past(e)).count();
    let month = as_of.1.checked_sub(1).and_then(|m| MONTHS.get(m as usize));
    let when = match month {
        Some(m) => format!("{m} {}", as_of.0),
        None => as_of.0.to_string(),
    };
    let n = sorted.len();
    let desc = format!("{n} milestones in date order; {past} of them were due before {when}.");

    let mut body = String::new();
    let mut y = 16.0;
    let mut year = None;
    for (i, e) in sorted.iter().enumerate() {
        if i == past {
            body.push_str(&as_of_rule(y + 8.0, &when));
            y += 42.0;
        }
        let (ey, _) = due_key(e.due);
        if year != Some(ey) {
            y += if year.is_some() { 10.0 } else { 0.0 };
            let label = if ey == i32::MAX {
                "Undated".to_string()
            } else {
                ey.to_string()
            };
            body.push_str(&text(AXIS_X - 14.0, y + 15.0, &YEAR, &label));
            year = Some(ey);
        }
        let (g, height) = entry(e, is_past(e), y);
        body.push_str(&g);
        y += height;
    }
    if past == n {
        body.push_str(&as_of_rule(y + 8.0, &when));
        y += 42.0;
    }
    let h = y + 6.0;
    let mut out = super::svg_open("bp-timeline", "list", (WIDTH, h), id_prefix, "Milestones", &desc);
    out.push_str(&format!(
        "<line class=\"bp-axis\" x1=\"{x}\" x2=\"{x}\" y1=\"8\" y2=\"{}\" stroke=\"currentColor\" \
         stroke-opacity=\"0.3\" stroke-width=\"2\"/>\n",
        f(h - 6.0),
        x = f(AXIS_X)
    ));
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

fn as_of_rule(y: f64, when: &str) -> String {
    let cy = y + 14.0;
    format!(
        "<g class=\"bp-asof\"><line x1=\"4\" x2=\"{}\" y1=\"{cy}\" y2=\"{cy}\" stroke=\"{TARGET_COLOUR}\" \
         stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n\
         <path d=\"M{} {}l7 7l-7 7l-7 -7Z\" fill=\"{TARGET_COLOUR}\"/>\n{}</g>\n",
        f(WIDTH - 4.0),
        f(AXIS_X),
        f(cy - 7.0),
        text(TEXT_X, cy - 5.0, &AS_OF, &format!("As of {when}")),
        cy = f(cy)
    )
}

/// One linked entry; returns its markup and the height it takes.
fn entry(e: &TimelineEntry, past: bool, y: f64) -> (String, f64) {
    let lines = wrap(e.title, WIDTH - TEXT_X - 6.0, BASE.size);
    let (cx, cy) = (f(AXIS_X), f(y + 10.0));
    let marker = if past {
        format!(
            "<circle class=\"bp-past\" cx=\"{cx}\" cy=\"{cy}\" r=\"5.5\" fill=\"none\" \
             stroke=\"currentColor\" stroke-opacity=\"0.6\" stroke-width=\"2\"/>\n"
        )
    } else {
        format!("<circle class=\"bp-upcoming\" cx=\"{cx}\" cy=\"{cy}\" r=\"6\" fill=\"{OBSERVED_COLOUR}\"/>\n")
    };
    let style = if past { PAST } else { UPCOMING };
    let mut g = format!("<g role=\"listitem\">{marker}<a href=\"{}\">", escape(e.href));
    for (i, l) in lines.iter().enumerate() {
        g.push_str(&text(TEXT_X, y + 15.0 + LINE * i as f64, &style, l));
    }
    g.push_str("</a>");
    let mut meta = if past {
        format!("{} · past · {}", e.due_text, e.status)
    } else {
        format!("{} · {}", e.due_text, e.status)
    };
    if e.site_title {
        meta.push_str(" · site's title");
    }
    let my = y + 14.0 + LINE * lines.len() as f64;
    g.push_str(&text(TEXT_X, my, &DUE, &meta));
    g.push_str("</g>\n");
    (g, LINE * lines.len() as f64 + 26.0)
}
