//! `--format json`: one document, `{"version":1,"summary":{…},"diagnostics":[…],"failures":[…]}`.
//! Positions are byte offsets into the original file, 1-based lines and character columns.

use super::{FileResult, Summary};
use fzlint_core::Position;
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    failures: Vec<JsonFailure<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    failed: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    source: Option<&'a str>,
    start: JsonPosition,
    end: JsonPosition,
    text: &'a str,
    /// Replacements that fix the finding, when the rule can give them.
    fix: Option<Vec<JsonEdit<'a>>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: JsonPosition,
    end: JsonPosition,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonPosition {
    byte: usize,
    line: usize,
    column: usize,
}

impl From<Position> for JsonPosition {
    fn from(p: Position) -> Self {
        JsonPosition {
            byte: p.byte,
            line: p.line,
            column: p.column,
        }
    }
}

#[derive(Serialize)]
struct JsonFailure<'a> {
    path: &'a str,
    error: &'a str,
}

pub fn render(results: &[FileResult]) -> String {
    let s = Summary::of(results);
    let mut diagnostics = Vec::new();
    let mut failures = Vec::new();
    for r in results {
        match &r.outcome {
            Ok(c) => diagnostics.extend(c.diagnostics.iter().map(|d| JsonDiagnostic {
                path: &r.path,
                rule: &d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                source: d.source.as_deref(),
                start: d.start.into(),
                end: d.end.into(),
                text: &d.text,
                fix: d.fix.as_ref().map(|f| {
                    f.edits
                        .iter()
                        .map(|e| JsonEdit {
                            start: c.document.position(e.span.start).into(),
                            end: c.document.end_position(e.span.end).into(),
                            replacement: &e.replacement,
                        })
                        .collect()
                }),
            })),
            Err(e) => failures.push(JsonFailure {
                path: &r.path,
                error: e,
            }),
        }
    }
    let out = Output {
        version: 1,
        summary: JsonSummary {
            files: s.files,
            failed: s.failed,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
        },
        diagnostics,
        failures,
    };
    let mut text = serde_json::to_string_pretty(&out).expect("JSON of plain data");
    text.push('\n');
    text
}
