//! Rule kinds: the extension points. A kind is one file here with a config struct (its TOML
//! fields) and an implementation of [`RuleKind`]; registering it is one line in [`KINDS`].

#[cfg(test)]
mod behaviour_tests;
mod date;
pub use date::sign_off_date;
mod lazy_regex;
mod near_names;
mod numeric;
mod pairing;
mod pattern;
mod phrase;
mod punctuation;
mod quantity;
mod repeated_line;
mod repeated_sentence;
mod repetition;
mod required_section;
mod sequence;

use crate::diagnostic::{Fix, Severity};
use crate::document::Document;
use crate::pack::SpecError;
use crate::span::Span;
pub use lazy_regex::LazyRegex;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::ops::Range;
use toml::de::{DeValue, ValueDeserializer};
use toml::Spanned;

/// What a rule kind does with a document.
pub trait RuleKind: Send + Sync {
    /// Placeholders its findings can fill in the rule's `message` and `help`.
    fn placeholders(&self) -> Vec<&str>;

    /// Phrases this rule wants found in one shared pass over the document. The engine puts
    /// the phrases of all rules in one Aho-Corasick automaton and hands each rule its hits,
    /// where [`PhraseHit::phrase`] is the index into this list.
    fn phrases(&self) -> Vec<&str> {
        Vec::new()
    }

    /// Literals of which one must occur in a document for this rule to find anything. The
    /// engine looks for them in its one Aho-Corasick pass and runs the rule only where one
    /// was seen, so that most regexes never run on most documents.
    fn gate(&self) -> Option<Vec<String>> {
        None
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>);

    /// For a rule that requires a part of the report: the part's name and how the document
    /// has it, found the same way as the findings are (for the HTML report's matrix).
    fn part(&self, _doc: &Document) -> Option<(String, PartStatus)> {
        None
    }
}

/// How a document has a part the report requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartStatus {
    /// A heading of its own at the part's level.
    Present,
    /// Only as a heading one level deeper.
    Subsection,
    /// No heading; a lead sentence in the text.
    Mentioned,
    Missing,
}

/// Where a rule puts its findings. It holds at most about twice `max` at a time: past that
/// it keeps the `max` most serious (then first) and counts the rest, so that a pathological
/// document (a page of 布署) cannot hold millions of findings in memory at once.
pub struct Findings<'a> {
    doc: &'a Document,
    rule: &'a str,
    items: Vec<Finding>,
    max: usize,
    /// The rule's severity, for findings that do not set their own.
    severity: Severity,
    left_out: usize,
}

impl<'a> Findings<'a> {
    /// For `rule` on `doc`; findings in a stretch where the document suppresses the rule
    /// are dropped as they come.
    pub fn new(doc: &'a Document, rule: &'a str, max: usize, severity: Severity) -> Findings<'a> {
        Findings {
            doc,
            rule,
            items: Vec::new(),
            max: max.max(1),
            severity,
            left_out: 0,
        }
    }

    pub fn push(&mut self, finding: Finding) {
        if self.doc.is_suppressed(self.rule, finding.span.start) {
            return;
        }
        self.items.push(finding);
        if self.items.len() >= self.max.saturating_mul(2) {
            self.keep_max();
        }
    }

    fn keep_max(&mut self) {
        let before = self.items.len();
        self.items.sort_by_key(|f| f.span);
        self.items.dedup_by_key(|f| f.span);
        let sev = |f: &Finding| f.severity.unwrap_or(self.severity);
        self.items
            .sort_by(|a, b| sev(b).cmp(&sev(a)).then(a.span.cmp(&b.span)));
        self.items.truncate(self.max);
        // duplicates (one span found twice) are not findings left out
        let dups = before - self.items.len();
        self.left_out += dups.min(before.saturating_sub(self.max));
    }

    /// The findings kept, and how many more there were.
    pub fn finish(mut self) -> (Vec<Finding>, usize) {
        if self.items.len() > self.max {
            self.keep_max();
        }
        (self.items, self.left_out)
    }
}

/// What a rule sees of a document.
pub struct Context<'a> {
    pub doc: &'a Document,
    /// This rule's phrase hits, in order of start (overlapping hits included).
    pub hits: &'a [PhraseHit],
    /// The rule's severity in this run (after configuration), for kinds that report some
    /// outcomes one step lower.
    pub severity: Severity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseHit {
    pub span: Span,
    /// Index into the rule's [`RuleKind::phrases`].
    pub phrase: u32,
}

