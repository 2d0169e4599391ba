//! The item table: every item that parsed, with a valid id unique within its kind, found by its
//! reference; its children; and the plan's reading order. Checks id shapes and duplicates.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::model::{Item, ItemHead, ItemRef, Kind, Plan};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The items, each found by its reference; iteration is in reference order (kind, then id).
#[derive(Debug, Default)]
pub struct Table {
    items: Vec<Item>,
    index: BTreeMap<ItemRef, usize>,
}

impl Table {
    pub fn get(&self, r: &ItemRef) -> Option<&Item> {
        self.index.get(r).map(|&i| &self.items[i])
    }

    pub fn head(&self, r: &ItemRef) -> Option<&ItemHead> {
        self.get(r).map(|i| &i.head)
    }

    pub fn contains(&self, r: &ItemRef) -> bool {
        self.index.contains_key(r)
    }

    /// Every item in reference order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Item> + '_ {
        self.index.values().map(|&i| &self.items[i])
    }

    pub fn heads(&self) -> impl DoubleEndedIterator<Item = &ItemHead> + '_ {
        self.iter().map(|i| &i.head)
    }

    pub fn refs(&self) -> impl Iterator<Item = &ItemRef> + '_ {
        self.index.keys()
    }

    /// Lets go of every item's Markdown once its body is rendered and checked: render needs only
    /// the HTML, and a large plan's sources would double what the site holds (at 100 000 pages,
    /// about 150 MB).
    pub fn drop_texts(&mut self) {
        for item in &mut self.items {
            item.text = None;
        }
    }

    /// Lets go of the source files' text, keeping their paths: only checks point into a file,
    /// and they are over once the site is resolved (about 150 MB at 100 000 pages).
    pub fn drop_sources(&mut self) {
        let mut paths: std::collections::HashMap<*const SourceFile, Arc<SourceFile>> = Default::default();
        for item in &mut self.items {
            let lean = paths.entry(Arc::as_ptr(&item.head.source)).or_insert_with(|| {
                Arc::new(SourceFile {
                    path: item.head.source.path.clone(),
                    text: String::new(),
                })
            });
            item.head.source = Arc::clone(lean);
        }
    }

    /// The items of one kind, in id order (dotted numbers numerically).
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Item> + '_ {
        self.index
            .range(ItemRef::new(kind, String::new())..)
            .take_while(move |(r, _)| r.kind == kind)
            .map(|(_, &i)| &self.items[i])
    }
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
/// no leading/trailing separators, no ".."; and that a level's id has the level's shape.
pub fn id_problem(plan: &Plan, kind: Kind, id: &str) -> Option<String> {
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
    plan.level(kind).and_then(|l| l.decl.id.problem(kind, id))
}

/// The table of `items`, in reading order, reporting bad or duplicate ids (those are left out).
pub fn build(plan: &Plan, items: Vec<Item>, diags: &mut Diagnostics) -> (Table, Vec<ItemRef>) {
    let mut table = Table::default();
    for item in items {
        let h = &item.head;
        if let Some(problem) = id_problem(plan, h.r.kind, &h.r.id) {
            diags.push(
                Diagnostic::error("E008", format!("invalid {} id `{}`", h.r.kind, h.r.id))
                    .at(h.source.locate("id:", &h.r.id))
                    .help(problem),
            );
            continue;
        }
        if let Some(first) = table.head(&h.r) {
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
        table.index.insert(h.r.clone(), table.items.len());
        table.items.push(item);
    }
    let order = reading_order(plan, &table);
    (table, order)
}

/// Each parent's children, sorted by id: one pass, so large sites stay linear.
pub fn children_by_parent(table: &Table) -> BTreeMap<ItemRef, Vec<ItemRef>> {
    let mut map: BTreeMap<ItemRef, Vec<ItemRef>> = BTreeMap::new();
    for h in table.heads() {
        if let Some(p) = &h.parent {
            map.entry(p.clone()).or_default().push(h.r.clone());
        }
    }
    for list in map.values_mut() {
        list.sort_by(|a, b| compare_ids(&a.id, &b.id));
    }
    map
}

/// The plan's order: chapters in order, each followed by the levels it lists (each top item
/// followed by what belongs to it, depth first); then what no chapter placed, kind by kind.
fn reading_order(plan: &Plan, table: &Table) -> Vec<ItemRef> {
    let by_parent = children_by_parent(table);
    let mut order = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut place = |r: &ItemRef, order: &mut Vec<ItemRef>| {
        let mut stack = vec![r.clone()];
        while let Some(r) = stack.pop() {
            if seen.insert(r.clone()) {
                stack.extend(by_parent.get(&r).into_iter().flatten().rev().cloned());
                order.push(r);
            }
        }
    };
    let of_kind = |kind: Kind| -> Vec<ItemRef> {
        let mut v: Vec<ItemRef> = table.of_kind(kind).map(|i| i.head.r.clone()).collect();
        v.sort_by(|a, b| compare_ids(&a.id, &b.id));
        v
    };
    let mut chapters: Vec<&Item> = table.of_kind(Kind::CHAPTER).collect();
    chapters.sort_by_key(|c| c.chapter().map_or(u32::MAX, |c| c.order));
    for c in chapters {
        place(&c.head.r, &mut order);
        for list in c.chapter().map_or(&[][..], |c| c.lists.as_slice()) {
            if let Some(kind) = plan.kind_in(list).filter(|k| k.is_level()) {
                for r in of_kind(kind) {
                    place(&r, &mut order);
                }
            }
        }
    }
    // A plan whose chapters list none of its levels still gets a complete order; then the
    // indicators, initiatives and milestones.
    let mut rest: Vec<Kind> = crate::kinds::built_in().filter(|k| *k != Kind::CHAPTER).collect();
    rest.sort_by_key(|k| crate::kinds::reading(*k));
    let text: Vec<Kind> = plan.kinds().filter(|k| !rest.contains(k)).collect();
    for kind in text.into_iter().chain(rest) {
        for r in of_kind(kind) {
            place(&r, &mut order);
        }
    }
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
        let plan = crate::fixtures::plan();
        let target = plan.kind("target").unwrap();
        let i = Kind::INITIATIVE;
        assert!(id_problem(&plan, i, "../etc").is_some());
        assert!(id_problem(&plan, i, "a b").is_some());
        assert!(id_problem(&plan, i, "a/b").is_some());
        assert!(id_problem(&plan, i, "itvf").is_none());
        assert!(id_problem(&plan, target, "3").is_some());
        assert!(id_problem(&plan, target, "3.1").is_none());
        assert!(id_problem(&plan, plan.kind("recommendation").unwrap(), "3.x.1").is_some());
        assert!(id_problem(&plan, Kind::INDICATOR, "1.1").is_none());
    }
}
