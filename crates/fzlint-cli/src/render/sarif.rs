//! `--format sarif`: SARIF 2.1.0, which GitHub code scanning and other CI systems read. Rules
//! carry their help and a link to their entry in docs/rules.md; results carry regions in lines
//! and character columns (`columnKind: unicodeCodePoints`) and byte offsets, and fixes.
//!
//! Written as the run goes ([`Stream`]): the tool and its rules first, each file's results
//! when the file is done, the invocation (with files that could not be read) last, so that a
//! run over 20,000 files never holds them all.

use super::FileResult;
use fzlint_core::{Linter, Severity};
use serde_json::{json, Value};

/// Where a rule is documented: `base#anchor`, the anchor being the rule id as Markdown renders
/// a heading (what `fzlint rules --format markdown` writes). Without a base, built-in rules
/// link to docs/rules.md of this release; rules of the user's own packs get no link, since
/// fzlint's reference does not hold them.
fn help_uri(rule: &fzlint_core::Rule, base: Option<&str>) -> Option<String> {
    let anchor: String = rule.id.chars().filter(|c| *c != '/').collect();
    match base {
        Some(base) => Some(format!("{base}#{anchor}")),
        None if rule.location.0.starts_with("builtin:") => Some(format!(
            "{}/blob/v{}/docs/rules.md#{anchor}",
            env!("CARGO_PKG_REPOSITORY"),
            env!("CARGO_PKG_VERSION")
        )),
        None => None,
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Serious | Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF URIs are relative references (RFC 3986): forward slashes, and every byte outside
/// the unreserved set and `/` percent-encoded (报告 1.txt → %E6%8A%A5%E5%91%8A%201.txt).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Fixes are byte edits of the file: only for formats `fzlint fix` writes. A .docx or a page
/// is not edited by offsets into its extracted text.
fn fixable(path: &str) -> bool {
    matches!(
        fzlint_formats::Format::from_path(path),
        Some(fzlint_formats::Format::Text | fzlint_formats::Format::Markdown)
    )
}

/// Writes one SARIF log as the run goes: [`start`](Stream::start), then
/// [`file`](Stream::file) per file in order, then [`finish`](Stream::finish).
pub struct Stream<'l> {
    linter: &'l Linter,
    results: usize,
    notifications: Vec<Value>,
}

/// `value` pretty-printed, its lines after the first indented by `indent` spaces (JSON
/// strings never hold a raw line break, so this only moves structure).
fn indented(value: &Value, indent: usize) -> String {
    let text = serde_json::to_string_pretty(value).expect("JSON of plain data");
    text.replace('\n', &format!("\n{}", " ".repeat(indent)))
}

impl<'l> Stream<'l> {
    /// The log's opening: schema, version, the tool with every rule, and the results' opening.
    pub fn start(linter: &'l Linter, rules_url: Option<&str>, out: &mut String) -> Stream<'l> {
        let rules: Vec<Value> = linter
            .rules()
            .iter()
            .map(|r| {
                let mut help = r.generic_help().unwrap_or_default();
                if let Some(s) = &r.source {
                    help.push_str(&format!("\n依据：{s}"));
                }
                let mut rule = json!({
                    "id": r.id.as_ref(),
                    "name": r.id.replace(['/', '-'], "_"),
                    "shortDescription": { "text": r.generic_message() },
                    "fullDescription": { "text": format!("{}（{} 规则，规则包 {}）", r.generic_message(), r.kind_name, r.pack) },
                    "help": { "text": help.trim() },
                    "defaultConfiguration": { "level": level(r.severity) },
                    "properties": { "tags": [r.pack.as_ref(), r.kind_name] }
                });
                if let Some(uri) = help_uri(r, rules_url) {
                    rule["helpUri"] = uri.into();
                }
                rule
            })
            .collect();
        let tool = json!({ "driver": {
            "name": "fzlint",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules
        } });
        out.push_str("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n");
        out.push_str("  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n");
        out.push_str(&format!("      \"tool\": {},\n", indented(&tool, 6)));
        out.push_str("      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [");
        Stream {
            linter,
            results: 0,
            notifications: Vec::new(),
        }
    }

    /// One file's results (or, for a file that could not be read, a notification kept for
    /// the end).
    pub fn file(&mut self, r: &FileResult, out: &mut String) {
        for result in file_results(r, self.linter, &mut self.notifications) {
            out.push_str(if self.results == 0 {
                "\n        "
            } else {
                ",\n        "
            });
            out.push_str(&indented(&result, 8));
            self.results += 1;
        }
    }

    /// The results' end and the invocation.
    pub fn close(&mut self, out: &mut String) {
        out.push_str(if self.results == 0 {
            "],\n"
        } else {
            "\n      ],\n"
        });
        let invocations = json!([{
            "executionSuccessful": self.notifications.is_empty(),
            "toolExecutionNotifications": std::mem::take(&mut self.notifications)
        }]);
        out.push_str(&format!(
            "      \"invocations\": {}\n",
            indented(&invocations, 6)
        ));
        out.push_str("    }\n  ]\n}\n");
    }
}

/// A file's SARIF results; a read error goes to `notifications`.
fn file_results(r: &FileResult, linter: &Linter, notifications: &mut Vec<Value>) -> Vec<Value> {
    let rule_index = |id: &str| linter.rules().iter().position(|r| r.id.as_ref() == id);

    let mut out_results = Vec::new();
    {
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
                    // where a Word user finds it: a logical location (headings, table cell)
                    if let Some(p) = &d.place {
                        result["locations"][0]["logicalLocations"] =
                            json!([{ "fullyQualifiedName": p, "kind": "element" }]);
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
                    if let Some(fix) = d.fix.as_ref().filter(|_| fixable(&r.path)) {
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
    out_results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_are_percent_encoded_relative_references() {
        assert_eq!(uri("a/b-c_d.e~f.txt"), "a/b-c_d.e~f.txt");
        assert_eq!(uri("报告 1.txt"), "%E6%8A%A5%E5%91%8A%201.txt");
        assert_eq!(uri("dir\\a#b?.md"), "dir/a%23b%3F.md");
        assert_eq!(uri("100%.txt"), "100%25.txt");
    }

    #[test]
    fn only_files_fix_writes_get_fixes() {
        assert!(fixable("a.txt") && fixable("b.md"));
        assert!(!fixable("c.docx") && !fixable("d.html"));
    }
}
