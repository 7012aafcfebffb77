//! `near-names`: text one character off a listed name — the typical 严重表述错误 (a name of the
//! country, the Party, a state organ, a standard formulation or a leader written wrong).
//!
//! ```toml
//! kind = "near-names"
//! names-file = "data/names.tsv"   # name<TAB>source per line; or names = ["…"]
//! ```
//!
//! A stretch of text is reported when it starts with the first character of a listed name,
//! ends with its last, and is one edit from it — one character changed, left out, added or
//! two neighbours swapped (习近平新时代中国特色社会主意思想, 中华人名共和国) — and is not itself
//! a listed name. Names need four characters or more: shorter ones are one edit from too many
//! words. Candidates are found through one Aho-Corasick pass over the first and last two
//! characters of every name, so the check is linear in the text.

use super::{config, Context, Finding, Findings, RuleKind};
use crate::pack::SpecError;
use crate::span::Span;
use aho_corasick::AhoCorasick;
use serde::Deserialize;
use std::collections::HashSet;
use toml::de::ValueDeserializer;
use toml::Spanned;

/// Text one character off a listed name. Placeholders: `{match}` (the text), `{suggest}`
/// (the name).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "near-names")]
pub(super) struct Config {
    /// The names, each written exactly as it must be (four characters or more).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    names: Vec<Spanned<String>>,
    /// A data file of `name<TAB>source` lines, relative to the pack file, added to `names`.
    #[serde(default)]
    #[allow(dead_code)] // read by the pack loader, which replaces it with `names`
    names_file: Option<String>,
}

struct NearNames {
    names: Vec<Vec<char>>,
    known: HashSet<String>,
    /// Pattern i of the automaton: (name index, true for the first two characters).
    anchors: Vec<(usize, bool)>,
    automaton: AhoCorasick,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    let mut names = Vec::new();
    for n in &c.names {
        let chars: Vec<char> = n.get_ref().chars().collect();
        if chars.len() < 4 {
            return Err(SpecError::new(
                format!(
                    "“{}” is too short: names need four characters or more",
                    n.get_ref()
                ),
                Some(n.span()),
            ));
        }
        names.push(chars);
    }
    if names.is_empty() {
        return Err(SpecError::new(
            "near-names 规则需要 `names` 或 `names-file`",
            None,
        ));
    }
    let known = names.iter().map(|n| n.iter().collect()).collect();
    let mut patterns: Vec<String> = Vec::new();
    let mut anchors = Vec::new();
    for (i, n) in names.iter().enumerate() {
        patterns.push(n[..2].iter().collect());
        anchors.push((i, true));
        patterns.push(n[n.len() - 2..].iter().collect());
        anchors.push((i, false));
    }
    let automaton = AhoCorasick::new(&patterns)
        .map_err(|e| SpecError::new(format!("名称表无法建立匹配自动机：{e}"), None))?;
    Ok(Box::new(NearNames {
        names,
        known,
        anchors,
        automaton,
    }))
}

/// True if `a` and `b` are one substitution, insertion, deletion or adjacent swap apart.
fn one_edit(a: &[char], b: &[char]) -> bool {
    if a == b {
        return false;
    }
    let (la, lb) = (a.len(), b.len());
    if la == lb {
        let diff: Vec<usize> = (0..la).filter(|&i| a[i] != b[i]).collect();
        return diff.len() == 1
            || (diff.len() == 2
                && diff[1] == diff[0] + 1
                && a[diff[0]] == b[diff[1]]
                && a[diff[1]] == b[diff[0]]);
    }
    let (short, long) = if la < lb { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    let first = (0..short.len())
        .find(|&i| short[i] != long[i])
        .unwrap_or(short.len());
    short[first..] == long[first + 1..]
}

impl RuleKind for NearNames {
    fn placeholders(&self) -> Vec<&str> {
        vec!["match", "suggest"]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let text = cx.doc.text();
        let mut reported: Vec<Span> = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let (ni, is_prefix) = self.anchors[m.pattern().as_usize()];
            let name = &self.names[ni];
            for len in [name.len() - 1, name.len(), name.len() + 1] {
                // the candidate starts at a prefix hit, or ends at a suffix hit
                let span = if is_prefix {
                    let end = text[m.start()..]
                        .char_indices()
                        .nth(len)
                        .map_or(text.len(), |(i, _)| m.start() + i);
                    if text[m.start()..end].chars().count() != len {
                        continue;
                    }
                    Span::new(m.start(), end)
                } else {
                    let Some((start, _)) = text[..m.end()].char_indices().rev().nth(len - 1) else {
                        continue;
                    };
                    Span::new(start, m.end())
                };
                let cand: Vec<char> = text[span.range()].chars().collect();
                if cand.first() != name.first() || cand.last() != name.last() {
                    continue;
                }
                let cand_text: String = cand.iter().collect();
                if self.known.contains(&cand_text) || !one_edit(&cand, name) {
                    continue;
                }
                // a listed name at the same place is the right reading (中华人民共和国宪法
                // holds 中华人民共和国)
                if self.known.iter().any(|k| {
                    text[span.start..].starts_with(k.as_str())
                        || text[..span.end].ends_with(k.as_str())
                }) {
                    continue;
                }
                // hits come in order of their end, so an overlap is with a recent report
                if reported
                    .iter()
                    .rev()
                    .take(4)
                    .any(|r| r.start < span.end && span.start < r.end)
                {
                    continue;
                }
                reported.push(span);
                let suggest: String = name.iter().collect();
                out.push(
                    Finding::at(span)
                        .var("match", cand_text)
                        .var("suggest", suggest),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::one_edit;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn one_edit_means_one_change_one_gap_one_extra_or_one_swap() {
        let n = c("中华人民共和国");
        assert!(one_edit(&c("中华人名共和国"), &n));
        assert!(one_edit(&c("中华人共和国"), &n));
        assert!(one_edit(&c("中华人民民共和国"), &n));
        assert!(one_edit(&c("中华民人共和国"), &n));
        assert!(!one_edit(&n, &n));
        assert!(!one_edit(&c("中华人名共合国"), &n));
    }
}
