//! Rule packs: TOML files of rules. Parsing keeps every value's position, so that any mistake —
//! an unknown kind, a bad regex, a missing field, an unknown placeholder — is reported at the
//! pack's line and column.
//!
//! ```toml
//! [pack]
//! name = "typo"
//! version = "1.0.0"
//! description = "公文常见错别字"
//!
//! [[rule]]
//! id = "typo/misspelling"
//! kind = "phrase"
//! severity = "error"
//! message = "错别字“{match}”"
//! help = "改为“{suggest}”"
//! source = "《通用规范汉字表》"
//! suggest = { "布署" = "部署" }
//! examples = { bad = ["同布署"], good = ["同部署"] }
//! ```

mod data;
mod error;
mod files;

pub use files::load_path;

pub use error::{PackError, SpecError};

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::kinds::{self, RuleKind};
use crate::source::SourceFile;
use crate::template::Template;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

/// Keys of a rule table that every kind shares; all other keys belong to the kind.
const COMMON_KEYS: &[&str] = &[
    "id", "kind", "severity", "message", "help", "source", "examples",
];

/// How many head lines are searched for a title that puts a document in a pack's scope.
const TITLE_LINES: usize = 5;

/// A compiled pack.
#[derive(Debug)]
pub struct Pack {
    pub name: String,
    pub version: String,
    pub description: String,
    /// Where the pack came from: a file path or `builtin:NAME`.
    pub origin: String,
    pub scope: Option<PackScope>,
    pub rules: Vec<Rule>,
    /// Packs this one extends (directly or not): it takes their place in a run.
    pub replaces: Vec<String>,
}

/// The longest line taken for a title: the longest real titles (a county's name, the year
/// and 法治政府建设情况的报告, a 关于 and an addressee) stay well under it.
const MAX_TITLE_CHARS: usize = 80;

/// Which documents a pack applies to. Without it a pack applies to all.
#[derive(Debug, Clone)]
pub struct PackScope {
    titles: Vec<kinds::LazyRegex>,
    paths: GlobSet,
}

impl PackScope {
    /// True if one of the document's first lines is a title that matches a title pattern, or
    /// its path matches a glob. A sentence that names the report (“……每年必须公开的《法治
    /// 政府建设情况报告》。”) is not a title: it ends with 。 or runs longer than a title does.
    pub fn applies_to(&self, doc: &Document) -> bool {
        let title_like = |l: &str| {
            let l = l.trim();
            !l.ends_with(['。', '；', '：']) && l.chars().count() <= MAX_TITLE_CHARS
        };
        self.paths.is_match(doc.path())
            || doc.head_lines(TITLE_LINES).any(|l| {
                let line = doc.slice(l);
                title_like(line) && self.titles.iter().any(|re| re.is_match(line))
            })
    }
}

/// One compiled rule: what every rule has, plus its kind's compiled matcher.
pub struct Rule {
    pub id: Arc<str>,
    pub pack: Arc<str>,
    pub kind_name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub source: Option<Arc<str>>,
    pub examples: Examples,
    /// Where the rule is declared (pack path, 1-based line and column).
    pub location: (String, usize, usize),
    /// The pack file the rule is written in, and the rule's table in it.
    pub pack_file: SourceFile,
    pub span: Range<usize>,
    pub(crate) message_template: Template,
    pub(crate) help_template: Option<Template>,
    pub(crate) kind: Box<dyn RuleKind>,
}

impl Rule {
    /// The message with its placeholders shown as “…”, for where no finding fills them.
    pub fn generic_message(&self) -> String {
        self.message_template.generic()
    }

    /// The help line with its placeholders shown as “…”.
    pub fn generic_help(&self) -> Option<String> {
        self.help_template.as_ref().map(Template::generic)
    }

    /// The phrases this rule has the engine's automaton look for (phrase rules: their phrases,
    /// suggestions and exceptions).
    pub fn phrases(&self) -> Vec<&str> {
        self.kind.phrases()
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("kind", &self.kind_name)
            .field("severity", &self.severity)
            .finish_non_exhaustive()
    }
}

