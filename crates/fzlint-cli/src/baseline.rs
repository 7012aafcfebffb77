//! Baselines, for adopting fzlint on an archive of old reports: `--write-baseline FILE` records
//! today's findings, `--baseline FILE` reports only findings not in it. A finding is recognised
//! by its file, its rule and the text around it — not its line number — so it stays matched
//! when lines above it change.
//!
//! Paths in a baseline are relative to the baseline file's folder (version 2), so that
//! `cd reports && fzlint check --baseline ../base.json .` matches what was written from the
//! folder above. Version 1 files (paths relative to where fzlint ran) are still read that
//! way; other versions are refused.

use crate::render::FileResult;
use fzlint_core::{Diagnostic, Document};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The version written; 1 is still read.
const VERSION: u32 = 2;

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

/// How a checked file's path is written in a baseline.
pub struct PathKey {
    /// The baseline's folder (absolute); `None`: the path as shown (version 1).
    base: Option<PathBuf>,
    cwd: PathBuf,
}

impl PathKey {
    /// Paths relative to the folder of the baseline file at `baseline`.
    pub fn for_file(baseline: &Path) -> PathKey {
        let cwd = std::env::current_dir().unwrap_or_default();
        let abs = absolute(&cwd.join(baseline));
        PathKey {
            base: abs.parent().map(Path::to_path_buf),
            cwd,
        }
    }

    fn key(&self, shown: &str) -> String {
        let Some(base) = &self.base else {
            return shown.to_string();
        };
        let file = absolute(&self.cwd.join(shown));
        relative(&file, base).to_string_lossy().replace('\\', "/")
    }
}

/// `path` made absolute and its `.` and `..` resolved (through symlinks when it exists).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    // a baseline about to be written does not exist yet: its folder does
    match (
        path.parent().and_then(|p| p.canonicalize().ok()),
        path.file_name(),
    ) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// `path` relative to `base`, both absolute: `../reports/a.txt`.
fn relative(path: &Path, base: &Path) -> PathBuf {
    let (p, b): (Vec<Component>, Vec<Component>) =
        (path.components().collect(), base.components().collect());
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// The baseline entries of one file's findings.
fn entries(r: &FileResult, key: &PathKey) -> Vec<Entry> {
    match &r.outcome {
        Ok(c) => c
            .diagnostics
            .iter()
            .map(|d| Entry {
                path: key.key(&r.path),
                rule: d.rule.to_string(),
                context: context(&c.document, d),
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// `--write-baseline`: the entries of the files, in the order they come.
pub struct Recorder {
    findings: Vec<Entry>,
    key: PathKey,
}

impl Recorder {
    /// For a baseline to be written at `path`.
    pub fn new(path: &Path) -> Recorder {
        Recorder {
            findings: Vec::new(),
            key: PathKey::for_file(path),
        }
    }

    pub fn add(&mut self, r: &FileResult) {
        self.findings.extend(entries(r, &self.key));
    }

    /// Writes the baseline file atomically; returns how many findings it holds.
    pub fn write(self, path: &Path) -> Result<usize, String> {
        let n = self.findings.len();
        let mut text = serde_json::to_string_pretty(&BaselineFile {
            version: VERSION,
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
    key: PathKey,
    /// Entries in the file, for saying that none matched.
    pub total: usize,
}

impl Known {
    pub fn load(path: &Path) -> Result<Known, String> {
        // a baseline of a large archive is bigger than a pack: 256 MB
        let text = fzlint_core::source::read_settings_file(path, 256 * 1024 * 1024)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        let version = serde_json::from_str::<Version>(&text)
            .map_err(|e| format!("baseline {} is not valid: {e}", path.display()))?
            .version;
        let key = match version {
            1 => PathKey {
                base: None,
                cwd: std::env::current_dir().unwrap_or_default(),
            },
            VERSION => PathKey::for_file(path),
            v => {
                return Err(format!(
                    "基线 {} 是第 {v} 版格式，这个 fzlint 只读第 1、2 版；用这个版本的 fzlint 重新 --write-baseline / baseline version {v} is not supported",
                    path.display()
                ))
            }
        };
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("baseline {} is not valid: {e}", path.display()))?;
        let total = file.findings.len();
        let mut left: HashMap<Entry, usize> = HashMap::new();
        for e in file.findings {
            *left.entry(e).or_default() += 1;
        }
        Ok(Known { left, key, total })
    }

    /// Removes the findings of one file that the baseline knows; returns how many.
    pub fn filter(&mut self, r: &mut FileResult) -> usize {
        let keep: Vec<bool> = entries(r, &self.key)
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
