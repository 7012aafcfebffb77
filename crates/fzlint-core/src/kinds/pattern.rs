//! `pattern`: a regular expression. Named captures can be used in the message as `{name}`;
//! a group named `hit` narrows the reported span to that group, which stands in for the
//! look-around the `regex` crate does not have.
//!
//! ```toml
//! kind = "pattern"
//! regex = '(?:^|[^A-Za-z])(?P<hit>[XＸ×]{2,})'
//! message = "模板占位符“{hit}”未替换"
//! ```

use super::LazyRegex;
use super::{compile_regex, config, Context, Finding, RuleKind};
use crate::pack::SpecError;
use crate::span::Span;
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
}

struct Pattern {
    regex: LazyRegex,
    names: Vec<String>,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    let regex = compile_regex(&c.regex)?;
    if regex.matches_empty() {
        return Err(SpecError::new(
            "this regex matches empty text, so it would match everywhere",
            Some(c.regex.span()),
        ));
    }
    let names = regex.names().to_vec();
    Ok(Box::new(Pattern { regex, names }))
}

impl RuleKind for Pattern {
    fn placeholders(&self) -> Vec<&str> {
        let mut v = vec!["match"];
        v.extend(self.names.iter().map(String::as_str));
        v
    }

    fn gate(&self) -> Option<Vec<String>> {
        super::required_literals(self.regex.as_str())
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
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
            out.push(f);
        }
    }
}