/// Snippets a rule must flag (`bad`) and must not flag (`good`); run by `fzlint test-rules`.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub bad: Vec<Example>,
    pub good: Vec<Example>,
}

/// One example. In a bad example the text the rule must report can be marked 【【like this】】;
/// the rule must then report exactly the marked spans. Marked text may itself start with 【 or
/// end with 】: the opening marker is the first two of a run of 【, the closing one the last
/// two of a run of 】.
#[derive(Debug, Clone)]
pub struct Example {
    /// As written in the pack, markers included.
    pub written: String,
    /// What the rule is run on: markers removed.
    pub text: String,
    /// Byte ranges in `text` the rule must report; empty: at least one finding, anywhere.
    pub marked: Vec<Range<usize>>,
    /// Byte range of the example's string in the pack file.
    pub span: Range<usize>,
}

/// The marker pair around an expected span in a bad example.
pub const MARK_OPEN: &str = "【【";
pub const MARK_CLOSE: &str = "】】";

impl Example {
    fn parse(written: &Spanned<String>, bad: bool) -> Result<Example, SpecError> {
        let at = || Some(written.span());
        let src = written.get_ref();
        let mut text = String::with_capacity(src.len());
        let mut marked = Vec::new();
        let mut rest = src.as_str();
        while let Some(open) = rest.find(MARK_OPEN) {
            if !bad {
                return Err(SpecError::new("正确示例不能标记片段", at())
                    .with_help("【【…】】标出错误示例必须报告的文字；请在这里去掉"));
            }
            text.push_str(&rest[..open]);
            rest = &rest[open + MARK_OPEN.len()..];
            let mut close = rest
                .find(MARK_CLOSE)
                .ok_or_else(|| SpecError::new("【【 没有对应的 】】", at()))?;
            // In a run of 】 the marker is the last two, so that 【【【待补充】】】 marks “【待补充】”.
            while rest[close + MARK_CLOSE.len()..].starts_with('】') {
                close += '】'.len_utf8();
            }
            if rest[..close].contains(MARK_OPEN) {
                return Err(SpecError::new("标记的片段不能嵌套", at()));
            }
            let start = text.len();
            text.push_str(&rest[..close]);
            marked.push(start..text.len());
            rest = &rest[close + MARK_CLOSE.len()..];
        }
        if rest.contains(MARK_CLOSE) {
            return Err(SpecError::new("】】 前面没有 【【", at()));
        }
        text.push_str(rest);
        Ok(Example {
            written: src.clone(),
            text,
            marked,
            span: written.span(),
        })
    }
}

#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "examples")]
pub(crate) struct RawExamples {
    /// Texts the rule must flag; mark the exact spans it must report as 【【…】】.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    bad: Vec<Spanned<String>>,
    /// Texts the rule must not flag.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    good: Vec<Spanned<String>>,
}

impl RawExamples {
    fn compile(&self) -> Result<Examples, SpecError> {
        let list = |v: &[Spanned<String>], bad| {
            v.iter()
                .map(|e| Example::parse(e, bad))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Examples {
            bad: list(&self.bad, true)?,
            good: list(&self.good, false)?,
        })
    }
}

/// The `[pack]` table: the pack's name and version, where it applies, what it extends.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "pack-header")]
pub(crate) struct RawHeader {
    /// Lowercase letters, digits and `-`; every rule id starts with it: `NAME/rule`.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    name: Spanned<String>,
    /// The pack's version, e.g. "1.0.0".
    version: String,
    /// What the pack checks, in a sentence.
    #[serde(default)]
    description: String,
    /// Which documents the pack applies to (default: all).
    #[serde(default, rename = "applies-to")]
    applies_to: Option<RawAppliesTo>,
    /// A built-in pack name, or a pack file or folder relative to this file. Its rules run
    /// as part of this pack, which takes its place in a run.
    #[schemars(with = "Option<String>")]
    extends: Option<Spanned<String>>,
    /// Rules of the extended pack to leave out.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    disable: Vec<Spanned<String>>,
    /// New severities for rules of the extended pack: `{ "annual-report/has-plan" = "error" }`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Severity>")]
    severity: BTreeMap<Spanned<String>, Severity>,
}

