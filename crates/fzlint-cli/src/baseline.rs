//! Baselines, for adopting fzlint on an archive of old reports: `--write-baseline FILE` records
//! today's findings, `--baseline FILE` reports only findings not in it. A finding is recognised
//! by its file, its rule and the text around it — not its line number — so it stays matched
//! when lines above it change.

use crate::render::FileResult;
use fzlint_core::{Diagnostic, Document};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Characters of context kept on each side of a finding (within its line).
const CONTEXT: usize = 12;

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Entry {
    path: String,
    rule: String,
    /// The finding's text with up to `CONTEXT` characters around it, `⟦…⟧` marking the span.
    context: String,
}

fn context(doc: &Document, d: &Diagnostic) -> String {
    let text = doc.text();
    let line = doc
        .lines()
        .line_span(text, doc.lines().line_of(d.span.start));
    let end = d.span.end.min(line.end).max(d.span.start);
    let before: String = {
        let v: Vec<char> = text[line.start..d.span.start]
            .chars()
            .rev()
            .take(CONTEXT)
            .collect();
        v.into_iter().rev().collect()
    };
    let after: String = text[end..line.end].chars().take(CONTEXT).collect();
    format!("{before}⟦{}⟧{after}", &text[d.span.start..end])
}

fn entries(results: &[FileResult]) -> Vec<(usize, usize, Entry)> {
    let mut out = Vec::new();
    for (fi, r) in results.iter().enumerate() {
        if let Ok(c) = &r.outcome {
            for (di, d) in c.diagnostics.iter().enumerate() {
                out.push((
                    fi,
                    di,
                    Entry {
                        path: r.path.clone(),
                        rule: d.rule.to_string(),
                        context: context(&c.document, d),
                    },
                ));
            }
        }
    }
    out
}

pub fn write(path: &Path, results: &[FileResult]) -> Result<usize, String> {
    let findings: Vec<Entry> = entries(results).into_iter().map(|(_, _, e)| e).collect();
    let n = findings.len();
    let mut text = serde_json::to_string_pretty(&BaselineFile {
        version: 1,
        findings,
    })
    .map_err(|e| e.to_string())?;
    text.push('\n');
    crate::write::atomically(path, text.as_bytes())
        .map_err(|e| format!("cannot write baseline {}: {e}", path.display()))?;
    Ok(n)
}

/// Removes the findings the baseline knows; returns how many were removed. Each baseline entry
/// matches one finding, so a second copy of a known fault is still reported.
pub fn filter(path: &Path, results: &mut [FileResult]) -> Result<usize, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    let file: BaselineFile = serde_json::from_str(&text)
        .map_err(|e| format!("baseline {} is not valid: {e}", path.display()))?;
    let mut known: HashMap<Entry, usize> = HashMap::new();
    for e in file.findings {
        *known.entry(e).or_default() += 1;
    }
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for (fi, di, e) in entries(results) {
        if let Some(n) = known.get_mut(&e) {
            if *n > 0 {
                *n -= 1;
                drop.push((fi, di));
            }
        }
    }
    for (fi, r) in results.iter_mut().enumerate() {
        if let Ok(c) = &mut r.outcome {
            let mut di = 0;
            c.diagnostics.retain(|_| {
                let keep = !drop.contains(&(fi, di));
                di += 1;
                keep
            });
        }
    }
    Ok(drop.len())
}
