//! `repeated-sentence`: a sentence that stands twice in the document — a paragraph pasted
//! twice, or last year's wording copied into two parts.
//!
//! ```toml
//! kind = "repeated-sentence"
//! min-chars = 15   # Han characters a sentence needs to count
//! ```
//!
//! Sentences are compared whole, without their closing mark, through one hash map: linear.
//! Only sentences that end in 。；！？ count: a repeated title is `web/repeated-title`'s.

use super::{config, Context, Finding, Findings, RuleKind};
use crate::pack::SpecError;
use serde::Deserialize;
use std::collections::HashMap;
use toml::de::ValueDeserializer;

/// A sentence that stands twice. Placeholders: `{match}` (the sentence), `{line}` (the line
/// of its first occurrence).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "repeated-sentence")]
pub(super) struct Config {
    /// Han characters a sentence needs to be compared (default 15).
    min_chars: Option<usize>,
}

struct RepeatedSentence {
    min_chars: usize,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    Ok(Box::new(RepeatedSentence {
        min_chars: c.min_chars.unwrap_or(15),
    }))
}

/// The sentence without a leading point marker (一是, （二）, 3., 第一,), which differs between
/// two copies of the same point.
fn strip_marker(s: &str) -> &str {
    let ordinal = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    let t = s.trim_start_matches(['（', '(']);
    let rest = t.trim_start_matches(ordinal);
    if rest.len() == t.len() {
        return s;
    }
    for m in ["是", "）", ")", "、", ".", "．", "，", ","] {
        if let Some(r) = rest.strip_prefix(m) {
            return r;
        }
    }
    s
}

impl RuleKind for RepeatedSentence {
    fn placeholders(&self) -> Vec<&str> {
        vec!["match", "line"]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let doc = cx.doc;
        let mut seen: HashMap<&str, crate::span::Span> = HashMap::new();
        for &s in &doc.structure().sentences {
            let raw = doc.slice(s).trim();
            // a line without a closing mark is a title or heading (web/repeated-title's)
            if !raw.ends_with(['。', '；', ';', '！', '？']) {
                continue;
            }
            let text = strip_marker(raw.trim_end_matches(['。', '；', ';', '！', '？']));
            let han = text
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .count();
            if han < self.min_chars {
                continue;
            }
            match seen.get(text) {
                Some(&first) => {
                    let line = doc.position(first.start).line;
                    let short: String = text.chars().take(24).collect();
                    let shown = if short.len() < text.len() {
                        format!("{short}…")
                    } else {
                        short
                    };
                    out.push(
                        Finding::at(s)
                            .var("match", shown)
                            .var("line", line.to_string())
                            .related(first, "第一次出现"),
                    );
                }
                None => {
                    seen.insert(text, s);
                }
            }
        }
    }
}
