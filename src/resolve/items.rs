//! The item table: one entry per page-worthy item, with its label, title, parent and place in
//! the Blueprint's reading order. Checks id shapes and duplicates.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Corpus, SourceFile};
use crate::model::{IndicatorSet, ItemRef, Kind};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What every item has in common, whatever its kind.
#[derive(Debug, Clone)]
pub struct ItemHead {
    pub r: ItemRef,
    /// As printed above the title: "Strategy (3)", "Target 01", "Chapter 2", "ITVF".
    pub label: String,
    pub title: String,
    pub parent: Option<ItemRef>,
    /// The label was lost in the source text and restored from the structure.
    pub label_recovered: bool,
    /// Old site paths that redirect to this page.
    pub redirect_from: Vec<String>,
    /// The title is this site's words (a summary), not the Blueprint's.
    pub site_title: bool,
    pub source: Arc<SourceFile>,
}

/// Compares dotted numeric ids numerically ("2.10" after "2.9"), others as text.
pub fn compare_ids(a: &str, b: &str) -> Ordering {
    let key = |s: &str| -> Vec<(u64, String)> {
        s.split('.')
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_string()))
            .collect()
    };
    key(a).cmp(&key(b))
}

/// Checks that an id can safely name a URL folder: lowercase ASCII letters, digits, '-' and '.',
/// no leading/trailing separators, no "..".
pub fn id_problem(kind: Kind, id: &str) -> Option<String> {
    let numeric = matches!(
        kind,
        Kind::Direction | Kind::Strategy | Kind::Target | Kind::Recommendation
    );
    let dots = match kind {
        Kind::Direction | Kind::Strategy => Some(0),
        Kind::Target => Some(1),
        Kind::Recommendation => Some(2),
        _ => None,
    };
    if id.is_empty() || id.len() > 80 {
        return Some("ids must be 1 to 80 characters long".into());
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    {
        return Some("ids may contain only lowercase letters, digits, '-' and '.'".into());
    }
    if id.starts_with(['.', '-']) || id.ends_with(['.', '-']) || id.contains("..") {
        return Some("ids may not start or end with '.' or '-', nor contain \"..\"".into());
    }
    if numeric
        && !id
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return Some(format!("{kind} ids are numbers separated by dots"));
    }
    if let Some(n) = dots {
        if id.matches('.').count() != n {
            let example = ["3", "3.1", "3.1.2"][n];
            return Some(format!(
                "a {kind} id has {} part{} like `{example}`",
                n + 1,
                if n == 0 { "" } else { "s" }
            ));
        }
    }
    None
}

