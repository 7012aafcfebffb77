//! `quantity`: numbers that must agree, checked on the document's quantity facts (see
//! [`crate::facts`]) instead of one regex per phrasing.
//!
//! ```toml
//! kind = "quantity"
//! check = "rate-vs-counts"   # see the list below
//! ```
//!
//! - `rate-vs-counts`: a rate that does not match its own counts (评查案卷200卷，合格176卷，
//!   合格率95%), within the rounding its written precision allows (88% for 88.0 is right).
//! - `share-vs-counts`: 撤改22件，占16% where no count before it in the sentence gives that
//!   share (22 ÷ 152 = 14.47%).
//! - `parts-exceed-total`: the parts after 其中/包括/含/分别为 add up to more than their total;
//!   when the list names a rest (其他, 其余), to anything but the total.
//! - `rate-change-in-percent`: the change of a rate given in % (办结率比上年提高5%): a change
//!   of a rate is given in 百分点. From a% to b%, a change of (b−a)% is reported for certain;
//!   one that is the relative change ((b−a)÷a) is not.
//! - `points-vs-rates`: 由a%提高至b%，提高d个百分点 where d is not b − a.
//! - `change-vs-counts`: 由120件增加到150件，增长20% where the change is not (b − a) ÷ a
//!   (25%), or goes the other way (下降 where the figures rise).
//! - `restated`: the same count stated twice with different figures (行政复议案件35件 … 37件).
//! - `unit-mismatch`: the same count given in 件 in one place and 件次 in another.
//!
//! Each check finds its candidates by position and judges them with a built-in test; an
//! `assert` (CEL, as in the `numeric` kind) replaces that test, so a pack can be stricter or
//! looser without Rust: `assert = "abs(expected - rate) <= 0.1"`. The variables, per check:
//!
//! | check | numbers | lists |
//! | --- | --- | --- |
//! | rate-vs-counts | rate, rounding, numerator, denominator, expected | |
//! | share-vs-counts | share, rounding, part, total (the nearest larger count), expected | totals |
//! | parts-exceed-total | total, sum | parts |
//! | rate-change-in-percent | change, rounding, before (0 if none), after (0 if none) | |
//! | points-vs-rates | points, rounding, before, after | |
//! | change-vs-counts | change (negative for 下降、减少…), rounding, before, after, expected | |
//! | restated, unit-mismatch | first, later, same_unit (1 or 0) | |
//!
//! A finding is reported when the assertion is false.
//!
//! Placeholders: `{match}` (the reported figure), `{label}` (what it counts), `{expected}`
//! (what the other figures give), `{numerator}`, `{denominator}`, `{total}`, `{sum}`,
//! `{first}` (the earlier statement), `{unit}`, `{before}` and `{after}` (change-vs-counts). The other figures are shown as related
//! locations with labels.

use super::{config, Context, Finding, Findings, RuleKind};
use crate::expr::{format_number, Expr, Outcome, Vars};
use crate::facts::{unit_family, Fact, FactKind};
use crate::pack::SpecError;
use serde::Deserialize;
use toml::de::ValueDeserializer;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(rename = "quantity-check")]
enum Check {
    /// A rate that does not match the counts before it in its sentence.
    RateVsCounts,
    /// A share (N件，占P%) that no larger count before it in the sentence gives.
    ShareVsCounts,
    /// Parts after 其中/包括/含 that add up to more than their total.
    PartsExceedTotal,
    /// The change of a rate given in % instead of 百分点.
    RateChangeInPercent,
    /// A change in 百分点 that is not the difference of the two rates given.
    PointsVsRates,
    /// A change in % that is not the relative change of the two counts given (由a件增加到b件).
    ChangeVsCounts,
    /// The same count stated twice with different figures.
    Restated,
    /// The same count given in 件 in one place and 件次 in another.
    UnitMismatch,
}

/// Numbers that must agree, checked on the document's quantity facts. Placeholders:
/// `{match}`, `{label}`, `{expected}`, `{numerator}`, `{denominator}`, `{total}`, `{sum}`,
/// `{first}`, `{unit}`, `{before}`, `{after}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "quantity")]
pub(super) struct Config {
    /// What to check (see docs/kinds.md).
    check: Check,
    /// A CEL expression over the check's figures that must hold (replaces the built-in
    /// test; see docs/kinds.md for the variables of each check).
    #[schemars(with = "Option<String>")]
    assert: Option<toml::Spanned<String>>,
}

