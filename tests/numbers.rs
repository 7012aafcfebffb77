//! The numeric rules on passages in many phrasings (tests/fixtures/numbers): every correct
//! passage stays silent, every faulty one is reported at its marked figure; and a property:
//! a generated report whose figures agree draws no numeric finding, and changing one figure
//! draws exactly one.

use fzlint_core::{builtin, Diagnostic, Document, Linter, Syntax};
use proptest::prelude::*;

fn numbers_linter() -> Linter {
    let pack = builtin::load("numbers").unwrap().unwrap();
    Linter::new(vec![pack]).unwrap()
}

/// A line per sentence, as the passages are read in a report.
fn lines(text: &str) -> String {
    text.replace('。', "。\n")
}

fn check(linter: &Linter, text: &str) -> Vec<Diagnostic> {
    check_as_is(linter, &lines(text))
}

fn check_as_is(linter: &Linter, text: &str) -> Vec<Diagnostic> {
    let doc = Document::new("t.txt", Syntax::PlainText, text.to_string());
    linter.check(&doc, &linter.default_selection())
}

fn passages(file: &str) -> Vec<String> {
    std::fs::read_to_string(format!("fixtures/numbers/{file}"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn correct_passages_draw_no_numeric_finding() {
    let linter = numbers_linter();
    let good = passages("good.txt");
    assert!(good.len() >= 40, "{} passages", good.len());
    let mut wrong = Vec::new();
    for p in &good {
        for d in check(&linter, p) {
            wrong.push(format!("{p}\n    {} {}", d.rule, d.message));
        }
    }
    assert!(wrong.is_empty(), "false alarms:\n{}", wrong.join("\n"));
}

#[test]
fn faulty_passages_are_reported_at_the_marked_figure() {
    let linter = numbers_linter();
    let bad = passages("bad.txt");
    assert!(bad.len() >= 40, "{} passages", bad.len());
    let mut missed = Vec::new();
    for marked in &bad {
        let marked = lines(marked);
        let start = marked.find("【【").expect("a mark");
        let end = marked.find("】】").expect("a mark") - "【【".len();
        let text = marked.replace("【【", "").replace("】】", "");
        let want = &text[start..end];
        let found = check_as_is(&linter, &text);
        // at the marked figure itself: its byte span, not only its text
        if !found
            .iter()
            .any(|d| (d.span.start, d.span.end) == (start, end) && d.text == want)
        {
            let got: Vec<String> = found
                .iter()
                .map(|d| format!("{} “{}”", d.rule, d.text))
                .collect();
            missed.push(format!("{text}\n    wanted “{want}”, got {got:?}"));
        }
    }
    assert!(missed.is_empty(), "not found:\n{}", missed.join("\n"));
}

#[test]
fn a_finding_shows_the_arithmetic_and_points_at_the_other_figures() {
    let linter = numbers_linter();
    let d = check(&linter, "评查案卷200卷，合格176卷，合格率95%。");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].rule.as_ref(), "numbers/rate-vs-counts");
    assert_eq!(d[0].message, "合格率应为 176卷÷200卷 = 88%，文中为“95%”");
    let related: Vec<(&str, &str)> = d[0]
        .related
        .iter()
        .map(|r| (r.text.as_str(), r.label.as_str()))
        .collect();
    assert_eq!(
        related,
        [("176卷", "分子：合格"), ("200卷", "分母：评查案卷")]
    );
}

/// A report section in one of several phrasings, from consistent figures.
fn report(
    total: u32,
    passed: u32,
    parts: (u32, u32),
    before: u32,
    after: u32,
    phrasing: usize,
) -> String {
    let rate = f64::from(passed) / f64::from(total) * 100.0;
    let rate = format!("{:.1}", rate);
    let points = after - before;
    let done = parts.0 + parts.1;
    match phrasing % 3 {
        0 => format!(
            "评查案卷{total}卷，合格{passed}卷，合格率为{rate}%。\n全年办理案件{done}件，其中简易程序{}件、普通程序{}件。\n网上可办率由{before}%提高至{after}%，提高{points}个百分点。\n",
            parts.0, parts.1
        ),
        1 => format!(
            "全年共审结案件{done}件，其中维持{}件、撤销{}件。\n抽查案卷{total}卷，合格{passed}卷，合格率{rate}%。\n配备率从{before}%上升到{after}%，上升{points}个百分点。\n",
            parts.0, parts.1
        ),
        _ => format!(
            "受理申请{total}件，按时办结{passed}件，按时办结率为{rate}%。\n培训执法人员{done}人次，包括市级培训{}人次、县级培训{}人次。\n参与率由{before}%提升至{after}%，提升{points}个百分点。\n",
            parts.0, parts.1
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn consistent_figures_are_silent_and_one_changed_figure_is_found(
        total in 20u32..2000,
        share in 0.05f64..1.0,
        a in 1u32..500,
        b in 1u32..500,
        before in 1u32..60,
        gain in 1u32..40,
        phrasing in 0usize..3,
        bump in 3u32..9,
    ) {
        let linter = numbers_linter();
        let passed = ((f64::from(total) * share) as u32).max(1);
        let after = before + gain;
        let text = report(total, passed, (a, b), before, after, phrasing);
        let found = check(&linter, &text);
        prop_assert!(found.is_empty(), "{text}\n{found:?}");
        // the points change off by `bump`: exactly one finding, at that figure
        let changed = text.replace(&format!("{gain}个百分点"), &format!("{}个百分点", gain + bump));
        let found = check(&linter, &changed);
        prop_assert_eq!(found.len(), 1, "{}\n{:?}", changed, found);
        prop_assert_eq!(found[0].rule.as_ref(), "numbers/points-vs-rates");
        // the passed count off by `bump` percent of the total: the rate is found
        let rate = f64::from(passed) / f64::from(total) * 100.0;
        // off by `bump` points, downwards where upwards would pass 100% (another rule)
        let off = if rate + f64::from(bump) > 100.0 { -f64::from(bump) } else { f64::from(bump) };
        let wrong_rate = format!("{:.1}%", rate + off);
        let right_rate = format!("{rate:.1}%");
        let changed = text.replace(&right_rate, &wrong_rate);
        let found = check(&linter, &changed);
        prop_assert_eq!(found.len(), 1, "{}\n{:?}", changed, found);
        prop_assert_eq!(found[0].rule.as_ref(), "numbers/rate-vs-counts");
    }
}

#[test]
fn a_pack_can_judge_the_facts_with_its_own_expression() {
    let pack = |assert: &str| {
        fzlint_core::pack::load(
            "strict.toml",
            &format!(
                "[pack]\nname = \"strict\"\nversion = \"1\"\n[[rule]]\nid = \"strict/rate\"\nkind = \"quantity\"\ncheck = \"rate-vs-counts\"\nassert = \"{assert}\"\nseverity = \"error\"\nmessage = \"{{label}}应为{{expected}}\"\n"
            ),
        )
    };
    let text = "评查案卷300卷，合格266卷，合格率89%。";
    // built in: 266 ÷ 300 = 88.67%, which rounds to 89%
    assert!(check(&numbers_linter(), text).is_empty());
    let strict = Linter::new(vec![pack("abs(expected - rate) <= 0.1").unwrap()]).unwrap();
    let found = check(&strict, text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "合格率应为88.7%");
    let e = pack("abs(expected - ratio) <= 0.1")
        .unwrap_err()
        .to_string();
    assert!(e.contains("表达式有误：`ratio` 没有定义"), "{e}");
}
