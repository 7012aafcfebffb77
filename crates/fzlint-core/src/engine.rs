//! The engine: packs compiled once per run into a [`Linter`], then applied to documents.
//!
//! All phrases of all rules live in one Aho-Corasick automaton, searched once per document
//! (overlapping, so that one rule's phrase never hides another rule's); each rule then gets its
//! own hits. A `Linter` is immutable and `Sync`: the CLI shares one across its worker threads.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::kinds::{Context, Finding, Findings, PartStatus, PhraseHit};
use crate::pack::{Pack, PackScope, Rule};
use crate::span::Span;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::sync::Arc;

/// A pack's identity, without its rules (which the linter keeps in one flat list).
#[derive(Debug)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
    pub description: String,
    pub origin: String,
    pub scope: Option<PackScope>,
    /// Packs this one extends and replaces in the run.
    pub replaces: Vec<String>,
}

/// How a pack takes part in checking one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackUse {
    Off,
    /// On for documents in the pack's `applies-to` scope (all documents if it has none).
    Scoped,
    /// On whatever the document's title says (chosen for this file by a glob in lint.toml).
    Forced,
}

/// Which packs and rules are on for one document, and at what severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub packs: Vec<PackUse>,
    /// Per rule: `None` if disabled, else its severity.
    pub rules: Vec<Option<Severity>>,
}

pub struct Linter {
    packs: Vec<PackInfo>,
    rules: Vec<Rule>,
    rule_pack: Vec<usize>,
    phrases: Option<PhraseIndex>,
}

/// The shared automaton and, for each of its patterns, the rules that asked for it.
struct PhraseIndex {
    automaton: AhoCorasick,
    /// Per pattern: the rules that want it, with the index into their phrases, or [`GATE`].
    owners: Vec<Vec<(usize, u32)>>,
    /// Per rule: whether it runs only where one of its gate literals was seen.
    gated: Vec<bool>,
}

/// The phrase index of a rule's gate literal ([`RuleKind::gate`]).
const GATE: u32 = u32::MAX;

#[derive(Debug, thiserror::Error)]
pub enum LinterError {
    #[error("有两个规则包都叫 `{0}`")]
    DuplicatePack(String),
    #[error("规则 `{0}` 定义了两次")]
    DuplicateRule(String),
    #[error("无法建立词语匹配自动机：{0}")]
    Automaton(String),
}

impl Linter {
    /// Compiles the packs into one linter. A pack that another one extends is left out: the
    /// extending pack runs its rules in its place.
    pub fn new(packs: Vec<Pack>) -> Result<Linter, LinterError> {
        let mut infos = Vec::new();
        let mut rules = Vec::new();
        let mut rule_pack = Vec::new();
        let replaced: Vec<String> = packs.iter().flat_map(|p| p.replaces.clone()).collect();
        for pack in packs {
            if replaced.contains(&pack.name) {
                continue;
            }
            if infos.iter().any(|p: &PackInfo| p.name == pack.name) {
                return Err(LinterError::DuplicatePack(pack.name));
            }
            for rule in pack.rules {
                if rules.iter().any(|r: &Rule| r.id == rule.id) {
                    return Err(LinterError::DuplicateRule(rule.id.to_string()));
                }
                rule_pack.push(infos.len());
                rules.push(rule);
            }
            infos.push(PackInfo {
                name: pack.name,
                version: pack.version,
                description: pack.description,
                origin: pack.origin,
                scope: pack.scope,
                replaces: pack.replaces,
            });
        }
        let phrases = build_phrase_index(&rules)?;
        Ok(Linter {
            packs: infos,
            rules,
            rule_pack,
            phrases,
        })
    }

    /// The index of the pack named `name`, or of the pack that extends it.
    pub fn pack_index(&self, name: &str) -> Option<usize> {
        let packs = &self.packs;
        packs.iter().position(|p| p.name == name).or_else(|| {
            packs
                .iter()
                .position(|p| p.replaces.iter().any(|r| r == name))
        })
    }

