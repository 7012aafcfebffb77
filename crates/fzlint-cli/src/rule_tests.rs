//! `fzlint test-rules`: runs the packs' own examples and reports each failure like a compiler,
//! underlined in the pack file.

use crate::args::TestRulesArgs;
use crate::setup::{self, SetupError};
use crate::{miette_text, EXIT_FINDINGS, EXIT_OK};
use fzlint_core::examples::{check_examples, ExampleFailure};
use fzlint_core::{Linter, SourceFile};
use miette::{LabeledSpan, SourceSpan};
use std::io::Write;

pub fn run(
    a: &TestRulesArgs,
    graphical: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, SetupError> {
    let linter = if a.pack_args.is_empty() {
        setup::build(&a.setup)?.linter
    } else {
        let mut packs = Vec::new();
        for arg in &a.pack_args {
            packs.extend(setup::load_pack_arg(arg)?);
        }
        Linter::new(packs).map_err(|e| SetupError::Other(e.to_string()))?
    };
    let report = check_examples(&linter);
    for f in &report.failures {
        let rule = &linter.rules()[f.rule];
        let _ = write!(
            err,
            "{}",
            miette_text(&Failure::new(f, &rule.pack_file), graphical)
        );
    }
    let summary = format!(
        "{} 条规则的 {} 个示例，{} 个未通过 / {} examples of {} rules, {} failed",
        report.rules,
        report.examples,
        report.failures.len(),
        report.examples,
        report.rules,
        report.failures.len()
    );
    if report.failures.is_empty() {
        let _ = writeln!(out, "ok: {summary}");
        Ok(EXIT_OK)
    } else {
        let _ = writeln!(err, "FAILED: {summary}");
        Ok(EXIT_FINDINGS)
    }
}

/// One failed example as a miette diagnostic into the pack file.
#[derive(Debug)]
struct Failure {
    title: String,
    label: String,
    help: String,
    span: SourceSpan,
    pack: SourceFile,
}

impl Failure {
    fn new(f: &ExampleFailure, pack: &SourceFile) -> Failure {
        let (line, column) = pack.line_column(f.example.span.start);
        let mut help = Vec::new();
        if !f.unexpected.is_empty() {
            for u in &f.unexpected {
                let column = f.example.text[..u.span.start].chars().count() + 1;
                help.push(format!(
                    "{} 在第 {column} 个字报告了“{}”：{}",
                    f.rule_id,
                    &f.example.text[u.span.clone()],
                    u.message
                ));
            }
        } else if f.bad {
            help.push(format!(
                "{} 在这段文字上什么也没报告；请修改规则或示例",
                f.rule_id
            ));
        }
        if f.bad && !f.example.marked.is_empty() {
            help.push("标记了的错误示例，必须恰好在 【【…】】 标出的位置被报告".into());
        }
        Failure {
            title: format!(
                "{}:{line}:{column}: {}: {}",
                pack.name(),
                f.rule_id,
                f.summary()
            ),
            label: f.summary(),
            help: help.join("\n"),
            span: SourceSpan::from(f.example.span.clone()),
            pack: pack.clone(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for Failure {}

impl miette::Diagnostic for Failure {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("fzlint::test-rules"))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.pack)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            self.span,
        ))))
    }
}
