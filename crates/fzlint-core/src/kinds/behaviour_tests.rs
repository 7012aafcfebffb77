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
    assert!(e.message.contains("matches empty text"), "{}", e.message);
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