/// Builds the item table in reading order and reports bad or duplicate ids.
pub fn build(corpus: &Corpus, diags: &mut Diagnostics) -> (BTreeMap<ItemRef, ItemHead>, Vec<ItemRef>) {
    let mut heads: Vec<ItemHead> = Vec::new();
    let mut chapters: Vec<_> = corpus.chapters.iter().collect();
    chapters.sort_by_key(|d| d.meta.order);
    for d in &chapters {
        let label = d.meta.label.clone().unwrap_or_default();
        heads.push(head(Kind::Chapter, &d.meta.id, label, &d.meta.title, &d.source));
    }
    for d in &corpus.directions {
        let label = format!("Direction ({})", d.meta.id);
        heads.push(head(Kind::Direction, &d.meta.id, label, &d.meta.title, &d.source));
    }
    for d in &corpus.strategies {
        let label = format!("Strategy ({})", d.meta.id);
        heads.push(head(Kind::Strategy, &d.meta.id, label, &d.meta.title, &d.source));
    }
    for d in &corpus.targets {
        let mut h = head(Kind::Target, &d.meta.id, d.meta.label.clone(), &d.meta.title, &d.source);
        h.parent = Some(ItemRef::new(Kind::Strategy, &d.meta.strategy));
        h.label_recovered = d.meta.label_recovered;
        heads.push(h);
    }
    for d in &corpus.recommendations {
        let mut h = head(
            Kind::Recommendation,
            &d.meta.id,
            d.meta.label.clone(),
            &d.meta.title,
            &d.source,
        );
        h.parent = Some(ItemRef::new(Kind::Target, &d.meta.target));
        h.label_recovered = d.meta.label_recovered;
        heads.push(h);
    }
    for d in &corpus.initiatives {
        let v = &d.value;
        heads.push(head(
            Kind::Initiative,
            &v.id,
            v.acronym.clone().unwrap_or_default(),
            &v.name,
            &d.source,
        ));
    }
    for d in &corpus.indicators {
        let v = &d.value;
        let label = match v.set {
            IndicatorSet::Development => format!("Indicator {}", v.id),
            IndicatorSet::Further => "Further indicator".to_string(),
        };
        let mut h = head(Kind::Indicator, &v.id, label, &v.title, &d.source);
        h.site_title = v.site_title;
        heads.push(h);
    }
    for d in &corpus.milestones {
        let v = &d.value;
        let mut h = head(Kind::Milestone, &v.id, v.due_text.clone(), &v.title, &d.source);
        h.site_title = v.site_title;
        heads.push(h);
    }

    attach_redirects(corpus, &mut heads);
    let mut table: BTreeMap<ItemRef, ItemHead> = BTreeMap::new();
    for h in heads {
        if let Some(problem) = id_problem(h.r.kind, &h.r.id) {
            diags.push(
                Diagnostic::error("E008", format!("invalid {} id `{}`", h.r.kind, h.r.id))
                    .at(h.source.locate("id:", &h.r.id))
                    .help(problem),
            );
            continue;
        }
        if let Some(first) = table.get(&h.r) {
            diags.push(
                Diagnostic::error("E006", format!("duplicate {} id `{}`", h.r.kind, h.r.id))
                    .at(h.source.locate("id:", &h.r.id))
                    .help(format!(
                        "`{}` already uses this id; ids must be unique within a kind",
                        first.source.path.display()
                    )),
            );
            continue;
        }
        table.insert(h.r.clone(), h);
    }
    let order = reading_order(&table, &chapters.iter().map(|d| d.meta.id.clone()).collect::<Vec<_>>());
    (table, order)
}

fn head(kind: Kind, id: &str, label: String, title: &str, source: &Arc<SourceFile>) -> ItemHead {
    ItemHead {
        r: ItemRef::new(kind, id),
        label,
        title: title.to_string(),
        parent: None,
        label_recovered: false,
        redirect_from: Vec::new(),
        site_title: false,
        source: Arc::clone(source),
    }
}

/// Copies every item's `redirect_from` into its head (heads are built in corpus order).
fn attach_redirects(corpus: &Corpus, heads: &mut [ItemHead]) {
    let lists = corpus
        .chapters
        .iter()
        .map(|d| (Kind::Chapter, &d.meta.id, &d.meta.redirect_from))
        .chain(
            corpus
                .directions
                .iter()
                .map(|d| (Kind::Direction, &d.meta.id, &d.meta.redirect_from)),
        )
        .chain(
            corpus
                .strategies
                .iter()
                .map(|d| (Kind::Strategy, &d.meta.id, &d.meta.redirect_from)),
        )
        .chain(
            corpus
                .targets
                .iter()
                .map(|d| (Kind::Target, &d.meta.id, &d.meta.redirect_from)),
        )
        .chain(
            corpus
                .recommendations
                .iter()
                .map(|d| (Kind::Recommendation, &d.meta.id, &d.meta.redirect_from)),
        )
        .chain(
            corpus
                .initiatives
                .iter()
                .map(|d| (Kind::Initiative, &d.value.id, &d.value.redirect_from)),
        )
        .chain(
            corpus
                .indicators
                .iter()
                .map(|d| (Kind::Indicator, &d.value.id, &d.value.redirect_from)),
        )
        .chain(
            corpus
                .milestones
                .iter()
                .map(|d| (Kind::Milestone, &d.value.id, &d.value.redirect_from)),
        );
    let mut by_ref: BTreeMap<ItemRef, &Vec<String>> = BTreeMap::new();
    for (kind, id, list) in lists.filter(|(_, _, l)| !l.is_empty()) {
        by_ref.entry(ItemRef::new(kind, id)).or_insert(list);
    }
    for h in heads.iter_mut() {
        if let Some(list) = by_ref.get(&h.r) {
            h.redirect_from = (*list).clone();
        }
    }
}

