//! fzlint on the real published reports in ../shared/corpus/seeds, when that folder is there.

use fzlint_tests::{fzlint, json, seeds_dir};

#[test]
fn finds_known_faults_in_the_seed_reports() {
    let Some(dir) = seeds_dir() else {
        return;
    };
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    let v = json(&run);
    assert_eq!(v["summary"]["files"], 5);
    assert_eq!(v["summary"]["failed"], 0);
    let found = |file: &str, rule: &str, text: &str| {
        v["diagnostics"].as_array().unwrap().iter().any(|d| {
            d["path"].as_str().unwrap().contains(file)
                // a rule id, or a pack prefix ending in `/`
                && (d["rule"] == rule
                    || (rule.ends_with('/') && d["rule"].as_str().unwrap().starts_with(rule)))
                && d["text"].as_str().unwrap().contains(text)
        })
    };
    // 003 is a template with XX left in.
    assert!(found("003_", "template/placeholder-x", "XX"));
    // web page residue in 000 and 001
    assert!(found("000_", "web/page-chrome", "打印此文"));
    assert!(found("000_", "web/page-chrome", "关闭窗口"));
    assert!(found("000_", "web/source-line", "来源:本站"));
    assert!(found("001_", "web/page-chrome", "扫一扫在手机打开当前页"));
    assert!(found("001_", "web/publish-time", "发布时间:2022-03-01"));
    // typos
    assert!(found("001_", "typo/misspelling", "繁筒"));
    assert!(found("003_", "typo/misspelling", "布署"));
    // 004 has no part on shortcomings, 000 lists shortcomings without causes.
    assert!(found("004_", "annual-report/shortcomings", ""));
    assert!(found("000_", "annual-report/causes", ""));
    // numbers, numbering, repetition, punctuation (issue 3)
    assert!(found("002_", "numbers/rate-change-in-percent", "22.5%"));
    assert!(found(
        "002_",
        "format/point-sequence",
        "是公职律师队伍需要加强"
    ));
    assert!(found(
        "002_",
        "format/repeated-words",
        "《中华人民共和国民法典》"
    ));
    assert!(found("002_", "period/relative-time", "截至目前"));
    for seed in ["000_", "001_", "002_", "003_", "004_"] {
        assert!(
            found(seed, "format/half-width-punctuation", ""),
            "{seed}: converted punctuation"
        );
    }
    // one summary finding per file, not hundreds
    let punct = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "format/half-width-punctuation")
        .count();
    assert_eq!(punct, 5);
    // 003 and 001 are not 法治政府建设 annual reports: the pack does not apply.
    assert!(!found("003_", "annual-report/", ""));
    assert!(!v["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["path"].as_str().unwrap().contains("001_")
            && d["rule"].as_str().unwrap().starts_with("annual-report/")
    }));
}
