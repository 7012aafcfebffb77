//! `phrase`: any of a list of phrases, with an optional replacement for each.
//!
//! ```toml
//! kind = "phrase"
//! phrases = ["取得了一定成效"]                 # reported as they are
//! suggest = { "布署" = "部署" }                 # reported with {suggest} filled in
//! exceptions = ["布署图"]                       # longer text in which a phrase is fine
//! unless-sentence = "\\d"                       # skip hits whose sentence matches this regex
//! fix = true                                    # the suggestion is a safe automatic fix
//! dictionary = "data/typos.tsv"                 # more suggestions: wrong<TAB>right<TAB>source
//! ```
//!
//! Matching is done by the engine's shared Aho-Corasick automaton. Within one rule, overlapping
//! hits resolve leftmost-longest (有待进一步加强 wins over 进一步加强); other rules still see
//! their own hits.

use super::LazyRegex;
use super::{compile_regex, config, Context, Finding, Findings, RuleKind};
use crate::diagnostic::{Edit, Fix};
use crate::pack::SpecError;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::de::ValueDeserializer;
use toml::Spanned;

/// Any of a list of phrases, with an optional replacement for each. Placeholders: `{match}`,
/// `{suggest}`.
///
/// The phrases of all rules of all packs are found in one pass over the document (one
/// Aho-Corasick automaton). Within a rule, overlapping hits resolve to the leftmost, then the
/// longest (有待进一步加强 over 进一步加强); different rules do not hide each other's hits.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "phrase")]
pub(super) struct Config {
    /// Phrases reported as they are.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    phrases: Vec<Spanned<String>>,
    /// Phrases with their replacement: `{ "布署" = "部署" }`; the message and help can use
    /// `{suggest}`.
    #[serde(default)]
    suggest: BTreeMap<String, String>,
    /// Longer texts in which a phrase is fine (布署图 for 布署).
    #[serde(default)]
    exceptions: Vec<String>,
    /// A regex: hits whose sentence matches it are skipped.
    #[schemars(with = "Option<String>")]
    unless_sentence: Option<Spanned<String>>,
    /// `unless-sentence` also looks at the sentence after the hit's (a claim whose figures
    /// follow in the next sentence is backed).
    #[serde(default)]
    unless_next_sentence: bool,
    /// The suggestion is a safe automatic fix for `fzlint fix`.
    #[serde(default)]
    fix: bool,
    /// A data file of `wrong<TAB>right<TAB>source` lines, relative to the pack file, added to
    /// `suggest` when the pack loads (built-in packs: `data/typos.tsv`, `data/variants.tsv`).
    #[serde(default)]
    #[allow(dead_code)] // read by the pack loader, which replaces it with `suggest`
    dictionary: Option<String>,
}

struct Phrase {
    /// Phrases first, then exceptions; `suggestions[i]` belongs to `patterns[i]`.
    patterns: Vec<String>,
    suggestions: Vec<Option<String>>,
    phrase_count: usize,
    unless_sentence: Option<LazyRegex>,
    unless_next_sentence: bool,
    fix: bool,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    let mut patterns: Vec<String> = Vec::new();
    let mut suggestions = Vec::new();
    for p in &c.phrases {
        if p.get_ref().is_empty() {
            return Err(SpecError::new("词语为空", Some(p.span())));
        }
        if !patterns.contains(p.get_ref()) {
            patterns.push(p.get_ref().clone());
            suggestions.push(None);
        }
    }
    for (p, s) in &c.suggest {
        if p.is_empty() {
            return Err(SpecError::new("`suggest` 里有空词语", None));
        }
        match patterns.iter().position(|x| x == p) {
            Some(i) => suggestions[i] = Some(s.clone()),
            None => {
                patterns.push(p.clone());
                suggestions.push(Some(s.clone()));
            }
        }
    }
    if patterns.is_empty() {
        return Err(SpecError::new(
            "phrase 规则需要 `phrases` 或 `suggest`",
            None,
        ));
    }
    let phrase_count = patterns.len();
    patterns.extend(c.exceptions.iter().filter(|e| !e.is_empty()).cloned());
    Ok(Box::new(Phrase {
        patterns,
        suggestions,
        phrase_count,
        unless_sentence: c.unless_sentence.as_ref().map(compile_regex).transpose()?,
        unless_next_sentence: c.unless_next_sentence,
        fix: c.fix,
    }))
}

impl RuleKind for Phrase {
    fn placeholders(&self) -> Vec<&str> {
        vec!["match", "suggest"]
    }

    fn phrases(&self) -> Vec<&str> {
        self.patterns.iter().map(String::as_str).collect()
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let is_exception = |i: u32| i as usize >= self.phrase_count;
        // Hits and exceptions in order of start: a hit inside an exception is found with one
        // pass over both (the exception reaching furthest among those started so far), not a
        // search per hit, so that a page of 布署 with a page of 布署图 stays linear.
        let mut exceptions: Vec<_> = cx
            .hits
            .iter()
            .filter(|h| is_exception(h.phrase))
            .map(|h| h.span)
            .collect();
        exceptions.sort_by_key(|e| e.start);
        let mut hits: Vec<_> = cx.hits.iter().filter(|h| !is_exception(h.phrase)).collect();
        hits.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
        let (mut next_exception, mut exception_end) = (0, 0);
        let mut covered = 0;
        // the verdict of `unless-sentence` for the last sentence asked about: one regex search
        // per sentence, however many hits it holds
        let mut sentence: Option<(crate::span::Span, bool)> = None;
        for h in hits {
            while next_exception < exceptions.len()
                && exceptions[next_exception].start <= h.span.start
            {
                exception_end = exception_end.max(exceptions[next_exception].end);
                next_exception += 1;
            }
            if exception_end >= h.span.end {
                continue;
            }
            if h.span.start < covered {
                continue;
            }
            covered = h.span.end;
            if let (Some(re), Some(s)) = (&self.unless_sentence, cx.doc.sentence_at(h.span.start)) {
                let skip = match sentence {
                    Some((known, verdict)) if known == s => verdict,
                    _ => {
                        let next = || {
                            self.unless_next_sentence
                                && cx
                                    .doc
                                    .sentence_after(s)
                                    .is_some_and(|n| re.is_match(cx.doc.slice(n)))
                        };
                        let verdict = re.is_match(cx.doc.slice(s)) || next();
                        sentence = Some((s, verdict));
                        verdict
                    }
                };
                if skip {
                    continue;
                }
            }
            let mut f = Finding::at(h.span).var("match", cx.doc.slice(h.span));
            if let Some(s) = &self.suggestions[h.phrase as usize] {
                f = f.var("suggest", s.clone());
                if self.fix {
                    f.fix = Some(Fix {
                        edits: vec![Edit {
                            span: h.span,
                            replacement: s.clone(),
                        }],
                    });
                }
            }
            out.push(f);
        }
    }
}
