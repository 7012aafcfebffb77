//! Behaviour of each rule kind, through a pack compiled from TOML as users write it.

use crate::document::{Document, Syntax};
use crate::engine::Linter;
use crate::pack;

fn linter(rules: &str) -> Linter {
    let text = format!("[pack]\nname = \"t\"\nversion = \"1\"\n\n{rules}");
    Linter::new(vec![
        pack::load("t.toml", &text).unwrap_or_else(|e| panic!("{e}"))
    ])
    .unwrap()
}

/// (rule, severity, matched text, message) of every finding.
fn check(l: &Linter, text: &str) -> Vec<(String, String, String, String)> {
    let doc = Document::new("d.txt", Syntax::PlainText, text.to_string());
    l.check(&doc, &l.default_selection())
        .into_iter()
        .map(|d| {
            (
                d.rule.to_string(),
                d.severity.to_string(),
                d.text,
                d.message,
            )
        })
        .collect()
}

#[test]
fn phrase_longest_wins_within_a_rule_but_not_across_rules() {
    let l = linter(
        r#"
[[rule]]
id = "t/a"
kind = "phrase"
severity = "info"
message = "{match}"
phrases = ["进一步加强", "有待进一步加强"]

[[rule]]
id = "t/b"
kind = "phrase"
severity = "info"
message = "{match}"
phrases = ["加强"]
"#,
    );
    let f = check(&l, "基层力量有待进一步加强。");
    let got: Vec<(&str, &str)> = f.iter().map(|x| (x.0.as_str(), x.2.as_str())).collect();
    assert_eq!(got, [("t/a", "有待进一步加强"), ("t/b", "加强")]);
}

#[test]
fn phrase_suggestions_exceptions_and_unless_sentence() {
    let l = linter(
        r#"
[[rule]]
id = "t/typo"
kind = "phrase"
severity = "error"
message = "“{match}”应为“{suggest}”"
suggest = { "布署" = "部署" }
exceptions = ["布署图"]

[[rule]]
id = "t/vague"
kind = "phrase"
severity = "warning"
message = "{match}"
phrases = ["成效显著"]
unless-sentence = '\d+件'
"#,
    );
    let f = check(&l, "同布署。布署图一张。办结35件,成效显著。工作成效显著。");
    let got: Vec<(&str, &str)> = f.iter().map(|x| (x.2.as_str(), x.3.as_str())).collect();
    assert_eq!(
        got,
        [("布署", "“布署”应为“部署”"), ("成效显著", "成效显著")]
    );
    // the second 成效显著 is reported, the one in the sentence with a figure is not
    let doc = Document::new(
        "d",
        Syntax::PlainText,
        "办结35件,成效显著。工作成效显著。".into(),
    );
    let d = l.check(&doc, &l.default_selection());
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].start.column, 14); // 办结35件,成效显著。工作 is 13 characters
}

#[test]
fn phrase_exceptions_at_the_exact_boundaries() {
    let l = linter(
        r#"
[[rule]]
id = "t/typo"
kind = "phrase"
severity = "error"
message = "{match}"
suggest = { "布署" = "部署" }
exceptions = ["布署图", "总布署", "重新布"]
"#,
    );
    // an exception that starts where the hit starts, one that ends where it ends: the hit is
    // inside, so it is fine
    assert!(check(&l, "见布署图。").is_empty());
    assert!(check(&l, "见总布署。").is_empty());
    // one that covers the start but stops inside the hit does not excuse it
    let f = check(&l, "要重新布署。");
    assert_eq!(f.len(), 1, "{f:?}");
    // an exception that ends just before the hit does not either
    let f = check(&l, "重新布布署。");
    assert_eq!(f.len(), 1, "{f:?}");
}

#[test]
fn pattern_hit_group_narrows_the_span_and_captures_fill_the_message() {
    let l = linter(
        r#"
[[rule]]
id = "t/p"
kind = "pattern"
severity = "error"
message = "{year}年:{hit}"
regex = '(?P<year>\d{4})年.{0,3}?(?P<hit>截止)'
"#,
    );
    let f = check(&l, "2023年底截止。");
    assert_eq!(f[0].2, "截止");
    assert_eq!(f[0].3, "2023年:截止");
}