struct QuantityRule {
    check: Check,
    assert: Option<Expr>,
}

/// The variables an `assert` of each check can use: numbers, lists.
fn variables(check: Check) -> (&'static [&'static str], &'static [&'static str]) {
    match check {
        Check::RateVsCounts => (
            &["rate", "rounding", "numerator", "denominator", "expected"],
            &[],
        ),
        Check::ShareVsCounts => (
            &["share", "rounding", "part", "total", "expected"],
            &["totals"],
        ),
        Check::PartsExceedTotal => (&["total", "sum"], &["parts"]),
        Check::RateChangeInPercent => (&["change", "rounding", "before", "after"], &[]),
        Check::PointsVsRates => (&["points", "rounding", "before", "after"], &[]),
        Check::ChangeVsCounts => (&["change", "rounding", "before", "after", "expected"], &[]),
        Check::Restated | Check::UnitMismatch => (&["first", "later", "same_unit"], &[]),
    }
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    let assert = match &c.assert {
        None => None,
        Some(src) => {
            let (numbers, lists) = variables(c.check);
            let e = Expr::compile(src.get_ref(), numbers, lists, &[]).map_err(|e| {
                SpecError::new(format!("表达式有误：{e}"), Some(src.span())).with_help(format!(
                    "这项核对可用的数：{}{}",
                    numbers.join("、"),
                    if lists.is_empty() {
                        String::new()
                    } else {
                        format!("；列表：{}", lists.join("、"))
                    }
                ))
            })?;
            Some(e)
        }
    };
    Ok(Box::new(QuantityRule {
        check: c.check,
        assert,
    }))
}

fn vars(numbers: &[(&str, f64)], lists: &[(&str, Vec<f64>)]) -> Vars {
    let mut v = Vars::default();
    for (k, x) in numbers {
        v.numbers.insert(k.to_string(), *x);
    }
    for (k, l) in lists {
        v.lists.insert(k.to_string(), l.clone());
    }
    v
}

impl QuantityRule {
    /// True if the figures agree: the pack's assertion when it has one, else the built-in
    /// test. An expression that fails to evaluate judges nothing (no finding).
    fn holds(&self, builtin: bool, figures: impl FnOnce() -> Vars) -> bool {
        match &self.assert {
            None => builtin,
            Some(e) => !matches!(e.eval(&figures()), Ok(Outcome::Bool(false))),
        }
    }
}

const CHANGE_VERBS: &[&str] = &[
    "提高", "提升", "上升", "增长", "增加", "下降", "降低", "减少", "回落", "上涨",
];
/// Verbs of a fall, for the direction of a change.
const FALL_VERBS: &[&str] = &["下降", "降低", "减少", "回落", "下滑", "减"];

/// The last change verb in `lead`: +1 for a rise, −1 for a fall, `None` when there is none.
fn direction(lead: &str) -> Option<f64> {
    let last = |words: &[&str]| words.iter().filter_map(|w| lead.rfind(w)).max();
    let rise = last(&["提高", "提升", "上升", "增长", "增加", "上涨", "增"]);
    let fall = last(FALL_VERBS);
    match (rise, fall) {
        (None, None) => None,
        (Some(r), Some(f)) => Some(if r > f { 1.0 } else { -1.0 }),
        (Some(_), None) => Some(1.0),
        (None, Some(_)) => Some(-1.0),
    }
}

/// A figure rounded to the precision of `like` (at least one decimal when it is not whole).
fn shown(value: f64, like: &Fact) -> String {
    let places = like.decimals.max(if (value - value.round()).abs() > 1e-9 {
        1
    } else {
        0
    });
    let factor = 10f64.powi(places as i32);
    format_number((value * factor).round() / factor)
}

