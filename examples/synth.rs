//! A deterministic synthetic blueprint for benchmarks: strategies, targets, recommendations,
//! initiatives (mentioned by name and linked by id), indicators with series, milestones and
//! references; structure pages carry about 1.5 KB of Markdown each. With `--hugo DIR` it also
//! writes every item as a page of a minimal Hugo site (one section per kind, the same titles, the
//! same Markdown, and the data of initiatives, indicators and milestones as short Markdown bodies),
//! so both generators build the same number of pages from equivalent input. `--zola DIR` writes
//! the same pages as a Zola site (one section per kind), with `config.toml` (no search index)
//! and `config-search.toml` (Zola's `build_search_index`).
//!
//! cargo run --release --example synth -- --pages 10000 --out /tmp/synth [--hugo /tmp/synth-hugo]
//!     [--zola /tmp/synth-zola]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// A small linear congruential generator: the same pages on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "innovation",
    "technology",
    "research",
    "talent",
    "industry",
    "development",
    "ecosystem",
    "funding",
    "universities",
    "enterprises",
    "infrastructure",
    "digital",
    "economy",
    "collaboration",
    "support",
    "Government",
    "promote",
    "strengthen",
    "facilitate",
    "transformation",
    "outcomes",
    "international",
    "platform",
    "capacity",
    "sector",
    "investment",
    "manufacturing",
    "smart",
    "services",
    "community",
];

struct Plan {
    strategies: usize,
    targets_per: usize,
    recs_per: usize,
    initiatives: usize,
    indicators: usize,
    milestones: usize,
}

impl Plan {
    /// About `pages` pages: 125 per strategy (25 structure, 70 initiatives, 10 indicators, 20 milestones).
    fn for_pages(pages: usize) -> Plan {
        let s = (pages / 125).max(1);
        Plan {
            strategies: s,
            targets_per: 4,
            recs_per: 5,
            initiatives: 70 * s,
            indicators: 10 * s,
            milestones: 20 * s,
        }
    }
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = WORDS[rng.below(WORDS.len())];
        if i > 0 {
            s.push(' ');
        }
        s.push_str(w);
    }
    let mut c = s.chars();
    let first = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("{first}{}.", c.as_str())
}

fn initiative_name(i: usize) -> String {
    format!("Synthetic Programme {i:05}")
}

/// A body of about 1.5 KB naming a few initiatives, linking one by id and citing a reference.
fn body(rng: &mut Rng, plan: &Plan) -> String {
    let mut b = String::new();
    for p in 0..5 {
        let named = rng.below(plan.initiatives);
        let linked = rng.below(plan.initiatives);
        let _ = writeln!(
            b,
            "- {} The {} will {} [programme {linked}](initiative:p{linked:05}).[{}](ref:{})\n",
            sentence(rng, 18),
            initiative_name(named),
            sentence(rng, 14).to_lowercase(),
            p % 3 + 1,
            p % 3 + 1
        );
    }
    b
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap();
    }
    fs::write(path, text).unwrap();
}

