//! Renderers: each turns the same run results into one output format.

pub mod human;
pub mod json;

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