#[test]
fn pattern_matching_empty_text_is_a_pack_error() {
    let text = "[pack]\nname = \"t\"\nversion = \"1\"\n[[rule]]\nid = \"t/e\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"x\"\nregex = 'a*'\n";
    let e = pack::load("t.toml", text).unwrap_err();
    assert!(e.message.contains("能匹配空文本"), "{}", e.message);
    assert_eq!((e.line, e.column), (9, 9));
}

const SECTION: &str = r#"
[[rule]]
id = "t/section"
kind = "required-section"
severity = "error"
section = "存在的不足和原因"
headings = ['存在的?(?:问题|不足)']
mentions = ['不足主要(?:表现|体现)在']
message = "缺少「{section}」"

[[rule]]
id = "t/causes"
kind = "required-section"
severity = "warning"
section = "存在的不足和原因"
report-missing = false
headings = ['存在的?(?:问题|不足)']
mentions = ['不足主要(?:表现|体现)在']
must-contain = ['原因']
message = "没有原因"
lacking-message = "只列了不足,没有分析原因"
"#;

#[test]
fn required_section_found_at_its_level() {
    let l = linter(SECTION);
    let f = check(&l, "某区报告\n一、主要举措\n做了很多事情并且完成了。\n二、存在的不足和原因\n人手少,原因是编制不够,需要增加。\n");
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn required_section_missing_is_reported_at_the_title() {
    let l = linter(SECTION);
    let f = check(
        &l,
        "某区2023年报告\n一、主要举措\n做了很多事情并且完成了。\n",
    );
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, "t/section");
    assert_eq!(f[0].1, "error");
    assert_eq!(f[0].2, "某区2023年报告");
    assert_eq!(f[0].3, "缺少「存在的不足和原因」");
}

#[test]
fn required_section_only_as_subsection_is_one_step_lower() {
    let l = linter(SECTION);
    let f = check(
        &l,
        "某区报告\n一、主要工作\n（一）存在的不足\n人手少,原因是编制不够,需要增加。\n",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].1, "warning");
    assert_eq!(f[0].2, "（一）存在的不足");
    assert!(f[0].3.contains("只作为下级标题"), "{}", f[0].3);
}

#[test]
fn required_section_only_in_text_and_without_causes() {
    let l = linter(SECTION);
    let f = check(
        &l,
        "某区报告\n一、主要工作\n做了很多。我区不足主要表现在:人手少。\n",
    );
    let got: Vec<(&str, &str, &str)> = f
        .iter()
        .map(|x| (x.0.as_str(), x.1.as_str(), x.2.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("t/causes", "warning", "我区不足主要表现在:人手少。"),
            ("t/section", "warning", "我区不足主要表现在:人手少。")
        ]
    );
    assert!(f[0].3.contains("没有分析原因"));
}

#[test]
fn required_section_with_an_empty_body() {
    let l = linter(SECTION);
    let f = check(
        &l,
        "某区报告\n一、存在的不足\n\n二、下一步安排\n继续努力工作,全面完成任务。\n",
    );
    let section: Vec<_> = f.iter().filter(|x| x.0 == "t/section").collect();
    assert_eq!(section.len(), 1, "{f:?}");
    assert!(section[0].3.contains("没有内容"), "{}", section[0].3);
    assert_eq!(section[0].2, "一、存在的不足");
}

#[test]
fn required_section_minimum_length_at_the_exact_threshold() {
    let l = linter(SECTION);
    let with_body = |body: &str| {
        check(
            &l,
            &format!(
                "某区报告\n一、存在的不足\n{body}\n二、下一步安排\n继续努力工作,全面完成任务。\n"
            ),
        )
    };
    // ten visible characters (the default min-chars; blanks do not count): written
    let f = with_body("原因是编制 不够,人手");
    assert!(f.is_empty(), "{f:?}");
    // nine: too little, said as such — not “no content”, and not judged for causes too
    let f = with_body("原因是编制不够人手");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "t/section");
    assert_eq!(
        f[0].3,
        "「存在的不足和原因」部分内容过少（只有 9 个字，至少应有 10 个）"
    );
    let f = with_body("执法力量不足。");
    assert_eq!(f.len(), 1, "one finding for one fault: {f:?}");
}

