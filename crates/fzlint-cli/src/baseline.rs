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

/// The baseline entries of one file's findings.
fn entries(r: &FileResult) -> Vec<Entry> {
    match &r.outcome {
        Ok(c) => c
            .diagnostics
            .iter()
            .map(|d| Entry {
                path: r.path.clone(),
                rule: d.rule.to_string(),
                context: context(&c.document, d),
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// `--write-baseline`: the entries of the files, in the order they come.
#[derive(Default)]
pub struct Recorder {
    findings: Vec<Entry>,
}

impl Recorder {
    pub fn add(&mut self, r: &FileResult) {
        self.findings.extend(entries(r));
    }

    /// Writes the baseline file atomically; returns how many findings it holds.
    pub fn write(self, path: &Path) -> Result<usize, String> {
        let n = self.findings.len();
        let mut text = serde_json::to_string_pretty(&BaselineFile {
            version: 1,
            findings: self.findings,
        })
        .map_err(|e| e.to_string())?;
        text.push('\n');
        crate::write::atomically(path, text.as_bytes())
            .map_err(|e| format!("cannot write baseline {}: {e}", path.display()))?;
        Ok(n)
    }
}

/// `--baseline`: the known findings, each matching one finding, so that a second copy of a
/// known fault is still reported.
pub struct Known {
    left: HashMap<Entry, usize>,
}

impl Known {
    pub fn load(path: &Path) -> Result<Known, String> {
        // a baseline of a large archive is bigger than a pack: 256 MB
        let text = fzlint_core::source::read_settings_file(path, 256 * 1024 * 1024)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("baseline {} is not valid: {e}", path.display()))?;
        let mut left: HashMap<Entry, usize> = HashMap::new();
        for e in file.findings {
            *left.entry(e).or_default() += 1;
        }
        Ok(Known { left })
    }

    /// Removes the findings of one file that the baseline knows; returns how many.
    pub fn filter(&mut self, r: &mut FileResult) -> usize {
        let keep: Vec<bool> = entries(r)
            .into_iter()
            .map(|e| match self.left.get_mut(&e) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        let removed = keep.iter().filter(|k| !**k).count();
        if let Ok(c) = &mut r.outcome {
            let mut it = keep.iter();
            c.diagnostics.retain(|_| *it.next().unwrap_or(&true));
        }
        removed
    }
}
