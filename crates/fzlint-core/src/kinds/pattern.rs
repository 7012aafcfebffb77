//! `pattern`: a regular expression. Named captures can be used in the message as `{name}`;
//! a group named `hit` narrows the reported span to that group, which stands in for the
//! look-around the `regex` crate does not have.
//!
//! ```toml
//! kind = "pattern"
//! regex = '(?:^|[^A-Za-z])(?P<hit>[XＸ×]{2,})'
//! message = "模板占位符“{hit}”未替换"
//! replace = "{a}—{b}"      # optional: what the `hit` should read, `{suggest}` in messages
//! fix = true               # the replacement is a safe automatic fix
//! ```

use super::LazyRegex;
use super::{compile_regex, config, Context, Finding, Findings, RuleKind};
use crate::diagnostic::{Edit, Fix};
use crate::pack::SpecError;
use crate::span::Span;
use crate::template::Template;
use serde::Deserialize;
use toml::de::ValueDeserializer;
use toml::Spanned;

/// A regular expression. Placeholders: `{match}` (the reported text) and every named group.
///
/// A group named `hit` narrows the reported span, which stands in for the look-around the
/// regex engine does not have: `(?:^|[^\p{Han}])(?P<hit>某某)单位`. Use `(?m)` for `^` and `$`
/// at line starts and ends.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "pattern")]
pub(super) struct Config {
    /// The regex (Rust `regex` syntax; no look-around, no `\b`). A group named `hit` narrows
    /// the reported span; named groups fill `{name}` in the message.
    #[schemars(with = "String")]
    regex: Spanned<String>,
    /// What the reported text should read, with `{group}` placeholders (`"{a}—{b}"`); the
    /// message and help can show it as `{suggest}`.
    #[schemars(with = "Option<String>")]
    replace: Option<Spanned<String>>,
    /// The replacement is a safe automatic fix for `fzlint fix` (needs `replace`).
    #[serde(default)]
    fix: bool,
}

struct Pattern {
    regex: LazyRegex,
    names: Vec<String>,
    replace: Option<Template>,
    fix: bool,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    let regex = compile_regex(&c.regex)?;
    if regex.matches_empty() {
        return Err(SpecError::new(
            "这个正则表达式能匹配空文本，会在每个位置命中",
            Some(c.regex.span()),
        ));
    }
    let names = regex.names().to_vec();
    let mut known: Vec<&str> = vec!["match"];
    known.extend(names.iter().map(String::as_str));
    let replace = c
        .replace
        .as_ref()
        .map(|r| {
            Template::parse(r.get_ref(), &known).map_err(|e| SpecError::new(e, Some(r.span())))
        })
        .transpose()?;
    if c.fix && replace.is_none() {
        return Err(SpecError::new("`fix = true` 需要 `replace`", None)
            .with_help("加上 replace = \"…\"，写明命中的文字应改成什么"));
    }
    Ok(Box::new(Pattern {
        regex,
        names,
        replace,
        fix: c.fix,
    }))
}

impl RuleKind for Pattern {
    fn placeholders(&self) -> Vec<&str> {
        let mut v = vec!["match"];
        v.extend(self.names.iter().map(String::as_str));
        if self.replace.is_some() {
            v.push("suggest");
        }
        v
    }

    fn gate(&self) -> Option<Vec<String>> {
        super::required_literals(self.regex.as_str())
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let text = cx.doc.text();
        for caps in self.regex.captures_iter(text) {
            let whole = caps.get(0).expect("group 0");
            let hit = caps.name("hit").unwrap_or(whole);
            if hit.is_empty() {
                continue;
            }
            let mut f = Finding::at(Span::new(hit.start(), hit.end())).var("match", hit.as_str());
            for name in &self.names {
                if let Some(m) = caps.name(name) {
                    f = f.var(name.clone(), m.as_str());
                }
            }
            if let Some(t) = &self.replace {
                let vars: Vec<(&str, &str)> = f
                    .vars
                    .iter()
                    .map(|(k, v)| (k.as_ref(), v.as_str()))
                    .collect();
                let suggestion = t.render(&vars);
                if self.fix {
                    f.fix = Some(Fix {
                        edits: vec![Edit {
                            span: Span::new(hit.start(), hit.end()),
                            replacement: suggestion.clone(),
                        }],
                    });
                }
                f = f.var("suggest", suggestion);
            }
            out.push(f);
        }
    }
}
