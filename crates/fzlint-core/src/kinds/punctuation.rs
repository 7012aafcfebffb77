//! `punctuation`: half-width marks in Chinese text (GB/T 15834 wants ，：；！？（）).
//!
//! ```toml
//! kind = "punctuation"
//! marks = { "," = "，", ":" = "：", ";" = "；", "!" = "！", "?" = "？", "(" = "（", ")" = "）" }
//! summary-after = 5        # more paragraphs than this with faults: one finding for the file
//! ```
//!
//! A mark counts when a Chinese character (or Chinese punctuation) stands on one side of it
//! (looking past adjacent half-width marks) and no digit or Latin letter is its partner on the
//! other: 09:18, 1:500, http:// and
//! (2021-2025) between digits are left alone. Spaces after the mark ("改革, 推行") are part of
//! the fault. All occurrences of one mark in a paragraph make one finding; when more than
//! `summary-after` paragraphs have faults (a document converted wholesale), a single finding
//! for the file replaces them. Every finding carries the fix for all its occurrences.
//!
//! Placeholders: `{mark}`, `{full}` (its full-width form), `{count}` (occurrences).

use super::{config, Context, Finding, Findings, RuleKind};
use crate::diagnostic::{Edit, Fix};
use crate::pack::SpecError;
use crate::span::Span;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::de::ValueDeserializer;

/// Half-width marks in Chinese text (GB/T 15834). Placeholders: `{mark}`, `{full}` (its
/// full-width form), `{count}` (occurrences).
///
/// A mark counts when Chinese stands on one side of it and no digit or Latin letter pairs with
/// it on the other: 09:18, 1:500, http:// and (2021-2025) are left alone. Spaces after the mark
/// ("改革, 推行") are part of the fault. All occurrences of a mark in a paragraph make one
/// finding, and when more paragraphs than `summary-after` have faults (a document converted
/// wholesale) one finding for the file replaces them; each carries the fix for every
/// occurrence.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "punctuation")]
pub(super) struct Config {
    /// Half-width mark → full-width replacement: `{ "," = "，" }`.
    marks: BTreeMap<String, String>,
    /// More paragraphs than this with faults: one finding for the whole file instead.
    #[serde(default = "default_summary")]
    summary_after: usize,
}

fn default_summary() -> usize {
    5
}

struct Punctuation {
    marks: Vec<(char, String)>,
    summary_after: usize,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    let mut marks = Vec::new();
    for (k, v) in &c.marks {
        let mut it = k.chars();
        match (it.next(), it.next()) {
            (Some(ch), None) if ch.is_ascii_punctuation() => marks.push((ch, v.clone())),
            _ => {
                return Err(SpecError::new(
                    format!("`marks` keys are single ASCII punctuation marks, not “{k}”"),
                    None,
                ))
            }
        }
    }
    Ok(Box::new(Punctuation {
        marks,
        summary_after: c.summary_after,
    }))
}

/// Han characters and Chinese punctuation (full-width forms, quotes, book title marks).
fn chinese(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3000}'..='\u{303f}'
        | '\u{ff01}'..='\u{ff5e}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

fn latin(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

impl RuleKind for Punctuation {
    fn placeholders(&self) -> Vec<&str> {
        vec!["mark", "full", "count"]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let doc = cx.doc;
        let text = doc.text();
        let st = doc.structure();
        let mut blocks: Vec<Span> = st.paragraphs.clone();
        blocks.extend(st.headings.iter().filter(|h| !h.run_in).map(|h| h.span));
        blocks.sort();
        let total = blocks.len();
        // per paragraph, per mark: the edits
        let mut groups: Vec<(char, Vec<Edit>)> = Vec::new();
        for block in blocks {
            let mut by_mark: BTreeMap<char, Vec<Edit>> = BTreeMap::new();
            let s = doc.slice(block);
            for (i, c) in s.char_indices() {
                let Some((_, full)) = self.marks.iter().find(|(m, _)| *m == c) else {
                    continue;
                };
                // judge by the neighbours past other half-width marks, so that a chain of them
                // (“((”, “),”) is fixed in one pass, not one mark per run
                let is_mark = |c: &char| self.marks.iter().any(|(m, _)| m == c);
                let before = s[..i].chars().rev().find(|c| !is_mark(c));
                let after = s[i + 1..].chars().find(|c| !is_mark(c));
                let near_chinese = before.is_some_and(chinese) || after.is_some_and(chinese);
                // 09:18, 1:500, a:b, (2021-2025): the mark belongs to the Latin/digit text
                let between_latin = latin(before) && latin(after);
                let latin_pair = (latin(before) && !after.is_some_and(chinese))
                    || (latin(after) && !before.is_some_and(chinese));
                if !near_chinese || between_latin || latin_pair {
                    continue;
                }
                let spaces = s[i + 1..].len() - s[i + 1..].trim_start_matches([' ', '\t']).len();
                // keep a space that separates from Latin text, drop it before Chinese
                let next = s[i + 1 + spaces..].chars().next();
                let spaces = if next.is_some_and(chinese) { spaces } else { 0 };
                by_mark.entry(c).or_default().push(Edit {
                    span: Span::new(block.start + i, block.start + i + 1 + spaces),
                    replacement: full.clone(),
                });
            }
            groups.extend(by_mark);
        }
        groups.sort_by_key(|(_, e)| e[0].span.start);
        let paragraphs = {
            let mut starts: Vec<usize> = groups
                .iter()
                .map(|(_, e)| {
                    doc.paragraph_at(e[0].span.start)
                        .map_or(e[0].span.start, |p| p.start)
                })
                .collect();
            starts.dedup();
            starts.len()
        };
        if paragraphs > self.summary_after {
            let mut edits: Vec<Edit> = groups.into_iter().flat_map(|(_, e)| e).collect();
            edits.sort_by_key(|e| e.span);
            let first = edits[0].span;
            let mut f = Finding::at(first)
                .var("mark", text[first.start..first.start + 1].to_string())
                .var("count", edits.len().to_string());
            f.message = Some(format!(
                "{paragraphs} 段里有 {} 处半角标点(全文共 {total} 段),像是整篇转换时丢了全角标点",
                edits.len()
            ));
            f.fix = Some(Fix { edits });
            out.push(f);
            return;
        }
        for (mark, edits) in groups {
            let full = self
                .marks
                .iter()
                .find(|(m, _)| *m == mark)
                .map(|(_, f)| f.clone())
                .unwrap_or_default();
            let mut f = Finding::at(edits[0].span)
                .var("mark", mark.to_string())
                .var("full", full)
                .var("count", edits.len().to_string());
            f.fix = Some(Fix { edits });
            out.push(f);
        }
    }
}