impl RuleKind for QuantityRule {
    fn placeholders(&self) -> Vec<&str> {
        vec![
            "match",
            "label",
            "expected",
            "numerator",
            "denominator",
            "total",
            "sum",
            "first",
            "unit",
            "relation",
            "before",
            "after",
        ]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let doc = cx.doc;
        let text = doc.text();
        let facts = doc.facts();
        let f = &facts.facts;
        let slice = |x: &Fact| &text[x.span.range()];
        match self.check {
            Check::RateVsCounts => {
                for r in facts.rates_with_counts() {
                    let (rate, n, d) = (&f[r.rate], &f[r.numerator], &f[r.denominator]);
                    let builtin = (r.expected - rate.value).abs() <= rate.rounding() + 1e-9;
                    let figures = || {
                        vars(
                            &[
                                ("rate", rate.value),
                                ("rounding", rate.rounding()),
                                ("numerator", n.value),
                                ("denominator", d.value),
                                ("expected", r.expected),
                            ],
                            &[],
                        )
                    };
                    if self.holds(builtin, figures) {
                        continue;
                    }
                    out.push(
                        Finding::at(rate.span)
                            .var("match", slice(rate))
                            .var("label", rate.label.clone())
                            .var("numerator", slice(n))
                            .var("denominator", slice(d))
                            .var("expected", format!("{}%", shown(r.expected, rate)))
                            .related(n.span, format!("分子：{}", n.label))
                            .related(d.span, format!("分母：{}", d.label)),
                    );
                }
            }
            Check::ShareVsCounts => {
                for (i, c) in f.iter().enumerate() {
                    if c.kind != FactKind::Percent || c.approx || i == 0 {
                        continue;
                    }
                    let lead = &text[c.lead.range()];
                    if !lead.contains('占') {
                        continue;
                    }
                    let part = &f[i - 1];
                    if part.sentence != c.sentence || part.kind != FactKind::Count || part.approx {
                        continue;
                    }
                    let lo = (i - 1).saturating_sub(crate::facts::RATE_WINDOW);
                    let totals: Vec<&Fact> = f[lo..i - 1]
                        .iter()
                        .filter(|t| {
                            t.sentence == c.sentence
                                && t.kind == FactKind::Count
                                && t.unit == part.unit
                                && t.value > part.value
                        })
                        .collect();
                    let fits = |t: &&Fact| {
                        (part.value / t.value * 100.0 - c.value).abs() <= c.rounding() + 1e-9
                    };
                    let Some(total) = totals.last() else { continue };
                    let expected = part.value / total.value * 100.0;
                    let figures = || {
                        vars(
                            &[
                                ("share", c.value),
                                ("rounding", c.rounding()),
                                ("part", part.value),
                                ("total", total.value),
                                ("expected", expected),
                            ],
                            &[("totals", totals.iter().map(|t| t.value).collect())],
                        )
                    };
                    if self.holds(totals.iter().any(fits), figures) {
                        continue;
                    }
                    out.push(
                        Finding::at(c.span)
                            .var("match", slice(c))
                            .var("label", part.label.clone())
                            .var("numerator", slice(part))
                            .var("denominator", slice(total))
                            .var("expected", format!("{}%", shown(expected, c)))
                            .related(part.span, format!("分项：{}", part.label))
                            .related(total.span, format!("总数：{}", total.label)),
                    );
                }
            }
            Check::PartsExceedTotal => {
                for tp in facts.totals_with_parts(text) {
                    let (total, parts) = (&f[tp.total], tp.parts);
                    if parts.iter().any(|&p| f[p].approx) {
                        continue;
                    }
                    let sum: f64 = parts.iter().map(|&p| f[p].value).sum();
                    let figures = || {
                        vars(
                            &[("total", total.value), ("sum", sum)],
                            &[("parts", parts.iter().map(|&p| f[p].value).collect())],
                        )
                    };
                    let agrees = if tp.exhaustive {
                        (sum - total.value).abs() <= 1e-9
                    } else {
                        sum <= total.value + 1e-9
                    };
                    if self.holds(agrees, figures) {
                        continue;
                    }
                    let mut finding = Finding::at(total.span)
                        .var("match", slice(total))
                        .var("label", total.label.clone())
                        .var("total", format_number(total.value))
                        .var("sum", format_number(sum))
                        .var("unit", total.unit.clone())
                        .var(
                            "relation",
                            if sum > total.value {
                                "超过总数"
                            } else {
                                "少于总数（分项已列全，应相加等于总数）"
                            },
                        )
                        .var(
                            "expected",
                            parts
                                .iter()
                                .map(|&p| format_number(f[p].value))
                                .collect::<Vec<_>>()
                                .join("+"),
                        );
                    for &p in &parts {
                        finding = finding.related(f[p].span, format!("分项：{}", f[p].label));
                    }
                    out.push(finding);
                }
            }
            Check::RateChangeInPercent => {
                for (i, c) in f.iter().enumerate() {
                    if c.kind != FactKind::Percent || c.is_rate() || c.approx {
                        continue;
                    }
                    let lead = &text[c.lead.range()];
                    if !CHANGE_VERBS.iter().any(|v| lead.contains(v)) || lead.contains('倍') {
                        continue;
                    }
                    // a growth rate is a level, not a change of a rate
                    if [
                        "增长率",
                        "增速",
                        "增幅",
                        "涨幅",
                        "收入",
                        "产值",
                        "总值",
                        "投资",
                        "规模",
                    ]
                    .iter()
                    .any(|w| c.label.contains(w))
                    {
                        continue;
                    }
                    // 提升至37.5%: a level reached, not a change
                    let lead_t = lead.trim_end();
                    if ["至", "到", "为", "达", "是"]
                        .iter()
                        .any(|w| lead_t.ends_with(w))
                    {
                        continue;
                    }
                    let prev = i
                        .checked_sub(1)
                        .map(|p| &f[p])
                        .filter(|p| p.sentence == c.sentence);
                    let rate_word =
                        |s: &str| ["率", "比重", "占比", "比例"].iter().any(|w| s.contains(w));
                    let sentence_start = doc
                        .structure()
                        .sentences
                        .get(c.sentence)
                        .map_or(c.span.start, |s| s.start);
                    let subject_is_rate = rate_word(&c.label)
                        || (prev.is_some_and(|p| p.kind == FactKind::Percent)
                            && rate_word(&text[sentence_start..c.span.start]));
                    if !subject_is_rate {
                        continue;
                    }
                    // from a% to b%: a change of (b−a)÷a is a relative change, said right
                    let two = i
                        .checked_sub(2)
                        .map(|p| (&f[p], &f[p + 1]))
                        .filter(|(a, b)| {
                            a.sentence == c.sentence
                                && a.kind == FactKind::Percent
                                && b.kind == FactKind::Percent
                        });
                    let relative = two.is_some_and(|(a, b)| {
                        a.value > 0.0
                            && ((b.value - a.value).abs() / a.value * 100.0 - c.value).abs()
                                <= c.rounding() + 0.05
                    });
                    let figures = || {
                        let (before, after) = two.map_or((0.0, 0.0), |(a, b)| (a.value, b.value));
                        vars(
                            &[
                                ("change", c.value),
                                ("rounding", c.rounding()),
                                ("before", before),
                                ("after", after),
                            ],
                            &[],
                        )
                    };
                    if self.holds(relative, figures) {
                        continue;
                    }
                    let mut finding = Finding::at(c.span)
                        .var("match", slice(c))
                        .var("label", c.label.clone())
                        .var(
                            "expected",
                            format!("{}个百分点", slice(c).trim_end_matches(['%', '％'])),
                        );
                    if let Some(p) = prev.filter(|p| p.kind == FactKind::Percent) {
                        finding = finding.related(p.span, format!("比率：{}", p.label));
                    }
                    out.push(finding);
                }
            }
            Check::ChangeVsCounts => {
                for (i, c) in f.iter().enumerate() {
                    if c.kind != FactKind::Percent || c.approx || c.is_rate() || i < 2 {
                        continue;
                    }
                    let (a, b) = (&f[i - 2], &f[i - 1]);
                    let counts = |x: &Fact| {
                        x.sentence == c.sentence && x.kind == FactKind::Count && !x.approx
                    };
                    if !counts(a) || !counts(b) || a.unit != b.unit || a.value <= 0.0 {
                        continue;
                    }
                    // 由/从 a … 增加到/下降至 b, then 增长/下降 c%: b is the new figure
                    let (lead_a, lead_b, lead_c) = (
                        &text[a.lead.range()],
                        text[b.lead.range()].trim_end(),
                        &text[c.lead.range()],
                    );
                    let from = ["由", "从"].iter().any(|w| lead_a.contains(w));
                    let to = ["到", "至", "为"].iter().any(|w| lead_b.ends_with(w))
                        && direction(lead_b).is_some();
                    let Some(said) = direction(lead_c) else {
                        continue;
                    };
                    if !from || !to || lead_c.contains('倍') || lead_c.contains("百分点") {
                        continue;
                    }
                    let expected = (b.value - a.value) / a.value * 100.0;
                    let change = said * c.value;
                    let builtin = (expected - change).abs() <= c.rounding() + 1e-9;
                    let figures = || {
                        vars(
                            &[
                                ("change", change),
                                ("rounding", c.rounding()),
                                ("before", a.value),
                                ("after", b.value),
                                ("expected", expected),
                            ],
                            &[],
                        )
                    };
                    if self.holds(builtin, figures) {
                        continue;
                    }
                    let word = if expected >= 0.0 { "增长" } else { "下降" };
                    out.push(
                        Finding::at(c.span)
                            .var("match", slice(c))
                            .var("label", a.full_label.clone())
                            .var("before", slice(a))
                            .var("after", slice(b))
                            .var("expected", format!("{word}{}%", shown(expected.abs(), c)))
                            .related(a.span, "之前")
                            .related(b.span, "之后"),
                    );
                }
            }
            Check::PointsVsRates => {
                for (i, c) in f.iter().enumerate() {
                    if c.kind != FactKind::Points || i < 2 {
                        continue;
                    }
                    let (a, b) = (&f[i - 2], &f[i - 1]);
                    if a.sentence != c.sentence
                        || b.sentence != c.sentence
                        || a.kind != FactKind::Percent
                        || b.kind != FactKind::Percent
                    {
                        continue;
                    }
                    // 由a%…至b%: the second is reached from the first
                    let (lead_a, lead_b) = (&text[a.lead.range()], &text[b.lead.range()]);
                    let from = ["由", "从"].iter().any(|w| lead_a.contains(w));
                    let to = ["至", "到"].iter().any(|w| lead_b.contains(w));
                    if !(from && to) {
                        continue;
                    }
                    let diff = (b.value - a.value).abs();
                    let slack = a.rounding() + b.rounding() + c.rounding() + 1e-9;
                    let figures = || {
                        vars(
                            &[
                                ("points", c.value),
                                ("rounding", c.rounding()),
                                ("before", a.value),
                                ("after", b.value),
                            ],
                            &[],
                        )
                    };
                    if self.holds((diff - c.value).abs() <= slack, figures) {
                        continue;
                    }
                    out.push(
                        Finding::at(c.span)
                            .var("match", slice(c))
                            .var("label", b.label.clone())
                            .var("expected", format!("{}个百分点", shown(diff, c)))
                            .related(a.span, "变化前")
                            .related(b.span, "变化后"),
                    );
                }
            }
            Check::Restated | Check::UnitMismatch => {
                for (j, i) in facts.restated(text, &doc.structure().sentences) {
                    let (first, later) = (&f[j], &f[i]);
                    let same_unit = first.unit == later.unit;
                    let report = match self.check {
                        Check::Restated => same_unit && (first.value - later.value).abs() > 1e-9,
                        _ => !same_unit && unit_family(&first.unit) == unit_family(&later.unit),
                    };
                    let figures = || {
                        vars(
                            &[
                                ("first", first.value),
                                ("later", later.value),
                                ("same_unit", if same_unit { 1.0 } else { 0.0 }),
                            ],
                            &[],
                        )
                    };
                    if self.holds(!report, figures) {
                        continue;
                    }
                    out.push(
                        Finding::at(later.span)
                            .var("match", slice(later))
                            .var("label", later.label.clone())
                            .var("first", slice(first))
                            .var("unit", later.unit.clone())
                            .related(first.span, format!("前文：{}", first.label)),
                    );
                }
            }
        }
    }
}
