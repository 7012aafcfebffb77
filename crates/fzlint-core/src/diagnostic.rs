//! Findings as data. Renderers (human, JSON, …) live in the CLI and read only this.

use crate::span::{Position, Span};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
    /// 严重表述错误: a misstated name of the country, the Party, a state organ or a standard
    /// political formulation, which fails a government website inspection outright
    /// (国办秘函〔2019〕19号). Above error; counted and shown apart.
    Serious,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
            Severity::Serious => "serious",
        }
    }

    /// One step less serious (used when a required part is found, but not where expected).
    pub fn lower(self) -> Severity {
        match self {
            Severity::Serious => Severity::Error,
            Severity::Error => Severity::Warning,
            _ => Severity::Info,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            "serious" => Ok(Severity::Serious),
            _ => Err(format!(
                "unknown severity `{s}`, expected error, warning or info"
            )),
        }
    }
}

/// One finding in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule id, `pack/rule-name`.
    pub rule: Arc<str>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The regulation or standard behind the rule.
    pub source: Option<Arc<str>>,
    /// Byte span in the document's text (snapped to character boundaries).
    pub span: Span,
    /// Start and end in the original file.
    pub start: Position,
    pub end: Position,
    /// The text under the span.
    pub text: String,
    /// A machine-applicable fix, if the rule can give one.
    pub fix: Option<Fix>,
    /// Other places the finding is about (the counts a rate is computed from), each with a
    /// label.
    pub related: Vec<Related>,
    /// Where the finding is as the file's user looks for it, for formats whose line numbers
    /// are not what the user sees (a .docx: 二、（三） 表格 1 第 2 行第 3 列).
    pub place: Option<String>,
}

/// A secondary location of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub text: String,
    /// What this place is, in a few words (分子, 分母, 前文).
    pub label: String,
}

/// Replacements that fix a finding; the edits do not overlap and are sorted by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Span in the document's text (use the document to get file positions).
    pub span: Span,
    pub replacement: String,
}