/// One page as Hugo gets it: section, slug, title, Markdown.
type HugoPage = (&'static str, String, String, String);

fn blueprint_site(out: &Path, plan: &Plan, rng: &mut Rng) -> Vec<HugoPage> {
    let c = out.join("content");
    let _ = fs::remove_dir_all(&c);
    write(&c.join("config.yaml"), concat!(
        "title: Synthetic Blueprint\ndescription: A synthetic blueprint for benchmarks.\nbase_url: https://example.org/synth/\n",
        "levels:\n",
        "  - {name: direction, title: Direction, plural: Directions, folder: directions, id: \"1\", label: \"Direction ({id})\"}\n",
        "  - {name: strategy, title: Strategy, plural: Strategies, folder: strategies, id: \"1\", label: \"Strategy ({id})\", serves: direction, nav: true}\n",
        "  - {name: target, title: Target, plural: Targets, folder: targets, parent: strategy, id: \"1.1\"}\n",
        "  - {name: recommendation, title: Recommendation, plural: Recommendations, folder: recommendations, parent: target, id: \"1.1.1\", nav: true}\n",
    ));
    let mut refs = String::new();
    for n in 1..=3 {
        let _ = writeln!(
            refs,
            "- number: {n}\n  sources:\n    - title: Reference {n}\n      url: https://example.org/{n}"
        );
    }
    write(&c.join("references.yaml"), &refs);
    write(
        &c.join("chapters/04.md"),
        "---\nid: \"4\"\norder: 4\nlabel: Chapter 4\ntitle: Strategies\nlists: [strategies]\n---\n",
    );
    let mut pages = Vec::new();
    for s in 1..=plan.strategies {
        let ind = (s - 1) % plan.indicators + 1;
        let text = body(rng, plan);
        write(&c.join(format!("strategies/{s}.md")), &format!("---\nid: \"{s}\"\ntitle: Strategy {s}\nindicators:\n  - id: \"{ind}.1\"\n    editorial: true\n---\n{text}"));
        pages.push(("strategies", format!("s{s}"), format!("Strategy {s}"), text));
        for t in 1..=plan.targets_per {
            let text = body(rng, plan);
            write(
                &c.join(format!("targets/{s}.{t}.md")),
                &format!(
                    "---\nid: \"{s}.{t}\"\nparent: \"{s}\"\nlabel: Target {t:02}\ntitle: Target {s}.{t}\n---\n{text}"
                ),
            );
            pages.push(("targets", format!("t{s}-{t}"), format!("Target {s}.{t}"), text));
            for r in 1..=plan.recs_per {
                let text = body(rng, plan);
                write(&c.join(format!("recommendations/{s}.{t}.{r}.md")), &format!("---\nid: \"{s}.{t}.{r}\"\nparent: \"{s}.{t}\"\nlabel: Recommendation ({r})\ntitle: Recommendation {s}.{t}.{r}\n---\n{text}"));
                pages.push((
                    "recommendations",
                    format!("r{s}-{t}-{r}"),
                    format!("Recommendation {s}.{t}.{r}"),
                    text,
                ));
            }
        }
    }
    for i in 0..plan.initiatives {
        let name = initiative_name(i);
        write(
            &c.join(format!("initiatives/p{i:05}.yaml")),
            &format!("id: p{i:05}\nname: {name}\nkind: programme\n"),
        );
        pages.push(("initiatives", format!("p{i:05}"), name, "Kind: programme.\n".into()));
    }
    for i in 1..=plan.indicators {
        let (a, b) = (1.0 + rng.below(50) as f64 / 10.0, 2.0 + rng.below(80) as f64 / 10.0);
        let mut y = format!("id: \"{i}.1\"\nset: development\ngroup: Group {i}\ntitle: Indicator {i}\nunit: percent\ndirection: increase\nseries:\n");
        let mut table = String::from("Unit: percent.\n\n| year | value | kind | source |\n|---|---|---|---|\n");
        for (year, v, kind) in [
            (2014, a, "baseline"),
            (2020, b, "observed"),
            (2025, b * 1.3, "target"),
            (2030, b * 2.0, "target"),
        ] {
            let _ = write!(y, "  - year: {year}\n    value: {v:.2}\n    printed: \"{v:.2}%\"\n    kind: {kind}\n    source: Synthetic\n");
            let _ = writeln!(table, "| {year} | {v:.2}% | {kind} | Synthetic |");
        }
        write(&c.join(format!("indicators/{i}.1.yaml")), &y);
        pages.push(("indicators", format!("i{i}-1"), format!("Indicator {i}"), table));
    }
    for m in 0..plan.milestones {
        let s = m % plan.strategies + 1;
        let due = 2023 + m % 10;
        write(&c.join(format!("milestones/m{m:05}.yaml")), &format!("id: m{m:05}\ntitle: Milestone {m}\ndue: \"{due}\"\ndue_text: by {due}\nquote: \"Strategy {s}\"\nwhere: strategy:{s}\n"));
        let text = format!("Due by {due}.\n\n> Strategy {s}\n\nIn [Strategy {s}](/strategies/s{s}/).\n");
        pages.push(("milestones", format!("m{m:05}"), format!("Milestone {m}"), text));
    }
    pages
}

fn hugo_site(out: &Path, pages: &[HugoPage]) {
    let _ = fs::remove_dir_all(out);
    write(&out.join("hugo.toml"), "baseURL = 'https://example.org/synth/'\ntitle = 'Synthetic Blueprint'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n");
    write(&out.join("layouts/_default/single.html"), "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n");
    write(&out.join("layouts/_default/list.html"), "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n");
    for (section, slug, title, text) in pages {
        write(
            &out.join(format!("content/{section}/{slug}.md")),
            &format!("---\ntitle: \"{title}\"\n---\n{}", peer_text(text)),
        );
    }
}

/// Peers' front matter and links differ from ours: `kind:id` links become plain relative links,
/// so each peer's Markdown is equivalent.
fn peer_text(text: &str) -> String {
    text.replace("](initiative:", "](/initiatives/")
        .replace("](ref:", "](/references/#")
}

fn zola_site(out: &Path, pages: &[HugoPage]) {
    let _ = fs::remove_dir_all(out);
    let config = "base_url = 'https://example.org/synth/'\ntitle = 'Synthetic Blueprint'\ncompile_sass = false\n";
    write(
        &out.join("config.toml"),
        &format!("{config}build_search_index = false\n"),
    );
    write(
        &out.join("config-search.toml"),
        &format!("{config}build_search_index = true\n"),
    );
    let page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head><body><main><h1>{{ page.title }}</h1>{{ page.content | safe }}</main></body></html>\n";
    let section = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ section.title }}</title></head><body><main><h1>{{ section.title }}</h1><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul></main></body></html>\n";
    write(&out.join("templates/page.html"), page);
    write(&out.join("templates/section.html"), section);
    let index = section.replace(
        "{% for p in section.pages %}",
        "{% for path in section.subsections %}{% set p = get_section(path=path, metadata_only=true) %}",
    );
    write(&out.join("templates/index.html"), &index);
    write(
        &out.join("content/_index.md"),
        "+++\ntitle = \"Synthetic Blueprint\"\n+++\n",
    );
    let sections: std::collections::BTreeSet<&str> = pages.iter().map(|p| p.0).collect();
    for s in sections {
        write(
            &out.join(format!("content/{s}/_index.md")),
            &format!("+++\ntitle = \"{s}\"\n+++\n"),
        );
    }
    for (section, slug, title, text) in pages {
        write(
            &out.join(format!("content/{section}/{slug}.md")),
            &format!("+++\ntitle = \"{title}\"\n+++\n{}", peer_text(text)),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let pages: usize = get("--pages").and_then(|p| p.parse().ok()).unwrap_or(1000);
    let out = PathBuf::from(get("--out").unwrap_or_else(|| "/tmp/synth".into()));
    let plan = Plan::for_pages(pages);
    let mut rng = Rng(42);
    let written = blueprint_site(&out, &plan, &mut rng);
    if let Some(h) = get("--hugo") {
        hugo_site(Path::new(&h), &written);
    }
    if let Some(z) = get("--zola") {
        zola_site(Path::new(&z), &written);
    }
    let total = plan.strategies * (1 + plan.targets_per * (1 + plan.recs_per))
        + plan.initiatives
        + plan.indicators
        + plan.milestones;
    eprintln!("synthetic blueprint: {total} items into {}", out.display());
}
