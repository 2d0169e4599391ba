//! The plan's structure as the site declares it in `config.yaml`: its levels (the Blueprint's
//! direction, strategy, target and recommendation; another plan's pillars, goals and actions),
//! each with its names, folder, id pattern, label and parent. [`Plan`] turns the declaration into
//! kinds and answers every question the pipeline asks about them.

use super::kind::{ItemRef, Kind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One level of the plan's structure, as declared in `config.yaml` under `levels:`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelDecl {
    /// The kind's name in references and links (`strategy:3`): lowercase letters and `-`.
    pub name: String,
    /// Its heading in the singular: `Strategy`.
    pub title: String,
    /// In the plural: `Strategies`.
    pub plural: String,
    /// The folder of its files under `content/` and of its pages in the site: `strategies`.
    pub folder: String,
    /// The level its items belong to (each item names its own with `parent:`); none at the top.
    #[serde(default)]
    pub parent: Option<String>,
    /// A level its items serve without belonging to it (an item lists them under `serves:`).
    #[serde(default)]
    pub serves: Option<String>,
    /// The shape of its ids: `1` (a number), `1.1` (two numbers, the first the parent's id),
    /// `1.1.1`, … or `slug` (lowercase letters, digits and `-`).
    pub id: IdPattern,
    /// The label printed above each item's title, `{id}` standing for the id: `Strategy ({id})`.
    /// Without it each item writes its own `label:` (the Blueprint prints "Target 01").
    #[serde(default)]
    pub label: Option<String>,
    /// How the home page introduces the level: `Eight major strategies`.
    #[serde(default)]
    pub heading: Option<String>,
    /// The title of its list page (default: the plural).
    #[serde(default)]
    pub list_title: Option<String>,
    /// What its list page says above the list.
    #[serde(default)]
    pub intro: Option<String>,
    /// Whether the site's main navigation links its list page.
    #[serde(default)]
    pub nav: bool,
}

/// The shape of a level's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(into = "String")]
#[schemars(with = "String")]
pub enum IdPattern {
    /// Numbers separated by dots, this many.
    Numbers(usize),
    /// Lowercase letters, digits and `-`.
    Slug,
}

impl From<IdPattern> for String {
    fn from(p: IdPattern) -> String {
        p.to_string()
    }
}

impl fmt::Display for IdPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdPattern::Slug => f.write_str("slug"),
            IdPattern::Numbers(n) => f.write_str(&vec!["1"; *n].join(".")),
        }
    }
}

impl<'de> Deserialize<'de> for IdPattern {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<IdPattern, D::Error> {
        let s = String::deserialize(d)?;
        if s == "slug" {
            return Ok(IdPattern::Slug);
        }
        let parts: Vec<&str> = s.split('.').collect();
        if parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Ok(IdPattern::Numbers(parts.len()));
        }
        Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(&s),
            &"`slug`, or numbers separated by dots like `1`, `1.1` or `1.1.1`",
        ))
    }
}

impl IdPattern {
    /// Why `id` does not have this shape, if it does not.
    pub fn problem(self, kind: Kind, id: &str) -> Option<String> {
        let IdPattern::Numbers(n) = self else { return None };
        if !id
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Some(format!("{kind} ids are numbers separated by dots"));
        }
        if id.split('.').count() != n {
            let example = ["3", "3.1", "3.1.2", "3.1.2.1", "3.1.2.1.1"]
                .get(n - 1)
                .copied()
                .unwrap_or("3.1.2.1.1");
            return Some(format!(
                "a {kind} id has {n} part{} like `{example}`",
                if n == 1 { "" } else { "s" }
            ));
        }
        None
    }
}

/// A declared level, checked and turned into a kind.
#[derive(Debug, Clone)]
pub struct Level {
    pub kind: Kind,
    pub parent: Option<Kind>,
    pub serves: Option<Kind>,
    pub decl: LevelDecl,
}

/// The plan's kinds: its declared levels and the built-in kinds.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    levels: Vec<Level>,
}

impl Plan {
    /// The plan of `decls`, or what is wrong with them (each message names the level's index).
    pub fn new(decls: &[LevelDecl]) -> Result<Plan, Vec<(usize, String)>> {
        let mut problems = Vec::new();
        let mut levels: Vec<Level> = Vec::new();
        for (i, d) in decls.iter().enumerate() {
            let builtin = crate::kinds::built_in().find(|k| k.name() == d.name || k.folder() == d.folder);
            let taken = levels
                .iter()
                .find(|l| l.kind.name() == d.name || l.kind.folder() == d.folder);
            if let Some(k) = builtin {
                problems.push((
                    i,
                    format!("`{}` / `{}` is taken by the built-in kind {k}", d.name, d.folder),
                ));
                continue;
            }
            if let Some(l) = taken {
                problems.push((i, format!("`{}` / `{}` is taken by level {}", d.name, d.folder, l.kind)));
                continue;
            }
            if let Some(why) = name_problem(&d.name).or_else(|| name_problem(&d.folder)) {
                problems.push((i, why));
                continue;
            }
            let earlier = |name: &Option<String>, what: &str| -> Result<Option<Kind>, String> {
                let Some(name) = name else { return Ok(None) };
                levels
                    .iter()
                    .find(|l| l.kind.name() == name)
                    .map(|l| Some(l.kind))
                    .ok_or_else(|| format!("its {what} `{name}` is not a level declared before it"))
            };
            let (parent, serves) = match (earlier(&d.parent, "parent"), earlier(&d.serves, "`serves` level")) {
                (Ok(p), Ok(s)) => (p, s),
                (Err(e), _) | (_, Err(e)) => {
                    problems.push((i, e));
                    continue;
                }
            };
            let rank = u16::try_from(i + 1).unwrap_or(999).min(999);
            let kind = Kind::level(rank, &d.name, &d.title, &d.plural, &d.folder);
            levels.push(Level {
                kind,
                parent,
                serves,
                decl: d.clone(),
            });
        }
        if problems.is_empty() {
            Ok(Plan { levels })
        } else {
            Err(problems)
        }
    }

