//! `--format sarif`: SARIF 2.1.0, which GitHub code scanning and other CI systems read. Rules
//! carry their help and a link to their entry in docs/rules.md; results carry regions in lines
//! and character columns (`columnKind: unicodeCodePoints`) and byte offsets, and fixes.

use super::FileResult;
use fzlint_core::{Linter, Severity};
use serde_json::{json, Value};

/// Where each rule is documented; the anchor is the rule id as Markdown renders it.
fn help_uri(rule: &str) -> String {
    let anchor: String = rule.chars().filter(|c| *c != '/').collect();
    format!(
        "{}/blob/main/docs/rules.md#{anchor}",
        env!("CARGO_PKG_REPOSITORY")
    )
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Serious | Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF URIs are relative references: forward slashes, percent-encoding left to consumers
/// that need it (GitHub accepts UTF-8 paths).
fn uri(path: &str) -> String {
    path.replace('\\', "/")
}

pub fn render(results: &[FileResult], linter: &Linter) -> String {
    let rules: Vec<Value> = linter
        .rules()
        .iter()
        .map(|r| {
            let mut help = r.help.clone().unwrap_or_default();
            if let Some(s) = &r.source {
                help.push_str(&format!("\n依据:{s}"));
            }
            json!({
                "id": r.id.as_ref(),
                "name": r.id.replace(['/', '-'], "_"),
                "shortDescription": { "text": r.message },
                "fullDescription": { "text": format!("{} ({} 规则,规则包 {})", r.message, r.kind_name, r.pack) },
                "help": { "text": help.trim() },
                "helpUri": help_uri(&r.id),
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "tags": [r.pack.as_ref(), r.kind_name] }
            })
        })
        .collect();
    let rule_index = |id: &str| linter.rules().iter().position(|r| r.id.as_ref() == id);

    let mut out_results = Vec::new();
    let mut notifications = Vec::new();
    for r in results {
        match &r.outcome {
            Err(e) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {e}", r.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&r.path) } } }]
            })),
            Ok(c) => {
                for d in &c.diagnostics {
                    let mut result = json!({
                        "ruleId": d.rule.as_ref(),
                        "level": level(d.severity),
                        "message": { "text": match &d.help {
                            Some(h) => format!("{}\n{h}", d.message),
                            None => d.message.clone(),
                        } },
                        "locations": [{
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri(&r.path) },
                                "region": {
                                    "startLine": d.start.line,
                                    "startColumn": d.start.column,
                                    "endLine": d.end.line,
                                    "endColumn": d.end.column,
                                    "byteOffset": d.start.byte,
                                    "byteLength": d.end.byte.saturating_sub(d.start.byte),
                                    "snippet": { "text": d.text }
                                }
                            }
                        }]
                    });
                    if let Some(i) = rule_index(&d.rule) {
                        result["ruleIndex"] = json!(i);
                    }
                    if !d.related.is_empty() {
                        let related: Vec<Value> = d
                            .related
                            .iter()
                            .enumerate()
                            .map(|(i, rel)| {
                                json!({
                                    "id": i + 1,
                                    "message": { "text": rel.label },
                                    "physicalLocation": {
                                        "artifactLocation": { "uri": uri(&r.path) },
                                        "region": {
                                            "startLine": rel.start.line,
                                            "startColumn": rel.start.column,
                                            "endLine": rel.end.line,
                                            "endColumn": rel.end.column,
                                            "byteOffset": rel.start.byte,
                                            "byteLength": rel.end.byte.saturating_sub(rel.start.byte),
                                            "snippet": { "text": rel.text }
                                        }
                                    }
                                })
                            })
                            .collect();
                        result["relatedLocations"] = json!(related);
                    }
                    if let Some(fix) = &d.fix {
                        let replacements: Vec<Value> = fix
                            .edits
                            .iter()
                            .map(|e| {
                                let start = c.document.position(e.span.start).byte;
                                let end = c.document.end_position(e.span.end).byte;
                                json!({
                                    "deletedRegion": { "byteOffset": start, "byteLength": end.saturating_sub(start) },
                                    "insertedContent": { "text": e.replacement }
                                })
                            })
                            .collect();
                        result["fixes"] = json!([{
                            "description": { "text": d.help.clone().unwrap_or_else(|| d.message.clone()) },
                            "artifactChanges": [{
                                "artifactLocation": { "uri": uri(&r.path) },
                                "replacements": replacements
                            }]
                        }]);
                    }
                    out_results.push(result);
                }
            }
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "fzlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules
            } },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications
            }],
            "columnKind": "unicodeCodePoints",
            "results": out_results
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("JSON of plain data");
    s.push('\n');
    s
}