/// A finding before the engine attaches the rule's id, message and help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Span,
    /// Values for the rule's message/help placeholders.
    pub vars: Vec<(Cow<'static, str>, String)>,
    /// A message that replaces the rule's (for kinds with several outcomes).
    pub message: Option<String>,
    /// A severity that replaces the rule's.
    pub severity: Option<Severity>,
    pub fix: Option<Fix>,
    /// Secondary places, each with a label.
    pub related: Vec<(Span, String)>,
}

impl Finding {
    pub fn at(span: Span) -> Self {
        Finding {
            span,
            vars: Vec::new(),
            message: None,
            severity: None,
            fix: None,
            related: Vec::new(),
        }
    }

    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn var(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.vars.push((name.into(), value.into()));
        self
    }
}

type Compile = fn(ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError>;
/// The JSON Schema of a kind's fields, from its config struct (doc comments included).
type Schema = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

fn schema_of<T: schemars::JsonSchema>(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    g.root_schema_for::<T>()
}

/// The registry: kind name → compiler and schema. Names are what packs write in `kind = "…"`.
const KINDS: &[(&str, Compile, Schema)] = &[
    ("phrase", phrase::compile, schema_of::<phrase::Config>),
    ("pattern", pattern::compile, schema_of::<pattern::Config>),
    (
        "required-section",
        required_section::compile,
        schema_of::<required_section::Config>,
    ),
    ("numeric", numeric::compile, schema_of::<numeric::Config>),
    ("quantity", quantity::compile, schema_of::<quantity::Config>),
    (
        "near-names",
        near_names::compile,
        schema_of::<near_names::Config>,
    ),
    ("sequence", sequence::compile, schema_of::<sequence::Config>),
    ("date", date::compile, schema_of::<date::Config>),
    (
        "repetition",
        repetition::compile,
        schema_of::<repetition::Config>,
    ),
    ("pairing", pairing::compile, schema_of::<pairing::Config>),
    (
        "repeated-sentence",
        repeated_sentence::compile,
        schema_of::<repeated_sentence::Config>,
    ),
    (
        "repeated-line",
        repeated_line::compile,
        schema_of::<repeated_line::Config>,
    ),
    (
        "punctuation",
        punctuation::compile,
        schema_of::<punctuation::Config>,
    ),
];

/// Names of all registered kinds.
pub fn names() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|(n, _, _)| *n)
}

/// Each kind's name and the JSON Schema of its fields.
pub fn schemas(g: &mut schemars::SchemaGenerator) -> Vec<(&'static str, schemars::Schema)> {
    KINDS.iter().map(|(n, _, schema)| (*n, schema(g))).collect()
}

pub(crate) fn canonical_name(name: &str) -> &'static str {
    names().find(|n| *n == name).unwrap_or("unknown")
}

/// Compiles the kind-specific fields of a rule.
pub(crate) fn compile(
    kind: &str,
    kind_span: Range<usize>,
    fields: Spanned<DeValue<'_>>,
) -> Result<Box<dyn RuleKind>, SpecError> {
    let Some((_, compile, _)) = KINDS.iter().find(|(n, _, _)| *n == kind) else {
        let list = names().collect::<Vec<_>>().join("、");
        let near = crate::suggest::nearest(kind, names())
            .map(|n| format!("是不是 `{n}`？"))
            .unwrap_or_default();
        return Err(
            SpecError::new(format!("没有 `{kind}` 这种规则类型"), Some(kind_span))
                .with_help(format!("{near}可用的类型：{list}")),
        );
    };
    compile(ValueDeserializer::from(fields))
}

/// Deserializes a kind's config struct, turning serde errors into positioned pack errors.
pub(crate) fn config<T: DeserializeOwned>(fields: ValueDeserializer<'_>) -> Result<T, SpecError> {
    T::deserialize(fields).map_err(SpecError::from)
}

