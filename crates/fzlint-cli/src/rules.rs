//! `fzlint rules`: the active rules, as a table or as JSON.

use crate::args::Format;
use fzlint_core::Linter;
use serde::Serialize;

#[derive(Serialize)]
struct RuleEntry<'a> {
    id: &'a str,
    pack: &'a str,
    kind: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    source: Option<&'a str>,
    location: String,
}

pub fn render(linter: &Linter, format: Format) -> String {
    let entries: Vec<RuleEntry> = linter
        .rules()
        .iter()
        .map(|r| RuleEntry {
            id: &r.id,
            pack: &r.pack,
            kind: r.kind_name,
            severity: r.severity.as_str(),
            message: &r.message,
            help: r.help.as_deref(),
            source: r.source.as_deref(),
            location: format!("{}:{}:{}", r.location.0, r.location.1, r.location.2),
        })
        .collect();
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&entries).expect("JSON of plain data");
            s.push('\n');
            s
        }
        Format::Human => {
            let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
            let mut s = String::new();
            for e in &entries {
                s.push_str(&format!(
                    "{:width$}  {:7}  {:16}  {}\n",
                    e.id, e.severity, e.kind, e.message
                ));
            }
            s.push_str(&format!(
                "{} 条规则,来自 {} 个规则包\n",
                entries.len(),
                linter.packs().len()
            ));
            s
        }
    }
}