/// A pack applies to a document if a title regex matches one of its first five lines or a
/// path glob matches its path.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "applies-to")]
pub(crate) struct RawAppliesTo {
    /// Regexes for the document's title.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    title: Vec<Spanned<String>>,
    /// Globs for the document's path.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    paths: Vec<Spanned<String>>,
}

/// What every rule has, whatever its kind.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "rule-common")]
pub(crate) struct RawRule {
    /// `PACK/name`: the pack's name, a slash, lowercase letters, digits and `-`.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+/[a-z0-9-]+$"))]
    id: Spanned<String>,
    /// The rule kind (see docs/kinds.md); the other fields of the rule belong to it.
    #[schemars(with = "String")]
    kind: Spanned<String>,
    /// How serious a finding is; lint.toml can change it.
    severity: Severity,
    /// The finding's message, in Chinese; `{placeholders}` of the kind are filled in.
    #[schemars(with = "String")]
    message: Spanned<String>,
    /// How to fix it, in a line; may use the same placeholders.
    #[schemars(with = "Option<String>")]
    help: Option<Spanned<String>>,
    /// The regulation or standard behind the rule.
    source: Option<String>,
    /// Texts the rule must flag and must not flag; run by `fzlint test-rules`.
    #[serde(default)]
    examples: RawExamples,
}

/// Parses and compiles a pack from TOML text. `origin` names it in errors and listings. A pack
/// that `extends` another cannot be loaded this way: use [`load_with`] or [`load_path`].
pub fn load(origin: &str, text: &str) -> Result<Pack, PackError> {
    load_with(origin, text, &mut |_| Ok(None))
}

/// Finds the pack an `extends = "…"` names: `Ok(None)` when there is none by that name.
pub type Resolver<'a> = dyn FnMut(&str) -> Result<Option<Pack>, PackError> + 'a;

/// Like [`load`], with `resolve` to load the pack this one extends.
pub fn load_with(origin: &str, text: &str, resolve: &mut Resolver<'_>) -> Result<Pack, PackError> {
    load_source(SourceFile::new(origin, text), resolve)
}

/// Like [`load_with`], for a pack file whose data files are found relative to its folder.
pub(crate) fn load_source(
    source: SourceFile,
    resolve: &mut Resolver<'_>,
) -> Result<Pack, PackError> {
    let at = |e: SpecError| PackError::new(&source, e);
    let parsed = parse(&source).map_err(at)?;
    let Some(extends) = &parsed.extends else {
        return Ok(parsed.pack);
    };
    let base = resolve(extends.get_ref())?.ok_or_else(|| {
        let builtins: Vec<&str> = crate::builtin::PACKS.iter().map(|(n, _)| *n).collect();
        at(SpecError::new(
            format!("no pack `{}` to extend", extends.get_ref()),
            Some(extends.span()),
        )
        .with_help(format!(
            "写内置规则包的名字（{}），或相对于本文件的规则包文件、文件夹",
            builtins.join(", ")
        )))
    })?;
    merge(parsed, base).map_err(at)
}

/// Compiles the `[[rule]]` tables of a file in a pack folder (a file without `[pack]`).
pub(crate) fn load_rules(
    pack: &str,
    source: SourceFile,
) -> Result<Vec<(Rule, Range<usize>)>, PackError> {
    let text = source.text();
    let rules = || -> Result<_, SpecError> {
        let mut root = parse_root(text)?.into_inner();
        if let Some((key, _)) = root.get_key_value("pack") {
            return Err(SpecError::new(
                "规则包文件夹中只能有一个文件带 [pack] 表",
                Some(key.span()),
            )
            .with_help("去掉本文件的 [pack]，只保留规则"));
        }
        compile_rules(pack, &source, root.remove("rule"))
    };
    rules().map_err(|e| PackError::new(&source, e))
}