#[test]
fn pack_scope_follows_the_title() {
    let text = "[pack]\nname = \"t\"\nversion = \"1\"\n[pack.applies-to]\ntitle = ['法治政府建设.{0,10}报告']\n[[rule]]\nid = \"t/x\"\nkind = \"phrase\"\nseverity = \"error\"\nmessage = \"x\"\nphrases = [\"布署\"]\n";
    let l = Linter::new(vec![pack::load("t.toml", text).unwrap()]).unwrap();
    let on = Document::new(
        "a",
        Syntax::PlainText,
        "当前位置:\n某区2023年法治政府建设情况报告\n同布署".into(),
    );
    let off = Document::new("b", Syntax::PlainText, "某区2023年工作总结\n同布署".into());
    assert_eq!(l.check(&on, &l.default_selection()).len(), 1);
    assert_eq!(l.check(&off, &l.default_selection()).len(), 0);
}

fn spans_and_messages(l: &Linter, text: &str) -> Vec<(String, String)> {
    check(l, text).into_iter().map(|f| (f.2, f.3)).collect()
}

#[test]
fn numeric_judges_each_unit_and_skips_approximate_counts() {
    let l = linter(
        r#"
[[rule]]
id = "t/share"
kind = "numeric"
severity = "error"
regex = '(?P<part>\d+)(?P<unit>件|人),占(?P<hit>(?P<pct>\d+(?:\.\d+)?)%)'
lists = { totals = { regex = '(?P<n>\d+)(?P<unit>件|人)', same = ["unit"] } }
assert = "!totals.exists(t, t > part) || totals.exists(t, t > part && abs(part / t * 100.0 - pct) <= pct_rounding)"
show = { expected = "totals.filter(t, t > part).map(t, part / t * 100.0)" }
message = "{part}{unit}占{pct}%,应为{expected}%"
"#,
    );
    // 22/152 = 14.47%: 14%, 14.5% and 14.47% are all right at their precision; 16% is not
    assert!(check(&l, "审结152件,其中撤改22件,占14%。").is_empty());
    assert!(check(&l, "审结152件,其中撤改22件,占14.5%。").is_empty());
    assert!(check(&l, "审结152件,其中撤改22件,占14.47%。").is_empty());
    assert_eq!(
        spans_and_messages(&l, "审结152件,其中撤改22件,占16%。"),
        [("16%".to_string(), "22件占16%,应为14.47%".to_string())]
    );
    // 人 is not compared with 项, and an approximate total is not judged
    assert!(check(&l, "承担397项职权,共有290人,占19.6%。").is_empty());
    assert!(check(&l, "审结150余件,其中撤改22件,占16%。").is_empty());
    // the sentence is the unit: a total in another sentence is not used
    assert!(check(&l, "审结152件。其中撤改22件,占16%。").is_empty());
}

