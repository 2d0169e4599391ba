//! The Blueprint's kinds as the generated trees know them: the generator writes a Blueprint-shaped
//! plan (its levels declared in [`super::LEVELS`]), so it names them itself rather than asking a
//! plan.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Chapter,
    Direction,
    Strategy,
    Target,
    Recommendation,
    Initiative,
    Indicator,
    Milestone,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Chapter,
        Kind::Direction,
        Kind::Strategy,
        Kind::Target,
        Kind::Recommendation,
        Kind::Initiative,
        Kind::Indicator,
        Kind::Milestone,
    ];

    pub fn name(self) -> &'static str {
        [
            "chapter",
            "direction",
            "strategy",
            "target",
            "recommendation",
            "initiative",
            "indicator",
            "milestone",
        ][self as usize]
    }

    pub fn folder(self) -> &'static str {
        [
            "chapters",
            "directions",
            "strategies",
            "targets",
            "recommendations",
            "initiatives",
            "indicators",
            "milestones",
        ][self as usize]
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
