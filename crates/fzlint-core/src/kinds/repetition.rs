//! `repetition`: the same words twice in a row — 《中华人民共和国民法典》《中华人民共和国民法典》,
//! 法治政府建设法治政府建设 — and doubled characters that are typos (的的, 了了).
//!
//! ```toml
//! kind = "repetition"
//! min-chars = 3              # shortest run reported as repeated (2-character runs are
//! max-chars = 40             #   too often legitimate: 研究研究, 落实落细)
//! chars = ["的", "了", "在"] # single characters whose doubling is a typo
//! exceptions = ["不了了之"]  # text in which a doubling is right
//! ```
//!
//! Only runs within one line with a Han character or a book title mark count; repeated
//! digits or Latin text are left alone. Placeholder: `{match}` (the second copy, which is what is reported).

use super::{config, Context, Finding, Findings, RuleKind};
use crate::diagnostic::{Edit, Fix};
use crate::pack::SpecError;
use crate::span::Span;
use serde::Deserialize;
use toml::de::ValueDeserializer;

/// The same words twice in a row (《民法典》《民法典》, 法治政府建设法治政府建设) and doubled
/// characters that are typos (的的). Placeholder: `{match}` (the second copy, which is what
/// is reported).
///
/// Only runs within one line that hold a Han character or a book title mark count; repeated
/// digits and Latin text are left alone. Doubled `chars` carry a fix.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "repetition")]
pub(super) struct Config {
    /// Shortest run reported as repeated (2-character repeats are often right: 研究研究).
    #[serde(default = "default_min")]
    min_chars: usize,
    /// Longest run looked for.
    #[serde(default = "default_max")]
    max_chars: usize,
    /// Single characters whose doubling is a typo (的的, 了了).
    #[serde(default)]
    chars: Vec<String>,
    /// Texts in which a doubling is right (不了了之).
    #[serde(default)]
    exceptions: Vec<String>,
}

fn default_min() -> usize {
    3
}
fn default_max() -> usize {
    40
}

struct Repetition {
    min: usize,
    max: usize,
    chars: Vec<char>,
    exceptions: Vec<String>,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    if c.min_chars < 2 || c.max_chars < c.min_chars {
        return Err(SpecError::new(
            "需要 2 <= min-chars <= max-chars（单个字的重复写在 `chars` 里）",
            None,
        ));
    }
    let mut chars = Vec::new();
    for s in &c.chars {
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(ch), None) => chars.push(ch),
            _ => {
                return Err(SpecError::new(
                    format!("`chars` 里每项是一个字，不能是“{s}”"),
                    None,
                ))
            }
        }
    }
    Ok(Box::new(Repetition {
        min: c.min_chars,
        max: c.max_chars,
        chars,
        exceptions: c.exceptions,
    }))
}

const NONE: u32 = u32::MAX;

/// For each character, the index of the same character next, if it comes within `max`
/// characters (a run repeated at length L has chars[i] == chars[i + L], so only those L need
/// comparing). One backward pass with the last index of each character: Han characters in a
/// flat table, the rest in a map.
fn next_same(chars: &[(usize, char)], max: usize) -> Vec<u32> {
    const HAN: std::ops::RangeInclusive<u32> = 0x4e00..=0x9fff;
    let mut next = vec![NONE; chars.len()];
    // index + 1 of the last occurrence seen (0: none), so that the table starts zeroed
    let mut han = vec![0u32; (HAN.end() - HAN.start() + 1) as usize];
    let mut other: std::collections::HashMap<char, u32> = std::collections::HashMap::new();
    for (i, &(_, c)) in chars.iter().enumerate().rev() {
        let slot = if HAN.contains(&(c as u32)) {
            &mut han[(c as u32 - HAN.start()) as usize]
        } else {
            other.entry(c).or_insert(0)
        };
        if *slot != 0 && (*slot - 1) as usize - i <= max {
            next[i] = *slot - 1;
        }
        *slot = i as u32 + 1;
    }
    next
}

fn counts(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '《' | '》')
}

impl Repetition {
    /// True if an exception phrase in the text covers `span`.
    fn excepted(&self, text: &str, span: Span) -> bool {
        self.exceptions.iter().any(|e| {
            let from = span.end.saturating_sub(e.len()).min(span.start);
            let mut from = from;
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let to = (span.start + e.len()).max(span.end).min(text.len());
            let mut to = to;
            while !text.is_char_boundary(to) {
                to += 1;
            }
            text[from..to]
                .match_indices(e.as_str())
                .any(|(i, _)| from + i <= span.start && span.end <= from + i + e.len())
        })
    }
}

impl RuleKind for Repetition {
    fn placeholders(&self) -> Vec<&str> {
        vec!["match"]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let text = cx.doc.text();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let offset = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
        let n = chars.len();
        let next_same = next_same(&chars, self.max);
        // Pass 1: doubled characters (的的, 的的的), each with its fix. Found apart from longer
        // runs, so that a repeated phrase around them cannot hide them until a later run.
        let mut i = 0;
        while i + 1 < n {
            let c = chars[i].1;
            if c != chars[i + 1].1 || !self.chars.contains(&c) {
                i += 1;
                continue;
            }
            let mut copies = 2;
            while i + copies < n && chars[i + copies].1 == c {
                copies += 1;
            }
            let extra = Span::new(offset(i + 1), offset(i + copies));
            if !self.excepted(text, Span::new(offset(i), extra.end)) {
                let mut f = Finding::at(extra).var("match", &text[extra.range()]);
                f.fix = Some(Fix {
                    edits: vec![Edit {
                        span: extra,
                        replacement: String::new(),
                    }],
                });
                out.push(f);
            }
            i += copies;
        }

        // same_until[i]: where the run of chars[i] repeated ends, so a candidate made of one
        // character (pass 1's business) is skipped without comparing it
        let mut same_until = vec![n; n];
        for i in (0..n.saturating_sub(1)).rev() {
            same_until[i] = if chars[i].1 == chars[i + 1].1 {
                same_until[i + 1]
            } else {
                i + 1
            };
        }

        // Pass 2: repeated runs of min..=max characters (reported, not fixed: which copy to
        // keep is the writer's call). A run of one character repeated is pass 1's business.
        let mut i = 0;
        while i < n {
            // runs stay within a line, so none starts at a line break
            if chars[i].1 == '\n' {
                i += 1;
                continue;
            }
            let mut found = None;
            let mut j = next_same[i];
            // the longest repeated run starting here
            while j != NONE && j as usize - i <= self.max && j as usize - i <= (n - i) / 2 {
                let len = j as usize - i;
                j = next_same[j as usize];
                if len >= self.min && same_until[i] < i + len {
                    // within one line: a title repeated on the next line is another fault
                    let same = (0..len)
                        .all(|k| chars[i + k].1 == chars[i + len + k].1 && chars[i + k].1 != '\n');
                    if same && (0..len).any(|k| counts(chars[i + k].1)) {
                        found = Some(len);
                    }
                }
            }
            let Some(len) = found else {
                i += 1;
                continue;
            };
            let second = Span::new(offset(i + len), offset(i + 2 * len));
            if !self.excepted(text, Span::new(offset(i), second.end)) {
                out.push(Finding::at(second).var("match", &text[second.range()]));
            }
            i += 2 * len;
        }
    }
}