    pub fn packs(&self) -> &[PackInfo] {
        &self.packs
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The pack a rule belongs to.
    pub fn pack_of(&self, rule: usize) -> &PackInfo {
        &self.packs[self.rule_pack[rule]]
    }

    /// All packs scoped, all rules on at their own severity.
    pub fn default_selection(&self) -> Selection {
        Selection {
            packs: vec![PackUse::Scoped; self.packs.len()],
            rules: self.rules.iter().map(|r| Some(r.severity)).collect(),
        }
    }

    /// Checks one document; diagnostics come sorted by position, then rule id.
    pub fn check(&self, doc: &Document, selection: &Selection) -> Vec<Diagnostic> {
        self.check_with(doc, selection, false, usize::MAX).0
    }

    /// Like [`check`](Self::check), keeping at most `max` findings per rule (the most
    /// serious, then the first) and returning how many were left out: a page of 布署 must
    /// not take a gigabyte of diagnostics before a cap further on drops them. With
    /// `parallel`, the rules run on the current rayon pool (see
    /// [`check_rules_in_parallel`](Self::check_rules_in_parallel)).
    pub fn check_capped(
        &self,
        doc: &Document,
        selection: &Selection,
        max: usize,
        parallel: bool,
    ) -> (Vec<Diagnostic>, usize) {
        self.check_with(doc, selection, parallel, max)
    }

    /// Like [`check`](Self::check), running the rules in parallel on the current rayon pool:
    /// for runs over fewer documents than threads, where the rules (and the first use of
    /// their regexes, which compiles them) are the only work to share.
    pub fn check_rules_in_parallel(
        &self,
        doc: &Document,
        selection: &Selection,
    ) -> Vec<Diagnostic> {
        self.check_with(doc, selection, true, usize::MAX).0
    }

    /// The parts the active rules require of this document (a report's 「主要举措和成效」…),
    /// each with how the document has it: the rows of a reviewer's matrix. Empty when no
    /// rule requiring a part applies (the document is not such a report).
    pub fn parts(
        &self,
        doc: &Document,
        selection: &Selection,
    ) -> Vec<(Arc<str>, String, PartStatus)> {
        let pack_on = self.packs_on(doc, selection);
        (0..self.rules.len())
            .filter(|&r| selection.rules[r].is_some() && pack_on[self.rule_pack[r]])
            .filter_map(|r| {
                let rule = &self.rules[r];
                let (name, status) = rule.kind.part(doc)?;
                Some((Arc::clone(&rule.id), name, status))
            })
            .collect()
    }

    fn packs_on(&self, doc: &Document, selection: &Selection) -> Vec<bool> {
        self.packs
            .iter()
            .zip(&selection.packs)
            .map(|(p, u)| match u {
                PackUse::Off => false,
                PackUse::Forced => true,
                PackUse::Scoped => p.scope.as_ref().is_none_or(|s| s.applies_to(doc)),
            })
            .collect()
    }

    fn check_with(
        &self,
        doc: &Document,
        selection: &Selection,
        parallel: bool,
        max: usize,
    ) -> (Vec<Diagnostic>, usize) {
        let pack_on = self.packs_on(doc, selection);
        let severity: Vec<Option<Severity>> = (0..self.rules.len())
            .map(|r| selection.rules[r].filter(|_| pack_on[self.rule_pack[r]]))
            .collect();

        let mut hits: Vec<Vec<PhraseHit>> = vec![Vec::new(); self.rules.len()];
        let mut gate_open = vec![false; self.rules.len()];
        if let Some(index) = &self.phrases {
            for m in index.automaton.find_overlapping_iter(doc.text()) {
                for &(rule, phrase) in &index.owners[m.pattern().as_usize()] {
                    if phrase == GATE {
                        gate_open[rule] = true;
                    } else if severity[rule].is_some() {
                        hits[rule].push(PhraseHit {
                            span: Span::new(m.start(), m.end()),
                            phrase,
                        });
                    }
                }
            }
        }
        let skip = |r: usize| {
            self.phrases
                .as_ref()
                .is_some_and(|i| i.gated[r] && !gate_open[r])
        };

        let active: Vec<(usize, Severity)> = (0..self.rules.len())
            .filter_map(|r| severity[r].filter(|_| !skip(r)).map(|s| (r, s)))
            .collect();
        let run = |&(r, sev): &(usize, Severity)| {
            let rule = &self.rules[r];
            let mut findings = Findings::new(doc, &rule.id, max, sev);
            let cx = Context {
                doc,
                hits: &hits[r],
                severity: sev,
            };
            rule.kind.check(&cx, &mut findings);
            let (findings, left_out) = findings.finish();
            let diagnostics: Vec<Diagnostic> = findings
                .into_iter()
                .map(|f| diagnostic(doc, rule, sev, f))
                .collect();
            (diagnostics, left_out)
        };
        let per_rule: Vec<(Vec<Diagnostic>, usize)> = if parallel {
            use rayon::prelude::*;
            active.par_iter().map(run).collect()
        } else {
            active.iter().map(run).collect()
        };
        let left_out = per_rule.iter().map(|(_, n)| n).sum();
        let mut out: Vec<Diagnostic> = per_rule.into_iter().flat_map(|(d, _)| d).collect();
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
        // spans snapped to characters may now fall in a suppressed stretch
        out.retain(|d| !doc.is_suppressed(&d.rule, d.span.start));
        (out, left_out)
    }
}

fn build_phrase_index(rules: &[Rule]) -> Result<Option<PhraseIndex>, LinterError> {
    let mut patterns: Vec<String> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut owners: Vec<Vec<(usize, u32)>> = Vec::new();
    let mut gated = vec![false; rules.len()];
    for (r, rule) in rules.iter().enumerate() {
        let gate = rule.kind.gate().unwrap_or_default();
        gated[r] = !gate.is_empty();
        let phrases = rule
            .kind
            .phrases()
            .into_iter()
            .map(str::to_string)
            .enumerate();
        let gate = gate.into_iter().map(|g| (GATE as usize, g));
        for (i, phrase) in phrases.chain(gate) {
            let id = *ids.entry(phrase.clone()).or_insert_with(|| {
                patterns.push(phrase);
                owners.push(Vec::new());
                patterns.len() - 1
            });
            if !owners[id].contains(&(r, i as u32)) {
                owners[id].push((r, i as u32));
            }
        }
    }
    if patterns.is_empty() {
        return Ok(None);
    }
    // A DFA: a few hundred phrases make a small one, and it scans Chinese text (where the
    // byte-frequency prefilter finds nothing rare to skip to) about twice as fast as the NFA.
    let automaton = AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .map_err(|e| LinterError::Automaton(e.to_string()))?;
    Ok(Some(PhraseIndex {
        automaton,
        owners,
        gated,
    }))
}

fn diagnostic(doc: &Document, rule: &Rule, severity: Severity, f: Finding) -> Diagnostic {
    let span = f.span.snap_to(doc.text());
    let vars: Vec<(&str, &str)> = f
        .vars
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_str()))
        .collect();
    Diagnostic {
        rule: Arc::clone(&rule.id),
        severity: f.severity.unwrap_or(severity),
        message: f
            .message
            .unwrap_or_else(|| rule.message_template.render(&vars)),
        help: rule.help_template.as_ref().map(|t| t.render(&vars)),
        source: rule.source.clone(),
        span,
        start: doc.position(span.start),
        end: doc.end_position(span.end),
        place: doc.place(span.start),
        text: doc.slice(span).to_string(),
        fix: f.fix.map(|mut fix| {
            for e in &mut fix.edits {
                e.span = e.span.snap_to(doc.text());
            }
            fix.edits.sort_by_key(|e| e.span);
            fix
        }),
        related: f
            .related
            .into_iter()
            .map(|(span, label)| {
                let span = span.snap_to(doc.text());
                crate::diagnostic::Related {
                    span,
                    start: doc.position(span.start),
                    end: doc.end_position(span.end),
                    text: doc.slice(span).to_string(),
                    label,
                }
            })
            .collect(),
    }
}
