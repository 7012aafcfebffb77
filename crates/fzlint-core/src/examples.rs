//! Runs the `bad`/`good` examples every rule carries: a bad example must draw at least one
//! finding from its rule, a good one none.

use crate::document::{Document, Syntax};
use crate::engine::{Linter, PackUse};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub bad: bool,
    pub example: String,
    /// Messages of the rule's findings on the example.
    pub found: Vec<String>,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.bad {
            write!(
                f,
                "{}: bad example not flagged: {:?}",
                self.rule, self.example
            )
        } else {
            write!(
                f,
                "{}: good example flagged ({}): {:?}",
                self.rule,
                self.found.join("; "),
                self.example
            )
        }
    }
}

/// Checks every rule's examples with only that rule on (its pack forced on, so examples of
/// scoped packs need not carry a title). Returns the failures and the number of examples run.
pub fn check_examples(linter: &Linter) -> (Vec<ExampleFailure>, usize) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (r, rule) in linter.rules().iter().enumerate() {
        let mut sel = linter.default_selection();
        sel.packs.iter_mut().for_each(|p| *p = PackUse::Forced);
        for (i, s) in sel.rules.iter_mut().enumerate() {
            if i != r {
                *s = None;
            }
        }
        let cases = rule
            .examples
            .bad
            .iter()
            .map(|e| (true, e))
            .chain(rule.examples.good.iter().map(|e| (false, e)));
        for (bad, example) in cases {
            count += 1;
            let doc = Document::new("<example>", Syntax::PlainText, example.clone());
            let found: Vec<String> = linter
                .check(&doc, &sel)
                .into_iter()
                .map(|d| format!("{} “{}”", d.message, d.text))
                .collect();
            if bad == found.is_empty() {
                failures.push(ExampleFailure {
                    rule: rule.id.to_string(),
                    bad,
                    example: example.clone(),
                    found,
                });
            }
        }
    }
    (failures, count)
}