#[test]
fn numeric_approximate_figures_in_either_place_and_runtime_errors_are_not_findings() {
    let rules = r#"
[[rule]]
id = "t/share"
kind = "numeric"
severity = "error"
regex = '(?P<part>约?\d+余?)(?P<unit>件),占(?P<hit>(?P<pct>\d+(?:\.\d+)?)%)'
lists = { totals = { regex = '(?P<n>约?\d+余?)(?P<unit>件)', same = ["unit"] } }
assert = "!totals.exists(t, t > part) || totals.exists(t, t > part && abs(part / t * 100.0 - pct) <= pct_rounding)"
message = "x"

[[rule]]
id = "t/index"
kind = "numeric"
severity = "error"
regex = '(?P<hit>(?P<pct>\d+)%)'
lists = { totals = { regex = '(?P<n>\d+)件' } }
assert = "totals[0] > pct"
message = "y"
"#;
    let l = linter(rules);
    let judged = |t: &str| {
        check(&l, t)
            .into_iter()
            .filter(|f| f.0 == "t/share")
            .count()
    };
    assert_eq!(judged("审结152件,其中撤改22件,占16%。"), 1);
    // 约 before or 余 after, in the part or in the total: not an exact count, not judged
    assert_eq!(judged("审结152件,其中撤改约22件,占16%。"), 0);
    assert_eq!(judged("审结152件,其中撤改22余件,占16%。"), 0);
    assert_eq!(judged("审结约152件,其中撤改22件,占16%。"), 0);
    // an expression that fails on this text (no total to index) is no judgement, not a finding
    let f = check(&l, "占14.47%。");
    assert!(f.iter().all(|f| f.0 != "t/index"), "{f:?}");
    // and with a total it judges
    let f = check(&l, "1件,占5%。");
    assert_eq!(f.iter().filter(|f| f.0 == "t/index").count(), 1, "{f:?}");
}

#[test]
fn numeric_expression_errors_point_at_the_assert() {
    let text = "[pack]\nname = \"t\"\nversion = \"1\"\n[[rule]]\nid = \"t/n\"\nkind = \"numeric\"\nseverity = \"error\"\nmessage = \"x\"\nregex = '(?P<pct>\\d+)%'\nassert = \"pct * 100 <= 1.0\"\n";
    let e = pack::load("t.toml", text).unwrap_err();
    assert_eq!((e.line, e.column), (10, 10));
    assert!(e.message.contains("100.0"), "{}", e.message);
}

const SEQUENCES: &str = r#"
[[rule]]
id = "t/headings"
kind = "sequence"
severity = "error"
markers = "headings"
message = "缺少{missing}"

[[rule]]
id = "t/points"
kind = "sequence"
severity = "error"
markers = "points"
message = "缺少{missing}"
"#;

#[test]
fn heading_numbers_restart_under_each_parent() {
    let l = linter(SEQUENCES);
    let ok = "一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n1.孙\n2.孙\n（二）子\n1.孙\n";
    assert!(check(&l, ok).is_empty(), "{:?}", check(&l, ok));
    let f = spans_and_messages(&l, "一、甲\n（一）子\n（三）子\n三、丙\n（二）子\n");
    assert_eq!(
        f,
        [
            ("（三）".to_string(), "缺少（二）".to_string()),
            ("三、".to_string(), "缺少二、".to_string()),
            (
                "（二）".to_string(),
                "序号从“（二）”开始，前面没有“（一）”".to_string()
            ),
        ]
    );
}

#[test]
fn points_run_across_paragraphs_and_restart_per_section() {
    let l = linter(SEQUENCES);
    assert!(check(
        &l,
        "（一）甲\n一是学。\n二是用。\n（二）乙\n一是查;二是改。\n"
    )
    .is_empty());
    let f = spans_and_messages(&l, "（一）甲\n一是学。\n三是用。\n");
    assert_eq!(f, [("三是".to_string(), "缺少二是".to_string())]);
    let f = spans_and_messages(&l, "一是学习;是公职律师队伍需要加强;三是完善制度。");
    assert_eq!(
        f,
        [(
            "是公职律师队伍需要加强".to_string(),
            "这一条缺少序号，应为“二是”".to_string()
        )]
    );
    let f = spans_and_messages(&l, "一是学;二是用;二是查。");
    assert_eq!(f, [("二是".to_string(), "序号“二是”重复".to_string())]);
}

#[test]
fn calendar_dates_follow_the_leap_year_rule_and_ranges_their_order() {
    let l = linter(
        r#"
[[rule]]
id = "t/calendar"
kind = "date"
check = "calendar"
severity = "error"
message = "{date}:{reason}"

[[rule]]
id = "t/range"
kind = "date"
check = "range-order"
severity = "warning"
message = "{date}"
"#,
    );
    let found = |t: &str| spans_and_messages(&l, t);
    // divisible by 4, not by 100 unless by 400
    assert!(found("2024年2月29日。2000年2月29日。").is_empty());
    assert_eq!(
        found("1900年2月29日。"),
        [(
            "1900年2月29日".to_string(),
            "1900年2月29日:1900年2月只有28天".to_string()
        )]
    );
    assert_eq!(found("2023年9月0日。").len(), 1);
    // 123月 is not a month; a month without year or day is not judged
    assert!(found("共123月,13月份。").is_empty());
    // one day apart either way
    assert!(found("2023年6月30日至2023年7月1日").is_empty());
    assert_eq!(found("2023年7月1日至2023年6月30日").len(), 1);
    // the same month, with and without days: not reversed
    assert!(found("2023年6月至2023年6月15日").is_empty());
}

