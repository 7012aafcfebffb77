//! Quantity facts: every number a report states, with its unit and what it counts, and the
//! relations between numbers that the text itself states. Computed once per document, on
//! first use, and shared by every rule that checks numbers (the `quantity` kind).
//!
//! A fact is a number (Arabic, full-width, 百分之…; 万/亿 multiplied out) with the measure
//! word after it (件, 人次, 万元, %, 个百分点 …) and its *label*: the Han words before it back
//! to the previous punctuation or number, without fillers (共, 全年, 其中, 为, 达到 …).
//! `评查案卷200卷，合格176卷，合格率95%` gives 评查案卷 200 卷, 合格 176 卷, 合格率 95 %.
//!
//! Relations are found by position, never by pairing every fact with every other: a rate
//! looks for its counts among the few facts before it in its sentence, the parts of a total
//! run from 其中 to the end of their sentence (at most [`MAX_PARTS`]), and facts with the same
//! label are found through one hash map. Building the facts is one pass over the text.

use crate::quantity::{self, Unit};
use crate::span::Span;
use std::collections::HashMap;

/// How far back in its sentence a rate looks for its numerator and denominator.
pub const RATE_WINDOW: usize = 8;
/// At most this many parts are read after 其中.
pub const MAX_PARTS: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    /// A count or amount with a measure word (件, 人, 万元 …).
    Count,
    /// A percentage (15.13%, 百分之九十五).
    Percent,
    /// A difference of percentages (1.2个百分点).
    Points,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The number and its measure word: 176卷, 95%, 1.2个百分点.
    pub span: Span,
    /// The number as written, without measure word.
    pub number: Span,
    pub value: f64,
    /// Digits written after the decimal point (88% → 0, 14.47% → 2).
    pub decimals: u32,
    pub kind: FactKind,
    /// The measure word: 件, 人次, 万元, %, 个百分点; empty when there is none.
    pub unit: String,
    /// 约, 余, 多, 以上: not an exact figure.
    pub approx: bool,
    /// What it counts: 受理行政复议申请, 合格, 合格率 (fillers removed).
    pub label: String,
    /// The label as it stands in the text (fillers included).
    pub label_span: Span,
    /// The label with an object left out filled in from the fact before it in the sentence
    /// (收到行政复议申请86件，审结79件: 审结 → 审结行政复议申请); else the label.
    pub full_label: String,
    /// Index of its sentence in the document's sentences (`usize::MAX` outside any).
    pub sentence: usize,
    /// The words between the previous fact of the sentence (or its start) and this one.
    pub lead: Span,
}

impl Fact {
    /// Half a unit of the last written digit: how far rounding may have moved the figure.
    pub fn rounding(&self) -> f64 {
        0.5 * 10f64.powi(-(self.decimals as i32))
    }

    /// True for a rate or share stated as a level: 合格率95%, 占比12%.
    pub fn is_rate(&self) -> bool {
        self.kind == FactKind::Percent
            && (self.label.ends_with('率')
                || self.label.ends_with("比例")
                || self.label.ends_with("比重")
                || self.label.ends_with("占比"))
    }
}

/// Measure words, longest first so that 个百分点 wins over 个 and 人次 over 人.
const UNITS: &[&str] = &[
    "个百分点",
    "百分点",
    "万人次",
    "万件次",
    "万元",
    "亿元",
    "万户",
    "万人",
    "万件",
    "千米",
    "公里",
    "件次",
    "人次",
    "场次",
    "户次",
    "批次",
    "余件",
    "%",
    "％",
    "‰",
    "件",
    "人",
    "次",
    "个",
    "项",
    "卷",
    "家",
    "所",
    "名",
    "户",
    "起",
    "条",
    "场",
    "批",
    "期",
    "部",
    "篇",
    "份",
    "宗",
    "台",
    "辆",
    "元",
    "天",
    "册",
    "套",
    "处",
    "座",
    "张",
    "本",
    "位",
    "组",
    "支",
    "单",
    "笔",
];

