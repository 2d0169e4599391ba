//! Kinds of item and references to items. Chapters, initiatives, indicators and milestones are
//! built in: every plan has them. The plan's structure (the Blueprint's directions, strategies,
//! targets and recommendations; another plan's goals and actions) is declared in `config.yaml`
//! as levels (see [`super::plan`]), and each level is a kind like the built-in ones.

use serde::Serialize;
use std::fmt;
use std::sync::Mutex;

/// What names and places a kind: its name in references (`strategy:3`) and diagnostics, its
/// headings, and its folder (of content files and of URLs).
#[derive(Debug, PartialEq, Eq)]
pub struct KindInfo {
    /// Sorts kinds: chapters, then the plan's levels in declared order, then the other kinds.
    pub rank: u16,
    pub name: &'static str,
    pub title: &'static str,
    pub plural: &'static str,
    pub folder: &'static str,
    /// A level of the plan's declared structure (not a built-in kind).
    pub level: bool,
}

/// A kind of item. Copied everywhere (it keys every map of items), so it is a reference to
/// interned, immutable names rather than an owned value. Equality is derived (compared by
/// value, so `Kind::CHAPTER` can be a pattern); order is by rank and name first, the cheap part.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Kind(&'static KindInfo);

/// Names already interned. Interning (rather than an owned `Kind`) keeps `Kind` `Copy` for the
/// thousands of map keys; the table only grows by a plan's distinct declarations, so `serve`,
/// rebuilding the same plan on every save, leaks nothing new.
static INTERNED: Mutex<Vec<&'static KindInfo>> = Mutex::new(Vec::new());

impl Kind {
    /// A built-in kind: each is declared in its module of [`crate::kinds`].
    pub const fn built_in(info: &'static KindInfo) -> Kind {
        Kind(info)
    }

    /// The kind of a declared level; the same declaration gives the same kind.
    pub fn level(rank: u16, name: &str, title: &str, plural: &str, folder: &str) -> Kind {
        let mut table = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        let same = |k: &&&KindInfo| {
            k.rank == rank && k.name == name && k.title == title && k.plural == plural && k.folder == folder
        };
        if let Some(k) = table.iter().find(same) {
            return Kind(k);
        }
        let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
        let info: &'static KindInfo = Box::leak(Box::new(KindInfo {
            rank,
            name: leak(name),
            title: leak(title),
            plural: leak(plural),
            folder: leak(folder),
            level: true,
        }));
        table.push(info);
        Kind(info)
    }

    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// The URL folder of this kind's pages (and the content folder of its files).
    pub fn folder(self) -> &'static str {
        self.0.folder
    }

    /// "Strategy".
    pub fn title(self) -> &'static str {
        self.0.title
    }

    /// "Strategies".
    pub fn plural_title(self) -> &'static str {
        self.0.plural
    }

    /// A level of the plan's declared structure.
    pub fn is_level(self) -> bool {
        self.0.level
    }
}

impl PartialOrd for Kind {
    fn partial_cmp(&self, other: &Kind) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Kind {
    fn cmp(&self, other: &Kind) -> std::cmp::Ordering {
        if std::ptr::eq(self.0, other.0) {
            return std::cmp::Ordering::Equal;
        }
        let all = |k: &Kind| (k.0.rank, k.0.name, k.0.title, k.0.plural, k.0.folder);
        all(self).cmp(&all(other))
    }
}

impl std::hash::Hash for Kind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name)
    }
}

/// A reference to an item: `recommendation:3.1.2`. Parsing one needs the plan's kinds
/// ([`super::Plan::parse_ref`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ItemRef {
    pub kind: Kind,
    pub id: String,
}

impl ItemRef {
    pub fn new(kind: Kind, id: impl Into<String>) -> Self {
        ItemRef { kind, id: id.into() }
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_is_interned_once_and_sorts_between_chapters_and_built_ins() {
        let a = Kind::level(1, "goal", "Goal", "Goals", "goals");
        let b = Kind::level(1, "goal", "Goal", "Goals", "goals");
        assert!(std::ptr::eq(a.0, b.0));
        assert!(Kind::CHAPTER < a && a < Kind::INITIATIVE);
        assert_ne!(a, Kind::level(1, "aim", "Aim", "Aims", "aims"));
        assert_eq!(a.folder(), "goals");
    }
}
