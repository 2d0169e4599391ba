//! Expected numbers were computed by hand (calculator), not by this module.

use super::*;
use crate::fixtures::*;
use crate::model::{Direction, PointKind};

/// The English summary, as the resolver and English pages write it.
fn summary(ind: &Indicator, a: &[Assessment]) -> String {
    super::summary(ind, a, Words::english())
}

/// A value in English, as [`summary`] is.
fn format_value(unit: &str, v: f64) -> String {
    super::format_value(Words::english(), unit, v)
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("value present");
    assert!((a - b).abs() < 5e-4, "{a} != {b}");
}

#[test]
fn increasing_goal_1_1() {
    let a = assess(&gerd_ratio_1_1());
    assert_eq!(a.len(), 2);
    // (0.99/0.74)^(1/6) − 1 = 0.04971; (1.3/0.74)^(1/11) − 1 = 0.05256; ratio 0.9457.
    assert_eq!(a[0].target_year, 2025);
    assert_eq!(a[0].method, "growth-rate ratio");
    close(a[0].observed_rate, 0.04971);
    close(a[0].required_rate, 0.05256);
    close(a[0].ratio, 0.9457);
    assert_eq!(a[0].status, Status::NeedsAcceleration);
    // (2/0.74)^(1/16) − 1 = 0.06411; ratio 0.7753.
    close(a[1].required_rate, 0.06411);
    close(a[1].ratio, 0.7753);
    assert_eq!(a[1].status, Status::NeedsAcceleration);
    assert_eq!((a[0].baseline_year, a[0].latest_year), (Some(2014), Some(2020)));
    assert_eq!(
        a[0].explanation,
        "From 0.74% (2014) to 0.99% (2020) the value grew 5.0% a year; reaching 1.3% by 2025 \
         needs growth of 5.3% a year from 2014. Ratio 0.946: progress, acceleration needed."
    );
}

fn synthetic_decrease(latest: f64) -> crate::model::Indicator {
    use PointKind::*;
    indicator(
        "x",
        "Synthetic falling indicator",
        "count",
        Direction::Decrease,
        vec![
            pt(2010, 2010, 100.0, "100", Baseline),
            pt(2012, 2012, latest, "", Observed),
            pt(2020, 2020, 50.0, "50", Target),
        ],
    )
}

#[test]
fn decreasing_goal_synthetic() {
    // 100 → 81 over 2 years: √0.81 − 1 = −0.10; to 50 over 10 years: 0.5^(1/10) − 1 = −0.06697.
    let a = assess(&synthetic_decrease(81.0));
    close(a[0].observed_rate, -0.10);
    close(a[0].required_rate, -0.06697);
    close(a[0].ratio, 1.4932);
    assert_eq!(a[0].status, Status::OnTrack);
    // 100 → 90.25: √0.9025 − 1 = −0.05; ratio 0.05/0.06697 = 0.7466.
    let a = assess(&synthetic_decrease(90.25));
    close(a[0].ratio, 0.7466);
    assert_eq!(a[0].status, Status::NeedsAcceleration);
    assert!(a[0].explanation.contains("fell 5.0% a year"), "{}", a[0].explanation);
    assert!(
        a[0].explanation.contains("needs a fall of 6.7% a year"),
        "{}",
        a[0].explanation
    );
    // Rising instead of falling is moving away: 100 → 121, +10% a year, ratio −1.4932.
    let a = assess(&synthetic_decrease(121.0));
    close(a[0].ratio, -1.4932);
    assert_eq!(a[0].status, Status::MovingAway);
}

#[test]
fn decreasing_goal_1_3_moves_away() {
    let a = assess(&public_private_1_3());
    // 56 → 58 over 6 years: (58/56)^(1/6) − 1 = 0.005866; to 50 by 2025: (50/56)^(1/11) − 1 = −0.010250.
    close(a[0].observed_rate, 0.005866);
    close(a[0].required_rate, -0.010250);
    close(a[0].ratio, -0.5723);
    // To 40 by 2030: (40/56)^(1/16) − 1 = −0.020810; ratio −0.2819.
    close(a[1].ratio, -0.2819);
    assert!(a.iter().all(|x| x.status == Status::MovingAway));
}

#[test]
fn zero_baseline_2_2_uses_absolute_change() {
    let a = assess(&unicorns_2_2());
    // 0 → 12 over 6 years = 2 a year; 18 by 2025 needs 18/11 = 1.6364 a year; ratio 1.2222.
    assert_eq!(a[0].method, "absolute-change ratio (zero baseline)");
    close(a[0].observed_rate, 2.0);
    close(a[0].required_rate, 1.6364);
    close(a[0].ratio, 1.2222);
    assert_eq!(a[0].status, Status::OnTrack);
    // 30 by 2030 needs 30/16 = 1.875 a year; ratio 1.0667.
    close(a[1].ratio, 1.0667);
    assert_eq!(a[1].status, Status::OnTrack);
    assert!(a[0].explanation.contains("rose by 2 a year"), "{}", a[0].explanation);
}