/// A pack as written in one file, before `extends` is applied.
struct Parsed {
    pack: Pack,
    extends: Option<Spanned<String>>,
    disable: Vec<Spanned<String>>,
    severity: BTreeMap<Spanned<String>, Severity>,
}

fn parse_root(text: &str) -> Result<Spanned<DeTable<'_>>, SpecError> {
    let root = DeTable::parse(text)?;
    for (key, _) in root.get_ref().iter() {
        if !matches!(key.get_ref().as_ref(), "pack" | "rule") {
            return Err(SpecError::new(
                format!("未知的顶层键 `{}`", key.get_ref()),
                Some(key.span()),
            )
            .with_help("规则包由一个 [pack] 表和若干 [[rule]] 表组成"));
        }
    }
    Ok(root)
}

fn parse(pack_file: &SourceFile) -> Result<Parsed, SpecError> {
    let origin = pack_file.name();
    let root = parse_root(pack_file.text())?;
    let root_span = root.span();
    let mut root = root.into_inner();
    let header = root.remove("pack").ok_or_else(|| {
        SpecError::new("缺少 [pack] 表", Some(root_span.start..root_span.start))
            .with_help("文件开头写 [pack]，以及 name = \"…\"、version = \"…\"")
    })?;
    let header = RawHeader::deserialize(ValueDeserializer::from(header))?;
    let name = header.name.get_ref().clone();
    if !valid_name(&name) {
        return Err(SpecError::new(
            format!("规则包名 `{name}` 只能由小写字母、数字和 `-` 组成"),
            Some(header.name.span()),
        ));
    }
    if header.extends.is_none() {
        if let Some(key) = header.disable.first().or(header.severity.keys().next()) {
            return Err(SpecError::new(
                "[pack] 中的 `disable` 和 `severity` 用来修改所扩展（extends）的规则包的规则",
                Some(key.span()),
            )
            .with_help("加上 extends = \"…\"，或直接修改本包自己的规则"));
        }
    }
    let scope = header.applies_to.map(compile_scope).transpose()?;
    let rules = compile_rules(&name, pack_file, root.remove("rule"))?;
    let rules = unique_ids(rules)?;
    Ok(Parsed {
        pack: Pack {
            name,
            version: header.version,
            description: header.description,
            origin: origin.to_string(),
            scope,
            rules,
            replaces: Vec::new(),
        },
        extends: header.extends,
        disable: header.disable,
        severity: header.severity,
    })
}

fn compile_rules(
    pack: &str,
    pack_file: &SourceFile,
    tables: Option<Spanned<DeValue<'_>>>,
) -> Result<Vec<(Rule, Range<usize>)>, SpecError> {
    let Some(v) = tables else {
        return Ok(Vec::new());
    };
    let span = v.span();
    match v.into_inner() {
        // Rules compile independently, and regex and CEL compilation is most of a run's
        // start-up: compile them in parallel (the order of the result is kept).
        DeValue::Array(items) => {
            use rayon::prelude::*;
            let items: Vec<_> = items.into_iter().collect();
            items
                .into_par_iter()
                .map(|item| compile_rule(pack, pack_file, item))
                .collect()
        }
        _ => Err(SpecError::new(
            "`rule` 必须是表数组：写成 [[rule]]",
            Some(span),
        )),
    }
}

/// Drops the id spans after checking that no id is used twice.
pub(crate) fn unique_ids(rules: Vec<(Rule, Range<usize>)>) -> Result<Vec<Rule>, SpecError> {
    let mut seen = std::collections::HashMap::new();
    for (r, id_span) in &rules {
        let here = (r.location.0.clone(), r.location.1);
        if let Some((file, line)) = seen.insert(r.id.clone(), here) {
            let at = if file == r.location.0 {
                format!("第 {line} 行")
            } else {
                format!("{file}:{line}")
            };
            return Err(
                SpecError::new(format!("规则编号 `{}` 重复", r.id), Some(id_span.clone()))
                    .with_help(format!("第一条使用此编号的规则在{at}；请改掉其中一个")),
            );
        }
    }
    Ok(rules.into_iter().map(|(r, _)| r).collect())
}

