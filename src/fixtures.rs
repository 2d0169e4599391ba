//! Copies of real indicators (content/indicators/*.yaml) built by hand, so tests need no YAML.

use crate::model::{Direction, Indicator, IndicatorSet, Point, PointKind, Qualifier};

const TABLE: &str =
    "Hong Kong Innovation and Technology Development Blueprint (2022), Chapter 5, development indicators table";

pub fn pt(year: i32, data_year: i32, value: f64, printed: &str, kind: PointKind) -> Point {
    Point {
        year,
        data_year: Some(data_year),
        value,
        printed: printed.into(),
        kind,
        qualifier: None,
        source: TABLE.into(),
        url: None,
        note: None,
        quote: None,
        published: None,
        differs: None,
        inferred: None,
        derived: None,
    }
}

pub fn indicator(id: &str, title: &str, unit: &str, direction: Direction, series: Vec<Point>) -> Indicator {
    Indicator {
        id: id.into(),
        set: IndicatorSet::Development,
        group: None,
        title: title.into(),
        site_title: false,
        unit: unit.into(),
        direction,
        measure: None,
        quote: None,
        where_: None,
        related: vec![],
        series,
        updates: vec![],
        none_found: vec![],
        redirect_from: vec![],
    }
}

/// Four points in the Blueprint's table layout: 2016 and 2022 columns describe 2014 and 2020.
fn table(id: &str, title: &str, unit: &str, dir: Direction, v: [(f64, &str); 4]) -> Indicator {
    use PointKind::*;
    indicator(
        id,
        title,
        unit,
        dir,
        vec![
            pt(2016, 2014, v[0].0, v[0].1, Baseline),
            pt(2022, 2020, v[1].0, v[1].1, Observed),
            pt(2027, 2025, v[2].0, v[2].1, Target),
            pt(2032, 2030, v[3].0, v[3].1, Target),
        ],
    )
}

pub fn gerd_ratio_1_1() -> Indicator {
    let v = [
        (0.74, "0.74% (HK$16.727 billion)"),
        (0.99, "0.99% (HK$26.554 billion)"),
        (1.3, "1.3%"),
        (2.0, "2%"),
    ];
    table(
        "1.1",
        "Gross Domestic Expenditure on R&D (GERD) as a ratio to GDP",
        "percent",
        Direction::Increase,
        v,
    )
}

pub fn public_private_1_3() -> Indicator {
    let v = [(56.0, "56:44"), (58.0, "58:42"), (50.0, "50:50"), (40.0, "40:60")];
    let mut ind = table(
        "1.3",
        "Public: Private Ratio of R&D Expenditure",
        "ratio",
        Direction::Decrease,
        v,
    );
    ind.measure = Some("public share of R&D expenditure (%)".into());
    ind
}

pub fn unicorns_2_2() -> Indicator {
    let v = [(0.0, "0"), (12.0, "12"), (18.0, "18"), (30.0, "30")];
    table(
        "2.2",
        "Number of unicorn enterprises (accumulative)",
        "count",
        Direction::Increase,
        v,
    )
}

pub fn start_ups_2_1() -> Indicator {
    let v = [
        (1065.0, "1 065"),
        (3755.0, "3 755 (2021)"),
        (5000.0, "About 5 000"),
        (7000.0, "About 7 000"),
    ];
    let mut ind = table(
        "2.1",
        "Number of start-ups operating in co-working spaces, incubators and accelerators",
        "count",
        Direction::Increase,
        v,
    );
    ind.series[1].data_year = Some(2021);
    ind.series[2].qualifier = Some(Qualifier::About);
    ind.series[3].qualifier = Some(Qualifier::About);
    ind
}

pub fn manufacturing_4_1() -> Indicator {
    let v = [(1.2, "1.2%"), (1.0, "1.0%"), (1.5, "1.5%"), (5.0, "5%")];
    table(
        "4.1",
        "Contribution percentage of manufacturing sector to GDP (at basic prices)",
        "percent",
        Direction::Increase,
        v,
    )
}

/// A further indicator with only a target.
pub fn digital_government() -> Indicator {
    let mut t = pt(2025, 2025, 100.0, "over 100", PointKind::Target);
    t.qualifier = Some(Qualifier::Over);
    let mut ind = indicator(
        "digital-government-initiatives",
        "Implement and revamp digital government initiatives",
        "count",
        Direction::Increase,
        vec![t],
    );
    ind.set = IndicatorSet::Further;
    ind
}

/// A further indicator with one baseline and two targets.
pub fn elderly_internet() -> Indicator {
    let mut t1 = pt(2023, 2023, 75.0, "over 75%", PointKind::Target);
    t1.qualifier = Some(Qualifier::Over);
    let mut t2 = pt(2030, 2030, 90.0, "over 90%", PointKind::Target);
    t2.qualifier = Some(Qualifier::Over);
    let mut ind = indicator(
        "elderly-internet-use",
        "Percentage of the elderly aged 65 or above using the Internet and electronic services",
        "percent",
        Direction::Increase,
        vec![pt(2020, 2020, 65.9, "65.9%", PointKind::Baseline), t1, t2],
    );
    ind.set = IndicatorSet::Further;
    ind
}

/// The Blueprint's levels as content/config.yaml declares them.
pub fn plan() -> crate::model::Plan {
    use crate::model::{IdPattern, LevelDecl};
    let level = |name: &str, plural: &str, parent: Option<&str>, parts: usize, label: Option<&str>| LevelDecl {
        name: name.into(),
        title: format!("{}{}", name[..1].to_uppercase(), &name[1..]),
        plural: plural.into(),
        folder: plural.to_lowercase(),
        parent: parent.map(Into::into),
        serves: (name == "strategy").then(|| "direction".into()),
        id: IdPattern::Numbers(parts),
        label: label.map(Into::into),
        heading: None,
        list_title: None,
        intro: None,
        nav: false,
    };
    crate::model::Plan::new(&[
        level("direction", "Directions", None, 1, Some("Direction ({id})")),
        level("strategy", "Strategies", None, 1, Some("Strategy ({id})")),
        level("target", "Targets", Some("strategy"), 2, None),
        level("recommendation", "Recommendations", Some("target"), 3, None),
    ])
    .expect("the Blueprint's levels are valid")
}