#[test]
fn target_already_met() {
    let mut ind = gerd_ratio_1_1();
    ind.series[2].value = 0.9;
    let a = assess(&ind);
    assert_eq!(a[0].status, Status::Achieved);
    assert_eq!(
        a[0].explanation,
        "The latest figure, 0.99% (2020), already meets the target of 0.9% for 2025."
    );
    // A target qualified "over" must be strictly exceeded.
    ind.series[2].value = 0.99;
    ind.series[2].qualifier = Some(crate::model::Qualifier::Over);
    assert_ne!(assess(&ind)[0].status, Status::Achieved);
}

#[test]
fn baseline_met_but_latest_regressed_is_moving_away() {
    let mut ind = manufacturing_4_1();
    ind.series[2].value = 1.1;
    let a = assess(&ind);
    assert_eq!(a[0].status, Status::MovingAway);
    assert_eq!(a[0].ratio, None);
}

#[test]
fn moving_away_4_1() {
    let a = assess(&manufacturing_4_1());
    // 1.2 → 1.0 over 6 years: (1/1.2)^(1/6) − 1 = −0.02993; 1.5 by 2025: (1.25)^(1/11) − 1 = 0.02049.
    close(a[0].observed_rate, -0.02993);
    close(a[0].required_rate, 0.02049);
    close(a[0].ratio, -1.4605);
    // 5 by 2030: (5/1.2)^(1/16) − 1 = 0.09329; ratio −0.3208.
    close(a[1].ratio, -0.3208);
    assert!(a.iter().all(|x| x.status == Status::MovingAway));
    // 1.0 keeps the decimal that 1.2 needs.
    assert!(a[0]
        .explanation
        .starts_with("From 1.2% (2014) to 1.0% (2020) the value fell 3.0% a year;"));
    assert!(summary(&manufacturing_4_1(), &a).starts_with("1.0% in 2020;"));
}

#[test]
fn only_targets_not_assessable() {
    let a = assess(&digital_government());
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].status, Status::NotAssessable);
    assert_eq!(a[0].method, "none");
    assert_eq!(
        a[0].explanation,
        "No figures yet to compare with the target of over 100 for 2025."
    );
    let s = summary(&digital_government(), &a);
    assert_eq!(
        s,
        "No figures yet; target over 100 for 2025; progress not yet assessable."
    );
}

#[test]
fn one_figure_not_assessable() {
    let a = assess(&elderly_internet());
    assert!(a.iter().all(|x| x.status == Status::NotAssessable));
    assert!(a[0].explanation.starts_with("Only one dated figure, 65.9% (2020)"));
}

#[test]
fn passed_target_is_never_on_track() {
    // 10 (2010) → 15.9 (2015), target 16.1051 = 10 × 1.1⁵ for 2015: observed 1.59^(1/5) − 1 = 0.09718,
    // required 0.10, ratio 0.9718, but the target year has come and the target is unmet.
    use PointKind::*;
    let ind = indicator(
        "y",
        "Synthetic",
        "count",
        Direction::Increase,
        vec![
            pt(2010, 2010, 10.0, "10", Baseline),
            pt(2015, 2015, 15.9, "15.9", Observed),
            pt(2015, 2015, 16.1051, "16.1051", Target),
        ],
    );
    let a = assess(&ind);
    close(a[0].ratio, 0.9718);
    assert_eq!(a[0].status, Status::NeedsAcceleration);
    assert!(
        a[0].explanation.ends_with("so it is not on track."),
        "{}",
        a[0].explanation
    );
}

#[test]
fn summaries() {
    let ind = gerd_ratio_1_1();
    assert_eq!(
        summary(&ind, &assess(&ind)),
        "0.99% in 2020; targets 1.3% for 2025 and 2% for 2030; on current growth, progress but \
         acceleration needed for 2025 and 2030."
    );
    let ind = start_ups_2_1();
    assert_eq!(
        summary(&ind, &assess(&ind)),
        "3,755 in 2021; targets about 5,000 for 2025 and about 7,000 for 2030; on current growth, on track for 2025 and 2030."
    );
    let ind = unicorns_2_2();
    assert!(summary(&ind, &assess(&ind)).ends_with("on current yearly change, on track for 2025 and 2030."));
}

