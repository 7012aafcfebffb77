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

mod error;

pub use error::{PackError, SpecError};

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::kinds::{self, RuleKind};
use crate::source::SourceFile;
use crate::template::Template;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
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
}

/// Which documents a pack applies to. Without it a pack applies to all.
#[derive(Debug)]
pub struct PackScope {
    titles: Vec<Regex>,
    paths: GlobSet,
}

impl PackScope {
    /// True if one of the document's first lines matches a title pattern, or its path matches
    /// a glob.
    pub fn applies_to(&self, doc: &Document) -> bool {
        self.paths.is_match(doc.path())
            || doc
                .head_lines(TITLE_LINES)
                .any(|l| self.titles.iter().any(|re| re.is_match(doc.slice(l))))
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
    pub(crate) message_template: Template,
    pub(crate) help_template: Option<Template>,
    pub(crate) kind: Box<dyn RuleKind>,
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

/// Snippets a rule must flag (`bad`) and must not flag (`good`); run by tests.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub bad: Vec<String>,
    #[serde(default)]
    pub good: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: Spanned<String>,
    version: String,
    #[serde(default)]
    description: String,
    #[serde(default, rename = "applies-to")]
    applies_to: Option<RawAppliesTo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAppliesTo {
    #[serde(default)]
    title: Vec<Spanned<String>>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    kind: Spanned<String>,
    severity: Severity,
    message: Spanned<String>,
    help: Option<Spanned<String>>,
    source: Option<String>,
    #[serde(default)]
    examples: Examples,
}

/// Parses and compiles a pack from TOML text. `origin` names it in errors and listings.
pub fn load(origin: &str, text: &str) -> Result<Pack, PackError> {
    let source = SourceFile::new(origin, text);
    compile(origin, text).map_err(|e| PackError::new(&source, e))
}

fn compile(origin: &str, text: &str) -> Result<Pack, SpecError> {
    let root = DeTable::parse(text)?;
    let root_span = root.span();
    let mut root = root.into_inner();
    for (key, _) in root.iter() {
        if !matches!(key.get_ref().as_ref(), "pack" | "rule") {
            return Err(SpecError::new(
                format!("unknown top-level key `{}`", key.get_ref()),
                Some(key.span()),
            )
            .with_help("a pack has a [pack] table and [[rule]] tables"));
        }
    }
    let header = root.remove("pack").ok_or_else(|| {
        SpecError::new(
            "missing [pack] table",
            Some(root_span.start..root_span.start),
        )
        .with_help("start the file with [pack] and name = \"…\", version = \"…\"")
    })?;
    let header = RawHeader::deserialize(ValueDeserializer::from(header))?;
    let name = header.name.get_ref().clone();
    if !valid_name(&name) {
        return Err(SpecError::new(
            format!("pack name `{name}` must be lowercase letters, digits and `-`"),
            Some(header.name.span()),
        ));
    }
    let scope = header.applies_to.map(compile_scope).transpose()?;

    let rules = match root.remove("rule") {
        None => Vec::new(),
        Some(v) => {
            let span = v.span();
            match v.into_inner() {
                DeValue::Array(items) => items
                    .into_iter()
                    .map(|item| compile_rule(&name, origin, text, item))
                    .collect::<Result<Vec<_>, _>>()?,
                _ => {
                    return Err(SpecError::new(
                        "`rule` must be an array of tables: write [[rule]]",
                        Some(span),
                    ))
                }
            }
        }
    };
    let mut seen = std::collections::HashSet::new();
    for r in &rules {
        if !seen.insert(r.id.clone()) {
            return Err(SpecError::new(
                format!("duplicate rule id `{}`", r.id),
                None,
            ));
        }
    }
    Ok(Pack {
        name,
        version: header.version,
        description: header.description,
        origin: origin.to_string(),
        scope,
        rules,
    })
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
                .map_err(|e| SpecError::new(format!("bad glob: {e}"), Some(g.span())))?,
        );
    }
    let paths = paths
        .build()
        .map_err(|e| SpecError::new(format!("bad glob set: {e}"), None))?;
    Ok(PackScope { titles, paths })
}

fn compile_rule(
    pack: &str,
    origin: &str,
    text: &str,
    item: Spanned<DeValue<'_>>,
) -> Result<Rule, SpecError> {
    let span = item.span();
    let whole = Some(span.clone());
    let DeValue::Table(table) = item.into_inner() else {
        return Err(SpecError::new("a rule must be a table", whole));
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
    let raw = RawRule::deserialize(ValueDeserializer::from(Spanned::new(
        span.clone(),
        DeValue::Table(common),
    )))?;

    let id = raw.id.get_ref();
    match id.split_once('/') {
        Some((p, rest)) if p == pack && valid_name(rest) => {}
        _ => {
            return Err(SpecError::new(
                format!("rule id `{id}` must be `{pack}/name` (lowercase letters, digits, `-`)"),
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
    let (line, column) = SourceFile::new(origin, text).line_column(span.start);
    Ok(Rule {
        id: Arc::from(id.as_str()),
        pack: Arc::from(pack),
        kind_name: kinds::canonical_name(raw.kind.get_ref()),
        severity: raw.severity,
        message: raw.message.into_inner(),
        help: raw.help.map(Spanned::into_inner),
        source: raw.source.map(Arc::from),
        examples: raw.examples,
        location: (origin.to_string(), line, column),
        message_template,
        help_template,
        kind,
    })
}
