//! Renderers: each turns the same run results into one output format.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use fzlint_core::{Diagnostic, Document, Severity};

/// What happened to one file.
pub struct FileResult {
    pub path: String,
    pub outcome: Result<Checked, String>,
}

pub struct Checked {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Counts over a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(results: &[FileResult]) -> Summary {
        let mut s = Summary {
            files: results.len(),
            ..Summary::default()
        };
        for r in results {
            match &r.outcome {
                Err(_) => s.failed += 1,
                Ok(c) => {
                    for d in &c.diagnostics {
                        match d.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                    }
                }
            }
        }
        s
    }
}

/// `--statistics`: findings per rule and per file, most first.
pub fn statistics(results: &[FileResult]) -> String {
    use std::collections::BTreeMap;
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_file: Vec<(&str, usize)> = Vec::new();
    for r in results {
        if let Ok(c) = &r.outcome {
            for d in &c.diagnostics {
                *by_rule.entry(&d.rule).or_default() += 1;
            }
            if !c.diagnostics.is_empty() {
                by_file.push((&r.path, c.diagnostics.len()));
            }
        }
    }
    let mut rules: Vec<(&str, usize)> = by_rule.into_iter().collect();
    rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    by_file.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = String::from("按规则 / by rule:\n");
    for (rule, n) in rules {
        out.push_str(&format!("{n:>6}  {rule}\n"));
    }
    out.push_str("按文件 / by file:\n");
    for (file, n) in by_file {
        out.push_str(&format!("{n:>6}  {file}\n"));
    }
    out
}
