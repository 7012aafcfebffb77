//! `numeric`: quantities that break an assertion.
//!
//! ```toml
//! kind = "numeric"
//! scope = "sentence"                      # sentence | paragraph | section | document
//! regex = '(?P<name>\p{Han}{1,8}率)为(?P<hit>(?P<pct>\d+(?:\.\d+)?)%)'
//! assert = "pct <= 100.0"                 # CEL; the finding is reported when it is false
//! lists = { totals = '(?P<n>\d+)件' }     # every match in the unit (or in the group of that name)
//! # a list item may have to agree with the match: keep items whose group `unit` has the
//! # same text as the match's group `unit`
//! # lists = { totals = { regex = '(?P<n>\d+)(?P<unit>件|人)', same = ["unit"] } }
//! show = { expected = "part / total * 100.0" }   # computed values for the message
//! unless = '增长率'                       # skip matches whose text matches this
//! skip-approximate = true                 # do not judge 86余件, 约300人
//! ```
//!
//! Every named group but `hit` is parsed by the quantity parser and becomes a CEL double of
//! the same name; `NAME_rounding` is half a unit of its last written digit (0.5 for 14%,
//! 0.005 for 14.47%), the error rounding may have put in it; `NAME_text` is its text as a CEL
//! string (so `name_text == name2_text` can tie two captures to the same word). In the message, `{NAME}` is the
//! captured text and `{SHOW}` a computed value. The regex runs within each unit of the scope.

use super::LazyRegex;
use super::{compile_regex, config, Context, Finding, Findings, RuleKind};
use crate::document::Document;
use crate::expr::{format_number, Expr, Outcome, Vars};
use crate::pack::SpecError;
use crate::quantity;
use crate::span::Span;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::de::ValueDeserializer;
use toml::Spanned;

#[derive(
    Deserialize, serde::Serialize, Clone, Copy, PartialEq, Eq, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "numeric-scope")]
pub(crate) enum Scope {
    #[default]
    Sentence,
    Paragraph,
    /// From one top-level heading to the next.
    Section,
    Document,
}

/// The units of text a scope splits a document into.
pub(crate) fn scope_units(doc: &Document, scope: Scope) -> Vec<Span> {
    let st = doc.structure();
    match scope {
        Scope::Sentence => st.sentences.clone(),
        Scope::Paragraph => st.paragraphs.clone(),
        Scope::Document => vec![Span::new(0, doc.text().len())],
        Scope::Section => {
            // from each top-level heading to the next; text before the first is a unit too
            let top = st.headings.iter().map(|h| h.level).min();
            let mut starts: Vec<usize> = st
                .headings
                .iter()
                .filter(|h| Some(h.level) == top)
                .map(|h| h.span.start)
                .collect();
            starts.insert(0, 0);
            starts.dedup();
            let mut units: Vec<Span> = starts.windows(2).map(|w| Span::new(w[0], w[1])).collect();
            units.push(Span::new(*starts.last().unwrap_or(&0), doc.text().len()));
            units
        }
    }
}

/// Numbers that must satisfy an assertion: rates at most 100 %, parts that add up to their
/// total, ratios that match their counts. Placeholders: `{match}`, every named group, every
/// list (its numbers joined with 、) and every `show` value.
///
/// Every named group but `hit` is read by the quantity parser (1,234 · 1.2万 · 十二 · 一百零五 ·
/// 百分之九十五 · 15.13% · 3‰ · 86余) and becomes a number of the same name in the CEL
/// expressions, with `NAME_rounding` (half a unit of its last written digit: 0.5 for 14%,
/// 0.005 for 14.47%) and `NAME_text` (its text). Write decimals with a point (`100.0`): CEL
/// does not mix integers and decimals. Each expression is tried with sample values when the
/// pack loads, so a type error or unknown name is a pack error at its line and column. See
/// writing-packs.md for the functions and a worked example.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "numeric")]
pub(super) struct Config {
    /// A regex whose named groups capture numbers (万, %, 百分之, Chinese numerals are read);
    /// a group named `hit` is the reported span.
    #[schemars(with = "String")]
    regex: Spanned<String>,
    /// Where `regex` is matched and `lists` are collected.
    #[serde(default)]
    scope: Scope,
    /// A CEL expression over the groups and lists that must be true; false is a finding.
    #[schemars(with = "String")]
    assert: Spanned<String>,
    /// Named lists of every number a regex finds in the scope (for sums: sum(parts)).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, ListSpec>")]
    lists: BTreeMap<String, Spanned<ListSpec>>,
    /// Extra message placeholders computed by CEL expressions: `{ expected = "a / b * 100" }`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    show: BTreeMap<String, Spanned<String>>,
    /// A regex: matches whose sentence matches it are skipped.
    #[schemars(with = "Option<String>")]
    unless: Option<Spanned<String>>,
    /// Skip matches whose numbers are approximate (约, 近, 余, 多, 以上).
    #[serde(default = "yes")]
    skip_approximate: bool,
}

