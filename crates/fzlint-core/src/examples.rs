//! Runs the `bad`/`good` examples every rule carries. A bad example must draw at least one
//! finding from its rule — exactly the marked spans when it marks some 【【like this】】 — and a
//! good one none.

use crate::document::{Document, Syntax};
use crate::engine::{Linter, PackUse};
use crate::pack::Example;
use std::ops::Range;

/// A finding of the rule on an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the example's text (markers removed).
    pub span: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct ExampleFailure {
    /// Index of the rule in the linter.
    pub rule: usize,
    pub rule_id: String,
    pub bad: bool,
    pub example: Example,
    /// Marked spans the rule did not report.
    pub missing: Vec<Range<usize>>,
    /// Findings that should not be there: on a good example all of them, on a marked bad
    /// example those outside the marks.
    pub unexpected: Vec<Found>,
}

impl ExampleFailure {
    /// What went wrong, in one line.
    pub fn summary(&self) -> String {
        let text = &self.example.text;
        let quote = |r: &Range<usize>| format!("“{}”", &text[r.clone()]);
        let mut parts = Vec::new();
        if self.bad && self.example.marked.is_empty() {
            parts.push("错误示例没有被报告".to_string());
        }
        if !self.missing.is_empty() {
            let list: Vec<String> = self.missing.iter().map(quote).collect();
            parts.push(format!("错误示例：标记了但没有报告：{}", list.join("、")));
        }
        if !self.unexpected.is_empty() {
            let list: Vec<String> = self.unexpected.iter().map(|f| quote(&f.span)).collect();
            parts.push(if self.bad {
                format!("报告了但没有标记：{}", list.join("、"))
            } else {
                format!("正确示例被报告：{}", list.join("、"))
            });
        }
        parts.join("；")
    }
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {:?}",
            self.rule_id,
            self.summary(),
            self.example.written
        )
    }
}

/// What rule `r` alone reports on `text`, with its pack forced on (so that examples of scoped
/// packs need not carry a title).
pub fn findings_on(linter: &Linter, r: usize, text: &str) -> Vec<Found> {
    let mut sel = linter.default_selection();
    sel.packs.iter_mut().for_each(|p| *p = PackUse::Forced);
    for (i, s) in sel.rules.iter_mut().enumerate() {
        *s = (i == r).then_some(linter.rules()[r].severity);
    }
    let doc = Document::new("<example>", Syntax::PlainText, text.to_string());
    linter
        .check(&doc, &sel)
        .into_iter()
        .map(|d| Found {
            span: d.span.start..d.span.end,
            message: d.message,
        })
        .collect()
}

/// The outcome of running examples.
#[derive(Debug, Default)]
pub struct ExampleReport {
    pub failures: Vec<ExampleFailure>,
    /// Examples run.
    pub examples: usize,
    /// Rules whose examples ran.
    pub rules: usize,
}

/// Checks every rule's examples, each with only that rule on (its pack forced on, so examples
/// of scoped packs need not carry a title).
pub fn check_examples(linter: &Linter) -> ExampleReport {
    let mut report = ExampleReport::default();
    for (r, rule) in linter.rules().iter().enumerate() {
        report.rules += 1;
        let cases = rule
            .examples
            .bad
            .iter()
            .map(|e| (true, e))
            .chain(rule.examples.good.iter().map(|e| (false, e)));
        for (bad, example) in cases {
            report.examples += 1;
            let found = findings_on(linter, r, &example.text);
            let not_flagged = bad && example.marked.is_empty() && found.is_empty();
            let (missing, unexpected) = if !bad {
                (Vec::new(), found)
            } else if example.marked.is_empty() {
                (Vec::new(), Vec::new())
            } else {
                let missing = example
                    .marked
                    .iter()
                    .filter(|m| !found.iter().any(|f| &f.span == *m))
                    .cloned()
                    .collect();
                let unexpected = found
                    .into_iter()
                    .filter(|f| !example.marked.contains(&f.span))
                    .collect();
                (missing, unexpected)
            };
            if not_flagged || !missing.is_empty() || !unexpected.is_empty() {
                report.failures.push(ExampleFailure {
                    rule: r,
                    rule_id: rule.id.to_string(),
                    bad,
                    example: example.clone(),
                    missing,
                    unexpected,
                });
            }
        }
    }
    report
}