    /// Every kind, in order: chapters, the levels as declared, then the other built-in kinds.
    pub fn kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        std::iter::once(Kind::CHAPTER)
            .chain(self.levels.iter().map(|l| l.kind))
            .chain(crate::kinds::built_in().filter(|k| *k != Kind::CHAPTER))
    }

    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    pub fn level(&self, kind: Kind) -> Option<&Level> {
        self.levels.iter().find(|l| l.kind == kind)
    }

    /// The levels whose items belong to `kind`'s.
    pub fn child_levels(&self, kind: Kind) -> impl Iterator<Item = &Level> + '_ {
        self.levels.iter().filter(move |l| l.parent == Some(kind))
    }

    /// The levels below `kind`'s, nearest first (one child level at each depth).
    pub fn levels_below(&self, kind: Kind) -> impl Iterator<Item = &Level> + '_ {
        std::iter::successors(self.child_levels(kind).next(), move |l| {
            self.child_levels(l.kind).next()
        })
    }

    /// The top level whose items head the plan's branches (the Blueprint's strategy): the first
    /// level without a parent that has levels below it.
    pub fn branch_level(&self) -> Option<&Level> {
        self.levels
            .iter()
            .find(|l| l.parent.is_none() && self.child_levels(l.kind).next().is_some())
    }

    /// The kind named `name` (`strategy`).
    pub fn kind(&self, name: &str) -> Option<Kind> {
        self.kinds().find(|k| k.name() == name)
    }

    /// The kind whose files live in `content/<folder>/`.
    pub fn kind_in(&self, folder: &str) -> Option<Kind> {
        self.kinds().find(|k| k.folder() == folder)
    }

    /// Parses `kind:id`.
    pub fn parse_ref(&self, s: &str) -> Option<ItemRef> {
        let (kind, id) = s.split_once(':')?;
        Some(ItemRef::new(self.kind(kind)?, id))
    }

    /// "chapter, direction, …, milestone", for help texts.
    pub fn kind_names(&self) -> String {
        self.kinds().map(Kind::name).collect::<Vec<_>>().join(", ")
    }
}

fn name_problem(name: &str) -> Option<String> {
    let ok = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    (!ok).then(|| format!("`{name}`: level names and folders are lowercase letters with `-` between words"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(name: &str, folder: &str, parent: Option<&str>, id: IdPattern) -> LevelDecl {
        LevelDecl {
            name: name.into(),
            title: name.into(),
            plural: folder.into(),
            folder: folder.into(),
            parent: parent.map(Into::into),
            serves: None,
            id,
            label: None,
            heading: None,
            list_title: None,
            intro: None,
            nav: false,
        }
    }

    #[test]
    fn levels_become_kinds_in_order() {
        let plan = Plan::new(&[
            decl("goal", "goals", None, IdPattern::Numbers(1)),
            decl("action", "actions", Some("goal"), IdPattern::Numbers(2)),
        ])
        .unwrap();
        let names: Vec<_> = plan.kinds().map(Kind::name).collect();
        // Chapters, the levels as declared, then the other built-in kinds in the registry's order.
        let others = crate::kinds::built_in().skip(1).map(Kind::name);
        let expected: Vec<_> = ["chapter", "goal", "action"].into_iter().chain(others).collect();
        assert_eq!(names, expected);
        assert_eq!(names[3..6], ["initiative", "indicator", "milestone"]);
        let action = plan.kind("action").unwrap();
        assert_eq!(plan.level(action).unwrap().parent, plan.kind("goal"));
        assert_eq!(plan.parse_ref("action:1.2").unwrap().kind, action);
        assert!(plan.parse_ref("target:1").is_none());
    }

    #[test]
    fn bad_declarations_are_named() {
        let e = Plan::new(&[
            decl("goal", "goals", Some("action"), IdPattern::Slug),
            decl("indicator", "x", None, IdPattern::Slug),
            decl("Aim", "aims", None, IdPattern::Slug),
        ])
        .unwrap_err();
        assert_eq!(e.len(), 3);
        assert!(e[0].1.contains("not a level declared before it"), "{e:?}");
        assert!(e[1].1.contains("built-in"), "{e:?}");
    }

    #[test]
    fn id_patterns() {
        let p: IdPattern = serde_yaml::from_str("\"1.1\"").unwrap();
        assert_eq!(p, IdPattern::Numbers(2));
        assert!(serde_yaml::from_str::<IdPattern>("x.1").is_err());
        let k = Kind::CHAPTER;
        assert!(p.problem(k, "3.1").is_none());
        assert!(p.problem(k, "3").is_some());
        assert!(p.problem(k, "3.x").is_some());
    }
}