fn yes() -> bool {
    true
}

/// A list's regex, or a table with the regex and the groups that must agree. (An untagged
/// enum cannot hold `Spanned` fields, so the whole spec carries the span.)
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "numeric-list")]
enum ListSpec {
    /// The regex whose group `n` is each number.
    Regex(String),
    Table {
        /// The regex whose group `n` is each number.
        regex: String,
        /// Other named groups that must be the same in every item (one unit, one year).
        #[serde(default)]
        same: Vec<String>,
    },
}

struct List {
    name: String,
    regex: LazyRegex,
    same: Vec<String>,
}

struct Numeric {
    regex: LazyRegex,
    scope: Scope,
    assert: Expr,
    /// Number groups of `regex` (all named groups but `hit`).
    numbers: Vec<String>,
    lists: Vec<List>,
    show: Vec<(String, Expr)>,
    unless: Option<LazyRegex>,
    skip_approximate: bool,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    let regex = compile_regex(&c.regex)?;
    let numbers: Vec<String> = regex
        .names()
        .iter()
        .filter(|n| *n != "hit")
        .cloned()
        .collect();
    let mut lists = Vec::new();
    for (name, spec) in &c.lists {
        let (regex, same) = match spec.get_ref() {
            ListSpec::Regex(r) => (r.clone(), Vec::new()),
            ListSpec::Table { regex, same } => (regex.clone(), same.clone()),
        };
        let regex = Spanned::new(spec.span(), regex);
        let compiled = compile_regex(&regex)?;
        for g in &same {
            if !numbers.contains(g) || !compiled.names().contains(g) {
                return Err(SpecError::new(
                    format!("`same` 里的 `{g}` 必须是两个正则表达式都有的命名组"),
                    Some(regex.span()),
                ));
            }
        }
        lists.push(List {
            name: name.clone(),
            regex: compiled,
            same,
        });
    }
    // Sample evaluation knows every number, its rounding and every list.
    let mut names: Vec<String> = numbers.clone();
    names.extend(numbers.iter().map(|n| format!("{n}_rounding")));
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let list_refs: Vec<&str> = c.lists.keys().map(String::as_str).collect();
    let texts: Vec<String> = numbers.iter().map(|n| format!("{n}_text")).collect();
    let text_refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let expr = |s: &Spanned<String>| {
        Expr::compile(s.get_ref(), &name_refs, &list_refs, &text_refs)
            .map_err(|e| SpecError::new(format!("表达式有误：{e}"), Some(s.span())))
    };
    let assert = expr(&c.assert)?;
    if !matches!(
        assert.eval(&sample(&name_refs, &list_refs, &text_refs)),
        Ok(Outcome::Bool(_))
    ) {
        return Err(SpecError::new(
            "`assert` 的结果必须是 true 或 false",
            Some(c.assert.span()),
        ));
    }
    let mut show = Vec::new();
    for (k, v) in &c.show {
        if numbers.contains(k) || c.lists.contains_key(k) {
            return Err(SpecError::new(
                format!("`show.{k}` 与一个捕获组或列表同名"),
                Some(v.span()),
            ));
        }
        show.push((k.clone(), expr(v)?));
    }
    Ok(Box::new(Numeric {
        regex,
        scope: c.scope,
        assert,
        numbers,
        lists,
        show,
        unless: c.unless.as_ref().map(compile_regex).transpose()?,
        skip_approximate: c.skip_approximate,
    }))
}

fn sample(numbers: &[&str], lists: &[&str], texts: &[&str]) -> Vars {
    Vars {
        numbers: numbers.iter().map(|n| (n.to_string(), 1.0)).collect(),
        lists: lists
            .iter()
            .map(|l| (l.to_string(), vec![1.0, 2.0]))
            .collect(),
        texts: texts
            .iter()
            .map(|t| (t.to_string(), "率".to_string()))
            .collect(),
    }
}