/// A regex syntax error in Chinese; the rarer kinds keep the parser's own words.
fn parse_error_zh(kind: &regex_syntax::ast::ErrorKind) -> String {
    use regex_syntax::ast::ErrorKind as K;
    match kind {
        K::GroupUnclosed => "括号“(”没有闭合".into(),
        K::GroupUnopened => "多了一个“)”".into(),
        K::ClassUnclosed => "方括号“[”没有闭合".into(),
        K::ClassRangeInvalid => "字符范围无效：起点必须不大于终点".into(),
        K::RepetitionMissing => "重复符号（* + ? {n}）前面没有内容".into(),
        K::RepetitionCountUnclosed => "计数重复“{…}”没有闭合".into(),
        K::RepetitionCountInvalid => "重复次数范围无效：起点必须不大于终点".into(),
        K::RepetitionCountDecimalEmpty | K::DecimalEmpty | K::DecimalInvalid => {
            "重复次数应是一个整数".into()
        }
        K::EscapeUnrecognized => "无法识别的转义序列".into(),
        K::EscapeUnexpectedEof => "反斜杠“\\”后面缺少内容".into(),
        K::GroupNameDuplicate { .. } => "命名组重名".into(),
        K::GroupNameEmpty => "命名组的名字为空".into(),
        K::GroupNameInvalid => "命名组的名字含有无效字符".into(),
        K::GroupNameUnexpectedEof => "命名组的名字没有闭合".into(),
        K::FlagUnrecognized => "无法识别的标志".into(),
        other => format!("{other}"),
    }
}

/// Compiles a pack regex, refusing what silently never works on Chinese text.
///
/// In the `regex` crate Han characters are word characters, so `\b成效\b` never matches inside
/// 取得了一定成效 (and `\b` costs the fast path); look-around is not supported at all.
pub(crate) fn compile_regex(src: &Spanned<String>) -> Result<LazyRegex, SpecError> {
    let pattern = src.get_ref();
    let at = Some(src.span());
    if let Some(bad) = forbidden_escape(pattern) {
        return Err(
            SpecError::new(format!("`\\{bad}` 在中文文本中不起作用"), at).with_help(match bad {
                'b' | 'B' => {
                    "汉字都算单词字符，汉字之间没有单词边界；请以标点定位，或写出前后相邻的字"
                }
                _ => "`\\w` 匹配所有汉字；请写明字符类，如 `[\\p{Han}]` 或 `[A-Za-z0-9]`",
            }),
        );
    }
    if pattern.contains("(?=")
        || pattern.contains("(?!")
        || pattern.contains("(?<=")
        || pattern.contains("(?<!")
    {
        return Err(SpecError::new("不支持前后断言（look-around）", at)
            .with_help("把上下文一起匹配，用名为 `hit` 的组标出要报告的部分：(?P<hit>…)"));
    }
    // The parser's error has the position in the pattern, which the regex crate's hides.
    let mut parser = regex_syntax::ParserBuilder::new().build();
    let hir = match parser.parse(pattern) {
        Ok(hir) => hir,
        Err(e) => {
            let (message, span) = match &e {
                regex_syntax::Error::Parse(p) => (parse_error_zh(p.kind()), *p.span()),
                regex_syntax::Error::Translate(t) => (t.kind().to_string(), *t.span()),
                _ => (
                    e.to_string(),
                    regex_syntax::ast::Span::splat(regex_syntax::ast::Position::new(0, 1, 1)),
                ),
            };
            // an empty span (an unclosed class) underlines the character it starts at
            let start = span.start.offset;
            let end = match span.end.offset {
                end if end > start => end,
                _ => start + pattern[start..].chars().next().map_or(0, char::len_utf8),
            };
            return Err(SpecError::new(format!("正则表达式有误：{message}"), at).within(start..end));
        }
    };
    // Most pack regexes are small and compile on first use; one whose repetitions could
    // expand past the engine's size limit is built now, so that the limit is a pack error
    // at its line and column, not a panic in the middle of a check.
    let lazy = LazyRegex::new(pattern, &hir);
    if expanded_size(&hir) > EAGER_BUILD_ABOVE {
        lazy.try_build().map_err(|e| {
            SpecError::new(format!("正则表达式展开后太大，无法建立：{e}"), at)
                .with_help("减小重复次数（{1000} 之类），或把规则拆成两条")
        })?;
    }
    Ok(lazy)
}

/// An estimate of how large a regex grows once its repetitions are expanded (character
/// classes count by their ranges); above this the regex is built when the pack loads.
const EAGER_BUILD_ABOVE: u64 = 20_000;