/// Applies `extends`: the base's rules run as part of this pack, with its `disable` and
/// `severity` applied; this pack takes the base's place in a run.
fn merge(parsed: Parsed, base: Pack) -> Result<Pack, SpecError> {
    let Parsed {
        mut pack,
        extends,
        disable,
        severity,
    } = parsed;
    if base.name == pack.name {
        return Err(SpecError::new(
            format!("规则包 `{}` 不能扩展同名的规则包", pack.name),
            extends.map(|e| e.span()),
        ));
    }
    let unknown = |id: &Spanned<String>| {
        let ids: Vec<&str> = base.rules.iter().map(|r| &*r.id).collect();
        let mut e = SpecError::new(
            format!("规则包 `{}` 没有规则 `{}`", base.name, id.get_ref()),
            Some(id.span()),
        );
        if let Some(near) = crate::suggest::nearest(id.get_ref(), ids.iter().copied()) {
            e = e.with_help(format!("是不是 `{near}`？"));
        }
        e
    };
    for id in disable.iter().chain(severity.keys()) {
        if !base.rules.iter().any(|r| *r.id == **id.get_ref()) {
            return Err(unknown(id));
        }
    }
    let own_name: Arc<str> = Arc::from(pack.name.as_str());
    let mut rules: Vec<Rule> = Vec::with_capacity(base.rules.len() + pack.rules.len());
    for mut rule in base.rules {
        if disable.iter().any(|d| *d.get_ref() == *rule.id) {
            continue;
        }
        if let Some((_, s)) = severity.iter().find(|(k, _)| *k.get_ref() == *rule.id) {
            rule.severity = *s;
        }
        rule.pack = own_name.clone();
        rules.push(rule);
    }
    rules.append(&mut pack.rules);
    pack.rules = rules;
    pack.scope = pack.scope.or(base.scope);
    pack.replaces = std::iter::once(base.name).chain(base.replaces).collect();
    Ok(pack)
}

/// The text of the `[[rule]]` table starting at `start`: up to the next table that is not one
/// of its sub-tables (`[rule.suggest]`), without the blank and comment lines before it. (The
/// TOML parser's span of an array-of-tables item covers only its header.)
fn table_extent(text: &str, start: usize) -> Range<usize> {
    let mut end = text.len();
    let mut last_content = start;
    let mut offset = start;
    for (i, line) in text[start..].split_inclusive('\n').enumerate() {
        let t = line.trim();
        if i > 0
            && t.starts_with('[')
            && !t.trim_start_matches('[').trim_start().starts_with("rule.")
        {
            end = offset;
            break;
        }
        offset += line.len();
        if !t.is_empty() && !t.starts_with('#') {
            last_content = offset;
        }
    }
    start..last_content.min(end).max(start)
}

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn compile_scope(raw: RawAppliesTo) -> Result<PackScope, SpecError> {
    let titles = raw
        .title
        .iter()
        .map(kinds::compile_regex)
        .collect::<Result<_, _>>()?;
    let mut paths = GlobSetBuilder::new();
    for g in &raw.paths {
        paths.add(
            Glob::new(g.get_ref())
                .map_err(|e| SpecError::new(format!("通配模式有误：{e}"), Some(g.span())))?,
        );
    }
    let paths = paths
        .build()
        .map_err(|e| SpecError::new(format!("通配模式有误：{e}"), None))?;
    Ok(PackScope { titles, paths })
}