/// Words at the start of a label that say nothing about what is counted.
const FILLERS: &[&str] = &[
    "其中",
    "全年共",
    "全年",
    "年内",
    "累计",
    "共计",
    "合计",
    "总计",
    "共",
    "全区",
    "全市",
    "全县",
    "全省",
    "我区",
    "我县",
    "我市",
    "我局",
    "我委",
    "我镇",
    "我乡",
    "区政府",
    "县政府",
    "市政府",
    "当年",
    "年度",
    "依法",
    "先后",
    "新",
    "已",
    "均",
    "另",
    "又",
    "还",
    "对",
];
/// Words at the end of a label that link it to its number.
const LINKS: &[&str] = &[
    "达到了",
    "达到",
    "保持在",
    "稳定在",
    "提高到",
    "提升到",
    "提高至",
    "提升至",
    "上升到",
    "上升至",
    "下降到",
    "下降至",
    "降低到",
    "降低至",
    "增长到",
    "增加到",
    "分别为",
    "分别是",
    "约为",
    "均为",
    "为",
    "是",
    "达",
    "有",
    "了",
    "约",
    "近",
    "超过",
    "逾",
    "共",
    "计",
];

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn strip_label(raw: &str) -> &str {
    let mut s = raw;
    loop {
        let before = s;
        for f in FILLERS {
            if let Some(r) = s.strip_prefix(f) {
                if !r.is_empty() {
                    s = r;
                }
            }
        }
        for l in LINKS {
            if let Some(r) = s.strip_suffix(l) {
                if !r.is_empty() {
                    s = r;
                }
            }
        }
        if s == before {
            return s;
        }
    }
}

/// The facts of a document, in order of position.
#[derive(Debug, Default)]
pub struct Facts {
    pub facts: Vec<Fact>,
}

/// Reads every quantity of `text`. `sentences` are the document's sentences in order.
pub fn extract(text: &str, sentences: &[Span]) -> Facts {
    let mut facts = Vec::new();
    let mut i = 0;
    let mut sentence = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        let starts_number = c.is_ascii_digit() || ('０'..='９').contains(&c);
        let starts_percent = text[i..].starts_with("百分之");
        if !(starts_number || starts_percent) {
            i += c.len_utf8();
            continue;
        }
        // not in the middle of a number, a word of letters or a code (A12, 2023-02-28)
        let prev = text[..i].chars().next_back();
        if prev.is_some_and(|p| {
            p.is_ascii_alphanumeric() || p == '.' || p == '-' || p == '/' || p == '_'
        }) {
            i = skip_number(text, i);
            continue;
        }
        let Some(q) = quantity::parse(&text[i..]) else {
            i += c.len_utf8();
            continue;
        };
        let number_end = i + q.len;
        let after = &text[number_end..];
        // years, dates, times, ordinals and codes are not quantities
        if after.starts_with('年')
            || after.starts_with('月')
            || after.starts_with('日')
            || after.starts_with('号')
            || after.starts_with(':')
            || after.starts_with('：')
            || after.starts_with(['-', '/', '.', '．'])
            || prev == Some('第')
        {
            i = number_end.max(i + 1);
            continue;
        }
        let (kind, unit) = match q.unit {
            Unit::Percent => (FactKind::Percent, "%".to_string()),
            Unit::Permille => (FactKind::Percent, "‰".to_string()),
            Unit::Count => match UNITS.iter().find(|u| after.starts_with(**u)) {
                Some(u) if u.ends_with("百分点") => (FactKind::Points, "个百分点".to_string()),
                Some(u) if *u == "%" || *u == "％" => (FactKind::Percent, "%".to_string()),
                Some(u) => (FactKind::Count, u.trim_start_matches('余').to_string()),
                None => {
                    i = number_end.max(i + 1);
                    continue;
                }
            },
        };
        let unit_len = if q.unit == Unit::Count {
            UNITS
                .iter()
                .find(|u| after.starts_with(**u))
                .map_or(0, |u| u.len())
        } else {
            0
        };
        let end = number_end + unit_len;
        while sentence < sentences.len() && sentences[sentence].end <= i {
            sentence += 1;
        }
        let in_sentence = sentences.get(sentence).is_some_and(|s| s.start <= i);
        let sentence_start = if in_sentence {
            sentences[sentence].start
        } else {
            0
        };
        // the label: up to 16 Han characters back to punctuation, a digit or the sentence
        // start
        let mut label_start = i;
        for (ch, _) in text[sentence_start..i].chars().rev().zip(0..16) {
            if !is_han(ch) {
                break;
            }
            label_start -= ch.len_utf8();
        }
        let prev_fact_end = facts
            .last()
            .filter(|f: &&Fact| in_sentence && f.sentence == sentence)
            .map_or(sentence_start, |f| f.span.end);
        let raw = &text[label_start..i];
        let label = strip_label(raw).to_string();
        // a bare verb (审结) takes the object of the count before it (收到行政复议申请)
        let full_label = match facts.last() {
            Some(p)
                if in_sentence
                    && p.sentence == sentence
                    && p.kind == FactKind::Count
                    && label.chars().count() <= 2
                    && p.full_label.chars().count() >= 4 =>
            {
                let object: String = p.full_label.chars().skip(2).collect();
                format!("{label}{object}")
            }
            _ => label.clone(),
        };
        let decimals = text[i..number_end]
            .split(['.', '．'])
            .nth(1)
            .map_or(0, |d| {
                d.chars()
                    .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
                    .count() as u32
            });
        facts.push(Fact {
            span: Span::new(i, end),
            number: Span::new(i, number_end),
            value: q.value,
            decimals,
            kind,
            unit,
            approx: q.approx
                || after.starts_with('余')
                || ["以上", "左右", "上下", "以内", "余", "多"]
                    .iter()
                    .any(|w| text[end..].starts_with(w)),
            label,
            label_span: Span::new(label_start, i),
            full_label,
            sentence: if in_sentence { sentence } else { usize::MAX },
            lead: Span::new(prev_fact_end.min(i), i),
        });
        i = end.max(i + 1);
    }
    Facts { facts }
}