fn expanded_size(hir: &regex_syntax::hir::Hir) -> u64 {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(l) => l.0.len() as u64,
        HirKind::Class(Class::Unicode(c)) => c.ranges().len() as u64,
        HirKind::Class(Class::Bytes(c)) => c.ranges().len() as u64,
        HirKind::Capture(c) => expanded_size(&c.sub),
        HirKind::Repetition(r) => {
            let times = u64::from(r.max.unwrap_or(r.min).max(r.min)).max(1);
            expanded_size(&r.sub).saturating_mul(times)
        }
        HirKind::Concat(v) | HirKind::Alternation(v) => {
            v.iter().map(expanded_size).fold(0u64, u64::saturating_add)
        }
    }
}

/// The first `\b`, `\B`, `\w` or `\W` escape outside a character class, if any.
fn forbidden_escape(pattern: &str) -> Option<char> {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(e @ ('b' | 'B' | 'w' | 'W')) = chars.next() {
                return Some(e);
            }
        }
    }
    None
}

/// Literals of which every match of `pattern` starts (or ends) with one, if there are few
/// enough to be worth looking for; `None` when a match could start and end with anything.
/// Of the prefixes and the suffixes, the set whose shortest literal is longest is taken:
/// `[ \t]*当前位置` would give a space as a prefix, which is everywhere.
pub(crate) fn required_literals(pattern: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut best: Option<(usize, Vec<String>)> = None;
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let mut extractor = Extractor::new();
        extractor.kind(kind).limit_total(64);
        let seq = extractor.extract(&hir);
        let Some(literals) = seq.literals() else {
            continue;
        };
        let strings: Option<Vec<String>> = literals
            .iter()
            .map(|l| {
                std::str::from_utf8(l.as_bytes())
                    .ok()
                    .filter(|s| !s.is_empty())
                    .map(String::from)
            })
            .collect();
        let Some(strings) = strings.filter(|s| !s.is_empty() && s.len() <= 64) else {
            continue;
        };
        let shortest = strings.iter().map(String::len).min().unwrap_or(0);
        if best.as_ref().is_none_or(|(b, _)| shortest > *b) {
            best = Some((shortest, strings));
        }
    }
    best.map(|(_, s)| s)
}

/// Compiles a list of pack regexes.
pub(crate) fn compile_regexes(src: &[Spanned<String>]) -> Result<Vec<LazyRegex>, SpecError> {
    src.iter().map(compile_regex).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned(s: &str) -> Spanned<String> {
        Spanned::new(0..s.len(), s.to_string())
    }

    #[test]
    fn gate_literals_are_a_necessary_condition_or_nothing() {
        let lits = |p: &str| {
            required_literals(p).map(|mut v| {
                v.sort();
                v
            })
        };
        assert_eq!(
            lits("(?P<hit>某某)(?:区|县)"),
            Some(vec!["某某区".into(), "某某县".into()])
        );
        // spaces first would make a space a gate: the suffixes are used
        let l = lits(r"(?m)^[ \t\u3000]*(?P<hit>当前位置[:：])").unwrap();
        assert!(
            l.iter()
                .all(|s| s.ends_with("当前位置:") || s.ends_with("当前位置：")),
            "{l:?}"
        );
        assert!(l.contains(&"当前位置：".to_string()));
        // nothing certain at either end: no gate
        assert_eq!(lits(r"[\p{Han}]{2,}\d+"), None);
        assert_eq!(lits("a|"), None, "an empty alternative matches anywhere");
    }

    #[test]
    fn word_boundaries_and_lookaround_are_refused_with_a_hint() {
        let e = compile_regex(&spanned(r"\b成效\b")).unwrap_err();
        assert!(e.message.contains(r"\b"), "{}", e.message);
        assert!(e.help.unwrap().contains("没有单词边界"));
        assert!(compile_regex(&spanned(r"\w+年")).is_err());
        assert!(compile_regex(&spanned(r"成效(?!显著)")).is_err());
        // an escaped backslash followed by b is a literal, not a boundary
        assert!(compile_regex(&spanned(r"\\b")).is_ok());
        assert!(compile_regex(&spanned(r"(?P<hit>布署)")).is_ok());
    }

    #[test]
    fn invalid_regex_is_a_positioned_error() {
        let e = compile_regex(&Spanned::new(5..10, "(abc".to_string())).unwrap_err();
        assert_eq!(e.span, Some(5..10));
        assert_eq!(e.message, "正则表达式有误：括号“(”没有闭合");
    }
}