/// Each parent's children, sorted by id: one pass, so large sites stay linear.
pub fn children_by_parent(table: &BTreeMap<ItemRef, ItemHead>) -> BTreeMap<ItemRef, Vec<ItemRef>> {
    let mut map: BTreeMap<ItemRef, Vec<ItemRef>> = BTreeMap::new();
    for h in table.values() {
        if let Some(p) = &h.parent {
            map.entry(p.clone()).or_default().push(h.r.clone());
        }
    }
    for list in map.values_mut() {
        list.sort_by(|a, b| compare_ids(&a.id, &b.id));
    }
    map
}

/// The Blueprint's order: chapters, with Chapter 3's directions after it and Chapter 4's
/// strategies (each followed by its targets and their recommendations) after it.
fn reading_order(table: &BTreeMap<ItemRef, ItemHead>, chapter_ids: &[String]) -> Vec<ItemRef> {
    let of_kind = |kind: Kind| -> Vec<ItemRef> {
        let mut v: Vec<ItemRef> = table.keys().filter(|r| r.kind == kind).cloned().collect();
        v.sort_by(|a, b| compare_ids(&a.id, &b.id));
        v
    };
    let directions = of_kind(Kind::Direction);
    let strategies = of_kind(Kind::Strategy);
    let targets = of_kind(Kind::Target);
    let recs = of_kind(Kind::Recommendation);
    let by_parent = children_by_parent(table);
    let children =
        |_: &[ItemRef], parent: &ItemRef| -> Vec<ItemRef> { by_parent.get(parent).cloned().unwrap_or_default() };
    let mut order = Vec::new();
    let mut placed_structure = false;
    for id in chapter_ids {
        let chapter = ItemRef::new(Kind::Chapter, id);
        if !table.contains_key(&chapter) {
            continue;
        }
        order.push(chapter);
        if id == "3" {
            order.extend(directions.iter().cloned());
        }
        if id == "4" {
            placed_structure = true;
            for s in &strategies {
                order.push(s.clone());
                for t in children(&targets, s) {
                    order.push(t.clone());
                    order.extend(children(&recs, &t));
                }
            }
        }
    }
    if !placed_structure {
        // A site without a Chapter 4 still gets a complete order.
        order.extend(directions.iter().cloned());
        order.extend(strategies.iter().cloned());
        order.extend(targets.iter().cloned());
        order.extend(recs.iter().cloned());
    }
    let seen: std::collections::BTreeSet<ItemRef> = order.iter().cloned().collect();
    for kind in [Kind::Indicator, Kind::Initiative, Kind::Milestone] {
        order.extend(of_kind(kind).into_iter().filter(|r| !seen.contains(r)));
    }
    let seen: std::collections::BTreeSet<ItemRef> = order.iter().cloned().collect();
    order.extend(table.keys().filter(|r| !seen.contains(*r)).cloned());
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_numerically() {
        let mut v = vec!["2.10", "2.9", "10", "2"];
        v.sort_by(|a, b| compare_ids(a, b));
        assert_eq!(v, ["2", "2.9", "2.10", "10"]);
    }

    #[test]
    fn rejects_unsafe_ids() {
        assert!(id_problem(Kind::Initiative, "../etc").is_some());
        assert!(id_problem(Kind::Initiative, "a b").is_some());
        assert!(id_problem(Kind::Initiative, "a/b").is_some());
        assert!(id_problem(Kind::Initiative, "itvf").is_none());
        assert!(id_problem(Kind::Target, "3").is_some());
        assert!(id_problem(Kind::Target, "3.1").is_none());
        assert!(id_problem(Kind::Recommendation, "3.x.1").is_some());
        assert!(id_problem(Kind::Indicator, "1.1").is_none());
    }
}
