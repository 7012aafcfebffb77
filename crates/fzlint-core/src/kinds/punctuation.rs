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
                    format!("`marks` 的键是单个半角标点，不能是“{k}”"),
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

/// True if `s` is written in English: more words of Latin letters than half its Han
/// characters (a Chinese paragraph quoting a URL, a law's English name or a few terms has far
/// more Han characters than that).
fn english(s: &str) -> bool {
    let mut words = 0;
    let mut han = 0;
    let mut in_word = false;
    for c in s.chars() {
        if c.is_ascii_alphabetic() {
            if !in_word {
                words += 1;
                in_word = true;
            }
            continue;
        }
        in_word = c.is_ascii_alphanumeric() && in_word;
        if ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) {
            han += 1;
        }
    }
    words >= 4 && words * 2 > han
}

fn latin(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The partner of a half-width bracket.
#[derive(Clone, Copy)]
enum Partner {
    /// Another half-width bracket, at this byte offset.
    Half(usize),
    /// A full-width one: (…） is a mixed pair, which the pairing rule reports.
    Full,
}

/// Half-width brackets of `s` (byte offset) with their partners, brackets of either width
/// pairing as a reader pairs them.
fn bracket_pairs(s: &str) -> std::collections::HashMap<usize, Partner> {
    let mut pairs = std::collections::HashMap::new();
    let mut open: Vec<(usize, bool)> = Vec::new();
    for (i, c) in s.char_indices() {
        match c {
            '(' | '（' => open.push((i, c == '(')),
            ')' | '）' => {
                if let Some((j, half_open)) = open.pop() {
                    let half_close = c == ')';
                    match (half_open, half_close) {
                        (true, true) => {
                            pairs.insert(j, Partner::Half(i));
                            pairs.insert(i, Partner::Half(j));
                        }
                        (true, false) => {
                            pairs.insert(j, Partner::Full);
                        }
                        (false, true) => {
                            pairs.insert(i, Partner::Full);
                        }
                        (false, false) => {}
                    }
                }
            }
            _ => {}
        }
    }
    pairs
}

/// Byte offsets of the `;` that end HTML character references (&nbsp; &#8220; &#x201C;).
fn entity_ends(s: &str) -> std::collections::HashSet<usize> {
    let mut ends = std::collections::HashSet::new();
    if !s.contains('&') {
        return ends;
    }
    let b = s.as_bytes();
    for (i, _) in s.match_indices(';') {
        let name = &b[..i];
        let start = name
            .iter()
            .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'#'))
            .map_or(0, |p| p + 1);
        if start > 0 && b[start - 1] == b'&' && i > start && i - start <= 32 {
            ends.insert(i);
        }
    }
    ends
}

impl Punctuation {
    /// True if the half-width mark at byte `i` of `s` belongs where it is: no Chinese on
    /// either side, or it is part of Latin or digit text (09:18, 1:500, http://, a:b,
    /// Yahoo!, !important).
    fn leave_alone(&self, s: &str, i: usize) -> bool {
        let mark_len = s[i..].chars().next().map_or(1, char::len_utf8);
        let (before, after) = self.neighbours(s, i, i + mark_len);
        let near_chinese = before.is_some_and(chinese) || after.is_some_and(chinese);
        let between_latin = latin(before) && latin(after);
        let latin_pair = (latin(before) && !after.is_some_and(chinese))
            || (latin(after) && !before.is_some_and(chinese));
        // glued to a Latin word on one side, a space (or nothing) on the other
        let (ib, ia) = (s[..i].chars().next_back(), s[i + mark_len..].chars().next());
        let open = |c: Option<char>| c.is_none_or(|c| c == ' ' || c == '\t');
        let latin_token = (latin(ib) && open(ia)) || (latin(ia) && open(ib));
        // “错误, counted apart”: a space then a Latin word after a comma or colon is an
        // English sentence going on (a Chinese one has no space after its marks)
        let c = s[i..].chars().next();
        let english_goes_on = !matches!(c, Some('(' | ')'))
            && matches!(ia, Some(' ' | '\t'))
            && after.is_some_and(|c| c.is_ascii_alphabetic());
        !near_chinese || between_latin || latin_pair || latin_token || english_goes_on
    }

    /// The characters next to `s[start..end]` on each side, looking past other marks (a chain
    /// “((” or “),” is fixed in one pass), their full-width forms and a single space, so that
    /// whether a mark is fixed does not depend on whether its neighbour was fixed already: a
    /// second run finds nothing. Two spaces end the search: that is a blanked code span or an
    /// alignment gap, not the space a typist leaves after a mark.
    fn neighbours(&self, s: &str, start: usize, end: usize) -> (Option<char>, Option<char>) {
        let transparent = |c: char| {
            self.marks
                .iter()
                .any(|(m, full)| *m == c || full.chars().eq(std::iter::once(c)))
        };
        let look = |chars: &mut dyn Iterator<Item = char>| {
            let mut spaces = 0;
            for c in chars {
                if c == ' ' || c == '\t' {
                    spaces += 1;
                    if spaces == 2 {
                        return None;
                    }
                } else if transparent(c) {
                    spaces = 0;
                } else {
                    return Some(c);
                }
            }
            None
        };
        (
            look(&mut s[..start].chars().rev()),
            look(&mut s[end..].chars()),
        )
    }

    /// True if a half-width pair (open at `i`, close at `j`) stands in an English sentence:
    /// no Chinese right outside it and a Latin letter on at least one side, as in “the
    /// report (法治政府建设年度报告) is”. Such a pair stays half-width whatever it holds.
    fn in_latin_sentence(&self, s: &str, i: usize, j: usize) -> bool {
        let (before, _) = self.neighbours(s, i, i + 1);
        let (_, after) = self.neighbours(s, j, j + 1);
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        !before.is_some_and(chinese)
            && !after.is_some_and(chinese)
            && (letter(before) || letter(after))
    }
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
            // an English paragraph quoting Chinese words keeps English punctuation
            if english(s) {
                continue;
            }
            let pairs = bracket_pairs(s);
            let entities = entity_ends(s);
            let leave = |s: &str, i: usize| self.leave_alone(s, i);
            for (i, c) in s.char_indices() {
                let Some((_, full)) = self.marks.iter().find(|(m, _)| *m == c) else {
                    continue;
                };
                // the ; of &nbsp; or &#8220; belongs to the entity
                if entities.contains(&i) {
                    continue;
                }
                // brackets go as pairs: both converted or neither, (1)加强 → （1）加强, never
                // (1）加强; a bracket without a partner is the pairing rule's business
                let skip = if c == '(' || c == ')' {
                    match pairs.get(&i) {
                        // (…）: the pairing rule reports the mixed pair and fixes it
                        Some(Partner::Full) | None => true,
                        Some(&Partner::Half(j)) => {
                            let (open, close) = (i.min(j), i.max(j));
                            (leave(s, i) && leave(s, j)) || self.in_latin_sentence(s, open, close)
                        }
                    }
                } else {
                    leave(s, i)
                };
                if skip {
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
                "{paragraphs} 段里有 {} 处半角标点（全文共 {total} 段），像是整篇转换时丢了全角标点",
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