#[test]
fn a_lost_number_is_looked_for_only_in_points() {
    // 第一/第三 ordinals: a clause starting with 是 between them is ordinary text, so the
    // gap is reported at 第三 as a missing 第二, not as a clause that lost its number
    let l = linter(
        r#"
[[rule]]
id = "t/ordinals"
kind = "sequence"
severity = "error"
markers = "ordinals"
message = "缺少{missing}"
"#,
    );
    let f = spans_and_messages(&l, "第一，学习;是公职律师队伍需要加强;第三，完善制度。");
    assert_eq!(f, [("第三".to_string(), "缺少第二".to_string())]);
}

const DATES: &str = r#"
[[rule]]
id = "t/late"
kind = "date"
severity = "warning"
check = "deadline"
deadline = "03-01"
message = "{signed} 晚于 {deadline}"

[[rule]]
id = "t/after"
kind = "date"
severity = "warning"
check = "after-sign-off"
message = "{date} 晚于 {signed}"
"#;

#[test]
fn dates_against_title_year_and_sign_off() {
    let l = linter(DATES);
    let doc = "某局2023年法治政府建设年度报告\n2024年3月5日召开会议。力争2024年6月底前完成。\n某局\n2024年3月2日\n";
    let f = spans_and_messages(&l, doc);
    assert_eq!(
        f,
        [
            (
                "2024年3月5日".to_string(),
                "2024年3月5日 晚于 2024年3月2日".to_string()
            ),
            (
                "2024年3月2日".to_string(),
                "2024年3月2日 晚于 2024年3月1日".to_string()
            ),
        ]
    );
    // no sign-off line: nothing to judge
    assert!(check(
        &l,
        "某局2023年法治政府建设年度报告\n2024年3月5日召开会议。\n"
    )
    .is_empty());
}

#[test]
fn repetition_pairing_and_punctuation() {
    let l = linter(
        r#"
[[rule]]
id = "t/rep"
kind = "repetition"
severity = "warning"
chars = ["的"]
exceptions = ["的的确确"]
message = "{match}"

[[rule]]
id = "t/pair"
kind = "pairing"
severity = "error"
pairs = ["《》", "（）"]
message = "{match}缺{expected}"

[[rule]]
id = "t/punct"
kind = "punctuation"
severity = "warning"
marks = { "," = "，", ":" = "：" }
summary-after = 2
message = "{mark}×{count}"
"#,
    );
    assert_eq!(
        spans_and_messages(&l, "学习《民法典》《民法典》的的确确好的的。"),
        [
            ("《民法典》".to_string(), "《民法典》".to_string()),
            ("的".to_string(), "的".to_string())
        ]
    );
    // a crossing is one fault: the （ it crosses still pairs with the ） after it
    assert_eq!(
        spans_and_messages(&l, "《纲要（2021年》）"),
        [(
            "》".to_string(),
            "“》”与前面没有闭合的“（”交叉（第 4 列）".to_string()
        )]
    );
    // without that ）, the （ is reported as never closed
    let f = spans_and_messages(&l, "《纲要（2021年》");
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!((f[0].0.as_str(), f[1].0.as_str()), ("（", "》"), "{f:?}");
    // a closer with no opener at all
    assert_eq!(
        spans_and_messages(&l, "纲要）"),
        [("）".to_string(), "“）”前面没有对应的“（”".to_string())]
    );
    // one finding per mark per paragraph, with every occurrence in its fix
    let doc = Document::new("d", Syntax::PlainText, "甲,乙, 丙:丁09:18\n".into());
    let d = l.check(&doc, &l.default_selection());
    let punct: Vec<_> = d.iter().filter(|d| d.rule.as_ref() == "t/punct").collect();
    assert_eq!(punct.len(), 2);
    assert_eq!(punct[0].message, ",×2");
    let edits = &punct[0].fix.as_ref().unwrap().edits;
    assert_eq!(edits.len(), 2);
    assert_eq!(
        doc.slice(edits[1].span),
        ", ",
        "the space after the comma goes too"
    );
    // more paragraphs with faults than summary-after: one finding for the file
    let many = "甲,乙\n\n丙,丁\n\n戊,己\n";
    let f: Vec<_> = check(&l, many)
        .into_iter()
        .filter(|f| f.0 == "t/punct")
        .collect();
    assert_eq!(f.len(), 1);
    assert!(f[0].3.contains("3 处"), "{}", f[0].3);
}

