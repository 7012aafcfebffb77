//! `pairing`: brackets and quotes that do not close, close twice or cross, within a paragraph.
//!
//! ```toml
//! kind = "pairing"
//! pairs = ["《》", "“”", "‘’", "（）", "【】", "〔〕"]
//! ```
//!
//! Checked with a stack per paragraph (and per heading line). Half-width `(` `)` count as
//! `（` `）` here: mixing them is the punctuation rule's business, not an unbalanced pair.
//! Outcomes: an opener never closed, a closer with no opener, a closer that crosses an
//! inner pair (《…（…》…）), and a pair of brackets one half-width and one full-width (…）. Placeholders: `{match}` (the mark), `{expected}` (its partner).

use super::{config, Context, Finding, Findings, RuleKind};
use crate::diagnostic::{Edit, Fix};
use crate::pack::SpecError;
use crate::span::Span;
use serde::Deserialize;
use toml::de::ValueDeserializer;

/// Brackets and quotes that do not close, close twice or cross. Placeholders: `{match}` (the
/// mark), `{expected}` (its partner).
///
/// Checked with a stack per paragraph and per heading line: an opener never closed, a closer
/// without an opener, a closer that crosses an inner pair (《…（…》…）). Half-width `()` count
/// as `（）` here: mixing them is the punctuation rule's business.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "pairing")]
pub(super) struct Config {
    /// Opening and closing mark, two characters each: "《》", "“”", "（）".
    pairs: Vec<String>,
}

struct Pairing {
    pairs: Vec<(char, char)>,
    /// No pair uses a Han character, digit or Latin letter, so those can be passed over.
    skip_common: bool,
}

/// Most characters of a report: Han characters, digits, Latin letters.
fn common(c: char) -> bool {
    matches!(c as u32, 0x4e00..=0x9fff | 0x30..=0x39 | 0x41..=0x5a | 0x61..=0x7a)
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    let mut pairs = Vec::new();
    for p in &c.pairs {
        let v: Vec<char> = p.chars().collect();
        match v.as_slice() {
            [o, c] if o != c => pairs.push((*o, *c)),
            _ => {
                return Err(SpecError::new(
                    format!("成对符号是两个不同的字符，如“《》”，不能是“{p}”"),
                    None,
                ))
            }
        }
    }
    let skip_common = !pairs.iter().any(|(o, c)| common(*o) || common(*c));
    Ok(Box::new(Pairing { pairs, skip_common }))
}

fn normalize(c: char) -> char {
    match c {
        '(' => '（',
        ')' => '）',
        c => c,
    }
}

impl RuleKind for Pairing {
    fn placeholders(&self) -> Vec<&str> {
        vec!["match", "expected"]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let doc = cx.doc;
        let st = doc.structure();
        let mut blocks: Vec<Span> = st.paragraphs.clone();
        blocks.extend(st.headings.iter().filter(|h| !h.run_in).map(|h| h.span));
        blocks.sort();
        let opener = |c: char| self.pairs.iter().find(|p| p.0 == c);
        let closer = |c: char| self.pairs.iter().find(|p| p.1 == c);
        for block in blocks {
            let mut stack: Vec<(char, Span)> = Vec::new();
            let block_text = doc.slice(block);
            for (i, raw) in doc.slice(block).char_indices() {
                if self.skip_common && common(raw) {
                    continue;
                }
                let c = normalize(raw);
                let span = Span::new(block.start + i, block.start + i + raw.len_utf8());
                if let Some(&(o, _)) = closer(c) {
                    match stack.iter().rposition(|(x, _)| *x == o) {
                        Some(pos) if pos + 1 == stack.len() => {
                            let (_, open_span) = stack.pop().expect("top");
                            // (…） or （…): one half of the pair is half-width
                            let open_raw = block_text[open_span.start - block.start..]
                                .chars()
                                .next()
                                .unwrap_or(o);
                            if (open_raw == '(') != (raw == ')') {
                                let mut f = Finding::at(span)
                                    .var("match", raw.to_string())
                                    .var("expected", if raw == ')' { "）" } else { ")" });
                                f.message =
                                    Some(format!("括号“{open_raw}”与“{raw}”一个半角一个全角"));
                                // the fix makes the half-width half full-width, as its partner
                                let (half, full) = if open_raw == '(' {
                                    (open_span, "（")
                                } else {
                                    (span, "）")
                                };
                                f.fix = Some(Fix {
                                    edits: vec![Edit {
                                        span: half,
                                        replacement: full.to_string(),
                                    }],
                                });
                                out.push(f.related(open_span, format!("“{open_raw}”在这里")));
                            }
                        }
                        Some(pos) => {
                            let (inner, inner_span) = stack[pos + 1];
                            let mut f = Finding::at(span)
                                .var("match", raw.to_string())
                                .var("expected", o.to_string());
                            f.message = Some(format!(
                                "“{raw}”与前面没有闭合的“{inner}”交叉（第 {} 列）",
                                doc.position(inner_span.start).column
                            ));
                            out.push(f.related(inner_span, format!("“{inner}”在这里打开")));
                            // this closer's opener is used up; the inner ones stay open,
                            // so that their own closers later on still pair
                            stack.remove(pos);
                        }
                        None => {
                            let mut f = Finding::at(span)
                                .var("match", raw.to_string())
                                .var("expected", o.to_string());
                            f.message = Some(format!("“{raw}”前面没有对应的“{o}”"));
                            out.push(f);
                        }
                    }
                } else if opener(c).is_some() {
                    stack.push((c, span));
                }
            }
            for (o, span) in stack {
                let (_, cl) = *opener(o).expect("on the stack");
                out.push(
                    Finding::at(span)
                        .var("match", doc.slice(span))
                        .var("expected", cl.to_string()),
                );
            }
        }
    }
}