#[test]
fn formatting() {
    assert_eq!(format_value("percent", 1.5), "1.5%");
    assert_eq!(format_value("hkd", 5000.0), "HK$5,000");
    assert_eq!(format_value("count", 60000.0), "60,000");
    assert_eq!(format_value("count", 1_234_567.0), "1,234,567");
    assert_eq!(format_value("ratio", 56.0), "56%");
    assert_eq!(format_value("per-1000", 16.54), "16.54");
    assert_eq!(format_value("square-metres", 1_500_000.0), "1.5 million m²");
    assert_eq!(number(0.012, 2), "0.012");
    assert_eq!(number(0.74, 2), "0.74");
    assert_eq!(number(0.0, 2), "0");
    assert_eq!(decimals_needed(0.018), 3);
    assert_eq!(decimals_needed(1.0), 0);
    assert_eq!(number(-1234.5, 2), "-1,234.5");
    assert_eq!(fixed(f64::NAN, 1), "0.0");
    assert_eq!(fmt_ratio(0.9457), "0.946");
    assert_eq!(fmt_ratio(0.5999), "0.5999");
    assert_eq!(fmt_ratio(-0.001), "-0.001");
    assert_eq!(fmt_ratio(1.2222), "1.22");
    assert_eq!(Status::MovingAway.label(), "Moving away from target");
}

fn later(year: i32, value: f64, printed: &str) -> crate::model::Point {
    let mut p = pt(year, year, value, printed, PointKind::Observed);
    p.data_year = None;
    p.source = "A statistics release".into();
    p.url = Some("https://example.org/release".into());
    p
}

#[test]
fn later_figures_are_the_latest_observation() {
    let mut ind = start_ups_2_1();
    ind.updates = vec![later(2023, 4257.0, "4,257"), later(2025, 5221.0, "5,221")];
    let a = assess(&ind);
    // 5 221 meets "About 5 000" for 2025.
    assert_eq!((a[0].latest_year, a[0].status), (Some(2025), Status::Achieved));
    // (5221/1065)^(1/11) − 1 = 0.15548; (7000/1065)^(1/16) − 1 = 0.12489; ratio 1.2450.
    close(a[1].observed_rate, 0.15548);
    close(a[1].required_rate, 0.12489);
    close(a[1].ratio, 1.2450);
    assert_eq!(a[1].status, Status::OnTrack);
    assert_eq!(
        summary(&ind, &a),
        "5,221 in 2025; targets about 5,000 for 2025 and about 7,000 for 2030; already meets the \
         target for 2025; on current growth, on track for 2030."
    );
}

#[test]
fn a_later_figure_for_a_printed_year_is_the_revision() {
    let mut ind = gerd_ratio_1_1();
    ind.updates = vec![later(2020, 1.0, "1.00%")];
    let a = assess(&ind);
    assert_eq!((a[0].latest_year, a[0].latest_value), (Some(2020), Some(1.0)));
    assert!(ind.is_update(&ind.updates[0]) && !ind.is_update(&ind.series[1]));
    // The same figure, not the same point.
    assert!(!ind.is_update(&ind.updates[0].clone()));
}

/// What a Chinese page says of `ind`: its summary and its first target's explanation.
fn in_chinese(ind: &Indicator) -> (String, String) {
    let zh = crate::i18n::words::theme_words("zh-Hant");
    let a = assess_in(ind, &zh);
    (super::summary(ind, &a, &zh), a[0].explanation.clone())
}

#[test]
fn chinese_sentences_are_composed_from_the_chinese_words() {
    let cases = [
        (
            gerd_ratio_1_1(),
            "2020年為0.99%；目標為2025年1.3%及2030年2%；按現時增長，2025及2030年的目標有進展，但須加快。",
            "由0.74%（2014年）至0.99%（2020年），數值每年增長5.0%；要在2025年達到1.3%，須自2014年起每年增長5.3%。比率為0.946：有進展，須加快。",
        ),
        (
            unicorns_2_2(),
            "2020年為12；目標為2025年18及2030年30；按現時每年變化，可如期達到2025及2030年的目標。",
            "由0（2014年）至12（2020年），數值每年上升2；要在2025年達到18，須自2014年起每年上升1.64。比率（按每年變化計算，因為由零起計的增長率並無定義）為1.22：進度良好。",
        ),
        (
            digital_government(),
            "尚無數字；目標為2025年超過100；進度尚未能評估。",
            "尚無數字可與2025年的目標（超過100）比較。",
        ),
        (
            elderly_internet(),
            "2020年為65.9%；目標為2023年超過75%及2030年超過90%；進度尚未能評估。",
            "只有一個註明年份的數字65.9%（2020年），沒有趨勢可與2023年的目標（超過75%）比較。",
        ),
    ];
    for (ind, summary, explanation) in cases {
        assert_eq!(in_chinese(&ind), (summary.to_string(), explanation.to_string()));
    }
    let zh = crate::i18n::words::theme_words("zh-Hant");
    assert_eq!(super::format_value(&zh, "square-metres", 1.5e6), "1.5百萬平方米");
    // The numbers, statuses and ratios are the English assessment's: only the words differ.
    let ind = gerd_ratio_1_1();
    let (en, zh) = (
        assess(&ind),
        assess_in(&ind, &crate::i18n::words::theme_words("zh-Hant")),
    );
    assert!(en
        .iter()
        .zip(&zh)
        .all(|(e, z)| e.status == z.status && e.ratio == z.ratio));
}
