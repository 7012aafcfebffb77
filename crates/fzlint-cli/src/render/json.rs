//! `--format json`: one document, `{"version":1,"diagnostics":[…],"failures":[…],"summary":{…}}`.
//! Positions are byte offsets into the original file, 1-based lines and character columns.

use super::{FileResult, Summary};
use fzlint_core::Position;
use serde::Serialize;

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    failed: usize,
    /// 严重表述错误, apart from the errors.
    serious: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Characters of the documents read.
    characters: usize,
    /// 差错率: errors and warnings per 10,000 characters, two decimals.
    error_rate_per_10k: f64,
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
    /// Other places the finding is about (the counts a rate comes from), with labels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
    /// Where a Word user finds it (.docx): headings above it and the part (表格 1 第 2 行第 3 列).
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    label: &'a str,
    start: JsonPosition,
    end: JsonPosition,
    text: &'a str,
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

/// Writes the JSON document as the files come, so that a run over thousands of files never
/// holds their findings: diagnostics first, then failures and the summary, which are known only
/// at the end. The text is what `serde_json::to_string_pretty` gives for the whole document.
#[derive(Default)]
pub struct JsonStream {
    started: bool,
    any_diagnostic: bool,
    failures: Vec<(String, String)>,
}

/// A value pretty-printed as an item of a top-level array (four spaces in).
fn item(v: &impl Serialize) -> String {
    let text = serde_json::to_string_pretty(v).expect("JSON of plain data");
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

impl JsonStream {
    /// Opens the document, once.
    fn start(&mut self, out: &mut String) {
        if !self.started {
            out.push_str("{\n  \"version\": 1,\n  \"diagnostics\": [");
            self.started = true;
        }
    }

    /// The diagnostics of one file (and its failure, kept for the end).
    pub fn file(&mut self, r: &FileResult, out: &mut String) {
        let items = items(r);
        self.add(r, items, out);
    }

    /// One file's items, made beforehand by [`items`] (in a worker thread).
    pub fn add(&mut self, r: &FileResult, items: Vec<String>, out: &mut String) {
        self.start(out);
        for item in items {
            out.push_str(if self.any_diagnostic { ",\n" } else { "\n" });
            out.push_str(&item);
            self.any_diagnostic = true;
        }
        if let Err(e) = &r.outcome {
            self.failures.push((r.path.clone(), e.clone()));
        }
    }

    /// Closes the document with the failures and the summary.
    pub fn finish(mut self, s: &Summary, out: &mut String) {
        self.start(out);
        out.push_str(if self.any_diagnostic {
            "\n  ],\n"
        } else {
            "],\n"
        });
        out.push_str("  \"failures\": [");
        for (i, (path, error)) in self.failures.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&item(&JsonFailure { path, error }));
        }
        out.push_str(if self.failures.is_empty() {
            "],\n"
        } else {
            "\n  ],\n"
        });
        let summary = JsonSummary {
            files: s.files,
            failed: s.failed,
            serious: s.serious,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            characters: s.characters,
            error_rate_per_10k: (s.error_rate().unwrap_or(0.0) * 100.0).round() / 100.0,
        };
        let text = serde_json::to_string_pretty(&summary).expect("JSON of plain data");
        out.push_str("  \"summary\": ");
        out.push_str(&text.replace('\n', "\n  "));
        out.push_str("\n}\n");
    }
}

/// One file's diagnostics as JSON items, as the document prints them: the work of the JSON
/// output, which a worker thread does so that the writer only joins them.
pub fn items(r: &FileResult) -> Vec<String> {
    let mut items = Vec::new();
    if let Ok(c) = &r.outcome {
        for d in &c.diagnostics {
            let j = JsonDiagnostic {
                path: &r.path,
                rule: &d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                source: d.source.as_deref(),
                start: d.start.into(),
                end: d.end.into(),
                text: &d.text,
                place: d.place.as_deref(),
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
                related: d
                    .related
                    .iter()
                    .map(|r| JsonRelated {
                        label: &r.label,
                        start: r.start.into(),
                        end: r.end.into(),
                        text: &r.text,
                    })
                    .collect(),
            };
            items.push(item(&j));
        }
    }
    items
}