#[test]
fn capped_checks_keep_the_most_serious_and_count_the_rest_and_parallel_is_the_same() {
    let l = linter(
        r#"
[[rule]]
id = "t/typo"
kind = "phrase"
severity = "error"
message = "{match}"
phrases = ["布署"]

[[rule]]
id = "t/hedge"
kind = "phrase"
severity = "warning"
message = "{match}"
phrases = ["有待"]
"#,
    );
    let text = "有待。同布署。".repeat(5);
    let doc = Document::new("d", Syntax::PlainText, text.clone());
    let all = l.check(&doc, &l.default_selection());
    assert_eq!(all.len(), 10);
    // rules in parallel: the same findings in the same order
    assert_eq!(l.check_rules_in_parallel(&doc, &l.default_selection()), all);
    // at most 2 per rule: the first two of each (same severity within a rule), 6 left out
    let (kept, left_out) = l.check_capped(&doc, &l.default_selection(), 2, false);
    assert_eq!((kept.len(), left_out), (4, 6));
    let starts: Vec<usize> = kept.iter().map(|d| d.span.start).collect();
    let first_typos: Vec<usize> = text.match_indices("布署").take(2).map(|(i, _)| i).collect();
    let first_hedges: Vec<usize> = text.match_indices("有待").take(2).map(|(i, _)| i).collect();
    for i in first_typos.iter().chain(&first_hedges) {
        assert!(starts.contains(i), "{starts:?}");
    }
    // in parallel, the same
    assert_eq!(
        l.check_capped(&doc, &l.default_selection(), 2, true),
        (kept, 6)
    );
    // no cap: everything, nothing left out
    assert_eq!(
        l.check_capped(&doc, &l.default_selection(), usize::MAX, false),
        (all, 0)
    );
    // packs and rules are what was loaded
    assert_eq!(l.pack_index("t"), Some(0));
    assert_eq!(l.pack_index("nope"), None);
    assert_eq!(l.packs().len(), 1);
    assert_eq!(l.rules().len(), 2);
}

#[test]
fn a_pack_that_extends_another_stands_in_for_it() {
    let base = "[pack]\nname = \"base\"\nversion = \"1\"\n[[rule]]\nid = \"base/x\"\nkind = \"phrase\"\nseverity = \"error\"\nmessage = \"x\"\nphrases = [\"布署\"]\n";
    let own = "[pack]\nname = \"own\"\nversion = \"1\"\nextends = \"base\"\n";
    let other = "[pack]\nname = \"other\"\nversion = \"1\"\n";
    let extended = pack::load_with("own.toml", own, &mut |name| {
        assert_eq!(name, "base");
        pack::load("base.toml", base).map(Some)
    })
    .unwrap();
    let l = Linter::new(vec![pack::load("other.toml", other).unwrap(), extended]).unwrap();
    // by its own name, or by the name of the pack it replaces
    assert_eq!(l.pack_index("own"), Some(1));
    assert_eq!(l.pack_index("base"), Some(1));
    assert_eq!(l.pack_index("other"), Some(0));
    assert_eq!(l.pack_index("nope"), None);
}
