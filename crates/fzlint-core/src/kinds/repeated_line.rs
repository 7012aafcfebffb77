//! `repeated-line`: a line near the top that repeats an earlier one — the page title copied
//! with the report's own title, a title in the 信息公开 table and again above the text.
//!
//! ```toml
//! kind = "repeated-line"
//! within-lines = 30   # how many non-empty head lines are compared
//! min-chars = 12      # Han characters a line needs to count
//! ```
//!
//! A later line counts as a repeat when it equals an earlier line or is contained in one
//! (`- 标题: X` then `X`). Lines after `附件` are left alone: an attachment repeats the title
//! of the report it carries.

use super::{config, Context, Finding, Findings, RuleKind};
use crate::pack::SpecError;
use serde::Deserialize;
use toml::de::ValueDeserializer;

/// A head line that repeats an earlier one (a title copied twice). Placeholders: `{match}`
/// (the repeated line), `{line}` (the line number of the first one).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "repeated-line")]
pub(super) struct Config {
    /// How many non-empty lines at the top are compared (default 30).
    within_lines: Option<usize>,
    /// Han characters a line needs to be compared (default 12: a title, not a signature).
    min_chars: Option<usize>,
}

struct RepeatedLine {
    within_lines: usize,
    min_chars: usize,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    Ok(Box::new(RepeatedLine {
        within_lines: c.within_lines.unwrap_or(30),
        min_chars: c.min_chars.unwrap_or(12),
    }))
}

fn han_count(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
}

impl RuleKind for RepeatedLine {
    fn placeholders(&self) -> Vec<&str> {
        vec!["match", "line"]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let doc = cx.doc;
        let lines: Vec<_> = doc.head_lines(self.within_lines).collect();
        for (j, &later) in lines.iter().enumerate() {
            let text = doc.slice(later);
            // a field of the 信息公开 table (`[ 发布机构 ] …`), printed twice by some pages, is
            // reported as the table, not as a title
            if han_count(text) < self.min_chars || text.starts_with("[ ") {
                continue;
            }
            let earlier = lines[..j].iter().find(|&&e| {
                let e = doc.slice(e);
                e.contains(text)
            });
            if let Some(&first) = earlier {
                if doc.slice(first).trim_start().starts_with("附件") {
                    continue;
                }
                let line = doc.position(first.start).line;
                out.push(
                    Finding::at(later)
                        .var("match", text)
                        .var("line", line.to_string()),
                );
            }
        }
    }
}
