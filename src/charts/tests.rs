use super::*;
use crate::fixtures::*;
use crate::progress::assess;

fn chart(ind: &Indicator) -> String {
    indicator_chart(ind, &assess(ind), "c", "Blueprint", Words::english())
}

#[test]
fn escapes_markup_and_quotes() {
    assert_eq!(
        escape(r#"<script>alert("x") & 'y'</script>"#),
        "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
    );
    let mut ind = gerd_ratio_1_1();
    ind.title = "<script>alert('t')</script> & \"q\"".into();
    let svg = chart(&ind);
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
}

#[test]
fn ticks_step_by_one_two_five() {
    assert_eq!(nice_ticks(0.0, 2.0).0, vec![0.0, 0.5, 1.0, 1.5, 2.0]);
    assert_eq!(
        nice_ticks(0.0, 9000.0).0,
        vec![0.0, 2000.0, 4000.0, 6000.0, 8000.0, 10000.0]
    );
    assert_eq!(nice_ticks(0.0, 58.0).0, vec![0.0, 20.0, 40.0, 60.0]);
    assert_eq!(nice_ticks(0.0, 30.0).0, vec![0.0, 10.0, 20.0, 30.0]);
    assert_eq!(nice_ticks(0.0, 0.0).0, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    assert_eq!(nice_ticks(-3.0, 7.0).0, vec![-5.0, 0.0, 5.0, 10.0]);
    assert_eq!(nice_ticks(-f64::MAX, f64::MAX).0.len(), 2);
}

#[test]
fn tick_labels_carry_units() {
    assert_eq!(tick_label("percent", 1.5, 0.5, 2.0, Words::english()), "1.5%");
    assert_eq!(tick_label("percent", 2.0, 0.5, 2.0, Words::english()), "2%");
    assert_eq!(tick_label("hkd", 5000.0, 1000.0, 9000.0, Words::english()), "HK$5,000");
    assert_eq!(
        tick_label("count", 60000.0, 20000.0, 100000.0, Words::english()),
        "60,000"
    );
    assert_eq!(tick_label("ratio", 56.0, 20.0, 60.0, Words::english()), "56%");
    assert_eq!(tick_label("per-1000", 16.5, 0.5, 20.0, Words::english()), "16.5");
    assert_eq!(
        tick_label("square-metres", 1_500_000.0, 500_000.0, 1_500_000.0, Words::english()),
        "1.5 million"
    );
}

#[test]
fn chart_has_accessible_names_and_labelled_targets() {
    let svg = chart(&gerd_ratio_1_1());
    assert!(svg.starts_with("<svg "));
    assert!(svg.contains("role=\"img\" aria-labelledby=\"c-title c-desc\""));
    assert!(
        svg.contains("<title id=\"c-title\">Gross Domestic Expenditure on R&amp;D (GERD) as a ratio to GDP</title>")
    );
    assert!(svg.contains("<desc id=\"c-desc\">0.99% in 2020; targets 1.3% for 2025 and 2% for 2030;"));
    assert!(svg.contains(">2025 target: 1.3%</text>") && svg.contains(">2030 target: 2%</text>"));
    assert!(svg.contains(">Years are the years the figures describe; the Blueprint prints them in its 2016,</text>"));
    assert!(svg.contains(">2022, 2027 and 2032 columns.</text>"));
    // One diamond and one square on the plot, and again in the legend; in both layouts.
    assert_eq!(svg.matches("class=\"bp-target\"").count(), 8);
}

#[test]
fn every_id_uses_the_prefix() {
    for ind in [gerd_ratio_1_1(), unicorns_2_2(), digital_government()] {
        let a = assess(&ind);
        for svg in [
            indicator_chart(&ind, &a, "p9", "Blueprint", Words::english()),
            sparkline(&ind, &a, "p9", None, Words::english()),
        ] {
            for part in svg.split(" id=\"").skip(1) {
                assert!(part.starts_with("p9-"), "{part}");
            }
        }
    }
}

fn degenerate() -> Vec<Indicator> {
    use PointKind::*;
    let mut nan = gerd_ratio_1_1();
    nan.series[1].value = f64::NAN;
    nan.series[3].value = f64::INFINITY;
    let empty = indicator("e", "Empty", "count", crate::model::Direction::Increase, vec![]);
    let one = indicator(
        "o",
        "One",
        "percent",
        crate::model::Direction::Increase,
        vec![pt(2022, 2022, 90.0, "90%", Observed)],
    );
    let zeros = indicator(
        "z",
        "Zeros",
        "count",
        crate::model::Direction::Decrease,
        vec![
            pt(2020, 2020, 0.0, "0", Baseline),
            pt(2021, 2021, 0.0, "0", Observed),
            pt(2025, 2025, 0.0, "0", Target),
        ],
    );
    let negative = indicator(
        "n",
        "Negative",
        "hkd",
        crate::model::Direction::Increase,
        vec![
            pt(2020, 2020, -5.0, "-5", Baseline),
            pt(2022, 2022, -2.0, "-2", Observed),
            pt(2030, 2030, 3.0, "3", Target),
        ],
    );
    let huge = indicator(
        "h",
        "Huge",
        "square-metres",
        crate::model::Direction::Increase,
        vec![pt(2020, 2020, 1e300, "", Baseline), pt(2020, 2020, -1e300, "", Target)],
    );
    vec![
        nan,
        empty,
        one,
        zeros,
        negative,
        huge,
        digital_government(),
        elderly_internet(),
    ]
}

#[test]
fn never_nan_never_panics() {
    for ind in degenerate() {
        let a = assess(&ind);
        let out = [
            indicator_chart(&ind, &a, "d", "Blueprint", Words::english()),
            sparkline(&ind, &a, "d", None, Words::english()),
        ]
        .concat()
            + &progress::summary(&ind, &a, Words::english());
        for bad in ["NaN", "inf"] {
            assert!(!out.contains(bad), "{} contains {bad}:\n{out}", ind.id);
        }
        // The wide and the narrow chart, and the sparkline.
        assert_eq!(out.matches("<svg ").count(), 3);
        assert_eq!(out.matches("</svg>").count(), 3);
    }
}

#[test]
fn empty_chart_says_so() {
    let ind = &degenerate()[1];
    assert!(indicator_chart(ind, &[], "e", "Blueprint", Words::english()).contains("No figures to chart yet"));
}

#[test]
fn only_a_target_is_drawn_without_a_path() {
    let svg = chart(&digital_government());
    assert!(svg.contains(">2025 target: over 100</text>"));
    assert!(!svg.contains("bp-path") && !svg.contains("bp-observed"));
    assert!(!svg.contains("Years are the years"));
}

#[test]
fn wraps_long_titles() {
    let lines = wrap(
        "Launching the “Research, Academic and Industry Sectors One-plus Scheme”",
        300.0,
        15.0,
    );
    assert!(lines.len() >= 2);
    assert!(lines.iter().all(|l| text_width(l, 15.0) <= 300.0));
}

#[test]
fn wraps_chinese_between_characters_not_before_closing_punctuation() {
    let note = "年份為數字所描述的年份；藍圖把數字列於其2016、2022、2027及2032年各欄。";
    let lines = wrap(note, 150.0, 13.5);
    assert!(lines.len() >= 2, "{lines:?}");
    assert_eq!(lines.concat(), note);
    assert!(lines.iter().all(|l| text_width(l, 13.5) <= 150.0), "{lines:?}");
    assert!(lines.iter().all(|l| !l.starts_with(['；', '、', '。'])), "{lines:?}");
    assert!(lines.iter().all(|l| !l.contains(' ')));
}

#[test]
fn chinese_characters_measure_one_em() {
    assert_eq!(text_width("目標", 10.0), 20.0);
    // Digits 0.64 em, the point 0.31, the per cent sign 0.95; 年目標 and the full-width colon 1 each.
    assert!((text_width("2025年目標：1.3%", 10.0) - (4.0 * 6.4 + 4.0 * 10.0 + 6.4 + 3.1 + 6.4 + 9.5)).abs() < 1e-9);
}

#[test]
fn chinese_pages_get_a_chinese_chart() {
    let zh = crate::i18n::words::theme_words("zh-Hant");
    let ind = gerd_ratio_1_1();
    let svg = indicator_chart(&ind, &assess(&ind), "c", "藍圖", &zh);
    for label in [">2025年目標：1.3%</text>", ">實際數字</text>", ">百分比</text>"] {
        assert!(svg.contains(label), "{label} in {svg}");
    }
    assert!(svg.contains("<desc id=\"c-desc\">2020年為0.99%；目標為2025年1.3%及2030年2%；"));
    for english in [" target", "Target", "Observed", "per cent", "Years are", "Path to"] {
        assert!(!svg.contains(english), "{english} in {svg}");
    }
}

#[test]
fn snapshot_gerd_chart() {
    // A crate-independent file name, so the snapshot survives the move into another crate.
    insta::with_settings!({ prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("indicator_chart_1_1", chart(&gerd_ratio_1_1()));
    });
}

#[test]
fn later_figures_are_rings_with_a_key() {
    let plain = chart(&gerd_ratio_1_1());
    assert!(!plain.contains("bp-later-point") && plain.contains(">Observed</text>"));
    let mut ind = gerd_ratio_1_1();
    let mut p = ind.series[1].clone();
    (p.year, p.data_year, p.value, p.printed) = (2024, None, 1.13, "1.13%".into());
    ind.updates.push(p);
    let svg = chart(&ind);
    // One ring in the plot and one in the key; the Blueprint's two figures stay filled dots
    // (each twice: the wide and the narrow layout).
    assert_eq!(svg.matches("bp-later-point").count(), 4, "{svg}");
    assert_eq!(svg.matches("class=\"bp-observed-point\"").count(), 6, "{svg}");
    assert!(svg.contains(">In the Blueprint</text>") && svg.contains(">Published since</text>"));
    assert!(svg.contains(">1.13%</text>"), "the latest figure is labelled");
    // The column note names only the Blueprint's columns.
    assert!(svg.contains(">2022, 2027 and 2032 columns.</text>"), "{svg}");
    assert!(!svg.contains("2024,") && !svg.contains("2024 and"));
}

#[test]
fn phones_get_a_narrow_layout_with_readable_text_and_a_unit_title() {
    let svg = chart(&gerd_ratio_1_1());
    let (wide, narrow) = svg.split_at(svg[1..].find("<svg ").unwrap() + 1);
    assert!(wide.contains("class=\"bp-chart bp-wide\"") && narrow.contains("class=\"bp-chart bp-narrow\""));
    assert!(narrow.contains("viewBox=\"0 0 330 ") && narrow.contains("id=\"c-narrow-title\""));
    // Shown 330–450 px wide, so a 14-unit tick is at least 14 px.
    assert!(narrow.contains("class=\"bp-tick\" x=") && !narrow.contains("font-size=\"13\""));
    for part in [wide, narrow] {
        assert!(part.contains("class=\"bp-axis-title\"") && part.contains(">Per cent</text>"));
    }
    // Fewer ticks on the phone: at most five labels against six.
    assert!(narrow.matches("class=\"bp-grid\"").count() <= wide.matches("class=\"bp-grid\"").count());
}

#[test]
fn the_plan_is_named_from_config_not_built_in() {
    let mut ind = gerd_ratio_1_1();
    let mut p = ind.series[1].clone();
    (p.year, p.data_year, p.value, p.printed) = (2024, None, 1.13, "1.13%".into());
    ind.updates.push(p);
    let svg = indicator_chart(&ind, &assess(&ind), "c", "Strategy Paper", Words::english());
    assert!(svg.contains(">In the Strategy Paper</text>") && svg.contains("the Strategy Paper prints them"));
    assert!(!svg.contains("Blueprint"));
}

#[test]
fn sparklines_share_the_span_they_are_given() {
    let ind = unicorns_2_2();
    let svg = sparkline(&ind, &assess(&ind), "s", Some((2010, 2040)), Words::english());
    assert!(svg.contains(">2010</text>") && svg.contains(">2040</text>"), "{svg}");
    // One dashed path through the targets in turn, never two lines from one point.
    let starts: Vec<&str> = svg.split("class=\"bp-path\" x1=\"").skip(1).map(|p| &p[..10]).collect();
    let mut dedup = starts.clone();
    dedup.dedup();
    assert_eq!(starts, dedup, "{svg}");
}