/// Half a unit of the last digit written: 14 → 0.5, 14.5 → 0.05, 14.47 → 0.005.
fn rounding(text: &str) -> f64 {
    let number: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    match number.split_once('.') {
        Some((_, frac)) if !frac.is_empty() => 0.5 * 10f64.powi(-(frac.len() as i32)),
        _ => 0.5,
    }
}

fn render(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Bool(b) => b.to_string(),
        Outcome::Number(x) => format_number(*x),
        Outcome::List(l) => l
            .iter()
            .map(|x| format_number(*x))
            .collect::<Vec<_>>()
            .join("、"),
    }
}

impl RuleKind for Numeric {
    fn placeholders(&self) -> Vec<&str> {
        let mut v = vec!["match"];
        v.extend(self.regex.names().iter().map(String::as_str));
        v.extend(self.lists.iter().map(|l| l.name.as_str()));
        v.extend(self.show.iter().map(|(k, _)| k.as_str()));
        v
    }

    fn gate(&self) -> Option<Vec<String>> {
        super::required_literals(self.regex.as_str())
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let doc = cx.doc;
        // A match inside a unit is a match in the document: one fast search over the whole
        // text skips the per-unit searches in the many documents with nothing to judge.
        if !self.regex.is_match(doc.text()) {
            return;
        }
        for unit in scope_units(doc, self.scope) {
            let text = doc.slice(unit);
            'matches: for caps in self.regex.captures_iter(text) {
                let whole = caps.get(0).expect("group 0");
                if self
                    .unless
                    .as_ref()
                    .is_some_and(|u| u.is_match(whole.as_str()))
                {
                    continue;
                }
                let mut vars = Vars::default();
                for name in &self.numbers {
                    let Some(m) = caps.name(name) else { continue };
                    vars.texts
                        .insert(format!("{name}_text"), m.as_str().to_string());
                    let Some(q) = quantity::parse(m.as_str()) else {
                        continue;
                    };
                    if q.approx && self.skip_approximate {
                        continue 'matches;
                    }
                    vars.numbers.insert(name.clone(), q.value);
                    vars.numbers
                        .insert(format!("{name}_rounding"), rounding(m.as_str()));
                }
                for list in &self.lists {
                    let within = caps.name(&list.name).map_or(text, |m| m.as_str());
                    let mut values = Vec::new();
                    for m in list.regex.captures_iter(within) {
                        let agrees = list.same.iter().all(|g| {
                            m.name(g).map(|x| x.as_str()) == caps.name(g).map(|x| x.as_str())
                        });
                        if !agrees {
                            continue;
                        }
                        let t = m
                            .iter()
                            .skip(1)
                            .flatten()
                            .next()
                            .unwrap_or(m.get(0).expect("group 0"));
                        match quantity::parse(t.as_str()) {
                            Some(q) if q.approx && self.skip_approximate => continue 'matches,
                            Some(q) => values.push(q.value),
                            None => {}
                        }
                    }
                    vars.lists.insert(list.name.clone(), values);
                }
                // A value the expression needs is missing or it fails: no judgement.
                if self.assert.eval(&vars) != Ok(Outcome::Bool(false)) {
                    continue;
                }
                let hit = caps.name("hit").unwrap_or(whole);
                let mut f =
                    Finding::at(Span::new(unit.start + hit.start(), unit.start + hit.end()))
                        .var("match", hit.as_str());
                for name in self.regex.capture_names().flatten() {
                    if let Some(m) = caps.name(name) {
                        f = f.var(name.to_string(), m.as_str());
                    }
                }
                for (name, values) in &vars.lists {
                    f = f.var(name.clone(), render(&Outcome::List(values.clone())));
                }
                for (name, e) in &self.show {
                    if let Ok(o) = e.eval(&vars) {
                        f = f.var(name.clone(), render(&o));
                    }
                }
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rounding;

    #[test]
    fn rounding_follows_the_written_precision() {
        assert_eq!(rounding("14%"), 0.5);
        assert_eq!(rounding("14.5%"), 0.05);
        assert!((rounding("14.47") - 0.005).abs() < 1e-12);
    }
}