/// Past the digits, letters and points starting at `i` (at least one character).
fn skip_number(text: &str, i: usize) -> usize {
    let mut j = i;
    for c in text[i..].chars() {
        if c.is_ascii_alphanumeric() || c == '.' || ('０'..='９').contains(&c) {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    if j == i {
        j += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    j
}

/// A total and the parts the text gives of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalParts {
    pub total: usize,
    pub parts: Vec<usize>,
    /// The list names a rest (其他, 其余): the parts must add up to the total.
    pub exhaustive: bool,
}

/// A rate with the counts it is computed from, when the text gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct RateCheck {
    pub rate: usize,
    pub numerator: usize,
    pub denominator: usize,
    /// numerator ÷ denominator × 100.
    pub expected: f64,
}

impl Facts {
    /// Rates whose numerator and denominator stand in the same sentence before them: the
    /// numerator's label holds the last two characters of the rate's word without 率 (合格率
    /// ← 合格176卷, 问题发现率 ← 发现问题企业39家), the denominator is the nearest count of the
    /// same unit, no smaller, before the numerator.
    pub fn rates_with_counts(&self) -> Vec<RateCheck> {
        let mut out = Vec::new();
        for (r, rate) in self.facts.iter().enumerate() {
            if rate.kind != FactKind::Percent || !rate.label.ends_with('率') || rate.approx {
                continue;
            }
            let stem = rate.label.trim_end_matches('率');
            // the last two characters of the stem name the counted event (出庭应诉率 → 应诉)
            let key: String = stem
                .chars()
                .rev()
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if key.chars().count() < 2 {
                continue;
            }
            let lo = r.saturating_sub(RATE_WINDOW);
            let before = &self.facts[lo..r];
            let Some(n_at) = before.iter().rposition(|f| {
                f.sentence == rate.sentence
                    && f.kind == FactKind::Count
                    && !f.approx
                    && f.label.contains(&key)
            }) else {
                continue;
            };
            let n = &before[n_at];
            let Some(d_at) = before[..n_at].iter().rposition(|f| {
                f.sentence == rate.sentence
                    && f.kind == FactKind::Count
                    && !f.approx
                    && f.unit == n.unit
                    && f.value >= n.value
                    && f.value > 0.0
                    && !f.label.contains(&key)
            }) else {
                continue;
            };
            let d = &before[d_at];
            out.push(RateCheck {
                rate: r,
                numerator: lo + n_at,
                denominator: lo + d_at,
                expected: n.value / d.value * 100.0,
            });
        }
        out
    }

    /// A total and the parts after 其中 (or 包括, 含) in its sentence, of the same unit.
    pub fn totals_with_parts(&self, text: &str) -> Vec<TotalParts> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.facts.len() {
            let f = &self.facts[i];
            let lead = &text[f.lead.range()];
            let opens = ["其中", "包括", "含", "分别为", "分别是"]
                .iter()
                .any(|w| lead.contains(w));
            if !opens || i == 0 || f.kind != FactKind::Count {
                i += 1;
                continue;
            }
            // the total: the fact just before, same sentence and unit, not itself a part
            let t = &self.facts[i - 1];
            if t.sentence != f.sentence || t.unit != f.unit || t.kind != FactKind::Count || t.approx
            {
                i += 1;
                continue;
            }
            let mut parts = Vec::new();
            let mut j = i;
            while j < self.facts.len() && parts.len() < MAX_PARTS {
                let p = &self.facts[j];
                if p.sentence != f.sentence || p.kind != FactKind::Count || p.unit != f.unit {
                    break;
                }
                // a part of a part (其中…，其中…) or a new total ends the list
                if j > i {
                    let lead = &text[p.lead.range()];
                    if lead.contains("其中")
                        || lead.contains('；')
                        || lead.contains(';')
                        || lead.contains('。')
                    {
                        break;
                    }
                }
                parts.push(j);
                j += 1;
            }
            // a list that names a rest (其他, 其余, 另有) or lists categories 分别为 … with a
            // rest is complete: its parts must add up to the total
            let rest = |k: &usize| {
                let l = &self.facts[*k].label;
                l.starts_with("其他") || l.starts_with("其余") || l.starts_with("另有")
            };
            let categories = &text[f.lead.range()];
            let exhaustive = parts.iter().any(rest)
                || ((categories.contains("分别为") || categories.contains("分别是"))
                    && (categories.contains("其他") || categories.contains("其余")));
            out.push(TotalParts {
                total: i - 1,
                parts,
                exhaustive,
            });
            i = j.max(i + 1);
        }
        out
    }

    /// Later facts whose label and unit family match an earlier one in another sentence:
    /// the same count stated twice. Labels are compared whole, after the fillers and the
    /// actor (全年, 我区, 区政府 …) are removed: 全年办理行政复议案件 and 区政府办理行政复议案件
    /// match, 城镇居民人均可支配收入 and 农村居民人均可支配收入 do not. Only labels of four Han
    /// characters or more, exact figures, and sentences that name no year or period are
    /// compared.
    pub fn restated(&self, text: &str, sentences: &[Span]) -> Vec<(usize, usize)> {
        let dated = |f: &Fact| {
            let Some(s) = sentences.get(f.sentence) else {
                return true;
            };
            let s = &text[s.range()];
            // another year or period, a batch or a quarter, or a plan: a different count
            const OTHER: &[&str] = &[
                "上年",
                "去年",
                "同比",
                "较",
                "以来",
                "累计",
                "分别",
                "批",
                "季度",
                "上半年",
                "下半年",
                "月份",
                "将",
                "目标",
                "计划",
                "力争",
                "预计",
                "预期",
                "拟",
            ];
            OTHER.iter().any(|w| s.contains(w))
                || s.chars()
                    .zip(s.chars().skip(1))
                    .any(|(a, b)| a.is_ascii_digit() && b == '年')
        };
        let mut first: HashMap<(&str, &str), usize> = HashMap::new();
        let mut out = Vec::new();
        for (i, f) in self.facts.iter().enumerate() {
            if f.kind != FactKind::Count || f.approx || f.full_label.chars().count() < 4 || dated(f)
            {
                continue;
            }
            let family = unit_family(&f.unit);
            match first.get(&(f.full_label.as_str(), family)) {
                Some(&j) if self.facts[j].sentence != f.sentence => out.push((j, i)),
                Some(_) => {}
                None => {
                    first.insert((f.full_label.as_str(), family), i);
                }
            }
        }
        out
    }
}