fn compile_rule(
    pack: &str,
    pack_file: &SourceFile,
    item: Spanned<DeValue<'_>>,
) -> Result<(Rule, Range<usize>), SpecError> {
    let origin = pack_file.name();
    let span = item.span();
    let whole = Some(span.clone());
    let DeValue::Table(table) = item.into_inner() else {
        return Err(SpecError::new("每条规则必须是一个表", whole));
    };
    // Split the table: common keys go to the rule header, the rest to the kind.
    let (mut common, mut specific) = (DeTable::new(), DeTable::new());
    for (k, v) in table {
        if COMMON_KEYS.contains(&k.get_ref().as_ref()) {
            common.insert(k, v);
        } else {
            specific.insert(k, v);
        }
    }
    data::expand_dictionary(pack_file, &mut specific)?;
    data::expand_names(pack_file, &mut specific)?;
    let raw = RawRule::deserialize(ValueDeserializer::from(Spanned::new(
        span.clone(),
        DeValue::Table(common),
    )))?;

    let id = raw.id.get_ref();
    match id.split_once('/') {
        Some((p, rest)) if p == pack && valid_name(rest) => {}
        _ => {
            return Err(SpecError::new(
                format!("规则编号 `{id}` 应写成 `{pack}/名称`（小写字母、数字、`-`）"),
                Some(raw.id.span()),
            ))
        }
    }
    let kind = kinds::compile(
        raw.kind.get_ref(),
        raw.kind.span(),
        Spanned::new(span.clone(), DeValue::Table(specific)),
    )?;
    let known = kind.placeholders();
    let template = |s: &Spanned<String>| {
        Template::parse(s.get_ref(), &known).map_err(|e| SpecError::new(e, Some(s.span())))
    };
    let message_template = template(&raw.message)?;
    let help_template = raw.help.as_ref().map(template).transpose()?;
    let (line, column) = pack_file.line_column(span.start);
    let id_span = raw.id.span();
    let span = table_extent(pack_file.text(), span.start);
    Ok((
        Rule {
            id: Arc::from(id.as_str()),
            pack: Arc::from(pack),
            kind_name: kinds::canonical_name(raw.kind.get_ref()),
            severity: raw.severity,
            message: raw.message.into_inner(),
            help: raw.help.map(Spanned::into_inner),
            source: raw.source.map(Arc::from),
            examples: raw.examples.compile()?,
            location: (origin.to_string(), line, column),
            pack_file: pack_file.clone(),
            span,
            message_template,
            help_template,
            kind,
        },
        id_span,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(s: &str, bad: bool) -> Result<Example, SpecError> {
        Example::parse(&Spanned::new(0..s.len(), s.to_string()), bad)
    }

    #[test]
    fn markers_give_byte_ranges_in_the_unmarked_text() {
        let e = example("同【【布署】】、同【【部暑】】", true).unwrap();
        assert_eq!(e.text, "同布署、同部暑");
        let marked: Vec<&str> = e.marked.iter().map(|r| &e.text[r.clone()]).collect();
        assert_eq!(marked, ["布署", "部暑"]);
        let e = example("案件【【【待补充】】】件", true).unwrap();
        assert_eq!(&e.text[e.marked[0].clone()], "【待补充】");
        assert!(example("无标记", true).unwrap().marked.is_empty());
    }

    #[test]
    fn broken_markers_are_errors() {
        for (s, msg) in [
            ("【【布署", "没有对应的"),
            ("布署】】", "前面没有"),
            ("【【同【【布署】】】】", "不能嵌套"),
        ] {
            let e = example(s, true).unwrap_err();
            assert!(e.message.contains(msg), "{s}: {}", e.message);
        }
        assert!(
            example("【【布署】】", false).is_err(),
            "good examples mark nothing"
        );
    }

    #[test]
    fn table_extent_covers_sub_tables_but_not_the_next_rule() {
        let text = "[[rule]]\nid = \"a/b\"\n[rule.suggest]\n\"x\" = \"y\"\n\n# next\n[[rule]]\nid = \"a/c\"\n";
        let r = table_extent(text, 0);
        assert_eq!(
            &text[r],
            "[[rule]]\nid = \"a/b\"\n[rule.suggest]\n\"x\" = \"y\"\n"
        );
    }
}