/// 件 and 件次, 人 and 人次, 次 and 场次 count the same kind of thing.
pub fn unit_family(unit: &str) -> &str {
    match unit {
        "件次" => "件",
        "人次" => "人",
        "场次" | "场" => "次",
        "户次" => "户",
        u => u,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> Facts {
        // one sentence per 。
        let mut sentences = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '。' {
                sentences.push(Span::new(start, i + c.len_utf8()));
                start = i + c.len_utf8();
            }
        }
        if start < text.len() {
            sentences.push(Span::new(start, text.len()));
        }
        extract(text, &sentences)
    }

    #[test]
    fn facts_have_values_units_and_labels() {
        let f = facts("评查案卷200卷，合格176卷，合格率为95%，比上年提高1.5个百分点。");
        let got: Vec<(f64, &str, &str, FactKind)> = f
            .facts
            .iter()
            .map(|x| (x.value, x.unit.as_str(), x.label.as_str(), x.kind))
            .collect();
        assert_eq!(
            got,
            [
                (200.0, "卷", "评查案卷", FactKind::Count),
                (176.0, "卷", "合格", FactKind::Count),
                (95.0, "%", "合格率", FactKind::Percent),
                (1.5, "个百分点", "比上年提高", FactKind::Points),
            ]
        );
        assert_eq!(f.facts[3].decimals, 1);
        assert!((f.facts[3].rounding() - 0.05).abs() < 1e-12);
    }

    #[test]
    fn years_dates_codes_and_ordinals_are_not_facts() {
        let f = facts("2023年3月5日,在第3次会议上,编号A12-3,时间09:30,共办理46件。");
        assert_eq!(f.facts.len(), 1, "{:?}", f.facts);
        assert_eq!(
            (f.facts[0].value, f.facts[0].label.as_str()),
            (46.0, "办理")
        );
    }

    #[test]
    fn a_rate_finds_its_counts_before_it() {
        let f = facts("评查案卷200卷，合格176卷，合格率95%。");
        let r = f.rates_with_counts();
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].numerator, r[0].denominator), (1, 0));
        assert!((r[0].expected - 88.0).abs() < 1e-9);
        // no count named like the rate: nothing to compare
        assert!(facts("审结83件，纠错率为19.3%。")
            .rates_with_counts()
            .is_empty());
    }

    #[test]
    fn parts_run_from_qizhong_to_the_end_of_the_sentence() {
        let text = "收到申请46件，办结46件，其中维持31件、撤销9件、确认违法3件。另有5件。";
        let f = facts(text);
        let tp = f.totals_with_parts(text);
        assert_eq!(tp.len(), 1);
        assert_eq!(tp[0].total, 1);
        assert_eq!(tp[0].parts, vec![2, 3, 4]);
        assert!(!tp[0].exhaustive);
        let text = "受理案件100件，其中行政处罚50件、行政许可30件、其他案件15件。";
        let tp = facts(text).totals_with_parts(text);
        assert!(tp[0].exhaustive, "{tp:?}");
        let text = "审结83件，维持、撤销、其他分别为61件、9件、12件。";
        let tp = facts(text).totals_with_parts(text);
        assert_eq!((tp[0].parts.len(), tp[0].exhaustive), (3, true));
    }

    #[test]
    fn the_same_labelled_count_in_two_sentences_is_a_restatement() {
        let text =
            "全年办理行政复议案件35件。区政府办理行政复议案件37件。2022年办理行政复议案件30件。";
        let mut sentences = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '。' {
                sentences.push(Span::new(start, i + 3));
                start = i + 3;
            }
        }
        let f = extract(text, &sentences);
        assert_eq!(f.restated(text, &sentences), vec![(0, 1)]);
    }

    #[test]
    fn extraction_is_linear_on_a_huge_sentence() {
        let text = "2件占1%，".repeat(20_000);
        let f = facts(&text);
        assert_eq!(f.facts.len(), 40_000);
        assert!(f.rates_with_counts().len() <= f.facts.len());
        assert!(f.totals_with_parts(&text).is_empty());
    }
}
